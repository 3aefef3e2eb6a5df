"""Realistic audit events, created through django-audit-events' model.

Users with names and e-mails (some empty, some Unicode, one hostile), events about orders,
refunds, products, categories, users and groups, IPv4/IPv6/no address, URLs (some hostile or
long), JSON content with an `action`, request headers that carry secrets, and strings such as
`<img src=x onerror=alert(1)>` that a console must show as text.
"""

import random
import uuid
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django_audit_events.models import get_audit_event_model

from catalog.models import Category, Product
from orders.models import Order, Refund

HOSTILE = "<img src=x onerror=alert(1)>"
RTL = "\u202egnp.exe"

USERS = [
    ("ada", "ada@example.com", "Ada", "Lovelace"),
    ("grace", "grace@example.com", "Grace", "Hopper"),
    ("alan", "alan@example.com", "Alan", "Turing"),
    ("edsger", "edsger@example.com", "Edsger", "Dijkstra"),
    ("barbara", "barbara@example.com", "Barbara", "Liskov"),
    ("ken", "ken@example.com", "", ""),
    ("søren", "søren@example.dk", "Søren", "Kierkegaard"),
    ("yukihiro", "matz@example.jp", "まつもと", "ゆきひろ"),
    ("noemail", "", "No", "Email"),
    ("mallory", "mallory@example.com", HOSTILE, "\"'; DROP TABLE users;--"),
    ("linus", "linus@example.com", "Linus", "Torvalds"),
    ("margaret", "margaret@example.com", "Margaret", "Hamilton"),
]

ACTIONS = ["create", "update", "delete", "view", "export", "login", "refund", "approve"]
AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Gecko/20100101 Firefox/133.0",
    "python-requests/2.32.3",
    "curl/8.5.0",
]


@contextmanager
def explicit_timestamps(model):
    """`timestamp` is auto_now_add: let seeding set it (historic events) for a while."""
    field = model._meta.get_field("timestamp")
    before = field.auto_now_add
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = before


def _ip(rng):
    kind = rng.randrange(10)
    if kind == 0:
        return None
    if kind <= 2:
        return f"2001:db8:{rng.randrange(0xFFFF):x}::{rng.randrange(1, 0xFFFF):x}"
    return f"{rng.randrange(10, 210)}.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"


def seed(events=500, seed=42, days=90, anchor=None, token=None, forbidden_token=None):
    """Create the shop's objects and users (once) and `events` audit events spread over the
    `days` before `anchor` (now by default). Returns the events created."""
    rng = random.Random(seed)
    anchor = anchor or datetime.now(timezone.utc)
    User = get_user_model()
    AuditEvent = get_audit_event_model()
    with transaction.atomic():
        users = []
        for username, email, first, last in USERS:
            user, _ = User.objects.get_or_create(
                username=username,
                defaults={"email": email, "first_name": first, "last_name": last},
            )
            users.append(user)
        staff_group, _ = Group.objects.get_or_create(name="Support")
        Group.objects.get_or_create(name=f"Auditors {HOSTILE}")
        if not Category.objects.exists():
            cats = [Category.objects.create(name=n) for n in ("Books", "Games", HOSTILE, "Tools")]
            for i in range(1, 41):
                Product.objects.create(
                    name=f"Product {i}" if i != 7 else f"Product {HOSTILE}",
                    category=cats[i % len(cats)],
                    price=Decimal(rng.randrange(100, 50000)) / 100,
                )
            for i in range(1, 61):
                order = Order.objects.create(
                    number=f"SO-{1000 + i}",
                    customer_email=f"customer{i}@example.net",
                    total=Decimal(rng.randrange(500, 90000)) / 100,
                    status=rng.choice(["new", "paid", "shipped", "cancelled"]),
                )
                if i % 5 == 0:
                    Refund.objects.create(order=order, amount=order.total / 2, reason=HOSTILE)
        if token or forbidden_token:
            from rest_framework.authtoken.models import Token

            if token:
                api, _ = User.objects.get_or_create(
                    username="api", defaults={"is_staff": True, "email": "api@example.com"}
                )
                Token.objects.filter(user=api).delete()
                Token.objects.create(user=api, key=token)
            if forbidden_token:
                guest, _ = User.objects.get_or_create(
                    username="guest", defaults={"is_staff": False, "email": "guest@example.com"}
                )
                Token.objects.filter(user=guest).delete()
                Token.objects.create(user=guest, key=forbidden_token)

        targets = [
            (ContentType.objects.get_for_model(Order), list(Order.objects.values_list("pk", flat=True))),
            (ContentType.objects.get_for_model(Refund), list(Refund.objects.values_list("pk", flat=True))),
            (ContentType.objects.get_for_model(Product), list(Product.objects.values_list("pk", flat=True))),
            (ContentType.objects.get_for_model(Category), list(Category.objects.values_list("pk", flat=True))),
            (ContentType.objects.get_for_model(User), [u.pk for u in users]),
            (ContentType.objects.get_for_model(Group), list(Group.objects.values_list("pk", flat=True))),
        ]
        span = days * 86400
        made = []
        for n in range(events):
            ct, ids = rng.choice(targets)
            object_id = rng.choice(ids)
            action = rng.choice(ACTIONS)
            user = None if rng.random() < 0.1 else rng.choice(users)
            ts = anchor - timedelta(seconds=rng.random() * span)
            if n % 7 == 0:
                ts = ts.replace(microsecond=0)  # some whole seconds, as real clocks give
            path = f"/api/v1/{ct.app_label}/{ct.model}s/{object_id}/"
            url = f"https://shop.example.com{path}"
            if n % 97 == 0:
                url = "javascript:alert(1)"
            elif n % 89 == 0:
                url = "https://shop.example.com/search/?q=" + "x" * 950
            elif n % 53 == 0:
                url = None
            content = {"action": action, "model": f"{ct.app_label}.{ct.model}", "object_id": object_id}
            if action == "update":
                content["changes"] = {"status": ["new", rng.choice(["paid", "shipped"])], "note": [None, "ok"]}
            if n % 41 == 0:
                content["note"] = HOSTILE
            if n % 43 == 0:
                content["file"] = RTL
            if n % 61 == 0:
                content["nested"] = {"a": [{"b": {"c": [1, 2, {"d": "deep " + HOSTILE}]}}]}
            headers = {
                "User-Agent": rng.choice(AGENTS),
                "Accept": "application/json",
            }
            if n % 3 == 0:
                headers["Authorization"] = f"Token {uuid.UUID(int=rng.getrandbits(128)).hex}"
            if n % 11 == 0:
                headers["X-Forwarded-For"] = "203.0.113.9, 10.0.0.1"
            post_data = None
            if action in ("create", "update", "refund"):
                post_data = {"qty": rng.randrange(1, 9), "password": "hunter2", "comment": "ok"}
                if n % 13 == 0:
                    post_data["comment"] = HOSTILE
            made.append(
                AuditEvent(
                    uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
                    timestamp=ts,
                    user=user,
                    remote_addr=_ip(rng),
                    url=url,
                    query_params={"page": str(rng.randrange(1, 5))} if n % 4 == 0 else {},
                    post_data=post_data,
                    headers=headers,
                    content_type=ct,
                    object_id=object_id,
                    content=content,
                )
            )
        with explicit_timestamps(AuditEvent):
            AuditEvent.objects.bulk_create(made, batch_size=500)
    return made
