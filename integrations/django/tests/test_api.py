"""The API through Django's test client: what the contract suite (test_contract.py) cannot reach
over HTTP — session sign-in, settings, hosts without rest_framework.authtoken."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django_audit_events.models import get_audit_event_model
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db

API = "/admin/audit/api/v1/audit-events/"


@pytest.fixture
def token(staff):
    return Token.objects.create(user=staff).key


def get(client, path, token=None, **extra):
    if token:
        extra["HTTP_AUTHORIZATION"] = f"Token {token}"
    return client.get(path, **extra)


def test_session_of_a_staff_user_is_enough(staff_client, seeded):
    r = staff_client.get(API + "?limit=3")
    assert r.status_code == 200
    assert r.json()["count"] == 500
    assert len(r.json()["results"]) == 3


def test_token_of_a_staff_user(client, token, seeded):
    assert get(client, API, token).status_code == 200


def test_anonymous_401_with_www_authenticate_token(client, seeded):
    r = client.get(API)
    assert r.status_code == 401
    assert r["WWW-Authenticate"] == "Token"
    assert r.json() == {"detail": "Authentication credentials were not provided."}
    r = get(client, API, "nope")
    assert r.status_code == 401 and r.json() == {"detail": "Invalid token."}


def test_non_staff_403(client, regular, seeded):
    key = Token.objects.create(user=regular).key
    r = get(client, API, key)
    assert r.status_code == 403
    assert r.json() == {"detail": "You do not have permission to perform this action."}
    client.force_login(regular)
    assert client.get(API).status_code == 403


def test_permission_setting_applies_to_the_api(client, regular, settings, fake_build, seeded):
    settings.AUDIT_CONSOLE = {
        "BUILD_DIR": str(fake_build),
        "PERMISSION": "audit_console.permissions.is_authenticated",
    }
    key = Token.objects.create(user=regular).key
    assert get(client, API, key).status_code == 200


def test_host_drf_defaults_do_not_matter(client, settings, seeded):
    """AllowAny, no pagination and no filter backends as DRF defaults: still the contract."""
    settings.REST_FRAMEWORK = {
        "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
        "DEFAULT_AUTHENTICATION_CLASSES": [],
        "DEFAULT_PAGINATION_CLASS": None,
        "DEFAULT_FILTER_BACKENDS": [],
    }
    assert client.get(API).status_code == 401


def test_without_authtoken_sessions_still_get_401_not_403(client, staff, seeded):
    from django.conf import settings as django_settings

    apps = [a for a in django_settings.INSTALLED_APPS if a != "rest_framework.authtoken"]
    with override_settings(INSTALLED_APPS=apps):
        r = client.get(API)
        assert r.status_code == 401
        assert r["WWW-Authenticate"] == "Session"
        # A token is not read at all then: it is no credential.
        assert get(client, API, "whatever").status_code == 401
        client.force_login(staff)
        assert client.get(API + "?limit=1").status_code == 200


def test_authentication_classes_setting(client, settings, fake_build, staff, seeded):
    settings.AUDIT_CONSOLE = {
        "BUILD_DIR": str(fake_build),
        "AUTHENTICATION_CLASSES": ["rest_framework.authentication.BasicAuthentication"],
    }
    import base64

    r = client.get(API, HTTP_AUTHORIZATION="Basic " + base64.b64encode(b"staff:pw").decode())
    assert r.status_code == 200
    assert client.get(API)["WWW-Authenticate"].startswith("Basic")


def test_page_size_settings(staff_client, settings, fake_build, seeded):
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "API_PAGE_SIZE": 20, "API_MAX_PAGE_SIZE": 50}
    assert len(staff_client.get(API).json()["results"]) == 20
    assert len(staff_client.get(API + "?limit=400").json()["results"]) == 50


def test_event_shape_and_order_of_keys(staff_client, seeded):
    event = staff_client.get(API + "?limit=1").json()["results"][0]
    assert list(event) == [
        "uuid", "timestamp", "user", "remote_addr", "url", "query_params", "post_data",
        "headers", "content_type", "object_id", "content",
    ]


def test_timestamps_come_back_in_utc_with_z(staff_client, seeded):
    for event in staff_client.get(API + "?limit=50").json()["results"]:
        assert event["timestamp"].endswith("Z")


def test_sort_puts_nulls_where_postgresql_does(staff_client, seeded):
    rows = staff_client.get(API + "?limit=500&sort=user").json()["results"]
    users = [e["user"]["pk"] if e["user"] else None for e in rows]
    nulls = users.index(None)
    assert all(u is not None for u in users[:nulls]) and all(u is None for u in users[nulls:])
    assert users[:nulls] == sorted(users[:nulls])
    rows = staff_client.get(API + "?limit=500&sort=-user").json()["results"]
    assert rows[0]["user"] is None and rows[-1]["user"] is not None


def test_pages_never_overlap_on_equal_sort_keys(staff_client, seeded):
    seen = []
    for page in (1, 2, 3, 4, 5):
        body = staff_client.get(API + f"?limit=100&sort=content_type&page={page}").json()
        seen += [e["uuid"] for e in body["results"]]
    assert len(seen) == len(set(seen)) == 500


def test_new_event_through_the_model_shows_first(staff_client, seeded):
    AuditEvent = get_audit_event_model()
    from orders.models import Order
    from django.contrib.contenttypes.models import ContentType

    order = Order.objects.first()
    event = AuditEvent.objects.create(
        content_type=ContentType.objects.get_for_model(Order), object_id=order.pk,
        content={"action": "update"}, remote_addr="::1",
    )
    first = staff_client.get(API + "?limit=1").json()["results"][0]
    assert first["uuid"] == str(event.uuid)
    assert first["remote_addr"] == "::1"
    assert first["user"] is None
    detail = staff_client.get(f"{API}{event.uuid}/").json()
    assert detail == first
    # 400 on filters, then a time range that holds exactly it.
    t = event.timestamp
    r = staff_client.get(API, {"timestamp__gte": (t - timedelta(microseconds=1)).isoformat()})
    assert r.json()["count"] == 1
