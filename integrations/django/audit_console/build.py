"""The console's release build, as made by the project's ``build_app DIST /__audit_console__/``.

Trunk bakes the public URL into index.html (script, style and preload hrefs) and into the
``boot-<hash>.js`` start-up script (the wasm and JavaScript glue URLs). The build shipped in the
package uses the placeholder public URL ``/__audit_console__/``; at serve time every text file
that contains it is served with the placeholder replaced by the real mount prefix (SCRIPT_NAME
plus the mount path). Such a file is never served from its precompressed ``.br``/``.gz`` copy,
which holds the placeholder.
"""

import hashlib
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import conf

PLACEHOLDER = "/__audit_console__/"
_PLACEHOLDER_BYTES = PLACEHOLDER.encode()

# The project's one rule for files cached forever (scripts/hashed-files.mjs; tests/test_console.py
# holds these to it): Trunk's `name-<1 to 16 hex digits>.js/.css/.svg/.wasm` (also `…_bg.wasm`),
# externalize-boot.mjs's `boot-<hex>.js`, and every script under wasm-bindgen's
# `snippets/<crate>-<hex>/`.
HASHED_NAME = re.compile(r"-[0-9a-f]{1,16}(_bg)?\.(js|wasm|css|svg)$")
HASHED_SNIPPET = re.compile(r"/snippets/[^/]+-[0-9a-f]{1,16}/.+\.js$")
TEXT_EXTENSIONS = {".html", ".js", ".mjs", ".css", ".json", ".txt", ".svg", ".map", ".webmanifest"}
# Static hosts' files, and the build's own config.json (generated per request instead).
NOT_SERVED = {"_redirects", "config.json", "_headers"}

CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".wasm": "application/wasm",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".txt": "text/plain; charset=utf-8",
    ".map": "application/json",
    ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json",
}


def is_hashed(relative):
    """Whether a build's file (its path in the build) may be cached forever."""
    path = "/" + relative
    return bool(HASHED_NAME.search(path) or HASHED_SNIPPET.search(path))


@dataclass(frozen=True)
class BuildFile:
    path: Path
    relative: str
    content_type: str
    immutable: bool  # content-hashed name, or under snippets/
    rewrite: bool  # contains the placeholder: served with the mount prefix put in
    encodings: tuple = ()  # precompressed copies beside it: ("br", "gzip")


@dataclass
class Build:
    root: Path
    source: str
    files: dict = field(default_factory=dict)
    problem: str = ""  # why this build cannot be served, if it cannot

    @property
    def ok(self):
        return not self.problem

    def get(self, relative):
        return self.files.get(relative)


def _scan(root, source):
    build = Build(root=root, source=source)
    index = root / "index.html"
    if not index.is_file():
        build.problem = f"{root} (from {source}) holds no index.html"
        return build
    if _PLACEHOLDER_BYTES not in index.read_bytes():
        build.problem = (
            f"{root} (from {source}) was not built with the public URL {PLACEHOLDER}, so it "
            f"cannot be moved to the mount point; build it with "
            f"`source scripts/env.sh; build_app {root} {PLACEHOLDER}`"
        )
        return build
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        relative = path.relative_to(root).as_posix()
        name = path.name
        if name.startswith(".") or name in NOT_SERVED or name.endswith((".br", ".gz")):
            continue
        ext = path.suffix.lower()
        rewrite = ext in TEXT_EXTENSIONS and _PLACEHOLDER_BYTES in path.read_bytes()
        encodings = tuple(
            coding
            for coding, suffix in (("br", ".br"), ("gzip", ".gz"))
            if not rewrite and path.with_name(name + suffix).is_file()
        )
        build.files[relative] = BuildFile(
            path=path,
            relative=relative,
            content_type=CONTENT_TYPES.get(ext, "application/octet-stream"),
            immutable=is_hashed(relative),
            rewrite=rewrite,
            encodings=encodings,
        )
    return build


_lock = threading.Lock()
_cache = {}


def current_build():
    """The build to serve (first candidate of conf.build_dir_candidates()), scanned once and
    scanned again when its index.html changes (a rebuild during development)."""
    root, source = conf.build_dir_candidates()[0]
    root = root.resolve() if root.exists() else root
    try:
        stamp = (root / "index.html").stat().st_mtime_ns
    except OSError:
        stamp = None
    key = (str(root), stamp)
    with _lock:
        cached = _cache.get(str(root))
        if cached and cached[0] == key:
            return cached[1]
        if stamp is None:
            build = Build(root=root, source=source, problem=f"{root} (from {source}) holds no index.html")
        else:
            build = _scan(root, source)
        _cache[str(root)] = (key, build)
        return build


@lru_cache(maxsize=256)
def _rewritten(path, stamp, prefix):
    data = Path(path).read_bytes()
    return data.replace(_PLACEHOLDER_BYTES, prefix.encode())


def rewritten_content(build_file, prefix):
    """The file's bytes with the placeholder replaced by ``prefix`` (which ends with '/')."""
    stamp = build_file.path.stat().st_mtime_ns
    return _rewritten(str(build_file.path), stamp, prefix)


def etag(data):
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'
