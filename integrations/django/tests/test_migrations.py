"""django-audit-events' migrations on SQLite, as a fresh project runs them: `manage.py migrate`
with no MIGRATION_MODULES, the timestamp index made by the portable 0006 (audit_console.compat)."""

import importlib

from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.db import migrations

from audit_console import compat


def test_the_test_database_was_built_by_the_real_migrations(db):
    applied = {
        name
        for app, name in MigrationRecorder(connection).applied_migrations()
        if app == "django_audit_events"
    }
    assert "0006_auto_20220920_1327" in applied


def test_0006_made_the_timestamp_index_on_sqlite(db):
    with connection.cursor() as cursor:
        indexes = connection.introspection.get_constraints(cursor, compat.TABLE)
    assert compat.INDEX in indexes
    assert indexes[compat.INDEX]["columns"] == ["timestamp"]


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
