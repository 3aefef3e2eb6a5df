"""Test settings: the example shop's apps, an in-memory SQLite database, the console mounted at
/admin/audit/ (tests.urls_sub) or at / (tests.urls_root)."""

from example_project.settings import *  # noqa: F401,F403
from example_project.settings import MIDDLEWARE  # noqa: F401

DEBUG = False
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# django-audit-events' migrations run as they are, 0006 made portable by the package
# (audit_console.compat): the test database is built by them.
ROOT_URLCONF = "tests.urls_sub"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUDIT_CONSOLE = {}
