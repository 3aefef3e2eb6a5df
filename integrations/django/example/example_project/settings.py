"""Settings of the example shop. Environment:

EXAMPLE_DB              SQLite file (default: example/db.sqlite3)
EXAMPLE_POSTGRES_DB     use PostgreSQL with this database name instead (psycopg must be
                        installed; also EXAMPLE_POSTGRES_HOST/PORT/USER/PASSWORD)
EXAMPLE_REPLICA_HOST    with EXAMPLE_POSTGRES_DB: a read replica (hot standby) of it, the alias
                        "replica", which the console's API reads (AUDIT_CONSOLE["DATABASE"]);
                        also EXAMPLE_REPLICA_PORT/USER/PASSWORD/DB (each defaults to the
                        primary's)
EXAMPLE_CONN_MAX_AGE    with EXAMPLE_POSTGRES_DB: Django's CONN_MAX_AGE in seconds (default 0, a
                        new connection per request)
EXAMPLE_DEBUG           "0" to run with DEBUG off
AUDIT_CONSOLE_BUILD_DIR a console build made with `build_app DIR /__audit_console__/`
"""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("EXAMPLE_SECRET_KEY", "example-only-not-secret")
DEBUG = os.environ.get("EXAMPLE_DEBUG", "1") != "0"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

INSTALLED_APPS = [
    # Before django.contrib.admin, so the admin index gets its "Audit Console" box.
    "audit_console",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "django_audit_events",
    "orders",
    "catalog",
    "demo_data",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The admin (and the console's config.json) in the user's language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "example_project.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "example_project.wsgi.application"

if os.environ.get("EXAMPLE_POSTGRES_DB"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": os.environ["EXAMPLE_POSTGRES_DB"],
            "HOST": os.environ.get("EXAMPLE_POSTGRES_HOST", ""),
            "PORT": os.environ.get("EXAMPLE_POSTGRES_PORT", ""),
            "USER": os.environ.get("EXAMPLE_POSTGRES_USER", ""),
            "PASSWORD": os.environ.get("EXAMPLE_POSTGRES_PASSWORD", ""),
            # Persistent connections (Django's CONN_MAX_AGE), seconds; 0: one per request.
            "CONN_MAX_AGE": int(os.environ.get("EXAMPLE_CONN_MAX_AGE", "0")),
        }
    }
    if os.environ.get("EXAMPLE_REPLICA_HOST"):
        # Read-only: nothing migrates or writes there (its test database mirrors default's).
        primary = DATABASES["default"]
        DATABASES["replica"] = {
            **primary,
            "NAME": os.environ.get("EXAMPLE_REPLICA_DB", primary["NAME"]),
            "HOST": os.environ["EXAMPLE_REPLICA_HOST"],
            "PORT": os.environ.get("EXAMPLE_REPLICA_PORT", primary["PORT"]),
            "USER": os.environ.get("EXAMPLE_REPLICA_USER", primary["USER"]),
            "PASSWORD": os.environ.get("EXAMPLE_REPLICA_PASSWORD", primary["PASSWORD"]),
            "TEST": {"MIRROR": "default"},
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("EXAMPLE_DB", str(BASE_DIR / "db.sqlite3")),
        }
    }
    # django-audit-events' migration 0006 is PostgreSQL-only SQL (CREATE INDEX CONCURRENTLY);
    # audit_console makes it portable, so `migrate` works here as it is.

AUTH_PASSWORD_VALIDATORS = []
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUDIT_CONSOLE = {
    "default_time_range": "all",
    "page_size": 50,
}
if "replica" in DATABASES:
    # Every read of the console's API (events, tokens, config.json's content types) goes there.
    AUDIT_CONSOLE["DATABASE"] = "replica"
