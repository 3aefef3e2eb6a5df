"""The wheel carries the console's release build: building the wheel (or installing from this
folder) runs the project's own build with the placeholder public URL, unless a build is already
in audit_console/static_build/ or AUDIT_CONSOLE_SKIP_FRONTEND_BUILD=1 (development: then point
AUDIT_CONSOLE["BUILD_DIR"] or AUDIT_CONSOLE_BUILD_DIR at a build).

    source scripts/env.sh; build_app <tmp> /__audit_console__/    (from the repository root)
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
TARGET = HERE / "audit_console" / "static_build"
PLACEHOLDER = "/__audit_console__/"


def build_console():
    if (TARGET / "index.html").is_file() or os.environ.get("AUDIT_CONSOLE_SKIP_FRONTEND_BUILD") == "1":
        return
    repo = HERE.parent.parent
    if not (repo / "scripts" / "env.sh").is_file():
        raise SystemExit(
            "django-audit-console: no console build in audit_console/static_build/ and no "
            "Audit Console repository around this folder to build one from."
        )
    with tempfile.TemporaryDirectory() as tmp:
        dist = Path(tmp) / "dist"
        subprocess.run(
            ["bash", "-c", 'source scripts/env.sh && build_app "$1" "$2"', "build_app", str(dist), PLACEHOLDER],
            cwd=repo,
            check=True,
        )
        if PLACEHOLDER not in (dist / "index.html").read_text():
            raise SystemExit("django-audit-console: the build does not carry the placeholder URL")
        shutil.rmtree(TARGET, ignore_errors=True)
        shutil.copytree(dist, TARGET, ignore=shutil.ignore_patterns("config.json", "_redirects"))


class BuildPyWithConsole(build_py):
    def run(self):
        build_console()
        super().run()


setup(cmdclass={"build_py": BuildPyWithConsole})
