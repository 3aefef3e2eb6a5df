"""django-audit-events' migrations as a fresh project runs them, `manage.py migrate` with no
MIGRATION_MODULES: on SQLite the timestamp index is made by the portable 0006
(audit_console.compat), on PostgreSQL by the original statement. The test database of the run
(SQLite, or PostgreSQL with AUDIT_CONSOLE_TEST_PG_PORT) is built by them."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db import migrations

from audit_console import compat

from .conftest import skip_without_postgresql


def timestamp_index():
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, compat.TABLE).get(compat.INDEX)


def test_the_test_database_was_built_by_the_real_migrations(db):
    applied = {
        name
        for app, name in MigrationRecorder(connection).applied_migrations()
        if app == "django_audit_events"
    }
    assert "0006_auto_20220920_1327" in applied


def test_0006_made_the_timestamp_index_on_sqlite(db):
    if connection.vendor != "sqlite":
        pytest.skip(f"a SQLite check; this run's database is {connection.vendor}")
    index = timestamp_index()
    assert index is not None
    assert index["columns"] == ["timestamp"]


def test_0006_made_the_timestamp_index_on_postgresql(db):
    """The original CREATE INDEX CONCURRENTLY ran (outside a transaction, as it must)."""
    if connection.vendor != "postgresql":
        skip_without_postgresql(f"this run's database is {connection.vendor}, not PostgreSQL")
    index = timestamp_index()
    assert index is not None, f"no {compat.INDEX} on {compat.TABLE}"
    assert index["columns"] == ["timestamp"]
    assert index["index"] and not index["unique"] and not index["primary_key"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT i.indisvalid, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indexrelid = %s::regclass",
            [compat.INDEX],
        )
        valid, definition = cursor.fetchone()
    assert valid, "a CONCURRENTLY index left invalid"
    assert definition.endswith(f"ON public.{compat.TABLE} USING btree (\"timestamp\")"), definition


def test_postgresql_still_gets_the_original_statement():
    executed = []

    class Editor:
        class connection:
            vendor = "postgresql"

        def execute(self, sql):
            executed.append(sql)

    compat._create(None, Editor())
    compat._drop(None, Editor())
    assert executed == [compat.ORIGINAL_SQL, compat.ORIGINAL_REVERSE]


def test_only_the_known_statement_is_replaced():
    module = importlib.import_module(compat.MIGRATION)
    ops = module.Migration.operations
    assert len(ops) == 1 and isinstance(ops[0], migrations.RunPython)
    # Another version's 0006 (different SQL) would be left alone.
    saved = module.Migration.operations
    try:
        module.Migration.operations = [migrations.RunSQL("SELECT 1;")]
        assert compat.make_audit_events_migrations_portable() is False
        assert isinstance(module.Migration.operations[0], migrations.RunSQL)
    finally:
        module.Migration.operations = saved
