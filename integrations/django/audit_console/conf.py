"""The ``AUDIT_CONSOLE`` settings dict: its keys, defaults and validation.

Two kinds of key live in the one dict:

* UPPERCASE keys configure this package (who may see the console, which admin site, the API's
  page sizes, where the console's build is);
* lowercase keys are config.json keys (README "Configuration"), passed to the console as they are
  after validation, over the generated ones.

``validate()`` returns every problem as ``(message, hint, id)``; the system checks (checks.py)
report them at start-up, and the views refuse to run with them (``ImproperlyConfigured``) rather
than serve a config.json the console would reject.
"""

import math
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.module_loading import import_string

PACKAGE_DEFAULTS = {
    # A callable taking the request and returning whether its user may use the console and its
    # API, or the dotted path of one. See audit_console.permissions.
    "PERMISSION": "audit_console.permissions.is_staff",
    # The AdminSite whose login/logout the console uses and whose registered models get links.
    "ADMIN_SITE": "django.contrib.admin.site",
    # Dotted paths of DRF authentication classes for the API; None: Token (when
    # rest_framework.authtoken is installed) then Session.
    "AUTHENTICATION_CLASSES": None,
    # The API's page size without `limit`, and the cap on `limit`.
    "API_PAGE_SIZE": 100,
    "API_MAX_PAGE_SIZE": 500,
    # A release build made with public URL /__audit_console__/; None: the env var
    # AUDIT_CONSOLE_BUILD_DIR, then the build inside the installed package.
    "BUILD_DIR": None,
    # The "Audit Console" box on the admin index (needs audit_console before
    # django.contrib.admin in INSTALLED_APPS).
    "ADMIN_INDEX_LINK": True,
    # django-audit-events' PostgreSQL-only migration 0006 made to run on any database
    # (audit_console.compat).
    "PORTABLE_AUDIT_EVENTS_MIGRATIONS": True,
    # The database alias every read of the console's API uses (a read replica, say); None: the
    # host's router decides, as for any query. Tokens are looked up there too.
    "DATABASE": None,
    # The time budget of one API query, in seconds (PostgreSQL's statement_timeout; SQLite is
    # interrupted as well); past it the API answers 400 telling to narrow the view. None: none.
    "STATEMENT_TIMEOUT": 30,
    # `count=estimate`: counted exactly up to this many events, the planner's estimate above.
    "COUNT_EXACT_UPTO": 10000,
    # Sorts no index serves (content_type, object_id, url) are refused above this many events.
    "UNINDEXED_SORT_MAX_EVENTS": 100000,
    # The most buckets a histogram request may ask for, and the most values of one facet page.
    "HISTOGRAM_MAX_BUCKETS": 1000,
    "FACET_MAX_VALUES": 1000,
    # Rows read per query of a streamed export.
    "EXPORT_BATCH_SIZE": 1000,
}

PAGE_SIZES = (25, 50, 100, 250, 500)
TIME_RANGES = ("15m", "1h", "24h", "7d", "30d", "all")

# config.json keys a host may set, each with its checker (value -> error message or None).


def _int_in(lo, hi):
    def check(v):
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            return f"must be an integer from {lo} to {hi}, not {v!r}"
        return None

    return check


def _one_of(options):
    def check(v):
        if v not in options:
            return f"must be one of {', '.join(repr(o) for o in options)}, not {v!r}"
        return None

    return check


def _positive_at_most(hi):
    def check(v):
        if (
            isinstance(v, bool)
            or not isinstance(v, (int, float))
            or not math.isfinite(v)
            or not 0 < v <= hi
        ):
            return f"must be a number above 0 and at most {hi:g}, not {v!r}"
        return None

    return check


def is_http_url(value):
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _api_base_url(v):
    if not isinstance(v, str) or not v.strip():
        return f"must be a non-empty string, not {v!r}"
    v = v.strip()
    if v.startswith("/") and not v.startswith("//"):
        return None
    if is_http_url(v):
        return None
    return f"must be an absolute http(s) URL or a path starting with '/', not {v!r}"


def _by_content_type(value_check):
    def check(v):
        if not isinstance(v, dict):
            return f"must be a dict of content-type id -> string, not {v!r}"
        for key, value in v.items():
            if isinstance(key, bool) or not (
                isinstance(key, int) or (isinstance(key, str) and key.strip().isdigit())
            ):
                return f"key {key!r} is not a content-type id (an integer)"
            if not isinstance(value, str):
                return f"[{key!r}] must be a string, not {value!r}"
            problem = value_check(value)
            if problem:
                return f"[{key!r}] {problem}"
        return None

    return check


def _label(value):
    return None if value.strip() else "must not be empty"


def _link_template(value):
    if is_http_url(value) and "{object_id}" in value:
        return None
    return f"{value!r} must be an absolute http(s) URL containing {{object_id}}"


def _string(v):
    if not isinstance(v, str) or not v.strip():
        return f"must be a non-empty string, not {v!r}"
    return None


CONFIG_KEYS = {
    "api_base_url": _api_base_url,
    "auth": _one_of(("session", "token")),
    "content_types": _by_content_type(_label),
    "object_links": _by_content_type(_link_template),
    "page_size": _one_of(PAGE_SIZES),
    "default_time_range": _one_of(TIME_RANGES),
    "live_tail_seconds": _int_in(1, 300),
    "timeline": _one_of(("auto", "off")),
    "timeline_max_buckets": _int_in(10, 200),
    "timeline_cache_hours": _int_in(0, 720),
    "session_idle_minutes": _positive_at_most(24 * 60),
    "session_max_hours": _positive_at_most(24 * 90),
    "login_url": _string,
    "logout_url": _string,
    "csrf_cookie_name": _string,
}


def raw_settings():
    return getattr(settings, "AUDIT_CONSOLE", None) or {}


def get(key):
    """A package option (UPPERCASE key), or its default."""
    raw = raw_settings()
    if isinstance(raw, dict) and key in raw:
        return raw[key]
    return PACKAGE_DEFAULTS[key]


def config_overrides():
    """The config.json keys the host set (lowercase keys of AUDIT_CONSOLE)."""
    raw = raw_settings()
    if not isinstance(raw, dict):
        return {}
    return {k: v for k, v in raw.items() if k in CONFIG_KEYS}


def load_object(value, what):
    """A setting that is an object or the dotted path of one."""
    if isinstance(value, str):
        return import_string(value)
    return value


def permission_callable():
    return load_object(get("PERMISSION"), "PERMISSION")


def admin_site():
    return load_object(get("ADMIN_SITE"), "ADMIN_SITE")


def build_dir_candidates():
    """Where to look for the console's build, in order, with where each came from."""
    explicit = get("BUILD_DIR")
    if explicit:
        return [(Path(explicit), "AUDIT_CONSOLE['BUILD_DIR']")]
    env = os.environ.get("AUDIT_CONSOLE_BUILD_DIR")
    if env:
        return [(Path(env), "the AUDIT_CONSOLE_BUILD_DIR environment variable")]
    return [(Path(__file__).resolve().parent / "static_build", "the installed package")]


def ensure_valid():
    """Raise ImproperlyConfigured naming every problem: a request never runs on bad settings
    (the system checks report the same problems at start-up)."""
    problems = validate()
    if problems:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "Audit Console settings: " + " ".join(p[0] for p in problems)
        )


def validate():
    """Every problem with AUDIT_CONSOLE as (message, hint, id); empty when all is well."""
    raw = getattr(settings, "AUDIT_CONSOLE", None)
    if raw is None:
        return []
    if not isinstance(raw, dict):
        return [("AUDIT_CONSOLE must be a dict.", f"It is {type(raw).__name__}.", "E001")]
    errors = []
    for key, value in raw.items():
        if key in PACKAGE_DEFAULTS:
            continue
        check = CONFIG_KEYS.get(key)
        if check is None:
            known = sorted(PACKAGE_DEFAULTS) + sorted(CONFIG_KEYS)
            errors.append(
                (
                    f"AUDIT_CONSOLE has an unknown key {key!r}.",
                    "Known keys: " + ", ".join(known) + ".",
                    "E002",
                )
            )
            continue
        problem = check(value)
        if problem:
            errors.append(
                (
                    f"AUDIT_CONSOLE[{key!r}] {problem}.",
                    "See the config.json table in the Audit Console README.",
                    "E003",
                )
            )
    # PERMISSION
    try:
        perm = permission_callable()
    except ImportError as e:
        errors.append((f"AUDIT_CONSOLE['PERMISSION'] cannot be imported: {e}.", None, "E004"))
    else:
        if not callable(perm):
            errors.append(
                (
                    "AUDIT_CONSOLE['PERMISSION'] must be a callable taking the request "
                    "(or its dotted path).",
                    None,
                    "E004",
                )
            )
    # ADMIN_SITE
    try:
        site = admin_site()
    except ImportError as e:
        errors.append((f"AUDIT_CONSOLE['ADMIN_SITE'] cannot be imported: {e}.", None, "E005"))
    else:
        from django.contrib.admin import AdminSite

        if not isinstance(site, AdminSite):
            errors.append(
                (
                    "AUDIT_CONSOLE['ADMIN_SITE'] must be an AdminSite instance (or its dotted "
                    "path).",
                    None,
                    "E005",
                )
            )
    # AUTHENTICATION_CLASSES
    classes = get("AUTHENTICATION_CLASSES")
    if classes is not None:
        if isinstance(classes, str) or not isinstance(classes, (list, tuple)):
            errors.append(
                (
                    "AUDIT_CONSOLE['AUTHENTICATION_CLASSES'] must be a list of DRF "
                    "authentication classes or dotted paths.",
                    None,
                    "E006",
                )
            )
        else:
            for c in classes:
                try:
                    load_object(c, "AUTHENTICATION_CLASSES")
                except ImportError as e:
                    errors.append(
                        (
                            f"AUDIT_CONSOLE['AUTHENTICATION_CLASSES']: {c!r} cannot be "
                            f"imported: {e}.",
                            None,
                            "E006",
                        )
                    )
    # Page sizes
    size, cap = get("API_PAGE_SIZE"), get("API_MAX_PAGE_SIZE")
    for key, v in (("API_PAGE_SIZE", size), ("API_MAX_PAGE_SIZE", cap)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            errors.append((f"AUDIT_CONSOLE[{key!r}] must be a positive integer, not {v!r}.", None, "E007"))
    if (
        isinstance(size, int)
        and isinstance(cap, int)
        and not isinstance(size, bool)
        and not isinstance(cap, bool)
        and size > cap
    ):
        errors.append(
            ("AUDIT_CONSOLE['API_PAGE_SIZE'] must not exceed API_MAX_PAGE_SIZE.", None, "E007")
        )
    # BUILD_DIR
    explicit = raw.get("BUILD_DIR")
    if explicit is not None and not isinstance(explicit, (str, os.PathLike)):
        errors.append(("AUDIT_CONSOLE['BUILD_DIR'] must be a path.", None, "E008"))
    database = raw.get("DATABASE")
    if database is not None:
        from django.db import connections

        if not isinstance(database, str) or database not in connections.settings:
            errors.append(
                (
                    f"AUDIT_CONSOLE['DATABASE'] must be an alias of settings.DATABASES, not "
                    f"{database!r}.",
                    None,
                    "E011",
                )
            )
    timeout = raw.get("STATEMENT_TIMEOUT", 30)
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0
    ):
        errors.append(
            (f"AUDIT_CONSOLE['STATEMENT_TIMEOUT'] must be seconds above 0 or None, not {timeout!r}.", None, "E012")
        )
    for key in (
        "COUNT_EXACT_UPTO", "UNINDEXED_SORT_MAX_EVENTS", "HISTOGRAM_MAX_BUCKETS",
        "FACET_MAX_VALUES", "EXPORT_BATCH_SIZE",
    ):
        v = raw.get(key, PACKAGE_DEFAULTS[key])
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            errors.append((f"AUDIT_CONSOLE[{key!r}] must be a positive integer, not {v!r}.", None, "E007"))
    if not isinstance(raw.get("ADMIN_INDEX_LINK", True), bool):
        errors.append(("AUDIT_CONSOLE['ADMIN_INDEX_LINK'] must be True or False.", None, "E003"))
    return errors
