"""Aggregates of the filtered set, answered by the database in one query each: the histogram
(``audit-events/histogram/``) and the facets (``audit-events/facets/``). Both take the list's
filters, validated as the list validates them, under the same permission and time budget; every
figure is exact. README "Aggregates" documents the shapes.

The facets fold values as the console's summary folds them (src/list/summary): a URL becomes its
origin (scheme and host, lower-cased, credentials dropped) and its path with every numeric or
UUID segment as ``{id}``; ``content.action`` is a value when it is non-blank text, "none" when
there is no content or action, "unparsed" when content is not an object or the action not text.
PostgreSQL folds in SQL; other databases group by the raw value in SQL and fold the distinct
values here (``fold_url``), which is also the oracle the tests hold PostgreSQL's SQL to.
"""

import re
import unicodedata
from datetime import timedelta
from datetime import timezone as dt_timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth import get_user_model
from django.db import connections
from django.db.models import Case, Count, F, IntegerField, Max, Min, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay
from django.utils.dateparse import parse_datetime
from rest_framework.exceptions import ValidationError

from . import conf

FACETS = ("user", "content_type", "object", "remote_addr", "path", "action", "hour_weekday", "span")
DEFAULT_TOP = 10
MAX_TEXT_CHARS = 200


def _bad(field, message):
    return ValidationError({field: [message]})


def _int_param(params, name, default, lo, hi):
    raw = params.get(name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"\d+", raw.strip()) or not lo <= int(raw) <= hi:
        raise _bad(name, f"Enter a whole number from {lo} to {hi}.")
    return int(raw)


# --- histogram -----------------------------------------------------------------------------


def parse_edges(params):
    """The bucket edges: ``edges=E0,E1,…`` (ISO 8601 instants with an offset), or the compact
    ``start=E0&steps=S[xN],…`` (whole seconds from one edge to the next, ``xN`` repeating a
    step N times: a year of zone days is ``86400x88,90000,86400x237,82800,86400x39``), which
    keeps a long histogram's URL under a proxy's request-line limit (gunicorn: 4,094 bytes)."""
    most = conf.get("HISTOGRAM_MAX_BUCKETS")
    raw = params.get("edges")
    start, steps = params.get("start"), params.get("steps")
    if raw and (start or steps):
        raise _bad("edges", "Send either edges, or start and steps, not both.")
    if start or steps:
        return _stepped_edges(start, steps, most)
    if not raw:
        raise _bad("edges", "Send the bucket edges: comma-separated ISO 8601 instants, oldest first.")
    parts = raw.split(",")
    if len(parts) < 2 or len(parts) > most + 1:
        raise _bad("edges", f"Send from 2 to {most + 1} edges ({most} buckets at most).")
    edges = []
    for i, part in enumerate(parts):
        when = _instant(part)
        if when is None:
            raise _bad("edges", f"Edge {i + 1} ({part.strip()[:40]!r}) is not an ISO 8601 date-time.")
        if when.tzinfo is None:
            raise _bad("edges", f"Edge {i + 1} has no offset: send Z or +hh:mm.")
        if edges and when <= edges[-1]:
            raise _bad("edges", f"Edge {i + 1} is not after edge {i}: edges must increase.")
        edges.append(when)
    return edges


def _instant(text):
    """The instant, or None when it does not parse or lies outside what UTC can hold (year 1's
    first hours east of Greenwich, year 9999's last west of it)."""
    try:
        when = parse_datetime(text.strip())
        if when is not None and when.tzinfo is not None:
            when.astimezone(dt_timezone.utc)
        return when
    except (ValueError, OverflowError):
        return None


_STEP = re.compile(r"([1-9][0-9]{0,9})(?:x([1-9][0-9]{0,5}))?")


def _stepped_edges(start, steps, most):
    if not start:
        raise _bad("start", "Send the first edge: an ISO 8601 instant with an offset.")
    first = _instant(start)
    if first is None or first.tzinfo is None:
        raise _bad("start", "Send an ISO 8601 date-time with an offset (Z or +hh:mm).")
    if not steps:
        raise _bad("steps", "Send the steps: comma-separated seconds, each optionally xN to repeat it.")
    edges = [first]
    for i, part in enumerate(steps.split(",")):
        match = _STEP.fullmatch(part.strip())
        if match is None:
            raise _bad("steps", f"Step {i + 1} ({part.strip()[:20]!r}) is not seconds (e.g. 3600) or seconds x count (e.g. 3600x24).")
        seconds, times = int(match.group(1)), int(match.group(2) or 1)
        if len(edges) - 1 + times > most:
            raise _bad("steps", f"Send {most} buckets at most.")
        try:
            for _ in range(times):
                edges.append(edges[-1] + timedelta(seconds=seconds))
                edges[-1].astimezone(dt_timezone.utc)
        except OverflowError:
            raise _bad("steps", "The steps go past the year 9999.")
    return edges


def histogram(queryset, params):
    """``{"edges": [...], "counts": [...], "total": n}``: counts[i] is the number of filtered
    events with edges[i] <= timestamp < edges[i + 1]."""
    edges = parse_edges(params)
    inside = queryset.filter(timestamp__gte=edges[0], timestamp__lt=edges[-1]).order_by()
    counts = [0] * (len(edges) - 1)
    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        sql, sql_params = inside.values("timestamp").query.get_compiler(using=queryset.db).as_sql()
        query = (
            'SELECT width_bucket(s."timestamp", %s::timestamptz[]) AS b, COUNT(*) '
            f"FROM ({sql}) s GROUP BY b"
        )
        with connection.cursor() as cursor:
            cursor.execute(query, [edges, *sql_params])
            for bucket, n in cursor.fetchall():
                if 1 <= bucket <= len(counts):
                    counts[bucket - 1] += n
    else:
        whens = [When(timestamp__lt=e, then=Value(i)) for i, e in enumerate(edges[1:])]
        rows = (
            inside.annotate(b=Case(*whens, output_field=IntegerField()))
            .values("b")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for row in rows:
            if row["b"] is not None:
                counts[row["b"]] += row["n"]
    return {
        "edges": [iso(e) for e in edges],
        "counts": counts,
        "total": sum(counts),
    }


def iso(when):
    return when.astimezone(dt_timezone.utc).isoformat().replace("+00:00", "Z")


# --- folding, as the console folds -----------------------------------------------------------

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
_HEX = re.compile(r"[0-9A-Fa-f]{32}")
_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")
_ASCII_DIGITS = re.compile(r"[0-9]+")


def clip(text):
    return text if len(text) <= MAX_TEXT_CHARS else text[:MAX_TEXT_CHARS] + "…"


def _fold_segment(seg):
    if _ASCII_DIGITS.fullmatch(seg) or _HEX.fullmatch(seg) or _UUID.fullmatch(seg):
        return "{id}"
    return seg


def fold_url(url):
    """("value", origin, folded path) | ("none", None, None) | ("unparsed", None, None)."""
    if url is None or not url.strip():
        return ("none", None, None)
    url = url.strip()
    if any(c.isspace() or _is_control(c) for c in url):
        return ("unparsed", None, None)
    if url.startswith("/") and not url.startswith("//"):
        origin, rest = "", url
    else:
        scheme, sep, after = url.partition("://")
        if not sep or not _SCHEME.fullmatch(scheme):
            return ("unparsed", None, None)
        end = min([i for i in (after.find("/"), after.find("?"), after.find("#")) if i >= 0], default=len(after))
        host = after[:end].rpartition("@")[2]
        if not host:
            return ("unparsed", None, None)
        origin, rest = f"{scheme.lower()}://{host.lower()}", after[end:]
    cut = min([i for i in (rest.find("?"), rest.find("#")) if i >= 0], default=len(rest))
    path = rest[:cut] or "/"
    return ("value", origin, clip("/".join(_fold_segment(s) for s in path.split("/"))))


def _is_control(c):
    return unicodedata.category(c) == "Cc"


def action_of(content):
    """("value", action) | ("none", None) | ("unparsed", None): the console's action_key."""
    if content is None:
        return ("none", None)
    if not isinstance(content, dict):
        return ("unparsed", None)
    action = content.get("action")
    if action is None:
        return ("none", None)
    if not isinstance(action, str):
        return ("unparsed", None)
    if not action.strip():
        return ("none", None)
    return ("value", action)


# PostgreSQL's copy of fold_url, folding every row in one pass: the URL trimmed once, its
# scheme://authority matched once, then grouped. Each level is fenced (OFFSET 0) so the planner
# does not copy an expression into every use of it (measured 14x slower unfenced). The ids are
# folded with every "/" doubled, so each segment has slashes of its own on both sides and needs
# no lookahead (PostgreSQL's regex engine is slow at those): numbers first (cheap), then 32-hex
# and UUID segments (bounded repeats are the costly part) only in paths that can hold one; the
# "/" appended for the last segment is cut before the pairs are undone. Its input is a subquery
# ({rows}) with a "url" column.
# Python's whitespace (str.isspace/strip, as fold_url uses them) and its control characters,
# spelled out for PostgreSQL, whose [[:space:]] depends on the cluster's locale (in "C" it does
# not know U+00A0). Tested only on a URL with a character beyond printable ASCII (a cheap range).
_SPACES = "".join(chr(c) for c in range(0x3001) if chr(c).isspace())
_CONTROLS = "".join(chr(c) for c in range(0xA0) if unicodedata.category(chr(c)) == "Cc" and c)
_TRIM = "E'" + "".join(f"\\u{ord(c):04x}" for c in _SPACES) + "'"
_SQLITE_SPACES = "char(" + ", ".join(str(ord(c)) for c in _SPACES) + ")"
_SPACE_OR_CONTROL = "'[" + "".join(f"\\u{ord(c):04x}" for c in _SPACES + _CONTROLS) + "]'"
_PG_PATH_FACET = r"""
SELECT k0, k1, CASE WHEN length(k2) > {clip} THEN left(k2, {clip}) || '…' ELSE k2 END AS k2,
       COUNT(*) AS c
FROM (
SELECT k0, k1, CASE WHEN k0 <> 'value' THEN NULL
         WHEN numbered ~ '[0-9A-Fa-f-]{{32}}' THEN replace(left(regexp_replace(numbered,
           '/([0-9A-Fa-f]{{32}}|[0-9A-Fa-f]{{8}}-[0-9A-Fa-f]{{4}}-[0-9A-Fa-f]{{4}}-[0-9A-Fa-f]{{4}}-[0-9A-Fa-f]{{12}})/',
           '/{{id}}/', 'g'), -1), '//', '/')
         ELSE replace(left(numbered, -1), '//', '/') END AS k2
FROM (
 SELECT k0, k1, CASE WHEN k0 = 'value' THEN
          regexp_replace(replace(COALESCE(NULLIF(split_part(split_part(rest, '?', 1), '#', 1), ''), '/'), '/', '//') || '/',
            '/[0-9]+/', '/{{id}}/', 'g') END AS numbered
 FROM (
  SELECT k0, CASE WHEN k0 = 'value' THEN
           CASE WHEN rel THEN '' ELSE lower(split_part(pre, '://', 1)) || '://' || lower(host) END
         END AS k1,
         CASE WHEN rel THEN t ELSE substr(t, length(pre) + 1) END AS rest
  FROM (
    SELECT t, rel, pre, host, CASE
             WHEN blank THEN 'none'
             WHEN t ~ '[^!-~]' AND t ~ {space_or_control} THEN 'unparsed'
             WHEN rel THEN 'value'
             WHEN host <> '' THEN 'value'
             ELSE 'unparsed'
           END AS k0
    FROM (
      SELECT t, rel, blank, pre, CASE WHEN strpos(authority, '@') > 0
               THEN regexp_replace(authority, '^.*@', '') ELSE authority END AS host
      FROM (
        SELECT t, rel, blank, pre, substr(pre, strpos(pre, '://') + 3) AS authority
        FROM (
          SELECT t, rel, blank, CASE WHEN rel OR blank THEN NULL
                   ELSE substring(t from '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*') END AS pre
          FROM (
            SELECT t, (raw IS NULL OR t = '') AS blank,
                   (left(t, 1) = '/' AND substr(t, 2, 1) <> '/') AS rel
            FROM (SELECT r."url" AS raw, btrim(r."url", {trim}) AS t FROM ({rows}) r OFFSET 0) trimmed
            OFFSET 0
          ) kinds OFFSET 0
        ) prefixed OFFSET 0
      ) authorities OFFSET 0
    ) hosts OFFSET 0
  ) folded OFFSET 0
 ) parts OFFSET 0
) numbered OFFSET 0
) clipped
GROUP BY 1, 2, 3
"""
# action_of on PostgreSQL, over the JSON types of content (tc) and of its action (ta) and the
# action's text (s), grouped first.
_PG_ACTION_KIND_OF_TYPES = """
    CASE
      WHEN tc IS NULL OR tc = 'null' THEN 'none'
      WHEN tc <> 'object' THEN 'unparsed'
      WHEN ta IS NULL OR ta = 'null' THEN 'none'
      WHEN ta <> 'string' THEN 'unparsed'
      WHEN btrim(s, {trim}) = '' THEN 'none'
      ELSE 'value'
    END
"""
_SQLITE_ACTION_KIND = """
    CASE
      WHEN {col} IS NULL OR json_type({col}) = 'null' THEN 'none'
      WHEN json_type({col}) <> 'object' THEN 'unparsed'
      WHEN json_type({col}, '$.action') IS NULL OR json_type({col}, '$.action') = 'null' THEN 'none'
      WHEN json_type({col}, '$.action') <> 'text' THEN 'unparsed'
      WHEN trim(json_extract({col}, '$.action'), {spaces}) = '' THEN 'none'
      ELSE 'value'
    END
"""


# --- facets --------------------------------------------------------------------------------


def facet(queryset, params):
    name = params.get("facet")
    if name not in FACETS:
        raise _bad("facet", "Must be one of " + ", ".join(FACETS) + ".")
    if name == "span":
        return span(queryset)
    if name == "hour_weekday":
        return hour_weekday(queryset, params)
    top = _int_param(params, "top", DEFAULT_TOP, 1, conf.get("FACET_MAX_VALUES"))
    offset = _int_param(params, "offset", 0, 0, 10**12)
    connection = connections[queryset.db]
    table = queryset.model._meta.db_table
    q = connection.ops.quote_name

    def col(name):
        return f"{q(table)}.{q(queryset.model._meta.get_field(name).column)}"

    if name == "path" and connection.vendor != "postgresql":
        return _folded_in_python(queryset, "url", fold_url, name, top, offset)
    if name == "user":
        keyed = queryset.annotate(k0=F("user_id"))
        keys = ["k0"]
    elif name == "content_type":
        keyed = queryset.annotate(k0=F("content_type_id"))
        keys = ["k0"]
    elif name == "object":
        keyed = queryset.annotate(k0=F("content_type_id"), k1=F("object_id"))
        keys = ["k0", "k1"]
    elif name == "remote_addr":
        keyed = queryset.annotate(k0=F("remote_addr"))
        keys = ["k0"]
    elif name == "action" and connection.vendor == "postgresql":
        # Grouped by the JSON types and the text first (one pass over the rows), the kind then
        # worked out on those few groups: 11.9 s → 5.0 s over 10M events (measured), where the
        # kind's CASE ran on every row, twice.
        rows_sql, sql_params = queryset.order_by().values("content").query.get_compiler(using=queryset.db).as_sql()
        typed = (
            "SELECT jsonb_typeof(r.\"content\") AS tc, jsonb_typeof(r.\"content\" -> 'action') AS ta, "
            "CASE WHEN jsonb_typeof(r.\"content\" -> 'action') = 'string' THEN r.\"content\" ->> 'action' END AS s, "
            f"COUNT(*) AS c FROM ({rows_sql}) r GROUP BY 1, 2, 3"
        )
        kind = _PG_ACTION_KIND_OF_TYPES.format(trim=_TRIM)
        grouped = (
            f"SELECT k0, k1, SUM(c)::bigint AS c FROM (SELECT ({kind}) AS k0, "
            f"CASE WHEN ({kind}) = 'value' THEN s END AS k1, c FROM ({typed}) t) f GROUP BY k0, k1"
        )
        rows, total, distinct = _top(connection, grouped, list(sql_params), ["k0", "k1"], top, offset)
        values = [_kind_entry(kind_, value, n) for kind_, value, n in rows]
        return _answer(name, total, distinct, offset, values)
    elif name == "action":
        content = col("content")
        if connection.vendor == "sqlite":
            kind = _SQLITE_ACTION_KIND.format(col=content, spaces=_SQLITE_SPACES)
            value = f"CASE WHEN ({kind}) = 'value' THEN json_extract({content}, '$.action') END"
        else:
            return _folded_in_python(queryset, "content", _action_row, name, top, offset)
        keyed = queryset.annotate(k0=RawSQL(kind, []), k1=RawSQL(value, []))
        keys = ["k0", "k1"]
    else:  # path, on PostgreSQL
        urls = queryset.order_by().values("url")
        sql, sql_params = urls.query.get_compiler(using=queryset.db).as_sql()
        grouped = _PG_PATH_FACET.format(
            rows=sql, trim=_TRIM, space_or_control=_SPACE_OR_CONTROL, clip=MAX_TEXT_CHARS
        )
        rows, total, distinct = _top(connection, grouped, list(sql_params), ["k0", "k1", "k2"], top, offset)
        values = []
        for kind, origin, path, n in rows:
            values.append(_kind_entry(kind, {"origin": origin, "path": clip(path or "/")}, n))
        return _answer(name, total, distinct, offset, values)

    grouped_qs = keyed.values(*keys).annotate(c=Count("*")).order_by()
    sql, sql_params = grouped_qs.query.get_compiler(using=queryset.db).as_sql()
    rows, total, distinct = _top(connection, sql, list(sql_params), keys, top, offset)
    values = []
    if name == "user":
        users = _users(queryset.db, [r[0] for r in rows if r[0] is not None])
        for pk, n in rows:
            entry = {"value": pk, "count": n}
            if pk is not None:
                entry["user"] = users.get(pk, {"pk": pk, "email": "", "first_name": "", "last_name": ""})
            values.append(entry)
    elif name == "object":
        values = [{"value": {"content_type": ct, "object_id": oid}, "count": n} for ct, oid, n in rows]
    elif name == "remote_addr":
        values = [{"value": None if v is None else str(v), "count": n} for v, n in rows]
    elif name == "action":
        values = [_kind_entry(kind, value, n) for kind, value, n in rows]
    else:
        values = [{"value": v, "count": n} for v, n in rows]
    return _answer(name, total, distinct, offset, values)


def _kind_entry(kind, value, n):
    if kind == "value":
        return {"value": value, "count": n}
    entry = {"value": None, "count": n}
    if kind == "unparsed":
        entry["unparsed"] = True
    return entry


def _answer(name, total, distinct, offset, values):
    return {"facet": name, "total": total, "distinct": distinct, "offset": offset, "values": values}


def _top(connection, grouped_sql, params, keys, top, offset):
    """The grouped rows ranked (count descending, then the key: NULLs last), a page of them,
    and the totals over every group."""
    k = ", ".join(f"g.{key}" for key in keys)
    order = ", ".join(f"(g.{key} IS NULL), g.{key}" for key in keys)
    query = (
        f"SELECT {k}, g.c, COUNT(*) OVER (), SUM(g.c) OVER () FROM ({grouped_sql}) g "
        f"ORDER BY g.c DESC, {order} LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(query, [*params, top, offset])
        rows = cursor.fetchall()
        if not rows and offset:
            cursor.execute(query, [*params, 1, 0])
            probe = cursor.fetchall()
            distinct, total = (probe[0][-2], probe[0][-1]) if probe else (0, 0)
        elif rows:
            distinct, total = rows[0][-2], rows[0][-1]
        else:
            distinct, total = 0, 0
    # (A SUM over counts is numeric in PostgreSQL: every count leaves here a whole int.)
    return [(*r[: len(keys)], int(r[len(keys)])) for r in rows], int(total or 0), int(distinct or 0)


def _action_row(content):
    kind, value = action_of(content)
    return (kind, value)


def _folded_in_python(queryset, field, fold, name, top, offset):
    """Group by the raw value in SQL, fold the distinct values here, rank them."""
    counts = {}
    for row in queryset.values(field).annotate(c=Count("*")).order_by():
        key = fold(row[field])
        counts[key] = counts.get(key, 0) + row["c"]
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], _sort_key(kv[0])))
    values = []
    for key, n in ranked[offset : offset + top]:
        if name == "path":
            kind, origin, path = key
            values.append(_kind_entry(kind, {"origin": origin, "path": path}, n))
        else:
            values.append(_kind_entry(key[0], key[1], n))
    return _answer(name, sum(counts.values()), len(counts), offset, values)


def _sort_key(key):
    return tuple((part is None, part or "") for part in key)


def _users(using, pks):
    model = get_user_model()
    out = {}
    for user in model.objects.using(using).filter(pk__in=pks):
        out[user.pk] = {
            "pk": user.pk,
            "email": getattr(user, "email", "") or "",
            "first_name": getattr(user, "first_name", "") or "",
            "last_name": getattr(user, "last_name", "") or "",
        }
    return out


def hour_weekday(queryset, params):
    """Events per (ISO weekday 1 = Monday … 7, hour 0–23) in the IANA zone ``tz``."""
    name = (params.get("tz") or "").strip()
    if not name:
        raise _bad("tz", "Send an IANA time zone, e.g. Europe/Istanbul or UTC.")
    try:
        zone = ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _bad("tz", f"{name[:60]!r} is not an IANA time zone.")
    counts = None
    connection = connections[queryset.db]
    # date_bin is PostgreSQL 14's; older servers count row by row.
    if connection.vendor == "postgresql" and getattr(connection, "pg_version", 0) >= 140000:
        counts = _hour_weekday_by_quarter_hours(queryset, zone)
    if counts is None:
        rows = (
            queryset.annotate(
                d=ExtractIsoWeekDay("timestamp", tzinfo=zone), h=ExtractHour("timestamp", tzinfo=zone)
            )
            .values("d", "h")
            .annotate(n=Count("*"))
            .order_by()
        )
        counts = {(r["d"], r["h"]): r["n"] for r in rows}
    cells = [{"weekday": d, "hour": h, "count": n} for (d, h), n in sorted(counts.items())]
    return {
        "facet": "hour_weekday",
        "tz": name,
        "total": sum(c["count"] for c in cells),
        "cells": cells,
    }


QUARTER_HOUR = timedelta(minutes=15)


def _hour_weekday_by_quarter_hours(queryset, zone):
    """Counts per UTC quarter hour in one query (``date_bin``: integer arithmetic on the
    timestamp index, no per-row zone conversion, measured 6x faster than extracting the zone's
    weekday and hour from every row), each quarter then placed in the zone here. Exact: every
    offset since 1972 is a whole number of quarter hours, so a quarter hour lies inside one
    local hour; a quarter whose offset is not (local mean time before a zone's first standard,
    or a change inside the quarter) makes this answer None and the caller counts row by row."""
    sql, params = queryset.order_by().values("timestamp").query.get_compiler(using=queryset.db).as_sql()
    query = (
        "SELECT date_bin('15 minutes', s.\"timestamp\", TIMESTAMPTZ '2000-01-01 00:00:00+00'), "
        f"COUNT(*) FROM ({sql}) s GROUP BY 1"
    )
    counts = {}
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(query, params)
        for start, n in cursor.fetchall():
            local = start.astimezone(zone)
            offset = local.utcoffset()
            last = (start + QUARTER_HOUR - timedelta(microseconds=1)).astimezone(zone)
            if offset.total_seconds() % 900 or last.utcoffset() != offset:
                return None
            key = (local.isoweekday(), local.hour)
            counts[key] = counts.get(key, 0) + n
    return counts


def span(queryset):
    agg = queryset.aggregate(total=Count("*"), first=Min("timestamp"), last=Max("timestamp"))
    return {
        "facet": "span",
        "total": agg["total"],
        "first": iso(agg["first"]) if agg["first"] else None,
        "last": iso(agg["last"]) if agg["last"] else None,
    }
