"""Indexes for every filter and sort the console offers, on the audit event model's real table
(``AUDIT_EVENT_MODEL``, swappable) — what 10 million events need (README "At scale" has the
measurements and each index's cost on insert):

* ``(timestamp, uuid)``: newest first with its tie-breaker, keyset (cursor) pages, and the keys of
  a deep page read from the index alone;
* ``(content_type_id, object_id, timestamp)``: an object's history, newest first;
* ``(user_id, timestamp)``: one user's events, and the sort by user;
* ``(remote_addr, timestamp)``: one address's events, and the sort by IP address.

PostgreSQL builds them with ``CREATE INDEX CONCURRENTLY IF NOT EXISTS`` (the migration is not
atomic), so a live table keeps taking writes while they build; SQLite gets ``CREATE INDEX IF
NOT EXISTS``, other databases a plain ``CREATE INDEX``.
"""

from django.conf import settings
from django.db import migrations

MODEL = getattr(settings, "AUDIT_EVENT_MODEL", "django_audit_events.AuditEvent")

INDEXES = {
    "ts_uuid": ("timestamp", "uuid"),
    "object": ("content_type", "object_id", "timestamp"),
    "user_ts": ("user", "timestamp"),
    "addr_ts": ("remote_addr", "timestamp"),
}


def index_name(table, suffix):
    """``<table>_ac_<suffix>``, cut to PostgreSQL's 63 bytes."""
    return f"{table[: 63 - len(suffix) - 4]}_ac_{suffix}"


def _model(apps):
    app_label, model_name = MODEL.split(".")
    return apps.get_model(app_label, model_name)


def create(apps, schema_editor):
    model = _model(apps)
    table = model._meta.db_table
    q = schema_editor.quote_name
    vendor = schema_editor.connection.vendor
    for suffix, fields in INDEXES.items():
        columns = ", ".join(q(model._meta.get_field(f).column) for f in fields)
        name = q(index_name(table, suffix))
        if vendor == "postgresql":
            sql = f"CREATE INDEX CONCURRENTLY IF NOT EXISTS {name} ON {q(table)} ({columns})"
        elif vendor == "sqlite":
            sql = f"CREATE INDEX IF NOT EXISTS {name} ON {q(table)} ({columns})"
        else:
            sql = f"CREATE INDEX {name} ON {q(table)} ({columns})"
        schema_editor.execute(sql)


def drop(apps, schema_editor):
    model = _model(apps)
    table = model._meta.db_table
    q = schema_editor.quote_name
    vendor = schema_editor.connection.vendor
    for suffix in INDEXES:
        name = q(index_name(table, suffix))
        if vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        elif vendor == "sqlite":
            schema_editor.execute(f"DROP INDEX IF EXISTS {name}")
        else:
            schema_editor.execute(
                schema_editor.sql_delete_index % {"name": name, "table": q(table)}
            )


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        migrations.swappable_dependency(MODEL),
        # The stock model's last migration (its timestamp index) when it is the one in use.
        *([("django_audit_events", "0006_auto_20220920_1327")] if MODEL == "django_audit_events.AuditEvent" else []),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
