"""Shared fixtures: a fake console build, users, seeded events, and which database this run is
on (SQLite by default, PostgreSQL with AUDIT_CONSOLE_TEST_PG_PORT: see tests/settings.py)."""

import json
import os
from pathlib import Path

import pytest

PLACEHOLDER = "/__audit_console__/"
BOOT = "boot-0123456789abcdef.js"
GLUE = "audit-console-5f3e2a.js"
WASM = "audit-console-5f3e2a_bg.wasm"
CSS = "main-9a8b7c6d5e4f3a2b.css"


def make_fake_build(root: Path) -> Path:
    """A tiny stand-in for `build_app DIR /__audit_console__/`: the same file layout and the
    placeholder where Trunk and externalize-boot.mjs put the public URL."""
    root.mkdir(parents=True, exist_ok=True)
    index = (
        "<!DOCTYPE html><html><head><title>Audit Console</title>"
        f'<link rel="icon" href="{PLACEHOLDER}favicon-0a1b2c3d.svg">'
        f'<link rel="stylesheet" href="{PLACEHOLDER}{CSS}">'
        f'<link rel="modulepreload" href="{PLACEHOLDER}{GLUE}">'
        f'<script type="module" src="{PLACEHOLDER}{BOOT}"></script>'
        f'<link rel="preload" href="{PLACEHOLDER}config.json" as="fetch" crossorigin="anonymous">'
        "</head><body></body></html>"
    )
    files = {
        "index.html": index,
        "404.html": index,
        # Precompressed copies of files that hold the placeholder: never to be served.
        "index.html.br": "STALE-BR-INDEX " + PLACEHOLDER,
        "index.html.gz": "STALE-GZ-INDEX " + PLACEHOLDER,
        BOOT: (
            "globalThis.__auditConsoleBase = new URL('./', import.meta.url).pathname;\n"
            f"import init, * as bindings from '{PLACEHOLDER}{GLUE}';\n"
            f"init({{ module_or_path: '{PLACEHOLDER}{WASM}' }});\n"
        ),
        BOOT + ".br": "STALE-BR-BOOT",
        GLUE: "export default function init() {}\n",
        GLUE + ".br": "BR-GLUE",
        GLUE + ".gz": "GZ-GLUE",
        WASM: "RAW-WASM",
        WASM + ".br": "BR-WASM",
        WASM + ".gz": "GZ-WASM",
        CSS: "body { color: black }",
        "favicon-0a1b2c3d.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
        "snippets/audit-console-1a2b3c/inline0.js": "export const x = 1;",
        "config.json": json.dumps({"api_base_url": "/api/v1"}),
        "_redirects": f"{PLACEHOLDER}* {PLACEHOLDER}index.html 200\n",
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


@pytest.fixture(scope="session")
def fake_build(tmp_path_factory):
    return make_fake_build(tmp_path_factory.mktemp("build") / "dist")


@pytest.fixture(autouse=True)
def console_settings(settings, fake_build):
    """Every test starts from the fake build and no other AUDIT_CONSOLE key."""
    settings.AUDIT_CONSOLE = {"BUILD_DIR": str(fake_build)}
    return settings


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "staff", "staff@example.com", "pw", is_staff=True, first_name="Sam", last_name="Staff"
    )


@pytest.fixture
def regular(django_user_model):
    return django_user_model.objects.create_user("regular", "regular@example.com", "pw")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def seeded(db):
    """The example shop's realistic events (500 of them), created through the model."""
    from demo_data.seed import seed

    return seed(events=500, seed=7)


def real_placeholder_build():
    """A real `build_app DIR /__audit_console__/` output, if one was made (see README)."""
    path = os.environ.get("AUDIT_CONSOLE_REAL_BUILD", "/tmp/ac-placeholder-build")
    return Path(path) if (Path(path) / "index.html").is_file() else None


# --- Which database ----------------------------------------------------------------------------

# scripts/test's PostgreSQL run sets AUDIT_CONSOLE_REQUIRE_PG=1: then a test that needs PostgreSQL
# fails where it would otherwise skip, so CI never passes by skipping it.
REQUIRE_PG = os.environ.get("AUDIT_CONSOLE_REQUIRE_PG") == "1"


def postgres_server():
    """The PostgreSQL server this run's test database is on, as (host, port, user), or None
    (SQLite)."""
    port = os.environ.get("AUDIT_CONSOLE_TEST_PG_PORT")
    if not port:
        return None
    return (
        os.environ.get("AUDIT_CONSOLE_TEST_PG_HOST", "127.0.0.1"),
        int(port),
        os.environ.get("AUDIT_CONSOLE_TEST_PG_USER", "postgres"),
    )



def skip_without_postgresql(reason):
    """Skip the calling test (``reason``: what is missing), or fail it under
    AUDIT_CONSOLE_REQUIRE_PG=1."""
    if REQUIRE_PG:
        pytest.fail(f"AUDIT_CONSOLE_REQUIRE_PG=1, but {reason}", pytrace=False)
    pytest.skip(reason)


def pytest_configure(config):
    if REQUIRE_PG and postgres_server() is None:
        raise pytest.UsageError(
            "AUDIT_CONSOLE_REQUIRE_PG=1 but AUDIT_CONSOLE_TEST_PG_PORT is not set: the suite would "
            "run on SQLite (start a cluster: tests/pgcluster.py start DIR --prefix "
            "AUDIT_CONSOLE_TEST_PG_)"
        )


def pytest_report_header(config):
    pg = postgres_server()
    where = f"PostgreSQL at {pg[0]}:{pg[1]} (user {pg[2]})" if pg else "SQLite (in memory)"
    return f"audit-console test database: {where}" + (", PostgreSQL required" if REQUIRE_PG else "")
