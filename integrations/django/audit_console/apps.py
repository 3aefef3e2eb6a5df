from django.apps import AppConfig


class AuditConsoleConfig(AppConfig):
    name = "audit_console"
    verbose_name = "Audit Console"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from . import conf
        from .compat import make_audit_events_migrations_portable

        # Before any migration is loaded (apps are ready before `migrate` reads them).
        if conf.get("PORTABLE_AUDIT_EVENTS_MIGRATIONS") is not False:
            make_audit_events_migrations_portable()
