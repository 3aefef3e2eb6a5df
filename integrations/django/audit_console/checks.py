"""System checks: bad AUDIT_CONSOLE settings are errors at start-up (``manage.py check``,
``runserver``, ``migrate``), never a broken page."""

from django.apps import apps
from django.conf import settings
from django.core import checks

from . import build as builds
from . import conf

REQUIRED_APPS = (
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "django_filters",
    "django_audit_events",
)


@checks.register()
def check_settings(app_configs=None, **kwargs):
    return [
        checks.Error(message, hint=hint, id=f"audit_console.{code}")
        for message, hint, code in conf.validate()
    ]


@checks.register()
def check_environment(app_configs=None, **kwargs):
    out = []
    for name in REQUIRED_APPS:
        if not apps.is_installed(name):
            out.append(
                checks.Error(
                    f"Audit Console needs {name!r} in INSTALLED_APPS.",
                    id="audit_console.E009",
                )
            )
    middleware = list(getattr(settings, "MIDDLEWARE", None) or [])
    for name in (
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
    ):
        if name not in middleware:
            out.append(
                checks.Error(f"Audit Console needs {name!r} in MIDDLEWARE.", id="audit_console.E010")
            )
    if getattr(settings, "CSRF_COOKIE_HTTPONLY", False) or getattr(settings, "CSRF_USE_SESSIONS", False):
        out.append(
            checks.Warning(
                "CSRF_COOKIE_HTTPONLY or CSRF_USE_SESSIONS is on: the console cannot read the CSRF "
                "token, so its Sign out (a POST to the admin's logout) will be refused.",
                hint="Turn both off, or sign out from the admin itself.",
                id="audit_console.W001",
            )
        )
    if conf.get("ADMIN_INDEX_LINK") is True and apps.is_installed("django.contrib.admin"):
        names = [a.name for a in apps.get_app_configs()]
        if names.index("audit_console") > names.index("django.contrib.admin"):
            out.append(
                checks.Warning(
                    "'audit_console' comes after 'django.contrib.admin' in INSTALLED_APPS, so "
                    "the admin index shows no link to the console.",
                    hint="List 'audit_console' before 'django.contrib.admin', or set "
                    "AUDIT_CONSOLE['ADMIN_INDEX_LINK'] = False.",
                    id="audit_console.W003",
                )
            )
    if not conf.validate():
        build = builds.current_build()
        if not build.ok:
            out.append(
                checks.Warning(
                    f"No usable Audit Console build: {build.problem}. The console page answers "
                    "503 until there is one (the API and config.json work).",
                    hint="Install the wheel (it carries the build), or point "
                    "AUDIT_CONSOLE['BUILD_DIR'] / AUDIT_CONSOLE_BUILD_DIR at a build made with "
                    f"`build_app DIR {builds.PLACEHOLDER}`.",
                    id="audit_console.W002",
                )
            )
    return out
