"""Where the console's API reads, and how long one of its queries may take.

* ``alias()``: ``AUDIT_CONSOLE["DATABASE"]`` (a read replica, say) or None for the host's router;
  every queryset of the API is made with ``using(alias)``.
* ``budget()``: one API request's queries under a time budget (``STATEMENT_TIMEOUT`` seconds).
  On PostgreSQL it is ``SET LOCAL statement_timeout`` in a read transaction, so a worker is never
  held by a runaway aggregate; SQLite is interrupted by a progress handler. Past the budget the
  request answers ``400 {"detail": "…narrow…", "code": "query_timeout"}``, never a hung worker.
"""

import time
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, OperationalError, connections, router, transaction
from rest_framework import status
from rest_framework.exceptions import APIException

from . import conf


def alias():
    return conf.get("DATABASE")


def read_alias(model):
    """The alias a read of ``model`` goes to: the setting's, else the router's."""
    return alias() or router.db_for_read(model) or DEFAULT_DB_ALIAS


class QueryTimeout(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "query_timeout"

    def __init__(self, seconds):
        # A dict detail is DRF's answer body as it is.
        super().__init__(
            {
                "detail": f"This question took longer than the API's time budget ({seconds:g} s) "
                "and was stopped. Narrow the time range or add a filter, then ask again.",
                "code": "query_timeout",
            }
        )


def is_timeout(error):
    """A query cancelled by statement_timeout (SQLSTATE 57014) or an interrupted SQLite one."""
    cause = error.__cause__ or error
    if getattr(cause, "sqlstate", None) == "57014" or getattr(cause, "pgcode", None) == "57014":
        return True
    return "interrupted" in str(cause).lower()


@contextmanager
def budget(using):
    """Run the block's queries on ``using`` under the configured time budget."""
    seconds = conf.get("STATEMENT_TIMEOUT")
    connection = connections[using]
    if not seconds:
        yield
        return
    if connection.vendor == "postgresql":
        try:
            with transaction.atomic(using=using):
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL statement_timeout = %s", [int(seconds * 1000)])
                yield
        except OperationalError as e:
            if is_timeout(e):
                raise QueryTimeout(seconds) from e
            raise
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        raw = connection.connection
        deadline = time.monotonic() + seconds
        raw.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 10000)
        try:
            yield
        except OperationalError as e:
            if is_timeout(e):
                raise QueryTimeout(seconds) from e
            raise
        finally:
            raw.set_progress_handler(None, 0)
    else:
        yield
