"""The API at scale (README "At scale"): estimated counts, cursor paging, the histogram, the
facets and the streamed export — each held to a plain reading of every event (the oracle), on
whichever database the run uses (scripts/test runs this file on SQLite and on PostgreSQL)."""

import csv
import io
import json
from collections import Counter
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import JSONField, Value
from django_audit_events.models import get_audit_event_model
from rest_framework.authtoken.models import Token

from audit_console import aggregates

pytestmark = pytest.mark.django_db

API = "/admin/audit/api/v1/audit-events/"
Event = get_audit_event_model()
ODD_URLS = [
    None, "", "   ", "/relative/12/x", "//evil.example/1", "HTTPS://User:pw@Shop.Example.COM/a/1/b/2?q=1#f",
    "ftp://files.example/9f8e7d6c-5b4a-4321-8765-0123456789ab/", "notaurl", "https://h/a b",
    "https://shop.example.com", "https:///nohost", "https://shop.example.com/orders/0123456789abcdef0123456789abcdef",
    "/1/2/3/", "/a//1", "/a/1//", "/", "/?q=1", "https://h?x", "https://u@h/7#x", "/x/12a/007/",
    "/t/0123456789ABCDEF0123456789abcdef0/", "/c/9F8E7D6C-5B4A-4321-8765-0123456789AB/9/",
    "/c/9f8e7d6c-5b4a-4321-8765-0123456789ab0/", "/c/9f8e7d6c5b4a-4321-8765-0123456789ab-/1",
    "\u00a0", " \t/x/1 ", "\u00a0/x", "https://h/a\u00a0b",
    "/" + "a" * 199 + "/x", "/" + "a" * 199 + "/y", "/" + "a" * 198,
]
ODD_CONTENT = [None, {"action": ""}, {"action": "\u00a0"}, {"action": "  "}, {"action": 7}, [1, 2], "text", {"changes": {}}, {"action": None}, {"action": "Ünïcode"}]


def json_value(value):
    """JSON null is stored as JSON, not as SQL NULL (the column is NOT NULL)."""
    return Value(None, JSONField()) if value is None else value


@pytest.fixture
def events(seeded, staff):
    """The seeded shop's 500 events plus odd URLs and contents."""
    ct = ContentType.objects.get_for_model(Token)
    base = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)
    field = Event._meta.get_field("timestamp")
    field.auto_now_add = False
    try:
        for i, url in enumerate(ODD_URLS * 2):
            Event.objects.create(
                timestamp=base + timedelta(minutes=i), url=url, content_type=ct, object_id=i % 3,
                content=json_value(ODD_CONTENT[i % len(ODD_CONTENT)]), user=staff if i % 2 else None,
                remote_addr=None if i % 4 == 0 else "2001:db8::1",
            )
        # Equal timestamps: cursors must still neither skip nor repeat.
        for i in range(7):
            Event.objects.create(timestamp=base, content_type=ct, object_id=99, content={"action": "tie"})
    finally:
        field.auto_now_add = True
    return list(Event.objects.all())


@pytest.fixture
def api(client, staff):
    key = Token.objects.create(user=staff).key

    def get(path, **params):
        return client.get(API + path, params, HTTP_AUTHORIZATION=f"Token {key}")

    return get


def keys(results):
    return [r["uuid"] for r in results]


def newest_first(events):
    return [str(e.pk) for e in sorted(events, key=lambda e: (e.timestamp, str(e.pk)), reverse=True)]


# --- counts and paging ---------------------------------------------------------------------


def test_count_estimate_is_exact_below_the_cap_and_says_so(api, events):
    r = api("", count="estimate", limit=5).json()
    assert r["count"] == len(events) and r["count_exact"] is True
    assert len(r["results"]) == 5 and r["next"]


def test_count_estimate_above_the_cap_is_marked(api, events, settings, fake_build):
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "COUNT_EXACT_UPTO": 50}
    r = api("", count="estimate", limit=5).json()
    if connection.vendor == "postgresql":
        assert r["count_exact"] is False and r["count"] > 50
    else:  # no planner estimate: the exact count
        assert r["count_exact"] is True and r["count"] == len(events)
    # The pages still turn without an exact count, and the last one says so.
    last = api("", count="estimate", limit=100, page=(len(events) + 99) // 100).json()
    assert last["next"] is None and len(last["results"]) == len(events) % 100 or 100
    assert api("", count="estimate", limit=100, page=999).status_code == 404


def test_count_none_turns_pages_without_counting(api, events):
    expected = newest_first(events)
    r = api("", count="none", limit=25, page=3).json()
    assert r["count"] is None and r["count_exact"] is False
    assert keys(r["results"]) == expected[50:75] and r["next"] and r["previous"]
    last = api("", count="none", limit=500, page=2).json()
    assert last["next"] is None and keys(last["results"]) == expected[500:]
    first = api("", count="none", cursor="", limit=25).json()
    assert first["count"] is None and keys(first["results"]) == expected[:25]
    second = api("", count="none", cursor=first["next_cursor"], limit=25).json()
    assert keys(second["results"]) == expected[25:50]
    assert "page" in api("", count="none", page="last").json()


def test_count_bad_value_names_the_field(api, events):
    r = api("", count="roughly")
    assert r.status_code == 400 and "count" in r.json()


def test_deep_page_numbers_read_keys_first_and_match_the_order(api, events):
    expected = newest_first(events)
    r = api("", limit=25, page=10).json()
    assert r["count"] == len(events)
    assert keys(r["results"]) == expected[225:250]


@pytest.mark.parametrize("sort", ["-timestamp", "timestamp"])
def test_cursor_pages_walk_the_whole_set_both_ways_without_gap_or_repeat(api, events, sort):
    expected = newest_first(events)
    if sort == "timestamp":
        expected.reverse()
    seen, pages, cursor = [], [], ""
    while True:
        r = api("", cursor=cursor, limit=37, sort=sort).json()
        assert set(r) >= {"count", "count_exact", "next_cursor", "previous_cursor", "results"}
        pages.append(r)
        seen += keys(r["results"])
        if not r["next_cursor"]:
            break
        cursor = r["next_cursor"]
    assert seen == expected
    assert pages[0]["previous_cursor"] is None
    # And back from the last page through previous_cursor.
    back, r = [], pages[-1]
    back = keys(r["results"])
    while r["previous_cursor"]:
        r = api("", cursor=r["previous_cursor"], limit=37, sort=sort).json()
        back = keys(r["results"]) + back
    assert back == expected


def test_cursor_with_filters_and_bad_values(api, events, staff):
    mine = [e for e in events if e.user_id == staff.pk]
    r = api("", cursor="", user=staff.pk, limit=500).json()
    assert sorted(keys(r["results"])) == sorted(str(e.pk) for e in mine)
    assert r["count"] == len(mine)
    assert api("", cursor="garbage!").json() == {"cursor": ["Invalid cursor."]}
    assert "cursor" in api("", cursor="", page=2).json()
    assert api("", cursor="", sort="url").status_code == 400
    assert api("", cursor="", user="x").json() == {"user": ["Enter a number."]}


def test_unindexed_sorts_are_refused_above_their_cap(api, events, settings, fake_build):
    assert api("", sort="url").status_code == 200
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "UNINDEXED_SORT_MAX_EVENTS": 100}
    r = api("", sort="url")
    assert r.status_code == 400 and "url" in r.json()["sort"][0]
    assert api("", sort="-remote_addr").status_code == 200  # indexed
    assert api("", sort="url", object_id=99).status_code == 200  # a small filtered set


# --- histogram -----------------------------------------------------------------------------


def edges_over(events, n):
    lo = min(e.timestamp for e in events) - timedelta(seconds=1)
    hi = max(e.timestamp for e in events) + timedelta(seconds=1)
    step = (hi - lo) / n
    return [lo + step * i for i in range(n)] + [hi]


def test_histogram_equals_counting_every_event(api, events, staff):
    edges = edges_over(events, 40)
    # Offsets other than Z are read as the instants they are.
    text = ",".join(e.astimezone(ZoneInfo("Asia/Kolkata")).isoformat() for e in edges)
    for filters, subset in (({}, events), ({"user": staff.pk}, [e for e in events if e.user_id == staff.pk])):
        r = api("histogram/", edges=text, **filters)
        assert r.status_code == 200, r.content
        body = r.json()
        expected = [sum(1 for e in subset if edges[i] <= e.timestamp < edges[i + 1]) for i in range(40)]
        assert body["counts"] == expected
        assert body["total"] == len(subset) == sum(expected)
        assert body["edges"][0].endswith("Z")


def test_histogram_edge_is_inclusive_below_exclusive_above(api, events):
    t = datetime(2026, 11, 1, 12, tzinfo=timezone.utc)  # 8 events at exactly this instant
    at = sum(1 for e in events if e.timestamp == t)
    r = api("histogram/", edges=f"{(t - timedelta(hours=1)).isoformat()},{t.isoformat()},{(t + timedelta(microseconds=1)).isoformat()}").json()
    assert r["counts"][1] == at and at >= 8


@pytest.mark.parametrize(
    "edges, says",
    [
        (None, "Send the bucket edges"),
        ("2026-01-01T00:00:00Z", "from 2 to"),
        ("2026-01-01T00:00:00Z,yesterday", "not an ISO 8601"),
        ("2026-01-01T00:00:00,2026-01-02T00:00:00Z", "no offset"),
        ("2026-01-02T00:00:00Z,2026-01-01T00:00:00Z", "must increase"),
        # Valid wall times that UTC cannot hold: a 400, never a 500.
        ("2026-01-01T00:00:00Z,9999-12-31T23:00:00-05:00", "not an ISO 8601"),
        ("0001-01-01T00:00:00+05:00,2026-01-01T00:00:00Z", "not an ISO 8601"),
    ],
)
def test_histogram_bad_edges_400_naming_the_field(api, events, edges, says):
    r = api("histogram/", **({"edges": edges} if edges else {}))
    assert r.status_code == 400
    assert says in r.json()["edges"][0]


def test_histogram_start_and_steps_is_the_same_as_its_edges(api, events):
    """The compact form: a year of zone days fits a request line; the answer is that of the
    edges spelled out."""
    zone = ZoneInfo("Europe/Istanbul")
    start = datetime(2026, 10, 31, tzinfo=ZoneInfo("America/New_York"))
    days = [start + timedelta(days=i) for i in range(4)]  # wall days: one is 25 hours long
    edges = [d.astimezone(timezone.utc) for d in days]
    steps = [int((b - a).total_seconds()) for a, b in zip(edges, edges[1:])]
    assert steps == [86400, 90000, 86400]
    spelled = api("histogram/", edges=",".join(e.isoformat() for e in edges)).json()
    compact = api("histogram/", start=edges[0].astimezone(zone).isoformat(), steps="86400,90000,86400").json()
    assert compact == spelled and sum(spelled["counts"]) > 0
    assert api("histogram/", start=edges[0].isoformat(), steps="86400x2,90000").json()["edges"][1:3] == [
        spelled["edges"][1], aggregates.iso(edges[1] + timedelta(days=1))]
    year = api("histogram/", start="2025-12-01T00:00:00+03:00", steps="86400x365")
    assert year.status_code == 200 and len(year.json()["counts"]) == 365
    assert len(year.wsgi_request.get_full_path()) < 400


@pytest.mark.parametrize(
    "params, field, says",
    [
        ({"start": "2026-01-01T00:00:00Z"}, "steps", "Send the steps"),
        ({"steps": "60"}, "start", "Send the first edge"),
        ({"start": "2026-01-01T00:00:00", "steps": "60"}, "start", "with an offset"),
        ({"start": "2026-01-01T00:00:00Z", "steps": "60,-5"}, "steps", "Step 2"),
        ({"start": "2026-01-01T00:00:00Z", "steps": "0"}, "steps", "Step 1"),
        ({"start": "2026-01-01T00:00:00Z", "steps": "60x1001"}, "steps", "buckets at most"),
        ({"start": "9999-12-31T00:00:00Z", "steps": "86400x2"}, "steps", "9999"),
        ({"start": "9999-12-31T17:00:00-05:00", "steps": "3600x2"}, "steps", "9999"),
        ({"start": "0001-01-01T00:00:00+05:00", "steps": "60"}, "start", "with an offset"),
        ({"start": "2026-01-01T00:00:00Z", "steps": "60", "edges": "2026-01-01T00:00:00Z,2026-01-02T00:00:00Z"}, "edges", "not both"),
    ],
)
def test_histogram_bad_start_or_steps_400_naming_the_field(api, events, params, field, says):
    r = api("histogram/", **params)
    assert r.status_code == 400, r.content
    assert says in r.json()[field][0]


def test_histogram_bucket_cap(api, events, settings, fake_build):
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "HISTOGRAM_MAX_BUCKETS": 3}
    text = ",".join(e.isoformat() for e in edges_over(events, 4))
    assert "3 buckets" in api("histogram/", edges=text).json()["edges"][0]


# --- facets --------------------------------------------------------------------------------


def oracle(events, name):
    if name == "user":
        return Counter(e.user_id for e in events)
    if name == "content_type":
        return Counter(e.content_type_id for e in events)
    if name == "object":
        return Counter((e.content_type_id, e.object_id) for e in events)
    if name == "remote_addr":
        return Counter(e.remote_addr for e in events)
    if name == "path":
        return Counter(aggregates.fold_url(e.url) for e in events)
    if name == "action":
        return Counter(aggregates.action_of(e.content) for e in events)


def answer_key(name, entry):
    v = entry["value"]
    if name == "object":
        return (v["content_type"], v["object_id"])
    if name == "path":
        if v is None:
            return ("unparsed", None, None) if entry.get("unparsed") else ("none", None, None)
        return ("value", v["origin"], v["path"])
    if name == "action":
        if v is None:
            return ("unparsed", None) if entry.get("unparsed") else ("none", None)
        return ("value", v)
    return v


@pytest.mark.parametrize("name", ["user", "content_type", "object", "remote_addr", "path", "action"])
def test_every_facet_equals_a_plain_group_by(api, events, name):
    expected = oracle(events, name)
    r = api("facets/", facet=name, top=1000)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["total"] == len(events)
    assert body["distinct"] == len(expected)
    got = {answer_key(name, v): v["count"] for v in body["values"]}
    if name == "remote_addr":  # the database's canonical form of an address
        expected = Counter({(None if k is None else str(k)): n for k, n in expected.items()})
    assert got == dict(expected)
    counts = [v["count"] for v in body["values"]]
    assert counts == sorted(counts, reverse=True)
    # Whole numbers in the JSON, never 12.0 or "12".
    assert all(type(n) is int for n in counts) and type(body["total"]) is int, r.content[:300]


def test_facet_paging_gives_more_values_on_request(api, events):
    whole = api("facets/", facet="object", top=1000).json()["values"]
    first = api("facets/", facet="object", top=5).json()
    second = api("facets/", facet="object", top=5, offset=5).json()
    assert first["values"] + second["values"] == whole[:10]
    beyond = api("facets/", facet="object", top=5, offset=10**6).json()
    assert beyond["values"] == [] and beyond["distinct"] == len(whole)


def test_user_facet_names_the_users(api, events, staff):
    body = api("facets/", facet="user", top=1000).json()
    mine = next(v for v in body["values"] if v["value"] == staff.pk)
    assert mine["user"] == {"pk": staff.pk, "email": "staff@example.com", "first_name": "Sam", "last_name": "Staff"}
    assert all("user" not in v for v in body["values"] if v["value"] is None)


def test_path_folding_matches_the_console(api, events):
    assert aggregates.fold_url("HTTPS://User:pw@Shop.Example.COM/a/1/b/2?q=1#f") == ("value", "https://shop.example.com", "/a/{id}/b/{id}")
    assert aggregates.fold_url("/relative/12/x") == ("value", "", "/relative/{id}/x")
    assert aggregates.fold_url("https://shop.example.com") == ("value", "https://shop.example.com", "/")
    assert aggregates.fold_url("https://h/a b")[0] == "unparsed"
    assert aggregates.fold_url("//evil.example/1")[0] == "unparsed"
    assert aggregates.fold_url("   ")[0] == "none"
    values = api("facets/", facet="path", top=1000).json()["values"]
    paths = {(v["value"] or {}).get("path") for v in values}
    assert "/orders/{id}" in paths and "/{id}/" in paths


@pytest.mark.parametrize(
    "zone_name",
    # New York's DST ended on 2026-11-01 06:00 UTC, inside the fixture's events; Kathmandu is
    # +05:45; Lord Howe shifts by half an hour; Monrovia kept -00:44:30 until 1972.
    ["America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe", "Africa/Monrovia", "UTC"],
)
def test_hour_weekday_in_a_zone(api, events, zone_name):
    zone = ZoneInfo(zone_name)
    if zone_name == "Africa/Monrovia":
        # An offset that is not whole quarter hours: the answer must still be exact.
        ct = ContentType.objects.get_for_model(Token)
        old = Event.objects.create(content_type=ct, object_id=1, content={})
        Event.objects.filter(pk=old.pk).update(timestamp=datetime(1970, 6, 1, 0, 20, tzinfo=timezone.utc))
        events = list(Event.objects.all())
    around = [
        datetime(2026, 11, 1, 5, 59, 59, 999999, tzinfo=timezone.utc),
        datetime(2026, 11, 1, 6, 0, tzinfo=timezone.utc),
        datetime(2026, 4, 4, 15, 14, 59, tzinfo=timezone.utc),  # Lord Howe's DST ended at 15:00 UTC
        datetime(2026, 4, 4, 15, 0, tzinfo=timezone.utc),
    ]
    ct = ContentType.objects.get_for_model(Token)
    for when in around:
        e = Event.objects.create(content_type=ct, object_id=2, content={})
        Event.objects.filter(pk=e.pk).update(timestamp=when)
    events = list(Event.objects.all())
    expected = Counter((e.timestamp.astimezone(zone).isoweekday(), e.timestamp.astimezone(zone).hour) for e in events)
    body = api("facets/", facet="hour_weekday", tz=zone_name).json()
    assert {(c["weekday"], c["hour"]): c["count"] for c in body["cells"]} == dict(expected)
    assert body["total"] == len(events)
    assert [(c["weekday"], c["hour"]) for c in body["cells"]] == sorted(expected)
    assert "tz" in api("facets/", facet="hour_weekday", tz="Mars/Olympus").json()
    assert "tz" in api("facets/", facet="hour_weekday").json()


def test_span(api, events):
    body = api("facets/", facet="span").json()
    assert body["total"] == len(events)
    assert body["first"] == aggregates.iso(min(e.timestamp for e in events))
    assert body["last"] == aggregates.iso(max(e.timestamp for e in events))


def test_facets_take_the_list_filters_and_validate_them(api, events, staff):
    body = api("facets/", facet="content_type", user=staff.pk).json()
    assert body["total"] == sum(1 for e in events if e.user_id == staff.pk)
    assert api("facets/", facet="user", user="2.5").json() == {"user": ["Enter a number."]}
    assert api("facets/", facet="user", timestamp__gte="soon").status_code == 400
    assert "facet" in api("facets/", facet="colour").json()
    assert "top" in api("facets/", facet="user", top="0").json()
    assert "offset" in api("facets/", facet="user", offset="-1").json()


# --- export --------------------------------------------------------------------------------


def body_of(response):
    return b"".join(response.streaming_content).decode()


def test_export_ndjson_is_the_whole_filtered_set_masked(api, events, settings, fake_build):
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "EXPORT_BATCH_SIZE": 7}
    r = api("export/", **{"as": "ndjson"})
    assert r.status_code == 200 and r["Content-Type"].startswith("application/x-ndjson")
    assert "attachment" in r["Content-Disposition"]
    lines = [json.loads(line) for line in body_of(r).splitlines()]
    assert [e["uuid"] for e in lines] == newest_first(events)
    text = json.dumps(lines, ensure_ascii=False)
    assert "Bearer" not in text and "sessionid=" not in text
    assert "••••••••" in text


def test_export_fast_path_writes_what_the_serializer_writes(api, events, monkeypatch):
    """The export reads tuples, not models (export.plain_rows); every line must equal the one
    the serializer path writes for the same event, and a host's own serializer keeps that path."""
    from audit_console import api as console_api
    from audit_console import export

    fast = body_of(api("export/", **{"as": "ndjson"})).splitlines()
    fast_csv = body_of(api("export/", **{"as": "csv"})).splitlines()

    class HostSerializer(console_api.EventSerializer):
        class Meta(console_api.EventSerializer.Meta):
            pass

    assert export.plain_rows(HostSerializer, {}) is None
    monkeypatch.setattr(console_api.AuditEventViewSet, "serializer_class", HostSerializer)
    slow = body_of(api("export/", **{"as": "ndjson"})).splitlines()
    slow_csv = body_of(api("export/", **{"as": "csv"})).splitlines()
    assert len(fast) == len(events) and fast == slow
    assert fast_csv == slow_csv
    # And each line is the list's own representation of the event, masked.
    listed = {e["uuid"]: e for page in (1, 2) for e in api("", limit=500, page=page).json()["results"]}
    for line in fast:
        event = json.loads(line)
        assert event == json.loads(export.ndjson_line(listed[event["uuid"]]))


def test_export_writes_what_the_console_writes_for_the_shared_cases():
    """src/list/export/export_cases.json: events and the console's own CSV row and masked NDJSON
    object for each (cargo test holds the console to them)."""
    from pathlib import Path

    from audit_console import export

    path = Path(__file__).resolve().parents[3] / "src" / "list" / "export" / "export_cases.json"
    cases = json.loads(path.read_text())["cases"]
    assert len(cases) >= 4
    for case in cases:
        assert export.csv_row(case["event"]) == case["csv"], case["event"]["uuid"]
        assert json.loads(export.ndjson_line(case["event"])) == case["ndjson"], case["event"]["uuid"]


def test_export_csv_in_the_consoles_columns(api, events, staff):
    r = api("export/", **{"as": "csv", "user": staff.pk, "sort": "timestamp"})
    rows = list(csv.reader(io.StringIO(body_of(r))))
    assert rows[0][:3] == ["uuid", "timestamp", "user_id"] and len(rows[0]) == 15
    mine = [e for e in events if e.user_id == staff.pk]
    assert len(rows) - 1 == len(mine)
    assert all(row[1].endswith("Z") and row[2] == str(staff.pk) for row in rows[1:])


def test_export_bad_parameters_400_before_streaming(api, events):
    assert "as" in api("export/", **{"as": "xlsx"}).json()
    assert api("export/", user="x").json() == {"user": ["Enter a number."]}
    assert "sort" in api("export/", sort="url").json()


# --- who may ask, and the time budget -------------------------------------------------------


@pytest.mark.parametrize("path", ["histogram/?edges=2026-01-01T00:00:00Z,2026-01-02T00:00:00Z", "facets/?facet=user", "export/", "?cursor="])
def test_anonymous_and_non_staff_get_nothing(client, regular, events, path):
    r = client.get(API + path)
    assert r.status_code == 401
    key = Token.objects.create(user=regular).key
    r = client.get(API + path, HTTP_AUTHORIZATION=f"Token {key}")
    assert r.status_code == 403 and "results" not in r.json()


def test_past_the_time_budget_a_clear_400(api, events, settings, fake_build, monkeypatch):
    from audit_console import db

    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "STATEMENT_TIMEOUT": 0.001}
    slow = "SELECT pg_sleep(0.2)" if connection.vendor == "postgresql" else (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 5000000) SELECT count(*) FROM c"
    )
    real = aggregates.span

    def slow_span(queryset):
        with connection.cursor() as cursor:
            cursor.execute(slow)
        return real(queryset)

    monkeypatch.setattr(aggregates, "span", slow_span)
    r = api("facets/", facet="span")
    assert r.status_code == 400
    assert r.json()["code"] == "query_timeout" and "Narrow the time range" in r.json()["detail"]
    # The next request is served normally.
    monkeypatch.setattr(aggregates, "span", real)
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "STATEMENT_TIMEOUT": 5}
    assert api("facets/", facet="span").status_code == 200
    assert isinstance(db.QueryTimeout(1).detail, dict)


def test_config_json_advertises_the_aggregates(staff_client, events):
    config = staff_client.get("/admin/audit/config.json").json()
    features = config["api_features"]
    assert features["cursor"] and features["count_estimate"] and features["count_none"]
    assert set(features["facets"]["names"]) == set(aggregates.FACETS)
    assert features["export"] == ["ndjson", "csv"]
    assert features["histogram"] == {"max_buckets": 1000, "steps": True}


def test_the_indexes_exist(db):
    from audit_console.migrations import __path__  # noqa: F401
    import importlib

    migration = importlib.import_module("audit_console.migrations.0001_scale_indexes")
    table = Event._meta.db_table
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    for suffix, fields in migration.INDEXES.items():
        name = migration.index_name(table, suffix)
        assert name in constraints, name
        columns = [Event._meta.get_field(f).column for f in fields]
        assert constraints[name]["columns"] == columns
