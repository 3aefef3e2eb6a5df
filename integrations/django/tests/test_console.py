"""The console page and its files: mount points, who may see it, caching, encodings, fallback."""

import gzip
import re
from pathlib import Path

import pytest
from django.test import override_settings

from audit_console import build as builds

from .conftest import BOOT, CSS, GLUE, PLACEHOLDER, WASM, real_placeholder_build

MOUNTS = [("tests.urls_sub", "/admin/audit/"), ("tests.urls_root", "/")]
IMMUTABLE = "public, max-age=31536000, immutable"


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture(params=MOUNTS, ids=["sub-path", "root"])
def mount(request, settings):
    urlconf, prefix = request.param
    settings.ROOT_URLCONF = urlconf
    return prefix


@pytest.mark.django_db
def test_index_has_the_mount_prefix_in_place_of_the_placeholder(staff_client, mount):
    r = staff_client.get(mount)
    assert r.status_code == 200
    html = r.content.decode()
    assert PLACEHOLDER not in html
    assert f'src="{mount}{BOOT}"' in html
    assert f'href="{mount}{CSS}"' in html
    assert f'href="{mount}config.json"' in html
    assert r["Content-Type"] == "text/html; charset=utf-8"
    assert r["Cache-Control"] == "no-cache"
    assert "Content-Encoding" not in r, "a rewritten file is never its precompressed copy"


@pytest.mark.django_db
def test_boot_script_points_at_the_mount_and_is_not_served_precompressed(staff_client, mount):
    r = staff_client.get(f"{mount}{BOOT}", HTTP_ACCEPT_ENCODING="gzip, deflate, br, zstd")
    assert r.status_code == 200
    js = body(r).decode()
    assert f"from '{mount}{GLUE}'" in js and f"'{mount}{WASM}'" in js
    assert PLACEHOLDER not in js
    assert "Content-Encoding" not in r
    assert r["Cache-Control"] == IMMUTABLE
    assert r["Content-Type"] == "text/javascript; charset=utf-8"


@pytest.mark.django_db
def test_script_name_is_part_of_the_prefix(client, staff):
    """Behind a proxy that mounts the whole site at /shop (SCRIPT_NAME, which Django's WSGI
    handler turns into the script prefix that reverse() adds)."""
    from django.urls import set_script_prefix

    client.force_login(staff)
    set_script_prefix("/shop/")
    try:
        r = client.get("/admin/audit/")
        assert f'src="/shop/admin/audit/{BOOT}"' in r.content.decode()
    finally:
        set_script_prefix("/")


@pytest.mark.django_db
def test_deep_links_fall_back_to_the_console(staff_client, mount):
    for route in ("events/123e4567-e89b-12d3-a456-426614174000", "compare", "some/deep/route/"):
        r = staff_client.get(f"{mount}{route}?x=1")
        assert r.status_code == 200, route
        assert f'src="{mount}{BOOT}"' in r.content.decode()
        assert r["Cache-Control"] == "no-cache"
        assert "script-src 'self' 'wasm-unsafe-eval'" in r["Content-Security-Policy"]


@pytest.mark.django_db
def test_missing_assets_and_static_host_files_are_404(staff_client, mount):
    for path in ("missing-abc.wasm", "nope.js", f"{WASM}.br", f"{GLUE}.gz", "config.json.br"):
        assert staff_client.get(f"{mount}{path}").status_code == 404, path
    # A static host's file is not served (a path without an extension is the console).
    assert b"index.html 200" not in staff_client.get(f"{mount}_redirects").content


@pytest.mark.django_db
def test_api_paths_are_not_the_console(staff_client, mount):
    r = staff_client.get(f"{mount}api/v1/unknown/")
    assert r.status_code == 404
    assert b"Audit Console" not in r.content
    # Without the trailing slash: a redirect to it (Django's APPEND_SLASH), not the console.
    r = staff_client.get(f"{mount}api/v1/audit-events?limit=2")
    assert r.status_code == 301 and r["Location"] == f"{mount}api/v1/audit-events/?limit=2"


@pytest.mark.django_db
def test_hashed_assets_are_immutable_and_precompressed(client, mount):
    """Assets are public (no session needed: they hold nothing but the open-source app)."""
    cases = [
        ("gzip, deflate, br, zstd", "br", b"BR-WASM"),
        ("gzip", "gzip", b"GZ-WASM"),
        ("", None, b"RAW-WASM"),
        ("br;q=0", None, b"RAW-WASM"),
        ("br;q=0, gzip", "gzip", b"GZ-WASM"),
    ]
    for accept, coding, content in cases:
        headers = {"HTTP_ACCEPT_ENCODING": accept} if accept else {}
        r = client.get(f"{mount}{WASM}", **headers)
        assert r.status_code == 200
        assert body(r) == content, accept
        assert r.get("Content-Encoding") == coding, accept
        assert r["Content-Type"] == "application/wasm"
        # Django's LocaleMiddleware (the example project has it, as a translated admin does)
        # adds Accept-Language to every response's Vary; the package's own is Accept-Encoding.
        assert "Accept-Encoding" in [v.strip() for v in r["Vary"].split(",")]
        assert r["Cache-Control"] == IMMUTABLE
    r = client.get(f"{mount}snippets/audit-console-1a2b3c/inline0.js")
    assert r["Cache-Control"] == IMMUTABLE
    assert r["Content-Type"] == "text/javascript; charset=utf-8"
    r = client.get(f"{mount}favicon-0a1b2c3d.svg")
    assert r["Cache-Control"] == IMMUTABLE and r["Content-Type"] == "image/svg+xml"


@pytest.mark.django_db
def test_every_response_carries_the_documented_security_headers(staff_client, mount):
    for path in ("", "events/x", CSS, "config.json"):
        r = staff_client.get(f"{mount}{path}")
        assert r.status_code == 200, path
        assert r["Content-Security-Policy"] == (
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
            "connect-src 'self'; img-src 'self' data:; frame-ancestors 'none'; "
            "base-uri 'none'; form-action 'none'"
        ), path
        assert r["X-Content-Type-Options"] == "nosniff"
        assert r["Referrer-Policy"] == "no-referrer"


@pytest.mark.django_db
def test_csp_names_another_api_origin(staff_client, settings, fake_build):
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "api_base_url": "https://api.example.com/api/v1"}
    r = staff_client.get("/admin/audit/")
    assert "connect-src 'self' https://api.example.com;" in r["Content-Security-Policy"]


@pytest.mark.django_db
def test_index_revalidates_with_an_etag(staff_client):
    r = staff_client.get("/admin/audit/")
    again = staff_client.get("/admin/audit/", HTTP_IF_NONE_MATCH=r["ETag"])
    assert again.status_code == 304
    assert again["Cache-Control"] == "no-cache"


@pytest.mark.django_db
def test_anonymous_visitors_go_to_the_admin_login_and_back(client, mount):
    for path in ("", "events/abc?user=3", "config.json"):
        r = client.get(f"{mount}{path}")
        assert r.status_code == 302, path
        assert r["Location"].startswith("/admin/login/?next=")
        from urllib.parse import parse_qs, urlsplit

        assert parse_qs(urlsplit(r["Location"]).query)["next"] == [f"{mount}{path}"]


@pytest.mark.django_db
def test_signed_in_users_without_permission_are_refused(client, regular, mount):
    client.force_login(regular)
    for path in ("", "events/abc", "config.json"):
        assert client.get(f"{mount}{path}").status_code == 403, path


@pytest.mark.django_db
def test_inactive_staff_is_not_let_in(client, staff):
    staff.is_active = False
    staff.save()
    client.force_login(staff)
    assert client.get("/admin/audit/").status_code == 302


@pytest.mark.django_db
def test_permission_is_a_setting(client, regular, staff, settings, fake_build, django_user_model):
    settings.AUDIT_CONSOLE = {
        "BUILD_DIR": str(fake_build),
        "PERMISSION": "audit_console.permissions.is_superuser",
    }
    client.force_login(staff)
    assert client.get("/admin/audit/").status_code == 403
    boss = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(boss)
    assert client.get("/admin/audit/").status_code == 200
    # Any callable of the host's, e.g. everyone signed in.
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build), "PERMISSION": lambda request: request.user.is_authenticated}
    client.force_login(regular)
    assert client.get("/admin/audit/").status_code == 200


@pytest.mark.django_db
def test_view_permission_mode(client, staff, settings, fake_build):
    from django.contrib.auth.models import Permission

    settings.AUDIT_CONSOLE = {
        "BUILD_DIR": str(fake_build),
        "PERMISSION": "audit_console.permissions.can_view_audit_events",
    }
    client.force_login(staff)
    assert client.get("/admin/audit/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client.force_login(staff)
    assert client.get("/admin/audit/").status_code == 200


@pytest.mark.django_db
def test_without_a_build_the_page_explains_instead_of_breaking(staff_client, settings, tmp_path):
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(tmp_path)}
    r = staff_client.get("/admin/audit/")
    assert r.status_code == 503
    assert b"no usable build" in r.content
    # config.json and the API do not need the build.
    assert staff_client.get("/admin/audit/config.json").status_code == 200


@pytest.mark.django_db
def test_a_build_without_the_placeholder_is_refused(staff_client, settings, tmp_path):
    (tmp_path / "index.html").write_text('<script type="module" src="/boot-0123456789abcdef.js"></script>')
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(tmp_path)}
    r = staff_client.get("/admin/audit/")
    assert r.status_code == 503
    assert PLACEHOLDER.encode() in r.content


@pytest.mark.django_db
def test_build_dir_from_the_environment(staff_client, settings, monkeypatch, tmp_path):
    from .conftest import make_fake_build

    other = make_fake_build(tmp_path / "other")
    (other / "index.html").write_text((other / "index.html").read_text().replace("<title>", "<title>ENV "))
    settings.AUDIT_CONSOLE = {}
    monkeypatch.setenv("AUDIT_CONSOLE_BUILD_DIR", str(other))
    assert b"ENV Audit Console" in staff_client.get("/admin/audit/").content


@pytest.mark.django_db
def test_not_get_is_refused(staff_client):
    assert staff_client.post("/admin/audit/").status_code == 405


def test_hashed_names_follow_trunk():
    for name in ("audit-console-5f3e2a_bg.wasm", "main-9a8b7c6d5e4f3a2b.css", "main-b0659befe5d8bc6.css",
                 "boot-0123456789abcdef.js", "x-a.js", "snippets/audit-console-4e89c365e34c06d7/src/list/table/rows.js"):
        assert builds.is_hashed(name), name
    for name in ("index.html", "config.json", "sw.js", "favicon.svg", "main-xyz.css", "a-0123456789abcdef0.js",
                 "data-abc.json", "snippets/plain/rows.js"):
        assert not builds.is_hashed(name), name


def test_the_hashed_file_rule_is_the_project_one():
    """The same expressions as scripts/hashed-files.mjs, the rule every host follows."""
    rule = (Path(__file__).resolve().parents[3] / "scripts" / "hashed-files.mjs").read_text()
    literals = dict(re.findall(r"export const (HASHED_NAME|HASHED_SNIPPET) = /(.+)/;", rule))
    assert builds.HASHED_NAME.pattern == literals["HASHED_NAME"].replace("\\/", "/")
    assert builds.HASHED_SNIPPET.pattern == literals["HASHED_SNIPPET"].replace("\\/", "/")


@pytest.mark.django_db
@pytest.mark.skipif(real_placeholder_build() is None, reason="no real placeholder build (see README)")
def test_a_real_placeholder_build(client, staff, settings, mount):
    """With a real `build_app DIR /__audit_console__/`: every file holding the placeholder is
    served with the mount instead, and every reference in index.html and the boot script is a
    file the view serves."""
    root = real_placeholder_build()
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(root)}
    client.force_login(staff)
    html = client.get(mount).content.decode()
    assert PLACEHOLDER not in html
    build = builds.current_build()
    assert build.ok, build.problem
    holders = [f.relative for f in build.files.values() if f.rewrite]
    assert "index.html" in holders and any(h.startswith("boot-") for h in holders)
    refs = set(re.findall(r'(?:src|href)="([^"]+)"', html))
    boot = next(h for h in holders if h.startswith("boot-"))
    js = body(client.get(f"{mount}{boot}")).decode()
    assert PLACEHOLDER not in js
    refs |= set(re.findall(r"'(/[^']+\.(?:js|wasm))'", js))
    assert refs, html
    for ref in refs:
        assert ref.startswith(mount), ref
        r = client.get(ref, HTTP_ACCEPT_ENCODING="br, gzip")
        assert r.status_code == 200, ref
        data = body(r)
        if r.get("Content-Encoding") == "gzip":
            data = gzip.decompress(data)
        if not ref.endswith("config.json") and r.get("Content-Encoding") is None:
            assert PLACEHOLDER.encode() not in data, ref
    wasm = [f for f in build.files if f.endswith(".wasm")]
    r = client.get(f"{mount}{wasm[0]}", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert r["Content-Encoding"] == "br" and r["Content-Type"] == "application/wasm"
    assert r["Cache-Control"] == IMMUTABLE
