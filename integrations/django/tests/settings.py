"""Test settings: the example shop's apps, the console mounted at /admin/audit/ (tests.urls_sub)
or at / (tests.urls_root), and the database of this run:

* by default an in-memory SQLite database;
* with AUDIT_CONSOLE_TEST_PG_PORT (and _HOST, _USER) set, PostgreSQL on that server, where
  pytest-django creates and drops its own test database (scripts/test runs the suite both ways,
  the server a throw-away cluster of tests/pgcluster.py).
"""

import os

from example_project.settings import *  # noqa: F401,F403
from example_project.settings import MIDDLEWARE  # noqa: F401

DEBUG = False
if os.environ.get("AUDIT_CONSOLE_TEST_PG_PORT"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": "audit_console",  # never used: the tests run in test_audit_console
            "HOST": os.environ.get("AUDIT_CONSOLE_TEST_PG_HOST", "127.0.0.1"),
            "PORT": os.environ["AUDIT_CONSOLE_TEST_PG_PORT"],
            "USER": os.environ.get("AUDIT_CONSOLE_TEST_PG_USER", "postgres"),
            "PASSWORD": os.environ.get("AUDIT_CONSOLE_TEST_PG_PASSWORD", ""),
        }
    }
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# django-audit-events' migrations run as they are, 0006 made portable by the package
# (audit_console.compat): the test database is built by them.
ROOT_URLCONF = "tests.urls_sub"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AUDIT_CONSOLE = {}
