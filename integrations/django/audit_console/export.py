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

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError

from . import conf, db
from .aggregates import iso
from .api import FIELD_ORDER

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
    when = parse_datetime(text) if isinstance(text, str) else None
    return iso(when) if when is not None and when.tzinfo is not None else str(text)


def ndjson_line(event):
    out = {k: (masked(v) if k not in ("uuid", "timestamp", "user", "remote_addr", "url", "content_type", "object_id") else v) for k, v in event.items()}
    return json.dumps(out, ensure_ascii=False, separators=(",", ":")) + "\n"


def stream(view, request):
    """The export view: validates first (a bad filter is a 400 before any byte is sent)."""
    kind = request.query_params.get("as", "ndjson")
    if kind not in FORMATS:
        raise ValidationError({"as": ['Must be "ndjson" or "csv".']})
    terms = view.sort_terms(request)
    if terms not in (["-timestamp"], ["timestamp"]):
        raise ValidationError({"sort": ["The export orders by timestamp only: send sort=-timestamp or sort=timestamp."]})
    desc = terms == ["-timestamp"]
    queryset = view.filtered()
    using = queryset.db
    with db.budget(using):
        queryset.exists()  # the filters compile and the database answers before the 200
    serializer_class = view.get_serializer_class()
    context = view.get_serializer_context()
    batch = conf.get("EXPORT_BATCH_SIZE")
    ordered = queryset.select_related("user", "content_type").order_by(
        *(("-timestamp", "-uuid") if desc else ("timestamp", "uuid"))
    )

    def rows():
        from .paging import _beyond

        if kind == "csv":
            yield ",".join(CSV_COLUMNS) + "\r\n"
        last = None
        while True:
            page = ordered if last is None else ordered.filter(_beyond(last[0], last[1], desc))
            with db.budget(using):
                events = list(page[:batch])
            if not events:
                return
            data = serializer_class(events, many=True, context=context).data
            yield "".join(csv_row(e) if kind == "csv" else ndjson_line(e) for e in data)
            last = (events[-1].timestamp, events[-1].pk)
            if len(events) < batch:
                return

    response = StreamingHttpResponse(rows(), content_type=FORMATS[kind])
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    response["Content-Disposition"] = f'attachment; filename="audit-events-{stamp}.{kind}"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
