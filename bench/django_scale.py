"""The Django package at scale (issue #32): the example project on PostgreSQL with millions of
events, served by gunicorn, timed request by request; run by scripts/bench-django-scale.

    .venv-django/bin/python bench/django_scale.py [--project DIR] [--label after|before]
        [--fresh] [--runs 3] [--index-cost | --no-index-cost] [--no-explain] [--only summary]
        [events ...]

For each number of events N (default 1,000,000 and 10,000,000):

1. A PostgreSQL cluster in /tmp/ac-scale-N (tests/pgcluster.py), reused when it holds N events
   already (its scale.json says so and a count agrees), else made and loaded: the example project
   of --project migrated, ``manage.py generate_audit_events --events N`` (this tree's command).
   ``--fresh`` loads again. A ``before`` run refuses a database that has indexes beyond the stock
   ones (the new migrations ran on it): ``--fresh`` then.
2. The --project's example project migrated (timed: on a database loaded by the baseline this is
   where the new migrations build their indexes), a superuser with a DRF token, then gunicorn
   (``example_project.wsgi``, 2 workers, EXAMPLE_DEBUG=0) on loopback.
3. Every request of REQUESTS (the API, and the Django admin's changelist for the same question
   where there is one) and of NEW_REQUESTS (the endpoints added for #32; "n/a" where the code
   under test answers 404 or lacks them): wall time on loopback, median of --runs after one
   warm-up. Then the old timeline (60 bucket counts, 4 at a time), the export (time to the end,
   bytes, the worker's peak RSS), and EXPLAIN (ANALYZE, BUFFERS) of the three slowest requests'
   queries (auto_explain, from the server's log). Then, on a gunicorn of SUMMARY["workers"]
   workers, the console's Summarize (#33): its 8 facet requests sent at once, first send to last
   answer (``--only summary``: this alone, the label's other results kept).
4. The insert cost of indexes (once per N, or with --index-cost): 200,000 rows inserted into a
   copy of the table holding its newest 1,000,000 rows with the stock indexes only, then with each
   candidate index of INDEX_CANDIDATES added.

Results: bench/django-scale-results-N.json (one entry per label: "before" is recorded from the
baseline commit's project, "after" from the current tree) and the "Django package at scale
(PostgreSQL)" section of BENCHMARKS.md (request | before | after | admin | goal).
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "integrations" / "django" / "tests"))
import pgcluster  # noqa: E402

VENV = ROOT / ".venv-django" / "bin"
GENERATOR_MANAGE = ROOT / "integrations" / "django" / "example" / "manage.py"
BENCHMARKS = ROOT / "BENCHMARKS.md"
SECTION_START = "<!-- bench:django-scale:start (written by bench/django_scale.py; edits here are overwritten) -->"
SECTION_END = "<!-- bench:django-scale:end -->"
DB = "scale"
SEED = 42
DAYS = 365
USERS = 2000
CONTENT_TYPES = 40
HISTORY_OBJECT = 77
BENCH_USER, BENCH_PASSWORD = "bench", "bench-scale-password"
BENCH_TOKEN = "b3nchsca1e0000000000000000000000000000aa"
API = "/admin/audit/api/v1/audit-events/"
ADMIN = "/admin/django_audit_events/auditevent/"
# The cluster: pgcluster's throw-away defaults (no fsync) plus a modest production memory size
# and room for the load's WAL.
PG_SETTINGS = {
    "shared_buffers": "'1GB'",
    "max_wal_size": "'8GB'",
    "checkpoint_timeout": "'30min'",
}
STOCK_INDEX_COLUMNS = {"uuid", "content_type_id", "user_id", "timestamp"}  # one column each

# --- What is measured: edit here ------------------------------------------------------------
# Placeholders: {ct} the busiest content type, {obj} the object of the history, {user} the
# busiest user, {since7} the newest event minus 7 days (ISO, Z), {ct_real} = {ct}.
# "admin": the changelist's query string for the same question (None: it has none).
# "goal": shown in the table (#32's goals at 10M events where it sets one; ms unless said).
REQUESTS = [
    dict(key="newest", label="newest 50, exact count", api="?limit=50", admin="", goal="≤ 60 ms"),
    dict(key="page2", label="page turn (page=2)", api="?limit=50&page=2", admin="?p=2", goal="≤ 30 ms"),
    dict(key="history", label="object history (content_type={ct}, object_id={obj})",
         api="?limit=50&content_type={ct}&object_id={obj}",
         admin="?content_type__id__exact={ct}&object_id={obj}", goal="≤ 30 ms"),
    dict(key="user", label="one user (user={user}, the busiest)", api="?limit=50&user={user}",
         admin="?user__id__exact={user}", goal="≤ 300 ms"),
    dict(key="last7", label="last 7 days (timestamp__gte)", api="?limit=50&timestamp__gte={since7}",
         admin="?timestamp__gte={since7}", goal="≤ 300 ms"),
    dict(key="page2000", label="page 2000 of 50 (offset 99,950)", api="?limit=50&page=2000",
         admin="?p=1000", goal="≤ 60 ms"),
    dict(key="offset200k", label="500 at offset 200,000 (page=401&limit=500)", api="?limit=500&page=401",
         admin="?p=2001", goal="≤ 60 ms"),
    dict(key="sort_remote_addr", label="sort=remote_addr", api="?limit=50&sort=remote_addr", admin=None, goal="≤ 1 s"),
    dict(key="sort_user", label="sort=user", api="?limit=50&sort=user", admin="?o=2", goal="≤ 1 s"),
    dict(key="sort_content_type", label="sort=content_type", api="?limit=50&sort=content_type", admin=None, goal="≤ 1 s"),
    dict(key="sort_object_id", label="sort=object_id", api="?limit=50&sort=object_id", admin=None, goal="≤ 1 s"),
    dict(key="sort_url", label="sort=url", api="?limit=50&sort=url", admin=None, goal="≤ 1 s"),
    dict(key="sort_timestamp", label="sort=timestamp (oldest first)", api="?limit=50&sort=timestamp",
         admin="?o=4", goal="≤ 300 ms"),
]
TIMELINE = dict(key="timeline_counts", label="timeline, old way: 60 counts (limit=1), 4 at a time",
                buckets=60, parallel=4, goal="≤ 2 s")
FACETS = ["user", "content_type", "object", "remote_addr", "path", "action", "hour_weekday", "span"]
# The endpoints #32 adds. "expect": a key the JSON answer must hold (else the code under test
# lacks the feature: "n/a"). "follow": read this key of each answer as the next page's cursor,
# that many times (the time is the first page plus the follows; each is kept too).
# {day_first}: the first of 365 UTC days; {edges_hourly7}: 169 hourly ISO instants; at run time.
NEW_REQUESTS = [
    dict(key="cursor", label="cursor=, limit=50, then next_cursor 3 pages", api="?cursor=&limit=50",
         expect="next_cursor", follow=("next_cursor", 3), goal="≤ 50 ms a page"),
    dict(key="cursor_uncounted", label="cursor=&count=none, limit=50, then next_cursor 3 pages (a page turn when the total is known)",
         api="?cursor=&count=none&limit=50", expect="next_cursor", follow=("next_cursor", 3), goal="≤ 30 ms a page"),
    dict(key="uncounted_page2000", label="count=none, page 2000 of 50", api="?count=none&limit=50&page=2000",
         expect="count_exact", goal="≤ 60 ms"),
    dict(key="uncounted_offset200k", label="count=none, 500 at offset 200,000", api="?count=none&limit=500&page=401",
         expect="count_exact", goal="≤ 60 ms"),
    dict(key="estimate", label="count=estimate, limit=50", api="?count=estimate&limit=50",
         expect="count_exact", goal="≤ 60 ms"),
    dict(key="estimate_page2", label="count=estimate, page turn (page=2)", api="?count=estimate&limit=50&page=2",
         expect="count_exact", goal="≤ 30 ms"),
    dict(key="estimate_page2000", label="count=estimate, page 2000 of 50", api="?count=estimate&limit=50&page=2000",
         expect="count_exact", goal="≤ 60 ms"),
    dict(key="estimate_offset200k", label="count=estimate, 500 at offset 200,000", api="?count=estimate&limit=500&page=401",
         expect="count_exact", goal="≤ 60 ms"),
    dict(key="histogram_all", label="histogram, 365 daily buckets over all time",
         api="histogram/?start={day_first}&steps=86400x365", expect="counts", goal="≤ 1,500 ms"),
    dict(key="histogram_7d", label="histogram, 168 hourly buckets over the last 7 days",
         api="histogram/?edges={edges_hourly7}", expect="counts", goal="≤ 150 ms"),
] + [
    dict(key=f"facet_{f}_{span}", label=f"facet={f}, {'last 7 days' if span == '7d' else 'all time'}",
         api=f"facets/?facet={f}&top=10" + ("&tz=Europe/Istanbul" if f == "hour_weekday" else "")
         + ("&timestamp__gte={since7}" if span == "7d" else ""),
         expect="facet", facet=(f, span), goal="")
    for span in ("7d", "all") for f in FACETS
]
FACET_GOALS = {"7d": "≤ 1 s (all 8)", "all": "≤ 15 s (all 8)"}
# The console's Summarize (#33, config.json api_features.facets): the 8 facet requests of one
# summary sent at once, each with the view's filters ({pin}: the newest event, to the next second,
# as the console pins "now"); done at the last answer (a 400 query_timeout is one: shown in
# place). On a gunicorn of its own with a worker per request, so all 8 run at once.
SUMMARY = dict(label="Summarize, 8 facet requests at once (as the console sends them)", workers=8,
               filters={"all": "timestamp__lte={pin}", "7d": "timestamp__gte={pin7}&timestamp__lte={pin}"},
               goals={"all": "≤ 15 s", "7d": "≤ 2 s"})
EXPORT = dict(key="export", label="export, NDJSON, ~1,000,000 newest events",
              api="export/?as=ndjson&timestamp__gte={export_since}", events=1_000_000,
              goal="≤ 60 s, flat memory")
INDEX_CANDIDATES = [
    ("content_type_id, object_id, timestamp", '("content_type_id", "object_id", "timestamp")'),
    ("user_id, timestamp", '("user_id", "timestamp")'),
    ("remote_addr, timestamp", '("remote_addr", "timestamp")'),
    ("timestamp, uuid", '("timestamp", "uuid")'),
    ("url, timestamp", '("url", "timestamp")'),
    ("object_id, timestamp", '("object_id", "timestamp")'),
    ("(content->>'action'), timestamp", "((content->>'action'), \"timestamp\")"),
]
# gunicorn's default: the daily histogram is sent as start + steps, as the console sends it.
LIMIT_REQUEST_LINE = 4094
# Explained besides the three slowest requests (when they answered 200).
EXPLAIN_ALSO = ["history", "newest"]
INSERT_ROWS = 200_000
INSERT_PREFILL = 1_000_000
TABLE = "django_audit_events_auditevent"


def log(*parts):
    print(f"[{datetime.now():%H:%M:%S}]", *parts, flush=True)


def iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def short_iso(dt):
    return dt.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def git_describe(project):
    top = subprocess.run(["git", "-C", str(project), "rev-parse", "--short", "HEAD"],
                         capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", str(project), "status", "--porcelain", "--", "."],
                           capture_output=True, text=True).stdout.strip()
    return top + (" + working tree" if dirty else "")


# --- The cluster ------------------------------------------------------------------------------


class Scale:
    """/tmp/ac-scale-N: the cluster (pgdata/) and what is known of its data (scale.json)."""

    def __init__(self, events):
        self.events = events
        self.dir = Path(f"/tmp/ac-scale-{events}")
        self.datadir = self.dir / "pgdata"
        self.meta_path = self.dir / "scale.json"
        self.meta = json.loads(self.meta_path.read_text()) if self.meta_path.exists() else {}
        self.cluster = None

    def save(self):
        self.meta_path.write_text(json.dumps(self.meta, indent=2) + "\n")

    def stop_stray(self):
        """A server left running in pgdata (an interrupted run): stop it."""
        if (self.datadir / "postmaster.pid").exists():
            pgcluster.main(["stop", str(self.datadir)])

    def start(self):
        self.stop_stray()
        self.cluster = pgcluster.Cluster(self.datadir).start()
        return self.cluster

    def make(self):
        self.stop_stray()
        if self.dir.exists():
            shutil.rmtree(self.dir)
        self.dir.mkdir(parents=True)
        self.dir.chmod(0o755)
        self.meta = {"events": self.events, "loaded": False}
        pgcluster.Cluster.create(self.datadir, settings=PG_SETTINGS)
        self.start()
        self.cluster.createdb(DB)
        self.save()

    def env(self):
        env = dict(os.environ)
        env.update(self.cluster.env())
        env.update(EXAMPLE_POSTGRES_DB=DB, EXAMPLE_DEBUG="0", PYTHONUNBUFFERED="1")
        return env

    def scalar(self, sql):
        return self.cluster.scalar(sql, db=DB)

    def indexes(self):
        rows = self.cluster.query(
            f"SELECT indexname, indexdef FROM pg_indexes WHERE tablename = '{TABLE}' ORDER BY 1", db=DB)
        return {name: definition for name, definition in rows}


def extra_indexes(indexes):
    """Indexes of the events table beyond django-audit-events' own four."""
    extra = {}
    for name, definition in indexes.items():
        cols = re.search(r"\((.*)\)\s*$", definition).group(1)
        cols = {c.strip().strip('"') for c in cols.split(",")}
        if not (len(cols) == 1 and cols <= STOCK_INDEX_COLUMNS and " USING btree " in definition):
            extra[name] = definition
    return extra


def manage(project, scale, *args, capture=False):
    cmd = [str(VENV / "python"), str(project / "example" / "manage.py"), *args]
    if capture:
        done = subprocess.run(cmd, env=scale.env(), capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
        return done.stdout
    done = subprocess.run(cmd, env=scale.env())
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed ({done.returncode})")
    return ""


def prepare(scale, project, label, fresh):
    """The cluster loaded with N events and migrated by `project`; what was done, timed."""
    reuse = False
    if not fresh and scale.meta.get("loaded") and scale.meta.get("events") == scale.events \
            and (scale.datadir / "PG_VERSION").exists():
        scale.start()
        count = int(scale.scalar(f"SELECT count(*) FROM {TABLE}"))
        reuse = count == scale.events
        if not reuse:
            log(f"{scale.dir} holds {count:,} events, not {scale.events:,}: loading again")
            scale.cluster.stop()
    if reuse:
        log(f"reusing {scale.dir} ({scale.events:,} events, loaded {scale.meta['loaded_at']})")
        extra = extra_indexes(scale.indexes())
        if label == "before" and extra:
            raise SystemExit(
                f"{scale.dir} has indexes beyond the stock ones ({', '.join(extra)}): a 'before' run "
                "needs a database the new migrations never touched. Run with --fresh."
            )
    else:
        log(f"making {scale.dir}")
        scale.make()
        t0 = time.monotonic()
        manage(project, scale, "migrate", "-v0")
        scale.meta["initial_migrate"] = {"project": str(project), "label": label,
                                         "seconds": round(time.monotonic() - t0, 1)}
        anchor = datetime.now(timezone.utc).replace(minute=0, second=0, microsecond=0)
        log(f"generating {scale.events:,} events (anchor {iso(anchor)})")
        t0 = time.monotonic()
        proc = subprocess.Popen(
            [str(VENV / "python"), str(GENERATOR_MANAGE), "generate_audit_events",
             "--events", str(scale.events), "--days", str(DAYS), "--users", str(USERS),
             "--content-types", str(CONTENT_TYPES), "--seed", str(SEED), "--anchor", iso(anchor)],
            env=scale.env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        lines = []
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            print("    " + lines[-1], flush=True)
        if proc.wait():
            raise SystemExit("generate_audit_events failed")
        total = time.monotonic() - t0
        last = lines[-1]
        m = re.search(r"insert ([\d.]+) s, ([\d,]+) events/s; vacuum analyze ([\d.]+) s", last)
        scale.meta.update(
            loaded=True, loaded_at=iso(datetime.now(timezone.utc)), anchor=iso(anchor),
            seed=SEED, days=DAYS, users=USERS, content_types=CONTENT_TYPES,
            load_seconds=round(total, 1),
            insert_seconds=float(m.group(1)) if m else None,
            vacuum_analyze_seconds=float(m.group(3)) if m else None,
            generator_output=lines,
            table_bytes=int(scale.scalar(f"SELECT pg_table_size('{TABLE}')")),
            indexes_bytes=int(scale.scalar(f"SELECT pg_indexes_size('{TABLE}')")),
        )
        scale.save()
    # The project under test migrates the database (its new indexes, if any, are built here).
    before = scale.indexes()
    t0 = time.monotonic()
    manage(project, scale, "migrate", "-v0")
    seconds = round(time.monotonic() - t0, 1)
    after = scale.indexes()
    added = {name: after[name] for name in after if name not in before}
    migrate = {"project": str(project), "label": label, "seconds": seconds, "indexes_added": added}
    if added:
        migrate["added_bytes"] = {
            name: int(scale.scalar(f"SELECT pg_relation_size('\"{name}\"')")) for name in added}
        log(f"migrate built {len(added)} indexes in {seconds} s: {', '.join(added)}")
        scale.scalar(f"ANALYZE {TABLE}")
    scale.meta.setdefault("migrations", []).append(migrate)
    scale.save()
    return {"reused": reuse, "migrate": migrate}


def facts(scale):
    """The busiest content type and user, the span, the history's size (cached in scale.json)."""
    f = scale.meta.get("facts")
    if f:
        return f
    log("reading the data's facts")
    q = scale.scalar
    ct = int(q(f"SELECT content_type_id FROM {TABLE} GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"))
    user_row = scale.cluster.query(
        f"SELECT user_id, count(*) FROM {TABLE} WHERE user_id IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1",
        db=DB)[0]
    oldest, newest = scale.cluster.query(f"SELECT min(timestamp), max(timestamp) FROM {TABLE}", db=DB)[0]
    f = {
        "content_type": ct,
        "content_type_label": q(f"SELECT app_label || '.' || model FROM django_content_type WHERE id = {ct}"),
        "user": int(user_row[0]),
        "user_events": int(user_row[1]),
        "oldest": iso(datetime.fromisoformat(oldest)),
        "newest": iso(datetime.fromisoformat(newest)),
        "history_events": int(q(f"SELECT count(*) FROM {TABLE} WHERE content_type_id = {ct} AND object_id = {HISTORY_OBJECT}")),
    }
    newest_dt = datetime.fromisoformat(newest)
    f["since7"] = iso(newest_dt - timedelta(days=7))
    f["last7_events"] = int(q(f"SELECT count(*) FROM {TABLE} WHERE timestamp >= '{f['since7']}'"))
    n = min(EXPORT["events"], scale.events)
    f["export_since"] = iso(datetime.fromisoformat(
        q(f"SELECT timestamp FROM {TABLE} ORDER BY timestamp DESC OFFSET {n - 1} LIMIT 1")))
    scale.meta["facts"] = f
    scale.save()
    return f


def bench_user(project, scale):
    manage(project, scale, "shell", "-c", f"""
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
u, _ = User.objects.get_or_create(username={BENCH_USER!r})
u.is_staff = u.is_superuser = u.is_active = True
u.set_password({BENCH_PASSWORD!r})
u.save()
Token.objects.filter(user=u).delete()
Token.objects.create(user=u, key={BENCH_TOKEN!r})
""", capture=True)


# --- The index cost ---------------------------------------------------------------------------


def index_cost(scale, runs):
    """µs per insert that each candidate index adds to INSERT_ROWS inserted rows.

    Two copies of the table's newest INSERT_PREFILL events, both with the stock indexes only;
    for each candidate, the candidate is built on the second copy, both are aged by one round
    (insert, roll back, vacuum: the pages split as a live index's have), then each round inserts
    the same rows into the first copy and into the second, back to back, and rolls back. The
    cost is the median of the rounds' differences (the machine's other load hits both halves of
    a pair alike)."""
    import psycopg

    c = scale.cluster
    conn = psycopg.connect(host=c.host, port=c.port, user=c.user, dbname=DB, autocommit=True)
    x = conn.execute
    prefill = min(INSERT_PREFILL, scale.events)
    log(f"index cost: two copies of the newest {prefill:,} events with the stock indexes")
    for t in ("scale_probe_a", "scale_probe_b"):
        x(f"DROP TABLE IF EXISTS {t}")
        x(f"CREATE TABLE {t} (LIKE {TABLE} INCLUDING DEFAULTS INCLUDING CONSTRAINTS "
          "INCLUDING STORAGE INCLUDING COMPRESSION)")
        x(f"""INSERT INTO {t} SELECT * FROM (SELECT * FROM {TABLE}
              ORDER BY timestamp DESC LIMIT {prefill}) s ORDER BY timestamp""")
        x(f"ALTER TABLE {t} ADD PRIMARY KEY (uuid)")
        for col in ("content_type_id", "user_id", "timestamp"):
            x(f'CREATE INDEX ON {t} ("{col}")')
        x(f"VACUUM ANALYZE {t}")
    # The rows to insert: the newest INSERT_ROWS again, later by their own span, new uuids.
    x("DROP TABLE IF EXISTS scale_probe_rows")
    x(f"""CREATE UNLOGGED TABLE scale_probe_rows AS
          WITH src AS (SELECT * FROM scale_probe_a ORDER BY timestamp DESC LIMIT {INSERT_ROWS}),
               shift AS (SELECT max(timestamp) - min(timestamp) + interval '1 second' AS d FROM src)
          SELECT md5(uuid::text || 'probe')::uuid AS uuid, timestamp + (SELECT d FROM shift) AS timestamp,
                 remote_addr, url, query_params, post_data, object_id, content, content_type_id,
                 user_id, headers
          FROM src ORDER BY timestamp""")
    x("VACUUM ANALYZE scale_probe_rows")
    columns = ("uuid, timestamp, remote_addr, url, query_params, post_data, object_id, content, "
               "content_type_id, user_id, headers")

    def insert(table):
        x("BEGIN")
        t0 = time.perf_counter()
        x(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM scale_probe_rows ORDER BY timestamp")
        took = time.perf_counter() - t0
        x("ROLLBACK")
        x(f"VACUUM {table}")
        return took

    out = []
    stock_all = []
    for name, cols in INDEX_CANDIDATES:
        x("DROP INDEX IF EXISTS scale_probe_candidate")
        t0 = time.perf_counter()
        x(f"CREATE INDEX scale_probe_candidate ON scale_probe_b {cols}")
        build = time.perf_counter() - t0
        size = int(conn.execute("SELECT pg_relation_size('scale_probe_candidate')").fetchone()[0])
        insert("scale_probe_a"), insert("scale_probe_b")  # age both
        pairs = []
        for _ in range(runs):
            a = insert("scale_probe_a")
            b = insert("scale_probe_b")
            pairs.append((a, b))
        stock_all += [a for a, _ in pairs]
        deltas = [b - a for a, b in pairs]
        us = statistics.median(deltas) / INSERT_ROWS * 1e6
        out.append({"index": name, "pairs": pairs, "us_per_insert": round(us, 2),
                    "us_per_insert_min": round((min(b for _, b in pairs) - min(a for a, _ in pairs))
                                               / INSERT_ROWS * 1e6, 2),
                    "build_seconds": round(build, 2), "bytes": size})
        log(f"  index cost ({name}): {us:+.1f} µs per insert "
            f"(stock {statistics.median(a for a, _ in pairs):.2f} s, with it "
            f"{statistics.median(b for _, b in pairs):.2f} s; built in {build:.1f} s)")
    x("DROP TABLE scale_probe_a")
    x("DROP TABLE scale_probe_b")
    x("DROP TABLE scale_probe_rows")
    conn.close()
    return {
        "rows": INSERT_ROWS, "prefill": prefill, "runs": runs, "method": "paired",
        "stock_us_per_insert": round(statistics.median(stock_all) / INSERT_ROWS * 1e6, 2),
        "candidates": out,
    }


# --- HTTP -------------------------------------------------------------------------------------


class Server:
    """gunicorn serving `project`'s example on loopback."""

    def __init__(self, project, scale, workers=2):
        self.port = pgcluster.free_port()
        self.proc = subprocess.Popen(
            [str(VENV / "gunicorn"), "--chdir", str(project / "example"), "--workers", str(workers),
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "900", "--graceful-timeout", "5",
             "--log-level", "warning", "--limit-request-line", str(LIMIT_REQUEST_LINE),
             "example_project.wsgi:application"],
            env=scale.env(), start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.request("/admin/login/")[0] == 200:
                    break
            except OSError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start")
            time.sleep(0.2)
        self.cookies = {}

    def workers(self):
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                    pids.append(int(entry.name))
        return pids

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

    def request(self, path, headers=None, method="GET", body=None, stream=None):
        """(status, body bytes, seconds, response headers); `stream(chunk)` instead of keeping
        the body when given."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1200)
        t0 = time.perf_counter()
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        if stream:
            while True:
                chunk = resp.read(1 << 16)
                if not chunk:
                    break
                stream(chunk)
            data = b""
        else:
            data = resp.read()
        took = time.perf_counter() - t0
        conn.close()
        return resp.status, data, took, resp.getheaders()

    def api(self, query, **kw):
        return self.request(API + query, headers={"Authorization": f"Token {BENCH_TOKEN}"}, **kw)

    def admin_login(self):
        status, body, _, headers = self.request("/admin/login/")
        csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
        cookies = _cookies(headers)
        form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "username": BENCH_USER,
                                       "password": BENCH_PASSWORD, "next": "/admin/"})
        status, body, _, headers = self.request("/admin/login/", method="POST", body=form, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": _cookie_header(cookies),
            "Referer": f"http://127.0.0.1:{self.port}/admin/login/"})
        cookies.update(_cookies(headers))
        if status != 302 or "sessionid" not in cookies:
            raise SystemExit(f"admin login failed: {status} {body[:300]!r}")
        self.cookies = cookies

    def admin(self, query):
        return self.request(ADMIN + query, headers={"Cookie": _cookie_header(self.cookies)})


def _cookies(headers):
    out = {}
    for k, v in headers:
        if k.lower() == "set-cookie":
            name, _, rest = v.partition("=")
            out[name] = rest.split(";", 1)[0]
    return out


def _cookie_header(cookies):
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def timed(fn, runs):
    """One warm-up, then `runs`: (status, median ms, [ms], the last answer's body)."""
    status, body, _, _ = fn()
    ms = []
    for _ in range(runs):
        status, body, took, _ = fn()
        ms.append(round(took * 1000, 1))
    return status, statistics.median(ms), ms, body


def summary_of(status, body):
    """What an answer says of itself: its count, a timeout, an error's start."""
    out = {}
    try:
        data = json.loads(body)
    except ValueError:
        return {"error": body[:200].decode(errors="replace")} if status >= 400 else {}
    if isinstance(data, dict):
        for key in ("count", "count_exact", "total", "distinct", "code"):
            if key in data:
                out[key] = data[key]
        if status >= 400:
            out["error"] = json.dumps(data)[:300]
    return out


def fill(template, values):
    return template.format(**values)


def measure(server, f, runs, scale):
    results = {}
    values = dict(f, ct=f["content_type"], obj=HISTORY_OBJECT, user=f["user"])
    oldest = datetime.fromisoformat(f["oldest"].replace("Z", "+00:00"))
    newest = datetime.fromisoformat(f["newest"].replace("Z", "+00:00"))
    day0 = newest.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(days=1)
    values["day_first"] = short_iso(day0 - timedelta(days=365))
    hour0 = newest.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)
    values["edges_hourly7"] = ",".join(short_iso(hour0 - timedelta(hours=168 - i)) for i in range(169))
    values = {k: urllib.parse.quote(v, safe=",:") if isinstance(v, str) else v for k, v in values.items()}

    for r in REQUESTS:
        q = fill(r["api"], values)
        status, med, ms, body = timed(lambda: server.api(q), runs)
        entry = {"label": fill(r["label"], values), "api": API + q, "status": status, "ms": med, "runs": ms,
                 **summary_of(status, body)}
        if r["admin"] is not None:
            aq = fill(r["admin"], values)
            astatus, amed, ams, abody = timed(lambda: server.admin(aq), runs)
            entry["admin"] = {"path": ADMIN + aq, "status": astatus, "ms": amed, "runs": ams,
                              "rows": abody.count(b'name="_selected_action"') if astatus == 200 else None}
        results[r["key"]] = entry
        log(f"  {r['key']:<20} {status} {med:>9.1f} ms" +
            (f"   admin {entry['admin']['status']} {entry['admin']['ms']:.1f} ms" if "admin" in entry else ""))

    # The timeline as the console asked for it before #32: a count per bucket.
    n = TIMELINE["buckets"]
    span = (newest - oldest) + timedelta(microseconds=1)
    edges = [oldest + span * i / n for i in range(n + 1)]
    queries = [f"?limit=1&timestamp__gte={urllib.parse.quote(iso(edges[i]))}"
               f"&timestamp__lt={urllib.parse.quote(iso(edges[i + 1]))}" for i in range(n)]

    def all_counts():
        t0 = time.perf_counter()
        with concurrent.futures.ThreadPoolExecutor(TIMELINE["parallel"]) as pool:
            answers = list(pool.map(lambda q: server.api(q), queries))
        took = time.perf_counter() - t0
        statuses = {a[0] for a in answers}
        total = sum(json.loads(a[1]).get("count", 0) for a in answers if a[0] == 200)
        return (max(statuses), json.dumps({"count": total}).encode(), took, [])

    status, med, ms, body = timed(all_counts, runs)
    results[TIMELINE["key"]] = {"label": TIMELINE["label"], "status": status, "ms": med, "runs": ms,
                                **summary_of(status, body)}
    log(f"  {TIMELINE['key']:<20} {status} {med:>9.1f} ms")

    for r in NEW_REQUESTS:
        q = fill(r["api"], values)
        entry = {"label": r["label"], "api": API + q}
        status, body, _, _ = server.api(q)  # warm-up, and is the feature there?
        try:
            data = json.loads(body)
        except ValueError:
            data = None
        if status == 404 or not isinstance(data, dict) or (status == 200 and r["expect"] not in data):
            entry.update(status=status, na=True)
            results[r["key"]] = entry
            log(f"  {r['key']:<20} n/a ({status})")
            continue
        if "follow" in r:
            key, pages = r["follow"]

            def walk():
                t0 = time.perf_counter()
                s, b, first, _ = server.api(q)
                each = [round(first * 1000, 1)]
                for _ in range(pages):
                    token = json.loads(b).get(key)
                    if not token:
                        break
                    s, b, took, _ = server.api(re.sub(r"cursor=[^&]*", "cursor=" + urllib.parse.quote(token), q))
                    each.append(round(took * 1000, 1))
                walk.pages = each
                return s, b, time.perf_counter() - t0, []

            ms, pages_ms = [], []
            for _ in range(runs):
                status, body, took, _ = walk()
                ms.append(round(took * 1000, 1))
                pages_ms.append(walk.pages)
            entry.update(status=status, ms=statistics.median(ms), runs=ms, pages=pages_ms,
                         first_page_ms=statistics.median(p[0] for p in pages_ms),
                         **summary_of(status, body))
        else:
            status, med, ms, body = timed(lambda: server.api(q), runs)
            entry.update(status=status, ms=med, runs=ms, **summary_of(status, body))
        results[r["key"]] = entry
        log(f"  {r['key']:<20} {status} {entry['ms']:>9.1f} ms")

    for span in ("7d", "all"):
        keys = [r["key"] for r in NEW_REQUESTS if r.get("facet", (None, None))[1] == span]
        if all(results[k].get("na") for k in keys):
            results[f"facets_{span}"] = {"na": True}
        else:
            results[f"facets_{span}"] = {"ms": round(sum(results[k].get("ms", 0) for k in keys), 1),
                                         "statuses": sorted({results[k]["status"] for k in keys})}

    results[EXPORT["key"]] = export(server, values)
    return results


def summarize(server, f, runs, workers):
    """SUMMARY: per span, the 8 requests at once (a thread each), `runs` times after a warm-up."""
    pin = datetime.fromisoformat(f["newest"].replace("Z", "+00:00")).replace(microsecond=0) + timedelta(seconds=1)
    values = {"pin": urllib.parse.quote(short_iso(pin), safe=":"),
              "pin7": urllib.parse.quote(short_iso(pin - timedelta(days=7)), safe=":")}
    results = {}
    for span in ("all", "7d"):
        key, filters = f"summary_{span}", fill(SUMMARY["filters"][span], values)
        queries = {fc: f"facets/?{filters}&facet={fc}" + {"hour_weekday": "&tz=UTC", "span": ""}.get(
            fc, "&top=10&offset=0") for fc in FACETS}
        entry = {"label": f"{SUMMARY['label']}, {'last 7 days' if span == '7d' else 'all time'}",
                 "api": {fc: API + q for fc, q in queries.items()}, "workers": workers}
        if server.api(queries["span"])[0] == 404:
            results[key] = dict(entry, status=404, na=True)
            log(f"  {key:<20} n/a (404)")
            continue

        def at_once():
            t0 = time.perf_counter()
            with concurrent.futures.ThreadPoolExecutor(len(queries)) as pool:
                answers = dict(zip(queries, pool.map(lambda q: server.api(q), queries.values())))
            return time.perf_counter() - t0, answers

        at_once()  # warm-up
        ms, each, timed_out, statuses = [], [], [], {}
        for _ in range(runs):
            took, answers = at_once()
            ms.append(round(took * 1000, 1))
            each.append({fc: round(a[2] * 1000, 1) for fc, a in answers.items()})
            timed_out.append([fc for fc, a in answers.items()
                              if a[0] == 400 and summary_of(a[0], a[1]).get("code") == "query_timeout"])
            statuses = {fc: a[0] for fc, a in answers.items()}
        results[key] = dict(entry, ms=statistics.median(ms), runs=ms, each=each, timed_out=timed_out,
                            statuses=statuses, loadavg=os.getloadavg(),
                            date=datetime.now().strftime("%Y-%m-%d %H:%M"))
        log(f"  {key:<20} {statistics.median(ms):>9.1f} ms (runs {ms}; timed out: "
            f"{'; '.join(', '.join(t) or 'none' for t in timed_out)})")
    return results


def export(server, values):
    q = fill(EXPORT["api"], values)
    entry = {"label": EXPORT["label"], "api": API + q}
    status, body, _, _ = server.api("export/?as=ndjson&timestamp__lt=1970-01-02T00:00:00Z")
    if status == 404:
        entry.update(na=True, status=status)
        log(f"  {'export':<20} n/a ({status})")
        return entry
    workers = server.workers()

    def rss(pid, field):
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1]) * 1024
        except OSError:
            return 0
        return 0

    start_rss = {pid: rss(pid, "VmRSS") for pid in workers}
    peak = dict(start_rss)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in workers:
                peak[pid] = max(peak[pid], rss(pid, "VmRSS"))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    got = {"bytes": 0, "lines": 0, "first": None}
    t0 = time.perf_counter()

    def chunk(data):
        if got["first"] is None:
            got["first"] = time.perf_counter() - t0
        got["bytes"] += len(data)
        got["lines"] += data.count(b"\n")

    status, _, took, headers = server.api(q, stream=chunk)
    done.set()
    sampler.join()
    growth = {pid: peak[pid] - start_rss[pid] for pid in workers}
    busiest = max(growth, key=growth.get)
    entry.update(
        status=status, ms=round(took * 1000, 1), first_byte_ms=round((got["first"] or 0) * 1000, 1),
        bytes=got["bytes"], lines=got["lines"],
        events_per_s=round(got["lines"] / took) if took else None,
        worker_rss_start=start_rss[busiest], worker_rss_peak=peak[busiest],
        worker_rss_growth=growth[busiest],
        worker_vmhwm=rss(busiest, "VmHWM"),
    )
    log(f"  {'export':<20} {status} {took:.1f} s, {got['bytes'] / 1e6:.0f} MB, {got['lines']:,} lines, "
        f"worker RSS {start_rss[busiest] / 2**20:.0f} → {peak[busiest] / 2**20:.0f} MiB")
    return entry


# --- EXPLAIN of the slowest requests (auto_explain) --------------------------------------------


def explain_slowest(server, scale, results, count=3):
    timed_keys = [k for k, v in results.items() if isinstance(v, dict) and v.get("api") and v.get("ms")
                  and k != EXPORT["key"] and v.get("status") == 200]
    slowest = sorted(timed_keys, key=lambda k: results[k]["ms"], reverse=True)[:count]
    slowest += [k for k in EXPLAIN_ALSO if k in timed_keys and k not in slowest]
    import psycopg

    c = scale.cluster
    log_path = c.runtime / "postgres.log"
    plans = {}
    sets = ["session_preload_libraries = 'auto_explain'", "auto_explain.log_min_duration = 0",
            "auto_explain.log_analyze = on", "auto_explain.log_buffers = on",
            "auto_explain.log_timing = on", "auto_explain.log_format = text"]
    conn = psycopg.connect(host=c.host, port=c.port, user=c.user, dbname=DB, autocommit=True)
    conn.execute("LOAD 'auto_explain'")
    for s in sets:
        conn.execute(f"ALTER SYSTEM SET {s}")
    conn.execute("SELECT pg_reload_conf()")
    time.sleep(0.5)
    try:
        for key in slowest:
            offset = log_path.stat().st_size
            path = results[key]["api"]
            server.request(path, headers={"Authorization": f"Token {BENCH_TOKEN}"})
            time.sleep(0.3)
            with open(log_path, errors="replace") as fh:
                fh.seek(offset)
                text = fh.read()
            entries = re.split(r"(?m)^(?=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+ \[\d+\] LOG:  duration: )", text)
            found = [e.strip() for e in entries if "duration:" in e and TABLE in e]
            plans[key] = {"ms": results[key]["ms"], "api": path, "plans": found}
            log(f"  explained {key}: {len(found)} plan(s)")
    finally:
        for s in sets:
            conn.execute(f"ALTER SYSTEM RESET {s.split(' =')[0]}")
        conn.execute("SELECT pg_reload_conf()")
        conn.close()
    return plans


def key_lines(plan, most=16, width=160):
    """The plan's lines that tell the story (the query's text left out): the duration, the
    nodes, conditions, rows removed, sort methods, buffers."""
    lines = plan.splitlines()
    keep = [lines[0][lines[0].find("duration:"):]] if lines else []
    started = False
    for line in lines[1:]:
        started = started or "(cost=" in line
        if started and re.search(r"\(cost=|Index Cond|Filter:|Rows Removed|Sort Method|Buffers:|Heap Fetches", line):
            text = line.rstrip().replace("\t", "    ")
            keep.append(text if len(text) <= width else text[: width - 1] + "…")
    return keep[:most]


# --- Results and BENCHMARKS.md -----------------------------------------------------------------


OUT = {"dir": ROOT / "bench", "benchmarks": BENCHMARKS}  # --out changes both (trial runs)


def results_path(events):
    return OUT["dir"] / f"django-scale-results-{events}.json"


def fmt_ms(entry):
    if entry is None:
        return "—"
    if entry.get("na"):
        return "n/a"
    ms = entry.get("ms")
    if ms is None:
        return "—"
    text = f"{ms:,.0f}" if ms >= 100 else f"{ms:.1f}"
    status = entry.get("status")
    if status and status != 200:
        why = ("timeout" if entry.get("code") == "query_timeout" else "refused") if status == 400 else ""
        text += f" ({status}{' ' + why if why else ''})"
    return text


def table_rows(data):
    before = (data.get("labels", {}).get("before") or {}).get("results", {})
    after = (data.get("labels", {}).get("after") or {}).get("results", {})
    admin_source = before or after
    rows = []
    any_results = before or after

    def label_of(key, fallback):
        return (after.get(key) or before.get(key) or {}).get("label", fallback)

    for r in REQUESTS:
        k = r["key"]
        entry = any_results.get(k, {})
        label = label_of(k, r["label"])
        if "count" in entry and entry["count"] != data["events"]:
            label += f" — {entry['count']:,} events"
        adm = (admin_source.get(k) or {}).get("admin")
        rows.append((label, fmt_ms(before.get(k)), fmt_ms(after.get(k)), fmt_ms(adm) if adm else "—", r["goal"]))
    rows.append((TIMELINE["label"], fmt_ms(before.get(TIMELINE["key"])), fmt_ms(after.get(TIMELINE["key"])),
                 "—", TIMELINE["goal"]))
    for r in NEW_REQUESTS:
        if "facet" in r:
            continue
        k = r["key"]
        b, a = before.get(k), after.get(k)
        cell_a = fmt_ms(a)
        if a and a.get("pages"):
            first = a["first_page_ms"]
            cell_a += f" (first page {first:.1f})"
        rows.append((r["label"], fmt_ms(b), cell_a, "—", r["goal"]))
    for span in ("7d", "all"):
        name = "last 7 days" if span == "7d" else "all time"
        parts = []
        for f in FACETS:
            e = after.get(f"facet_{f}_{span}")
            if e and not e.get("na"):
                parts.append(f"{f} {fmt_ms(e)}")
        rows.append((f"facets over {name}, 8 requests summed" + (f" ({'; '.join(parts)})" if parts else ""),
                     fmt_ms(before.get(f"facets_{span}")), fmt_ms(after.get(f"facets_{span}")), "—",
                     FACET_GOALS[span]))
    for span in ("all", "7d"):
        e = after.get(f"summary_{span}")
        name = "last 7 days" if span == "7d" else "all time"
        cell = "—"
        if e and e.get("na"):
            cell = "n/a"
        elif e:
            out = sorted({fc for t in e["timed_out"] for fc in t})
            cell = (f"{e['ms']:,.0f} (runs {min(e['runs']):,.0f}–{max(e['runs']):,.0f}"
                    + (f"; 400 timeout: {', '.join(out)}" if out else "") + ")")
        rows.append((f"{SUMMARY['label']}, {name}, first send to last answer"
                     + (f" ({e['workers']} gunicorn workers)" if e and not e.get("na") else ""),
                     fmt_ms(before.get(f"summary_{span}")), cell, "—", SUMMARY["goals"][span]))
    ex_b, ex_a = before.get(EXPORT["key"]), after.get(EXPORT["key"])

    def fmt_export(e):
        if not e:
            return "—"
        if e.get("na"):
            return "n/a"
        return (f"{e['ms'] / 1000:.1f} s, {e['lines']:,} events, {e['bytes'] / 1e6:.0f} MB, "
                f"{e['events_per_s']:,}/s; worker RSS +{e['worker_rss_growth'] / 2**20:.0f} MiB "
                f"(peak {e['worker_rss_peak'] / 2**20:.0f} MiB)")
    rows.append((EXPORT["label"], fmt_export(ex_b), fmt_export(ex_a), "—", EXPORT["goal"]))
    return rows


def render_section(all_data):
    out = [SECTION_START, "## Django package at scale (PostgreSQL) (`scripts/bench-django-scale [events ...]`)", ""]
    any_label = next((lbl for d in all_data.values() for lbl in d.get("labels", {}).values()), None)
    out.append(
        "The example project (`integrations/django/example`) under gunicorn (2 sync workers; "
        f"{SUMMARY['workers']} for Summarize's requests at once; `EXAMPLE_DEBUG=0`, a new database connection per request) on PostgreSQL 15 "
        "(tests/pgcluster.py: shared_buffers 1 GB, fsync off), loopback, token authentication; "
        f"events from `manage.py generate_audit_events` (seed {SEED}, {DAYS} days, {USERS:,} users, "
        f"{CONTENT_TYPES} content types). Wall time per request in ms, median of "
        f"{any_label['runs'] if any_label else 3} after one warm-up. **before**: the package at the "
        "baseline commit, on the stock indexes (the database migrated by that commit); **after**: the "
        "current tree, after its migrations; **admin**: the Django admin's changelist for the same "
        "question (django-audit-events' `AuditEventAdmin`, 100 rows a page, session), measured in the "
        "before run; \"n/a\": the endpoint does not exist there. Raw: `bench/django-scale-results-<N>.json`."
    )
    out.append("")
    for events in sorted(all_data):
        data = all_data[events]
        labels = data.get("labels", {})
        out.append(f"### {events:,} events")
        out.append("")
        load = data.get("load") or {}
        facts_ = data.get("facts") or {}
        bits = []
        if load.get("load_seconds"):
            bits.append(
                f"load {load['load_seconds']:.0f} s (insert {load.get('insert_seconds') or 0:.0f} s, "
                f"{events / (load.get('insert_seconds') or load['load_seconds']):,.0f} events/s; "
                f"VACUUM ANALYZE {load.get('vacuum_analyze_seconds') or 0:.0f} s)")
        if load.get("table_bytes"):
            bits.append(f"table {load['table_bytes'] / 2**30:.2f} GiB, stock indexes "
                        f"{load['indexes_bytes'] / 2**30:.2f} GiB")
        for lbl in ("before", "after"):
            info = labels.get(lbl)
            if info:
                bits.append(f"{lbl}: {info['code']} on {info['date']}")
        mig = data.get("index_build") or {}
        if mig.get("indexes_added"):
            size = sum((mig.get("added_bytes") or {}).values())
            bits.append(f"the {mig['label']} tree's migrate ({mig['code']}) built {len(mig['indexes_added'])} "
                        f"indexes in {mig['seconds']:.1f} s ({size / 2**20:,.0f} MiB: "
                        f"{', '.join(n.replace(TABLE + '_', '…_') for n in mig['indexes_added'])})")
        if facts_:
            bits.append(f"busiest type {facts_['content_type_label']} (id {facts_['content_type']}), "
                        f"object {HISTORY_OBJECT}: {facts_['history_events']:,} events; busiest user "
                        f"{facts_['user']}: {facts_['user_events']:,}; last 7 days: {facts_['last7_events']:,}")
        out.append("; ".join(bits) + ".")
        out.append("")
        out.append("| request | before | after | admin | goal |")
        out.append("|---|---:|---:|---:|---|")
        for row in table_rows(data):
            out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in row) + " |")
        out.append("")
    costs = {e: d["index_cost"] for e, d in all_data.items() if d.get("index_cost")}
    if costs:
        out.append("### Insert cost of indexes")
        out.append("")
        first = next(iter(costs.values()))
        out.append(
            f"{first['rows']:,} rows inserted in one `INSERT … SELECT` (newest last, as a log grows) into two "
            "copies of the table's newest events with the stock indexes only (uuid primary key, "
            "content_type_id, user_id, timestamp; no foreign keys), the second with one candidate "
            "added, back to back and rolled back; both aged by one such round first; the median of "
            f"{first['runs']} paired differences. µs per insert the index adds:")
        out.append("")
        sizes = sorted(costs)
        out.append("| index | " + " | ".join(f"copies of {costs[e]['prefill']:,} events ({e:,} loaded)" for e in sizes) + " |")
        out.append("|---|" + "---:|" * len(sizes))
        out.append("| stock indexes only (µs per insert, whole row) | " +
                   " | ".join(f"{costs[e]['stock_us_per_insert']:.1f}" for e in sizes) + " |")
        for i, (name, _) in enumerate(INDEX_CANDIDATES):
            out.append(f"| `({name})` | " + " | ".join(_cost_cell(costs[e]["candidates"][i]) for e in sizes) + " |")
        out.append("")
    out.append(SECTION_END)
    return "\n".join(out)


def _cost_cell(c):
    text = f"{c['us_per_insert']:+.1f}"
    if "bytes" in c:
        text += f" (index {c['bytes'] / 2**20:.0f} MiB, built in {c['build_seconds']:.1f} s)"
    return text


def write_benchmarks():
    all_data = {}
    for path in sorted(OUT["dir"].glob("django-scale-results-*.json")):
        data = json.loads(path.read_text())
        all_data[int(data["events"])] = data
    if not all_data:
        return
    section = render_section(all_data)
    text = OUT["benchmarks"].read_text() if OUT["benchmarks"].exists() else "# Benchmarks\n"
    if SECTION_START in text:
        head, rest = text.split(SECTION_START, 1)
        _, tail = rest.split(SECTION_END, 1)
        text = head + section + tail
    else:
        anchor = "## A 1 MB event on the detail page"
        if anchor in text:
            head, tail = text.split(anchor, 1)
            text = head + section + "\n\n" + anchor + tail
        else:
            text = text.rstrip("\n") + "\n\n" + section + "\n"
    OUT["benchmarks"].write_text(text)


# --- Main -------------------------------------------------------------------------------------


def run(events, args):
    project = Path(args.project).resolve()
    scale = Scale(events)
    log(f"=== {events:,} events: {args.label} ({project})")
    prep = prepare(scale, project, args.label, args.fresh)
    f = facts(scale)
    path = results_path(events)
    data = json.loads(path.read_text()) if path.exists() else {"events": events, "labels": {}}
    data["load"] = {k: scale.meta.get(k) for k in (
        "loaded_at", "anchor", "load_seconds", "insert_seconds", "vacuum_analyze_seconds",
        "table_bytes", "indexes_bytes", "initial_migrate", "generator_output")}
    data["facts"] = f
    if prep["migrate"].get("indexes_added"):
        # Kept apart from the label's entry: a later run of the same label migrates nothing.
        data["index_build"] = dict(prep["migrate"], date=datetime.now().strftime("%Y-%m-%d"),
                                   code=git_describe(project))
    if not args.only and (args.index_cost or (args.index_cost is None and not data.get("index_cost"))):
        data["index_cost"] = index_cost(scale, args.index_runs)
        path.write_text(json.dumps(data, indent=2) + "\n")
    bench_user(project, scale)
    # Every label measures the same table state: vacuumed (visibility map set) and analyzed.
    t0 = time.monotonic()
    scale.scalar(f"VACUUM ANALYZE {TABLE}")
    log(f"VACUUM ANALYZE in {time.monotonic() - t0:.1f} s")
    results, plans = {}, {}
    if not args.only:
        server = Server(project, scale)
        try:
            server.admin_login()
            log(f"measuring ({args.runs} runs after a warm-up)")
            results = measure(server, f, args.runs, scale)
            plans = {} if args.no_explain else explain_slowest(server, scale, results)
        finally:
            server.stop()
    server = Server(project, scale, workers=SUMMARY["workers"])
    try:
        log(f"Summarize: 8 requests at once, {SUMMARY['workers']} workers ({args.runs} runs after a warm-up)")
        summary = summarize(server, f, args.runs, SUMMARY["workers"])
    finally:
        server.stop()
    if args.only and args.label in data["labels"]:
        # The label's other results stay (measured by an earlier full run); this run's code noted.
        data["labels"][args.label]["results"].update(summary)
        data["labels"][args.label]["summary_code"] = git_describe(project)
    else:
        data["labels"][args.label] = {
            "date": datetime.now().strftime("%Y-%m-%d"), "project": str(project), "code": git_describe(project),
            "runs": args.runs, "reused_database": prep["reused"], "migrate": prep["migrate"],
            "indexes": scale.indexes(), "loadavg": os.getloadavg(), "results": {**results, **summary},
            "explain": plans,
        }
    path.write_text(json.dumps(data, indent=2) + "\n")
    write_benchmarks()
    for key, p in plans.items():
        log(f"plan of {key} ({p['ms']} ms):")
        for plan in p["plans"]:
            for line in key_lines(plan):
                print("      " + line)
    scale.cluster.stop()
    log(f"{scale.dir} stopped; results in {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("events", nargs="*", type=int, default=[1_000_000, 10_000_000])
    parser.add_argument("--project", default=str(ROOT / "integrations" / "django"),
                        help="the integrations/django directory whose example project is measured")
    parser.add_argument("--label", default="after", choices=["before", "after"])
    parser.add_argument("--fresh", action="store_true", help="load the events again")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--index-cost", dest="index_cost", action="store_true", default=None,
                        help="measure the insert cost of indexes (default: when not recorded yet)")
    parser.add_argument("--no-index-cost", dest="index_cost", action="store_false")
    parser.add_argument("--index-runs", type=int, default=3)
    parser.add_argument("--no-explain", action="store_true")
    parser.add_argument("--only", choices=["summary"],
                        help="measure only this (the label's other results in the JSON are kept)")
    parser.add_argument("--render", action="store_true", help="only rewrite BENCHMARKS.md's section")
    parser.add_argument("--out", help="write the results and a BENCHMARKS.md here instead (trial runs)")
    args = parser.parse_args()
    if args.out:
        OUT["dir"] = Path(args.out).resolve()
        OUT["dir"].mkdir(parents=True, exist_ok=True)
        OUT["benchmarks"] = OUT["dir"] / "BENCHMARKS.md"
    if args.render:
        write_benchmarks()
        return
    for events in args.events:
        run(events, args)


if __name__ == "__main__":
    main()
