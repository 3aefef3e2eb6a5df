"""django-audit-events 0.3.x on any database.

Its migration 0006 is one PostgreSQL-only statement (``CREATE INDEX CONCURRENTLY``), so on
SQLite — every fresh ``startproject`` — ``manage.py migrate`` fails. When that migration is the
one this package knows, it is given the same index by SQL each database accepts: PostgreSQL
still runs the original statement, unchanged; SQLite gets ``CREATE INDEX IF NOT EXISTS``; others
a plain ``CREATE INDEX``. The migration's name, dependencies and state are untouched, so a
database migrated either way agrees with the other. Opt out with
``AUDIT_CONSOLE = {"PORTABLE_AUDIT_EVENTS_MIGRATIONS": False}``.
"""

import importlib

from django.db import migrations

MIGRATION = "django_audit_events.migrations.0006_auto_20220920_1327"
TABLE = "django_audit_events_auditevent"
INDEX = "django_audit_events_auditevent_timestamp_0c865855_uniq"
ORIGINAL_SQL = (
    f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{INDEX}" ON "{TABLE}" ("timestamp");'
)
ORIGINAL_REVERSE = f'DROP INDEX CONCURRENTLY IF EXISTS "{INDEX}";'


def _create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(ORIGINAL_SQL)
    elif vendor == "sqlite":
        schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "{TABLE}" ("timestamp")')
    else:
        schema_editor.execute(
            schema_editor.sql_create_index
            % {
                "name": schema_editor.quote_name(INDEX),
                "table": schema_editor.quote_name(TABLE),
                "using": "",
                "columns": schema_editor.quote_name("timestamp"),
                "extra": "",
                "condition": "",
                "include": "",
            }
        )


def _drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(ORIGINAL_REVERSE)
    elif vendor == "sqlite":
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX}"')
    else:
        schema_editor.execute(
            schema_editor.sql_delete_index
            % {"name": schema_editor.quote_name(INDEX), "table": schema_editor.quote_name(TABLE)}
        )


def make_audit_events_migrations_portable():
    """Rewrites 0006's operations in memory, once, if it is exactly the known PostgreSQL-only
    statement. Returns whether it did."""
    try:
        module = importlib.import_module(MIGRATION)
    except ImportError:
        return False
    ops = getattr(module.Migration, "operations", [])
    if (
        len(ops) == 1
        and isinstance(ops[0], migrations.RunSQL)
        and ops[0].sql == ORIGINAL_SQL
        and ops[0].reverse_sql == ORIGINAL_REVERSE
    ):
        module.Migration.operations = [migrations.RunPython(_create, _drop, elidable=False)]
        return True
    return False
