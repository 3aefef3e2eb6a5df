"""The API on a read replica, for real: ``AUDIT_CONSOLE["DATABASE"]`` names an alias that every
read of the console's API uses (events, tokens, config.json's content types), so it answers from
a hot standby, and keeps answering with the primary down.

Like tests/test_contract.py, real processes over HTTP: a primary and a hot standby of its own
(tests/pgcluster.py: ``pg_basebackup -R``, streaming replication on loopback; not the run's
shared test server, since this test stops its primary), the example project migrated and seeded
on the primary, and served by ``manage.py runserver`` with ``default`` = the primary and
``replica`` = the standby (EXAMPLE_REPLICA_*, which also sets the alias). Skipped without the
PostgreSQL binaries (failed under AUDIT_CONSOLE_REQUIRE_PG=1).
"""

import json
import os
import subprocess
import sys
import time
import uuid

import pytest

from . import pgcluster
from .conftest import skip_without_postgresql
from .test_contract import EXAMPLE, PACKAGE, Server, free_port, wait_for_port

TOKEN = "replica-token"
EVENTS = 300
DB = "shop"
TABLE = "django_audit_events_auditevent"


class Site:
    """The primary, the standby, and the example project serving the API from the standby."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.primary = self.standby = self.server = None
        self.timings = {}

    def step(self, name, started):
        self.timings[name] = round(time.monotonic() - started, 2)

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, str(EXAMPLE / "manage.py"), *args], env=self.env, cwd=EXAMPLE,
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr}"
        return result.stdout

    def start(self):
        t = time.monotonic()
        self.primary = pgcluster.Cluster.create().start()
        self.step("primary up", t)
        t = time.monotonic()
        # The standby first, empty: everything after streams to it.
        self.standby = self.primary.standby()
        self.step("standby up (pg_basebackup -R)", t)
        self.primary.createdb(DB)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("EXAMPLE_POSTGRES_", "EXAMPLE_REPLICA_"))}
        env.update(self.primary.env(), **self.standby.env("EXAMPLE_REPLICA_"))
        env.update(
            EXAMPLE_POSTGRES_DB=DB,
            DJANGO_SETTINGS_MODULE="example_project.settings",
            EXAMPLE_DEBUG="0",
            PYTHONPATH=os.pathsep.join([str(PACKAGE), str(EXAMPLE)]),
        )
        self.env = env
        t = time.monotonic()
        self.manage("migrate", "-v0")
        self.manage("seed_audit_events", "--events", str(EVENTS), "--token", TOKEN)
        self.step("migrate + seed on the primary", t)
        t = time.monotonic()
        self.standby.wait_replayed(self.primary)
        self.step("replayed on the standby", t)
        t = time.monotonic()
        port = free_port()
        self.log = self.tmp / "runserver.log"
        process = subprocess.Popen(
            [sys.executable, str(EXAMPLE / "manage.py"), "runserver", f"127.0.0.1:{port}",
             "--noreload", "--skip-checks"],
            env=env, cwd=EXAMPLE, stdout=open(self.log, "w"), stderr=subprocess.STDOUT,
        )
        origin = f"http://127.0.0.1:{port}"
        self.server = Server("django", origin, f"{origin}/admin/audit/api/v1", process)
        wait_for_port(port, process)
        self.step("runserver up", t)
        return self

    def close(self):
        try:
            if self.server is not None:
                self.server.process.terminate()
                try:
                    self.server.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.server.process.kill()
                    self.server.process.wait()
        finally:
            for cluster in (self.standby, self.primary):
                if cluster is not None:
                    cluster.destroy()

    def server_log(self):
        return self.log.read_text(errors="replace")[-3000:]

    def get(self, path="", **kw):
        """(status, body) of the API's list (or ``path`` under it) with the staff token."""
        status, _, body = self.server.request(self.server.list_url + path, auth=f"Token {TOKEN}", **kw)
        return status, body

    def ok(self, path=""):
        status, body = self.get(path)
        assert status == 200, f"{path}: {status} {body}\n--- runserver:\n{self.server_log()}"
        return body

    def newest(self, cluster, n):
        """The uuids of the ``n`` newest events, read with SQL on ``cluster``."""
        rows = cluster.query(f"SELECT uuid FROM {TABLE} ORDER BY timestamp DESC, uuid DESC LIMIT {n}", DB)
        return [r[0] for r in rows]

    def write_event(self, marker):
        """One new event on the primary, through the model (``manage.py shell``); its uuid."""
        new = str(uuid.uuid4())
        self.manage("shell", "-c", f"""
from django.contrib.contenttypes.models import ContentType
from django_audit_events.models import get_audit_event_model
from orders.models import Order
order = Order.objects.order_by("pk").first()
get_audit_event_model().objects.create(
    uuid="{new}", content_type=ContentType.objects.get_for_model(Order), object_id=order.pk,
    url="https://shop.example.com/orders/%d/" % order.pk, remote_addr="192.0.2.7",
    query_params={{}}, headers={{"User-Agent": "replica-test"}}, content={{"action": "{marker}"}},
)
""")
        return new


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    reason = pgcluster.available()
    if reason:
        skip_without_postgresql(reason)
    s = Site(tmp_path_factory.mktemp("replica"))
    try:
        yield s.start()
    finally:
        s.close()
        print(f"\ntest_replica timings (s): {json.dumps(s.timings)}")


def test_the_api_reads_the_standby_and_keeps_answering_without_the_primary(site):
    # The seeded events, through the API: what the standby holds.
    t = time.monotonic()
    page = site.ok("?limit=5")
    assert page["count"] == EVENTS
    assert [e["uuid"] for e in page["results"]] == site.newest(site.standby, 5)
    site.step("first page through the API", t)

    # Reads go to the standby, not the primary: with its replay paused, an event written on
    # the primary is not in the API's answer; once replayed, it is.
    site.standby.execute("SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + 30
    while site.standby.scalar("SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline, "the standby's replay did not pause"
        time.sleep(0.05)
    t = time.monotonic()
    held_back = site.write_event("written while replay is paused")
    assert site.primary.scalar(f"SELECT count(*) FROM {TABLE}", DB) == str(EVENTS + 1)
    page = site.ok("?limit=5")
    assert page["count"] == EVENTS, "the API read the primary: AUDIT_CONSOLE['DATABASE'] ignored"
    assert held_back not in [e["uuid"] for e in page["results"]]
    assert site.get(f"{held_back}/")[0] == 404, "the detail read the primary"
    site.standby.execute("SELECT pg_wal_replay_resume()")
    site.standby.wait_replayed(site.primary)
    page = site.ok("?limit=5")
    assert page["count"] == EVENTS + 1
    assert page["results"][0]["uuid"] == held_back
    assert page["results"][0]["content"] == {"action": "written while replay is paused"}
    site.step("write on the primary, seen after replay", t)

    # One more, replayed; then the primary goes away, and the API still answers from the standby.
    t = time.monotonic()
    last = site.write_event("written before the primary stopped")
    site.standby.wait_replayed(site.primary)
    site.primary.stop(mode="fast")
    site.step("primary stopped", t)
    assert not site.primary.running

    t = time.monotonic()
    page = site.ok("?limit=5")
    assert page["count"] == EVENTS + 2
    assert [e["uuid"] for e in page["results"]] == site.newest(site.standby, 5)
    assert page["results"][0]["uuid"] == last
    detail = site.ok(f"{last}/")
    assert detail == page["results"][0]
    assert detail["content"] == {"action": "written before the primary stopped"}
    assert detail["remote_addr"] == "192.0.2.7" and detail["user"] is None
    # Filters and sorts work there too (a hot standby takes any read).
    every = site.ok(f"?limit=500&content_type={detail['content_type']}&sort=timestamp")
    assert every["results"][-1]["uuid"] == last
    # A token the standby does not know is still refused.
    status, _, body = site.server.request(site.server.list_url, auth="Token nobody")
    assert (status, body) == (401, {"detail": "Invalid token."})

    # config.json, its content types read from the standby. With the API's token: a session
    # cannot work here, the session store and the session's user being the primary's.
    status, headers, config = site.server.request(
        f"{site.server.origin}/admin/audit/config.json", auth=f"Token {TOKEN}"
    )
    assert status == 200, (
        f"config.json with the API's token, primary stopped: {status} "
        f"{headers.get('location', '')} {config}\n--- runserver:\n{site.server_log()}"
    )
    expected = {
        pk: f"{app}.{model}"
        for pk, app, model in site.standby.query(
            "SELECT id, app_label, model FROM django_content_type ORDER BY id", DB
        )
    }
    assert config["content_types"] == expected
    assert config["content_types"][str(detail["content_type"])] == "orders.order"
    assert config["api_base_url"] == "/admin/audit/api/v1"
    site.step("list, detail and config.json with the primary stopped", t)
