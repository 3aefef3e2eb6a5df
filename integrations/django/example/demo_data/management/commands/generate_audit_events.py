"""Millions of realistic audit events, generated inside PostgreSQL (issue #32's scale data).

    manage.py generate_audit_events --events 10000000 [--days 365] [--users 2000]
        [--content-types 40] [--seed 42] [--batch 1000000] [--anchor ISO]

Every row is built by one ``INSERT … SELECT … FROM generate_series`` per batch, oldest batch
first and each batch in time order, so the heap is in time order as a real log's is; then
``VACUUM ANALYZE``. The data, all drawn from hashes of the event's number (the same seed and
anchor give the same events):

* timestamps over ``--days`` before the anchor with a daily and weekly rhythm in the shop's time
  zone (Europe/Istanbul: busy on weekday working hours, a lunch dip, quiet nights and weekends),
  traffic growing over the period, day-to-day noise and a few bursts (bulk jobs);
* users ``scale00001…`` created in auth_user (bulk SQL), heavily skewed: a few integration
  accounts and power users make much of the traffic, a long tail makes the rest, ~5% of events
  have no user (system);
* ``--content-types`` types: the example's real models first (orders.order is the busiest), then
  ContentType rows ``scale.modelNN`` (real rows, no model class); the type and the object id are
  both skewed (many objects per type, a few very busy ones);
* remote_addr mostly IPv4 (each user keeps a few addresses), some IPv6, some NULL; URLs from 40
  endpoint templates with numeric ids and UUIDs in their paths, some with a query string;
* ``content`` = {"action": …} (view, update, create, login, delete, export, … skewed), updates
  with "changes": {"field": [old, new]}; small query_params/post_data objects; headers with a
  User-Agent.

PostgreSQL only. As a superuser the load skips the foreign-key triggers
(``session_replication_role = replica``): users and content types are valid by construction.
Autovacuum is off for the table while it loads (so the final VACUUM sets the whole visibility
map and no later row lands in an earlier page's free space), and on again after.
"""

import math
import random
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django_audit_events.models import get_audit_event_model

LOCAL_ZONE = ZoneInfo("Europe/Istanbul")
# Share of traffic by local hour of day (0–23) and by weekday (Monday first).
HOURLY = [0.05, 0.03, 0.02, 0.02, 0.02, 0.04, 0.10, 0.30, 0.65, 0.95, 1.00, 1.00,
          0.75, 0.90, 1.00, 1.00, 0.95, 0.80, 0.55, 0.40, 0.35, 0.30, 0.20, 0.10]
WEEKLY = [1.00, 1.00, 0.98, 0.95, 0.85, 0.30, 0.20]

REAL_MODELS = [
    ("orders", "order"), ("catalog", "product"), ("orders", "refund"), ("auth", "user"),
    ("catalog", "category"), ("auth", "group"),
]

# The endpoints: {id} is the event's object id, {n} a small number, {uuid} a UUID.
ENDPOINTS = [
    "/api/v1/orders/{id}/", "/api/v1/orders/{id}/items/{n}/", "/api/v1/orders/{id}/status/",
    "/api/v1/orders/", "/api/v1/orders/{id}/invoice/{uuid}/", "/api/v1/products/{id}/",
    "/api/v1/products/{id}/stock/", "/api/v1/products/", "/api/v1/products/{id}/images/{uuid}/",
    "/api/v1/refunds/{id}/", "/api/v1/refunds/{id}/approve/", "/api/v1/customers/{id}/",
    "/api/v1/customers/{id}/addresses/{n}/", "/api/v1/categories/{id}/", "/api/v1/groups/{id}/members/",
    "/api/v1/carts/{uuid}/", "/api/v1/carts/{uuid}/lines/{n}/", "/api/v1/payments/{uuid}/",
    "/api/v1/payments/{uuid}/capture/", "/api/v1/shipments/{id}/", "/api/v1/shipments/{id}/tracking/",
    "/api/v1/warehouses/{n}/stock/{id}/", "/api/v1/suppliers/{id}/", "/api/v1/coupons/{id}/",
    "/api/v1/reports/{uuid}/download/", "/api/v1/exports/{uuid}/", "/api/v1/imports/{uuid}/rows/{n}/",
    "/api/v1/webhooks/{id}/deliveries/{uuid}/", "/api/v1/users/{id}/", "/api/v1/users/{id}/permissions/",
    "/api/v1/search/", "/api/v1/reviews/{id}/", "/api/v1/returns/{id}/", "/api/v1/returns/{id}/label/{uuid}/",
    "/api/v1/price-lists/{n}/items/{id}/", "/api/v1/tax-rates/{n}/", "/api/v1/notifications/{uuid}/",
    "/admin/orders/order/{id}/change/", "/admin/catalog/product/{id}/change/", "/api/v1/audit/{uuid}/",
]

AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "python-requests/2.32.3", "shop-sync/4.2 (+https://shop.example.com/bot)", "curl/8.5.0",
    "okhttp/4.12.0",
]

FIRST_NAMES = ["Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken", "Søren", "Linus", "Margaret",
               "Ayşe", "Mehmet", "Elif", "Mustafa", "Zeynep", "Emre", "まつもと", "José", "Chloé", ""]
LAST_NAMES = ["Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Thompson", "Yılmaz", "Kaya",
              "Demir", "Şahin", "Çelik", "Öztürk", "García", "Müller", "ゆきひろ", "Nguyen", ""]


def _sql_text_array(items):
    return "ARRAY[" + ",".join("'" + s.replace("'", "''") + "'" for s in items) + "]::text[]"


def hour_plan(events, days, anchor, seed):
    """(start, count) per hour of the period, oldest first, counts summing to `events`."""
    rng = random.Random(seed)
    hours = days * 24
    # Whole clock hours, the last one ending at the anchor's hour.
    start = anchor.replace(minute=0, second=0, microsecond=0) - timedelta(hours=hours)
    day_noise = [math.exp(rng.gauss(0, 0.15)) for _ in range(days + 1)]
    bursts = {rng.randrange(hours): rng.uniform(4, 8) for _ in range(max(1, days // 60))}
    weights = []
    for h in range(hours):
        at = (start + timedelta(hours=h)).astimezone(LOCAL_ZONE)
        w = HOURLY[at.hour] * WEEKLY[at.weekday()] * (0.6 + 0.4 * h / hours) * day_noise[h // 24]
        weights.append(w * bursts.get(h, 1.0))
    total = sum(weights)
    plan, cum, done = [], 0.0, 0
    for h, w in enumerate(weights):
        cum += w
        upto = events if h == hours - 1 else min(events, int(events * cum / total))
        plan.append((start + timedelta(hours=h), upto - done, done))
        done = upto
    return plan


def batches(plan, size):
    """Hours grouped into batches of about `size` events, oldest first."""
    group, count = [], 0
    for hour in plan:
        if hour[1] == 0:
            continue
        group.append(hour)
        count += hour[1]
        if count >= size:
            yield group, count
            group, count = [], 0
    if group:
        yield group, count


class Command(BaseCommand):
    help = "Generate millions of realistic audit events in PostgreSQL (INSERT … SELECT, time order)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True)
        parser.add_argument("--days", type=int, default=365)
        parser.add_argument("--users", type=int, default=2000)
        parser.add_argument("--content-types", type=int, default=40)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--batch", type=int, default=1_000_000)
        parser.add_argument("--anchor", help="ISO 8601 instant of the newest events (default: now)")
        parser.add_argument("--no-vacuum", action="store_true", help="skip the final VACUUM ANALYZE")

    def handle(self, *args, **o):
        if connection.vendor != "postgresql":
            raise CommandError(
                f"generate_audit_events needs PostgreSQL (this database is {connection.vendor}); "
                "set EXAMPLE_POSTGRES_DB (and _HOST/_PORT/_USER) for the example project"
            )
        for name in ("events", "days", "users", "content_types", "batch"):
            if o[name] < 1:
                raise CommandError(f"--{name.replace('_', '-')} must be at least 1")
        if o["content_types"] < len(REAL_MODELS):
            raise CommandError(f"--content-types must be at least {len(REAL_MODELS)}")
        anchor = datetime.fromisoformat(o["anchor"]) if o["anchor"] else datetime.now(timezone.utc)
        if anchor.tzinfo is None:
            anchor = anchor.replace(tzinfo=timezone.utc)
        model = get_audit_event_model()
        table = connection.ops.quote_name(model._meta.db_table)
        began = time.monotonic()

        users = self.make_users(o["users"])
        cts, user_ct = self.make_content_types(o["content_types"])
        with connection.cursor() as cur:
            cur.execute(f"SELECT count(*) FROM {table}")
            existing = cur.fetchone()[0]
            cur.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            superuser = cur.fetchone()[0]
            if superuser:
                cur.execute("SET session_replication_role = replica")
            # No autovacuum while loading: it would put later rows into earlier pages' free space
            # and could hold back the final VACUUM's visibility map; back on at the end.
            cur.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")
        if existing:
            self.stdout.write(f"note: the table already holds {existing:,} events; adding more")
        # The uuids' salt: a second run on the same database never repeats the first's.
        salt = f"{o['seed']}:{int(anchor.timestamp() * 1e6)}:{existing}"
        sql = self.insert_sql(table, users, cts, user_ct, o["seed"], salt)
        self.stdout.write(
            f"generating {o['events']:,} events over {o['days']} days before {anchor.isoformat()} "
            f"({len(users)} users, {len(cts)} content types, seed {o['seed']})"
        )
        plan = hour_plan(o["events"], o["days"], anchor, o["seed"])
        try:
            insert_s = self.load(sql, plan, o)
        finally:
            with connection.cursor() as cur:
                cur.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")
        if superuser:
            with connection.cursor() as cur:
                cur.execute("SET session_replication_role = DEFAULT")
        vacuum_s = 0.0
        if not o["no_vacuum"]:
            t0 = time.monotonic()
            with connection.cursor() as cur:
                cur.execute(f"VACUUM ANALYZE {table}")
            vacuum_s = time.monotonic() - t0
            self.stdout.write(f"VACUUM ANALYZE in {vacuum_s:.1f} s")
        total = time.monotonic() - began
        self.stdout.write(
            f"generated {o['events']:,} events in {total:.1f} s (insert {insert_s:.1f} s, "
            f"{o['events'] / insert_s:,.0f} events/s; vacuum analyze {vacuum_s:.1f} s)"
        )

    def load(self, sql, plan, o):
        """Batch by batch, oldest first; the seconds it took."""
        done = 0
        load_began = time.monotonic()
        for group, count in batches(plan, o["batch"]):
            t0 = time.monotonic()
            with connection.cursor() as cur:
                cur.execute(sql, {
                    "starts": [g[0] for g in group],
                    "counts": [g[1] for g in group],
                    "firsts": [g[2] for g in group],
                })
            done += count
            took = time.monotonic() - t0
            elapsed = time.monotonic() - load_began
            self.stdout.write(
                f"  {done:>12,} / {o['events']:,}  up to {group[-1][0]:%Y-%m-%d %H:00}  "
                f"batch {count:,} in {took:.1f} s ({count / took:,.0f}/s); "
                f"overall {done / elapsed:,.0f}/s"
            )
            self.stdout.flush()
        return time.monotonic() - load_began

    def make_users(self, count):
        """`count` users scale00001… (created once, in one statement); their ids in order."""
        firsts, lasts = _sql_text_array(FIRST_NAMES), _sql_text_array(LAST_NAMES)
        with connection.cursor() as cur:
            cur.execute(
                f"""
                INSERT INTO {connection.ops.quote_name(User._meta.db_table)}
                    (password, last_login, is_superuser, username, first_name, last_name, email,
                     is_staff, is_active, date_joined)
                SELECT '!', NULL, false, 'scale' || lpad(i::text, 5, '0'),
                       ({firsts})[1 + (i * 7) %% {len(FIRST_NAMES)}],
                       ({lasts})[1 + (i * 13) %% {len(LAST_NAMES)}],
                       CASE WHEN i %% 50 = 0 THEN '' ELSE 'user' || i || '@shop.example.com' END,
                       i <= 25, i %% 40 <> 0, now() - (i || ' hours')::interval
                FROM generate_series(1, %s) AS i
                ON CONFLICT (username) DO NOTHING
                """,
                [count],
            )
            cur.execute(
                f"SELECT id FROM {connection.ops.quote_name(User._meta.db_table)} "
                "WHERE username ~ '^scale[0-9]{5}$' ORDER BY username LIMIT %s",
                [count],
            )
            return [row[0] for row in cur.fetchall()]

    def make_content_types(self, count):
        """The real models first (busiest first), then scale.modelNN rows; and auth.user's id."""
        ids = [ContentType.objects.get_by_natural_key(a, m).pk for a, m in REAL_MODELS]
        for n in range(1, count - len(REAL_MODELS) + 1):
            ids.append(ContentType.objects.get_or_create(app_label="scale", model=f"model{n:02d}")[0].pk)
        Group.objects.get_or_create(name="Support")
        return ids, ContentType.objects.get_for_model(User).pk

    def insert_sql(self, table, users, cts, user_ct, seed, salt):
        n_users, n_types = len(users), len(cts)
        # A stride coprime with the number of users: the busiest users are not the first ids.
        stride = next(p for p in (7919, 7907, 7901, 7883) if math.gcd(p, n_users) == 1)

        def u(j):  # uniform in [0, 1), the j-th draw of event e
            return f"((hashint8extended(e, {seed * 64 + j}) & 9007199254740991)::float8 / 9007199254740992.0)"

        endpoints = _sql_text_array(ENDPOINTS)
        agents = _sql_text_array(AGENTS)
        users_arr = "ARRAY[" + ",".join(map(str, users)) + "]::int[]"
        cts_arr = "ARRAY[" + ",".join(map(str, cts)) + "]::int[]"
        salt = salt.replace("'", "")
        search = ENDPOINTS.index("/api/v1/search/")
        sql = f"""
        INSERT INTO {table} (uuid, "timestamp", user_id, remote_addr, url, query_params, post_data,
                             headers, content_type_id, object_id, content)
        SELECT
            md5('{salt}:' || e)::uuid,
            ts,
            user_id,
            CASE WHEN r_ip < 0.07 THEN NULL
                 WHEN r_ip < 0.19 THEN '2001:db8::'::inet + ((ip_pool * 2654435761) % 281474976710656)
                 ELSE '1.0.0.0'::inet + ((ip_pool * 2654435761) % 3300000000) END,
            CASE WHEN action IN ('login', 'logout') THEN 'https://shop.example.com/accounts/' || action || '/'
                 WHEN r_url < 0.03 THEN NULL
                 ELSE 'https://shop.example.com'
                      || replace(replace(replace(({endpoints})[1 + tmpl], '{{id}}', object_id::text),
                                         '{{n}}', (1 + (e % 97))::text),
                                 '{{uuid}}', md5('p' || (e / 3))::uuid::text)
                      || CASE WHEN r_url > 0.85 THEN '?page=' || (1 + floor(r_url * 1000)::int % 20) ELSE '' END
            END,
            CASE WHEN r_url > 0.85 THEN jsonb_build_object('page', (1 + floor(r_url * 1000)::int % 20)::text)
                 WHEN tmpl = {search} THEN jsonb_build_object('q', 'order ' || (e % 5000), 'sort', '-created')
                 ELSE '{{}}'::jsonb END,
            CASE WHEN action IN ('create', 'update') THEN jsonb_build_object('qty', 1 + e % 9, 'note', 'ok')
                 WHEN action = 'login' THEN jsonb_build_object('username', 'user' || coalesce(user_id, 0), 'password', '********')
                 ELSE '{{}}'::jsonb END,
            CASE WHEN r_ip < 0.5
                 THEN jsonb_build_object('User-Agent', ({agents})[1 + agent], 'Accept', 'application/json')
                 ELSE jsonb_build_object('User-Agent', ({agents})[1 + agent], 'Accept', 'application/json',
                                         'X-Forwarded-For', '203.0.113.' || (ip_pool % 250 + 1))
            END,
            CASE WHEN action IN ('login', 'logout') THEN {user_ct} ELSE ({cts_arr})[1 + type_ix] END,
            CASE WHEN action IN ('login', 'logout') THEN coalesce(user_id, 1) ELSE object_id END,
            CASE WHEN action = 'update' THEN jsonb_build_object('action', action, 'changes',
                     CASE WHEN r_change < 0.35 THEN jsonb_build_object('status', jsonb_build_array('new', 'paid'))
                          WHEN r_change < 0.60 THEN jsonb_build_object('price', jsonb_build_array((e * 7919) % 500, (e * 7907) % 700 + 1))
                          WHEN r_change < 0.80 THEN jsonb_build_object('qty', jsonb_build_array((e * 7919) % 9, (e * 7907) % 9 + 1))
                          WHEN r_change < 0.92 THEN jsonb_build_object('email', jsonb_build_array('a' || e % 90 || '@example.com', 'b' || e % 90 || '@example.com'))
                          ELSE jsonb_build_object('status', jsonb_build_array('paid', 'shipped'), 'tracking', jsonb_build_array(NULL, 'TR' || e % 100000))
                     END)
                 ELSE jsonb_build_object('action', action) END
        FROM (
            SELECT e, ts, object_id, type_ix, tmpl, r_ip, r_url, r_change, agent,
                   CASE WHEN user_ix IS NULL THEN NULL ELSE ({users_arr})[1 + (user_ix * {stride}) % {n_users}] END AS user_id,
                   CASE WHEN user_ix IS NOT NULL AND r_ipkind < 0.75 THEN user_ix::bigint * 3 + floor(r_ipkind * 4)::int
                        ELSE 100000 + floor(400000 * r_ipkind * r_ipkind)::bigint END AS ip_pool,
                   CASE WHEN r_action < 0.38 THEN 'view' WHEN r_action < 0.62 THEN 'update'
                        WHEN r_action < 0.74 THEN 'create' WHEN r_action < 0.82 THEN 'login'
                        WHEN r_action < 0.86 THEN 'delete' WHEN r_action < 0.89 THEN 'export'
                        WHEN r_action < 0.92 THEN 'approve' WHEN r_action < 0.95 THEN 'logout'
                        WHEN r_action < 0.975 THEN 'refund' ELSE 'import' END AS action
            FROM (
                SELECT e, ts,
                       CASE WHEN r_user < 0.05 THEN NULL
                            ELSE floor({n_users} * power((r_user - 0.05) / 0.95, 2.6))::int END AS user_ix,
                       floor({n_types} * power(r_type, 2.2))::int AS type_ix,
                       1 + floor(floor(200000 / power(1 + floor({n_types} * power(r_type, 2.2)), 0.8))
                                 * power(r_object, 3))::int AS object_id,
                       (floor({n_types} * power(r_type, 2.2))::int * 3 + floor(4 * r_tmpl * r_tmpl)::int) % {len(ENDPOINTS)} AS tmpl,
                       floor({len(AGENTS)} * power(r_agent, 1.5))::int AS agent,
                       r_ip, r_ipkind, r_url, r_action, r_change
                FROM (
                    SELECT e, ts, {u(1)} AS r_user, {u(2)} AS r_type, {u(3)} AS r_object, {u(4)} AS r_tmpl,
                           {u(5)} AS r_agent, {u(6)} AS r_ip, {u(7)} AS r_ipkind, {u(8)} AS r_url,
                           {u(9)} AS r_action, {u(10)} AS r_change
                    FROM (
                        SELECT h.first + k - 1 AS e,
                               h.start + ((k - 1) + {u(0).replace('(e,', '(h.first + k - 1,')}) * (interval '3600 seconds' / h.n) AS ts
                        FROM unnest(%(starts)s::timestamptz[], %(counts)s::int[], %(firsts)s::bigint[]) AS h(start, n, first),
                             generate_series(1, h.n) AS k
                        OFFSET 0
                    ) rows
                    OFFSET 0
                ) draws
                OFFSET 0
            ) picked
            OFFSET 0
        ) ev
        """
        return sql.replace(" % ", " %% ")  # the SQL's modulo, escaped from the parameter style
