"""``audit-events/export/?as=ndjson|csv&<the list's filters>``: the whole filtered set in one
streamed response, in the console's export formats (src/list/export: the same CSV columns, UTC
timestamps, formula-guarded cells; NDJSON one event a line), masked as the console masks
(src/common/mask.rs: the values of Authorization, Cookie, Set-Cookie, X-Api-Key and of any key
containing token, secret, password or session, at any depth of query_params, post_data, headers,
content and unknown fields).

Memory stays flat: rows are read ``EXPORT_BATCH_SIZE`` at a time by keyset on (timestamp, uuid),
each batch its own query under the time budget, and written as they come. Newest first (the
default) or ``sort=timestamp``. A failure mid-stream (a batch past the budget, the database
gone) aborts the response, so the client sees a truncated transfer, never a file that looks
whole.
"""

import json
from datetime import timezone as dt_timezone

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError

from . import conf, db
from .api import FIELD_ORDER
from .paging import beyond, ordered, timestamp_order

MASK = "••••••••"
CSV_COLUMNS = (
    "uuid", "timestamp", "user_id", "user_email", "user_first_name", "user_last_name",
    "remote_addr", "url", "query_params", "post_data", "headers", "content_type", "object_id",
    "content", "other_fields",
)
FORMATS = {
    "ndjson": "application/x-ndjson; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
}


def is_sensitive_key(key):
    k = key.lower()
    return k in ("authorization", "cookie", "set-cookie", "x-api-key") or any(
        w in k for w in ("token", "secret", "password", "session")
    )


def masked(value):
    if isinstance(value, dict):
        return {k: (MASK if is_sensitive_key(k) else masked(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [masked(v) for v in value]
    return value


def guard_formula(text):
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_cell(text):
    guarded = guard_formula(text)
    if any(c in guarded for c in ',"\n\r'):
        return '"' + guarded.replace('"', '""') + '"'
    return guarded


def _json_cell(value):
    return "" if value is None else json.dumps(masked(value), ensure_ascii=False, separators=(",", ":"))


def csv_row(event):
    user = event.get("user")
    if isinstance(user, dict):
        ids = [str(user.get("pk", "")), user.get("email") or "", user.get("first_name") or "", user.get("last_name") or ""]
    elif user is None:
        ids = ["", "", "", ""]
    else:
        ids = [str(user), "", "", ""]
    other = {k: v for k, v in event.items() if k not in FIELD_ORDER}
    cells = [
        event["uuid"], _utc(event["timestamp"]), *ids,
        event.get("remote_addr") or "", event.get("url") or "",
        _json_cell(event.get("query_params")), _json_cell(event.get("post_data")),
        _json_cell(event.get("headers")),
        "" if event.get("content_type") is None else str(event["content_type"]),
        "" if event.get("object_id") is None else str(event["object_id"]),
        _json_cell(event.get("content")), _json_cell(other) if other else "",
    ]
    return ",".join(csv_cell(c) for c in cells) + "\r\n"


def _utc(text):
    """The console's utc_iso (chrono's SecondsFormat::AutoSi): UTC, Z, and as many fractional
    digits as needed — none, 3 or 6 (``.120000`` becomes ``.120``)."""
    when = parse_datetime(text) if isinstance(text, str) else None
    if when is None or when.tzinfo is None:
        return str(text)
    when = when.astimezone(dt_timezone.utc)
    base = when.strftime("%Y-%m-%dT%H:%M:%S")
    micro = when.microsecond
    if micro == 0:
        return base + "Z"
    if micro % 1000 == 0:
        return f"{base}.{micro // 1000:03d}Z"
    return f"{base}.{micro:06d}Z"


def ndjson_line(event):
    out = {k: (masked(v) if k not in ("uuid", "timestamp", "user", "remote_addr", "url", "content_type", "object_id") else v) for k, v in event.items()}
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n"


# The stock event's columns, read as tuples: the export's fast path (plain_rows).
PLAIN_COLUMNS = (
    "uuid", "timestamp", "user_id", "user__email", "user__first_name", "user__last_name",
    "remote_addr", "url", "query_params", "post_data", "headers", "content_type_id", "object_id",
    "content",
)
USER_FIELDS = ("pk", "email", "first_name", "last_name")


def plain_rows(serializer_class, context):
    """A function from a ``PLAIN_COLUMNS`` tuple to exactly what ``serializer_class`` makes of
    that event, without building three model instances and a serializer per event (most of the
    export's time, measured); None when the serializer is not the package's own over the stock
    fields (a host's serializer or a swapped model's extra fields), which then serializes as the
    list does. tests/test_scale_api.py holds the two to the same output."""
    from .api import EventSerializer

    if serializer_class is not EventSerializer:
        return None
    serializer = serializer_class(context=context)
    fields = serializer.fields
    user = fields.get("user")
    if set(fields) != set(FIELD_ORDER) or user is None or set(getattr(user, "fields", {})) != set(USER_FIELDS):
        return None
    # Raw values stand for their representation only where the serializer writes them as they
    # are: whole-number keys (a UUID or text primary key is written as a string).
    model = getattr(getattr(serializer_class, "Meta", None), "model", None)
    user_model = getattr(getattr(user, "Meta", None), "model", None)
    if model is None or user_model is None:
        return None
    if not (_is_integer(user_model._meta.pk) and _is_integer(model._meta.get_field("object_id"))):
        return None
    timestamp = fields["timestamp"].to_representation

    def represent(row):
        (uuid, ts, user_id, email, first, last, addr, url, query, post, headers, ct, oid, content) = row
        return {
            "uuid": str(uuid),
            "timestamp": timestamp(ts),
            "user": None if user_id is None else {
                "pk": user_id, "email": email, "first_name": first, "last_name": last,
            },
            "remote_addr": addr,
            "url": url,
            "query_params": query,
            "post_data": post,
            "headers": headers,
            "content_type": ct,
            "object_id": oid,
            "content": content,
        }

    return represent


def _is_integer(field):
    return field.get_internal_type() in (
        "AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
        "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
        "PositiveSmallIntegerField",
    )


def stream(view, request):
    """The export view: validates first (a bad filter is a 400 before any byte is sent)."""
    kind = request.query_params.get("as", "ndjson")
    if kind not in FORMATS:
        raise ValidationError({"as": ['Must be "ndjson" or "csv".']})
    desc = timestamp_order(view.sort_terms(request), "The export")
    queryset = view.filtered()
    using = queryset.db
    with db.budget(using):
        queryset.exists()  # the filters compile and the database answers before the 200
    serializer_class = view.get_serializer_class()
    context = view.get_serializer_context()
    batch = conf.get("EXPORT_BATCH_SIZE")
    represent = plain_rows(serializer_class, context)
    if represent is None:
        rows_in_order = ordered(queryset.select_related("user", "content_type"), desc)
    else:
        rows_in_order = ordered(queryset, desc).values_list(*PLAIN_COLUMNS)

    def rows():
        if kind == "csv":
            yield ",".join(CSV_COLUMNS) + "\r\n"
        last = None
        while True:
            page = rows_in_order if last is None else rows_in_order.filter(beyond(last[0], last[1], desc))
            with db.budget(using):
                events = list(page[:batch])
            if not events:
                return
            if represent is None:
                data = serializer_class(events, many=True, context=context).data
                last = (events[-1].timestamp, events[-1].pk)
            else:
                data = [represent(row) for row in events]
                last = (events[-1][1], events[-1][0])
            yield "".join(csv_row(e) if kind == "csv" else ndjson_line(e) for e in data)
            if len(events) < batch:
                return

    response = StreamingHttpResponse(rows(), content_type=FORMATS[kind])
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.{kind}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
