"""Audit Console for Django: the console's release build served at any mount point, a generated
config.json, and the audit-events API over django-audit-events' model.

Add ``"audit_console"`` to ``INSTALLED_APPS`` (before ``"django.contrib.admin"`` for the admin
index link) and ``path("admin/audit/", include("audit_console.urls"))`` to the URLconf.
"""

__version__ = "0.1.0"
