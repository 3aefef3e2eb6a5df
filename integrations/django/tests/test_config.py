"""config.json: labels, admin links, settings, session mode, system checks, the command."""

import json
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management import base as management_base

from audit_console import checks as console_checks

pytestmark = pytest.mark.django_db


def config(client, path="/admin/audit/config.json"):
    r = client.get(path)
    assert r.status_code == 200, r.content
    assert r["Content-Type"] == "application/json"
    assert r["Cache-Control"] == "no-cache"
    return r.json()


def ct_id(app_label, model):
    return str(ContentType.objects.get(app_label=app_label, model=model).pk)


def test_labels_are_app_label_dot_model_for_every_content_type(staff_client):
    c = config(staff_client)
    assert c["content_types"][ct_id("orders", "order")] == "orders.order"
    assert c["content_types"][ct_id("orders", "refund")] == "orders.refund"
    assert c["content_types"][ct_id("auth", "user")] == "auth.user"
    assert len(c["content_types"]) == ContentType.objects.count()


def test_admin_links_only_for_registered_models_and_absolute(staff_client):
    c = config(staff_client)
    links = c["object_links"]
    assert links[ct_id("orders", "order")] == "http://testserver/admin/orders/order/{object_id}/change/"
    assert links[ct_id("catalog", "product")] == "http://testserver/admin/catalog/product/{object_id}/change/"
    assert ct_id("orders", "refund") not in links, "Refund is not in the admin"
    assert ct_id("sessions", "session") not in links
    for template in links.values():
        assert template.startswith("http://testserver/") and "{object_id}" in template


def test_links_follow_the_request_scheme_and_host(staff_client):
    r = staff_client.get("/admin/audit/config.json", secure=True, HTTP_HOST="localhost")
    assert r.json()["object_links"][ct_id("orders", "order")].startswith("https://localhost/admin/")


def test_session_mode_keys(staff_client, settings):
    c = config(staff_client)
    assert c["auth"] == "session"
    assert c["api_base_url"] == "/admin/audit/api/v1"
    assert c["login_url"] == "/admin/login/"
    assert c["logout_url"] == "/admin/logout/"
    assert c["csrf_cookie_name"] == "csrftoken"
    settings.CSRF_COOKIE_NAME = "shop_csrf"
    assert config(staff_client)["csrf_cookie_name"] == "shop_csrf"


def test_session_mode_names_the_language_django_chose_and_its_cookie(staff_client, settings):
    # The example project has LocaleMiddleware: the cookie wins over Accept-Language, which wins
    # over LANGUAGE_CODE, as in the admin itself.
    assert config(staff_client)["language"] == "en"
    assert config(staff_client)["language_cookie"] == "django_language"
    response = staff_client.get("/admin/audit/config.json", HTTP_ACCEPT_LANGUAGE="tr-TR,tr;q=0.9")
    assert json.loads(response.content)["language"] == "tr"
    assert "Accept-Language" in response["Vary"]
    staff_client.cookies["django_language"] = "pt-br"
    response = staff_client.get("/admin/audit/config.json", HTTP_ACCEPT_LANGUAGE="tr")
    assert json.loads(response.content)["language"] == "pt-br"
    settings.LANGUAGE_COOKIE_NAME = "shop_language"
    assert config(staff_client)["language_cookie"] == "shop_language"


def test_mounted_at_the_root(staff_client, settings):
    settings.ROOT_URLCONF = "tests.urls_root"
    c = config(staff_client, "/config.json")
    assert c["api_base_url"] == "/api/v1"
    assert c["login_url"] == "/admin/login/"


def test_settings_are_merged_over_the_generated_keys(staff_client, settings, fake_build):
    order = ct_id("orders", "order")
    settings.AUDIT_CONSOLE = {
        "BUILD_DIR": str(fake_build),
        "page_size": 100,
        "default_time_range": "24h",
        "live_tail_seconds": 10,
        "timeline": "off",
        "timeline_max_buckets": 20,
        "timeline_cache_hours": 0,
        "session_idle_minutes": 15,
        "session_max_hours": 8,
        "content_types": {order: "Orders", 999: "legacy.thing"},
        "object_links": {"999": "https://legacy.example.com/things/{object_id}"},
    }
    c = config(staff_client)
    assert c["page_size"] == 100 and c["default_time_range"] == "24h"
    assert c["live_tail_seconds"] == 10 and c["timeline"] == "off"
    assert c["timeline_max_buckets"] == 20 and c["timeline_cache_hours"] == 0
    assert c["session_idle_minutes"] == 15 and c["session_max_hours"] == 8
    assert c["content_types"][order] == "Orders"
    assert c["content_types"]["999"] == "legacy.thing"
    assert c["content_types"][ct_id("orders", "refund")] == "orders.refund"
    assert c["object_links"]["999"] == "https://legacy.example.com/things/{object_id}"
    assert "BUILD_DIR" not in c


def test_another_api_means_token_mode(staff_client, settings, fake_build):
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "api_base_url": "https://api.example.com/api/v1"}
    c = config(staff_client)
    assert c["api_base_url"] == "https://api.example.com/api/v1"
    assert "auth" not in c and "login_url" not in c
    settings.AUDIT_CONSOLE["auth"] = "token"
    assert config(staff_client)["auth"] == "token"
    # A same-origin API of the host's own that takes the admin session: it says so.
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "api_base_url": "/api/v1", "auth": "session"}
    c = config(staff_client)
    assert c["auth"] == "session" and c["api_base_url"] == "/api/v1" and c["login_url"] == "/admin/login/"


def test_another_admin_site(staff_client, settings, fake_build):
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "ADMIN_SITE": "tests.admin_site.site"}
    settings.ROOT_URLCONF = "tests.urls_other_admin"
    c = config(staff_client, "/audit/config.json")
    assert c["login_url"] == "/backoffice/login/"
    assert c["object_links"] == {ct_id("orders", "order"): "http://testserver/backoffice/orders/order/{object_id}/change/"}


BAD = [
    ({"page_size": 30}, "E003", "page_size"),
    ({"page_size": "50"}, "E003", "page_size"),
    ({"default_time_range": "1y"}, "E003", "default_time_range"),
    ({"live_tail_seconds": 0}, "E003", "live_tail_seconds"),
    ({"live_tail_seconds": True}, "E003", "live_tail_seconds"),
    ({"timeline": "on"}, "E003", "timeline"),
    ({"timeline_max_buckets": 500}, "E003", "timeline_max_buckets"),
    ({"timeline_cache_hours": -1}, "E003", "timeline_cache_hours"),
    ({"session_idle_minutes": 0}, "E003", "session_idle_minutes"),
    ({"session_max_hours": 24 * 91}, "E003", "session_max_hours"),
    ({"api_base_url": "javascript:alert(1)"}, "E003", "api_base_url"),
    ({"api_base_url": "//evil.example/api"}, "E003", "api_base_url"),
    ({"auth": "cookie"}, "E003", "auth"),
    ({"content_types": {"x": "y"}}, "E003", "content_types"),
    ({"object_links": {"6": "javascript:alert({object_id})"}}, "E003", "object_links"),
    ({"object_links": {"6": "https://a.example/no-placeholder"}}, "E003", "object_links"),
    ({"pagesize": 50}, "E002", "pagesize"),
    ({"PERMISSION": "no.such.callable"}, "E004", "PERMISSION"),
    ({"PERMISSION": 42}, "E004", "PERMISSION"),
    ({"ADMIN_SITE": "django.contrib.admin.ModelAdmin"}, "E005", "ADMIN_SITE"),
    ({"AUTHENTICATION_CLASSES": "rest_framework.authentication.SessionAuthentication"}, "E006", "AUTHENTICATION_CLASSES"),
    ({"AUTHENTICATION_CLASSES": ["no.such.Class"]}, "E006", "AUTHENTICATION_CLASSES"),
    ({"API_PAGE_SIZE": 0}, "E007", "API_PAGE_SIZE"),
    ({"API_PAGE_SIZE": 600}, "E007", "API_PAGE_SIZE"),
    ({"ADMIN_INDEX_LINK": "yes"}, "E003", "ADMIN_INDEX_LINK"),
]


@pytest.mark.parametrize("bad,code,key", BAD, ids=[f"{b[1]}-{b[2]}-{i}" for i, b in enumerate(BAD)])
def test_bad_settings_are_system_check_errors(settings, fake_build, staff_client, bad, code, key):
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), **bad}
    errors = console_checks.check_settings()
    assert [e.id for e in errors] == [f"audit_console.{code}"], errors
    assert key in errors[0].msg
    # `manage.py check` fails on them...
    with pytest.raises(management_base.SystemCheckError):
        call_command("check", stdout=StringIO(), stderr=StringIO())
    # ...and a page never answers with a config.json the console would reject.
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        staff_client.get("/admin/audit/config.json")


def test_not_a_dict(settings):
    settings.AUDIT_CONSOLE = ["page_size", 50]
    assert [e.id for e in console_checks.check_settings()] == ["audit_console.E001"]


def test_good_settings_pass_the_checks(settings, fake_build):
    settings.AUDIT_CONSOLE = {
        "BUILD_DIR": str(fake_build),
        "PERMISSION": "audit_console.permissions.is_superuser",
        "page_size": 25,
        "session_idle_minutes": 0.5,
        "object_links": {6: "https://admin.example.com/orders/{object_id}/"},
    }
    assert console_checks.check_settings() == []
    assert console_checks.check_environment() == []


def test_csrf_cookie_the_console_cannot_read_is_a_warning(settings):
    settings.CSRF_COOKIE_HTTPONLY = True
    assert "audit_console.W001" in [w.id for w in console_checks.check_environment()]
    settings.CSRF_COOKIE_HTTPONLY = False
    settings.CSRF_USE_SESSIONS = True
    assert "audit_console.W001" in [w.id for w in console_checks.check_environment()]


def test_missing_build_is_a_warning(settings, tmp_path):
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(tmp_path)}
    assert [w.id for w in console_checks.check_environment()] == ["audit_console.W002"]


def test_missing_apps_and_middleware_are_errors(settings):
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if "AuthenticationMiddleware" not in m]
    assert "audit_console.E010" in [e.id for e in console_checks.check_environment()]


def test_management_command_prints_config_with_absolute_urls(seeded):
    out = StringIO()
    call_command("audit_console_config", "--base-url", "https://shop.example.com/", stdout=out)
    c = json.loads(out.getvalue())
    assert c["api_base_url"] == "https://shop.example.com/admin/audit/api/v1"
    assert c["content_types"][ct_id("orders", "order")] == "orders.order"
    assert c["object_links"][ct_id("orders", "order")] == "https://shop.example.com/admin/orders/order/{object_id}/change/"
    assert c["auth"] == "token" and "login_url" not in c
    out = StringIO()
    call_command("audit_console_config", "--base-url", "https://shop.example.com", "--auth", "session", stdout=out)
    c = json.loads(out.getvalue())
    assert c["auth"] == "session" and c["login_url"] == "/admin/login/"
    assert c["api_base_url"] == "/admin/audit/api/v1"


def test_management_command_refuses_bad_input(settings, fake_build):
    with pytest.raises(CommandError):
        call_command("audit_console_config", "--base-url", "shop.example.com", stdout=StringIO())
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "page_size": 7}
    with pytest.raises((CommandError, management_base.SystemCheckError)):
        call_command("audit_console_config", "--base-url", "https://x.example", stdout=StringIO())


def test_admin_index_links_to_the_console_for_staff(staff_client, settings, fake_build):
    html = staff_client.get("/admin/").content.decode()
    assert 'id="audit-console-module"' in html
    assert 'href="/admin/audit/"' in html
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "ADMIN_INDEX_LINK": False}
    assert 'audit-console-module' not in staff_client.get("/admin/").content.decode()
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "PERMISSION": "audit_console.permissions.is_superuser"}
    assert 'audit-console-module' not in staff_client.get("/admin/").content.decode()


def test_console_listed_after_the_admin_is_a_warning(settings):
    from django.conf import settings as django_settings
    from django.test import override_settings

    apps = [a for a in django_settings.INSTALLED_APPS if a != "audit_console"]
    apps.insert(apps.index("django.contrib.admin") + 1, "audit_console")
    with override_settings(INSTALLED_APPS=apps):
        assert "audit_console.W003" in [w.id for w in console_checks.check_environment()]


def test_config_json_takes_the_apis_token_and_refuses_what_the_api_refuses(
    client, staff, regular
):
    """A script (or a replica whose primary is down, where no session can be read) asks with
    the API's own token; the answer is the page's, and a bad or unprivileged token gets nothing."""
    from rest_framework.authtoken.models import Token

    key = Token.objects.create(user=staff).key
    r = client.get("/admin/audit/config.json", HTTP_AUTHORIZATION=f"Token {key}")
    assert r.status_code == 200, r.content
    assert r.json()["content_types"][ct_id("orders", "order")] == "orders.order"
    assert "Authorization" in r["Vary"]
    r = client.get("/admin/audit/config.json", HTTP_AUTHORIZATION="Token not-a-token")
    assert r.status_code == 401 and r.json() == {"detail": "Invalid token."}
    other = Token.objects.create(user=regular).key
    r = client.get("/admin/audit/config.json", HTTP_AUTHORIZATION=f"Token {other}")
    assert r.status_code == 403
    assert b"content_types" not in r.content
