"""config.json, generated from settings and the database."""

from django.contrib.contenttypes.models import ContentType
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from . import conf

# Stands in for the object id while reversing an admin change URL, then becomes {object_id}.
_SENTINEL = "AUDITCONSOLEOBJECTID"


def content_type_label(ct):
    """``app_label.model``: Django's own natural key for a content type (what
    ``ContentType.objects.get_by_natural_key`` and ``apps.get_model`` take), unique, stable
    across databases and translations — unlike a verbose name."""
    return f"{ct.app_label}.{ct.model}"


def api_path(namespace="audit_console"):
    """The path of this package's API base (``.../api/v1``), or None when it is not mounted."""
    try:
        return reverse(f"{namespace}:api-list").removesuffix("audit-events/").rstrip("/")
    except NoReverseMatch:
        return None


def api_features():
    """What this package's API answers beyond shared/API.md (README "At scale"), for the
    console to use instead of reading pages: keyset paging and estimated counts, the
    histogram, the facets and the streamed export, with their limits."""
    from .aggregates import FACETS

    return {
        "cursor": True,
        "count_estimate": True,
        "count_none": True,
        "histogram": {"max_buckets": conf.get("HISTOGRAM_MAX_BUCKETS"), "steps": True},
        "facets": {"names": list(FACETS), "max_values": conf.get("FACET_MAX_VALUES")},
        "export": ["ndjson", "csv"],
        "statement_timeout_seconds": conf.get("STATEMENT_TIMEOUT"),
    }


def generate(absolute, namespace="audit_console", auth_default=None):
    """The config.json dict.

    ``absolute(path)`` turns a URL path into an absolute URL (``request.build_absolute_uri`` in a
    view, the ``--base-url`` in the management command). ``auth_default`` is "session" when the
    console is served beside this package's API, and the default for ``auth`` then.
    """
    conf.ensure_valid()
    overrides = conf.config_overrides()
    site = conf.admin_site()
    config = {}
    own_api = api_path(namespace)
    if "api_base_url" in overrides:
        config["api_base_url"] = overrides["api_base_url"].strip()
    elif own_api is not None:
        config["api_base_url"] = own_api if auth_default == "session" else absolute(own_api + "/")[:-1]

    content_types = {}
    object_links = {}
    from . import db

    for ct in ContentType.objects.using(db.read_alias(ContentType)).order_by("pk"):
        content_types[str(ct.pk)] = content_type_label(ct)
        model = ct.model_class()
        if model is None or not site.is_registered(model):
            continue
        try:
            url = reverse(
                f"admin:{ct.app_label}_{ct.model}_change", args=[_SENTINEL], current_app=site.name
            )
        except NoReverseMatch:
            continue
        object_links[str(ct.pk)] = absolute(url).replace(_SENTINEL, "{object_id}")
    content_types.update({str(k).strip(): v for k, v in overrides.get("content_types", {}).items()})
    object_links.update({str(k).strip(): v for k, v in overrides.get("object_links", {}).items()})
    config["content_types"] = content_types
    config["object_links"] = object_links
    if own_api is not None and "api_base_url" not in overrides:
        config["api_features"] = api_features()

    for key, value in overrides.items():
        if key not in ("api_base_url", "content_types", "object_links"):
            config[key] = value

    # Same-origin session mode: the console signs in through the admin.
    auth = overrides.get("auth")
    if auth is None and "api_base_url" not in overrides:
        auth = auth_default
    if auth == "session":
        config["auth"] = "session"
        try:
            config.setdefault("login_url", reverse("admin:login", current_app=site.name))
            config.setdefault("logout_url", reverse("admin:logout", current_app=site.name))
        except NoReverseMatch:
            pass
        config.setdefault("csrf_cookie_name", settings.CSRF_COOKIE_NAME)
    elif auth == "token":
        config["auth"] = "token"
    return config
