"""Throw-away PostgreSQL clusters for tests and benchmarks: a primary, a hot standby, gone after.

The Django package's tests run on SQLite and on PostgreSQL (scripts/test), and its read-replica
test needs a primary it can stop and a streaming standby; this module makes them from Debian's
PostgreSQL binaries (``/usr/lib/postgresql/<version>/bin``, or ``$PG_BINDIR``), standard library
only. Every cluster listens on 127.0.0.1 on a free port, trusts local connections (no password),
and has its own socket directory; nothing is left behind: ``destroy()`` stops the server and
removes its directories, and clusters still running when the interpreter exits are stopped and
removed then (atexit, and on SIGTERM or SIGHUP before the process ends).

Run as root (the test machine), every binary runs as the ``postgres`` system user (initdb and
postgres refuse root), so a data directory must be reachable by that user: pass none and one is
made under the system temp directory.

API (stable: scripts/test, tests/test_contract.py, tests/test_replica.py and
scripts/bench-django-scale use it)::

    from pgcluster import Cluster, available

    available()                  -> None, or why clusters cannot be made here (no binaries)
    c = Cluster.create(datadir=None, settings=None)
                                 # initdb (-A trust, UTF8, C locale, --no-sync); `settings`
                                 # (dict) adds to or overrides DEFAULT_SETTINGS in postgresql.conf
    c.start(port=None)           # pg_ctl -w, on a free port unless one is given; returns c
    c.host, c.port, c.user       # "127.0.0.1", int, "postgres"
    c.env(prefix="EXAMPLE_POSTGRES_")  -> {"EXAMPLE_POSTGRES_HOST": ..., "_PORT": ..., "_USER": ...}
    c.createdb(name) / c.dropdb(name)  # dropdb forces out open connections
    c.execute(sql, db="postgres")      # psql, ON_ERROR_STOP; returns stdout
    c.query(sql, db="postgres")  -> [[str, ...], ...]  rows of unaligned, tab-separated fields
    c.scalar(sql, db="postgres") -> str, the first field of the first row
    s = c.standby(datadir=None)  # pg_basebackup -R -X stream from c, started on another port
    s.wait_replayed(c, timeout=60)     # until s has replayed all the WAL c has written so far
    c.stop(mode="fast")          # pg_ctl stop (fast | smart | immediate); idempotent
    c.destroy()                  # stop, then remove the data directory if this module made it
                                 # or if remove=True, and the socket/log directory
    Cluster.attach(host, port, user="postgres")   # a running server made elsewhere (the CLI's):
                                 # execute/query/createdb/dropdb only, never stopped

    with Cluster.create().start() as c: ...      # destroy() on leaving the block

CLI, for shell scripts (the data directory is kept, so a script removes it after ``stop``)::

    eval "$(python tests/pgcluster.py start DIR [--prefix AUDIT_CONSOLE_TEST_PG_])"
        # initdb in DIR unless it holds a cluster, start it, print `export PREFIXHOST=...`,
        # `PREFIXPORT`, `PREFIXUSER` (default prefix EXAMPLE_POSTGRES_)
    python tests/pgcluster.py stop DIR   # stop it (fast) and remove its socket directory

The server's log is ``<socket dir>/postgres.log`` while it runs; a failed start raises
``ClusterError`` with the log's end.
"""

import argparse
import atexit
import glob
import os
import pwd
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

# postgresql.conf additions of every cluster made here: loopback only, streaming replication
# possible, and no durability (throw-away data; a benchmark may pass settings={"fsync": "on"}).
DEFAULT_SETTINGS = {
    "listen_addresses": "'127.0.0.1'",
    "wal_level": "replica",
    "max_wal_senders": "10",
    "max_replication_slots": "10",
    "hot_standby": "on",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "100",
    "log_min_messages": "warning",
}
HOST = "127.0.0.1"
SUPERUSER = "postgres"
_RUNTIME_PREFIX = "pgrun-"


class ClusterError(RuntimeError):
    pass


def bindir():
    """The PostgreSQL binaries: $PG_BINDIR, else the newest Debian version, else those on PATH."""
    env = os.environ.get("PG_BINDIR")
    if env:
        return Path(env)
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    if versions:
        return Path(versions[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else Path("/usr/lib/postgresql/15/bin")


def available():
    """None when clusters can be made here, else the reason they cannot."""
    missing = [b for b in ("initdb", "pg_ctl", "pg_basebackup", "postgres", "psql")
               if not (bindir() / b).is_file()]
    if missing:
        return f"no PostgreSQL binaries ({', '.join(missing)}) in {bindir()} (scripts/setup installs them)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(SUPERUSER)
        except KeyError:
            return f"running as root and there is no {SUPERUSER!r} system user to run PostgreSQL as"
    return None


def free_port():
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def _owner():
    """(uid, gid) the binaries run as: the postgres user when we are root, else None (us)."""
    if os.geteuid() != 0:
        return None
    entry = pwd.getpwnam(SUPERUSER)
    return entry.pw_uid, entry.pw_gid


def _run(args, check=True, **kw):
    """A PostgreSQL binary, as the cluster owner, from /, without the caller's PG* variables."""
    owner = _owner()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(LC_ALL="C.UTF-8", LANG="C.UTF-8")
    if owner:
        env["HOME"] = "/tmp"
        kw.update(user=owner[0], group=owner[1], extra_groups=[])
    result = subprocess.run(
        [str(a) for a in args], cwd="/", env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, **kw,
    )
    if check and result.returncode != 0:
        raise ClusterError(
            f"{shlex.join(str(a) for a in args)} exited with {result.returncode}:\n"
            f"{result.stderr.strip() or result.stdout.strip()}"
        )
    return result


def _own(path):
    owner = _owner()
    if owner:
        os.chown(path, *owner)


def _make_dir(prefix):
    """A fresh 0700 directory under the temp dir, owned by the cluster owner."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    _own(path)
    return path


def _prepare_datadir(datadir):
    """Create ``datadir`` (empty, 0700, the owner's) and check the owner can reach it."""
    datadir = Path(datadir).resolve()
    if datadir.exists() and any(datadir.iterdir()):
        raise ClusterError(f"{datadir} is not empty")
    existed = datadir.exists()
    datadir.mkdir(mode=0o700, parents=True, exist_ok=True)
    datadir.chmod(0o700)
    _own(datadir)
    if _run(["/bin/sh", "-c", 'test -w "$0" && test -x "$0"', datadir], check=False).returncode:
        if not existed:
            datadir.rmdir()
        raise ClusterError(
            f"the {SUPERUSER} user cannot write {datadir} (a parent directory is private?); "
            "pass no datadir to get one under the temp directory"
        )
    return datadir


_live = set()  # clusters started by this process and not yet stopped


@atexit.register
def _cleanup():
    for cluster in list(_live):
        try:
            cluster.destroy()
        except Exception:  # noqa: BLE001 - exiting anyway; best effort
            pass


def _cleanup_and_die(signum, frame):
    _cleanup()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _track(cluster):
    """Remember a started cluster for the clean-up at exit. SIGTERM and SIGHUP end Python
    without atexit, so (when nothing else handles them, and from the main thread) they first
    destroy the running clusters, then end the process as before."""
    _live.add(cluster)
    if threading.current_thread() is threading.main_thread():
        for sig in (signal.SIGTERM, signal.SIGHUP):
            if signal.getsignal(sig) == signal.SIG_DFL:
                signal.signal(sig, _cleanup_and_die)


class Cluster:
    def __init__(self, datadir=None, host=HOST, port=None, user=SUPERUSER, remove=False):
        self.datadir = Path(datadir) if datadir is not None else None
        self.host = host
        self.port = port
        self.user = user
        self.remove = remove  # destroy() removes datadir
        self.runtime = None  # socket directory and log, while running
        self.attached = datadir is None

    def __repr__(self):
        return f"<Cluster {self.datadir or 'attached'} {self.host}:{self.port}>"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.destroy()

    # --- Making, starting, stopping ------------------------------------------------------------

    @classmethod
    def create(cls, datadir=None, settings=None):
        """initdb a new cluster in ``datadir`` (made if missing, must be empty), or in a new temp
        directory that ``destroy()`` removes. Not started."""
        reason = available()
        if reason:
            raise ClusterError(reason)
        made = datadir is None
        path = _make_dir("pgdata-") if made else _prepare_datadir(datadir)
        cluster = cls(path, remove=made)
        try:
            _run([bindir() / "initdb", "-D", path, "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync", "--no-instructions"])
            with open(path / "postgresql.conf", "a") as conf:
                conf.write("\n# pgcluster.py\n")
                for key, value in {**DEFAULT_SETTINGS, **(settings or {})}.items():
                    conf.write(f"{key} = {value}\n")
            with open(path / "pg_hba.conf", "a") as hba:
                hba.write("\n# pgcluster.py: streaming replication on loopback\n")
                hba.write(f"host replication all {HOST}/32 trust\n")
        except BaseException:
            if made:
                shutil.rmtree(path, ignore_errors=True)
            raise
        return cluster

    @classmethod
    def attach(cls, host, port, user=SUPERUSER):
        """A server that runs already (not ours to stop): for queries and createdb."""
        return cls(None, host=host, port=int(port), user=user)

    @property
    def running(self):
        if self.attached:
            return True
        return (self.datadir / "postmaster.pid").exists() and _run(
            [bindir() / "pg_ctl", "status", "-D", self.datadir], check=False
        ).returncode == 0

    def start(self, port=None, attempts=3):
        """Start on ``port`` (a free one if None) with a new socket directory; returns self."""
        if self.attached:
            raise ClusterError("an attached cluster is not ours to start")
        if self.running:
            raise ClusterError(f"a server runs in {self.datadir} already")
        for attempt in range(attempts):
            self.port = port or free_port()
            self.runtime = _make_dir(_RUNTIME_PREFIX)
            log = self.runtime / "postgres.log"
            options = f"-p {self.port} -k {self.runtime} -c listen_addresses={HOST}"
            _track(self)
            result = _run(
                [bindir() / "pg_ctl", "start", "-w", "-t", "120", "-D", self.datadir, "-l", log,
                 "-o", options],
                check=False,
            )
            if result.returncode == 0:
                return self
            tail = self.log_tail(log)
            self.stop(mode="immediate")
            if port is None and "could not bind" in tail and attempt + 1 < attempts:
                continue  # another process took the free port meanwhile
            raise ClusterError(f"PostgreSQL in {self.datadir} did not start:\n{result.stderr}\n{tail}")
        raise AssertionError("unreachable")

    def log_tail(self, log=None, lines=30):
        log = log or (self.runtime / "postgres.log" if self.runtime else None)
        try:
            return "\n".join(Path(log).read_text(errors="replace").splitlines()[-lines:])
        except (OSError, TypeError):
            return ""

    def stop(self, mode="fast"):
        """Stop the server (if it runs) and remove its socket directory; idempotent."""
        if self.attached:
            return
        try:
            if self.datadir is not None and (self.datadir / "postmaster.pid").exists():
                result = _run(
                    [bindir() / "pg_ctl", "stop", "-w", "-t", "60", "-m", mode, "-D", self.datadir],
                    check=False,
                )
                if result.returncode != 0 and self.running:
                    _run([bindir() / "pg_ctl", "stop", "-w", "-m", "immediate", "-D", self.datadir],
                         check=False)
        finally:
            if self.runtime is not None:
                shutil.rmtree(self.runtime, ignore_errors=True)
                self.runtime = None
            _live.discard(self)

    def destroy(self):
        """Stop, and remove the data directory if it is ours (``remove``)."""
        if self.attached:
            return
        try:
            self.stop(mode="immediate" if self.remove else "fast")
        finally:
            if self.remove and self.datadir is not None:
                shutil.rmtree(self.datadir, ignore_errors=True)

    # --- SQL ----------------------------------------------------------------------------------

    def _psql(self, sql, db, *flags):
        return _run(
            [bindir() / "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", self.host,
             "-p", self.port, "-U", self.user, "-d", db, *flags, "-c", sql]
        ).stdout

    def execute(self, sql, db="postgres"):
        """Run ``sql`` (one or more statements; stops at the first error); psql's output."""
        return self._psql(sql, db)

    def query(self, sql, db="postgres"):
        """The rows of one query, each a list of text fields (NULL is "")."""
        out = self._psql(sql, db, "-A", "-t", "-F", "\t")
        return [line.split("\t") for line in out.splitlines() if line]

    def scalar(self, sql, db="postgres"):
        rows = self.query(sql, db)
        return rows[0][0] if rows else None

    def createdb(self, name):
        self.execute(f'CREATE DATABASE "{name}"')
        return name

    def dropdb(self, name):
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def env(self, prefix="EXAMPLE_POSTGRES_"):
        """The connection as environment variables: PREFIX + HOST, PORT, USER."""
        return {f"{prefix}HOST": self.host, f"{prefix}PORT": str(self.port), f"{prefix}USER": self.user}

    # --- Replication --------------------------------------------------------------------------

    def standby(self, datadir=None):
        """A hot standby of this (running) cluster: ``pg_basebackup -R -X stream`` into
        ``datadir`` (a new temp directory if None), started on another free port."""
        made = datadir is None
        path = _make_dir("pgstandby-") if made else _prepare_datadir(datadir)
        standby = Cluster(path, remove=made)
        try:
            _run([bindir() / "pg_basebackup", "-h", self.host, "-p", self.port, "-U", self.user,
                  "-D", path, "-R", "-X", "stream", "-c", "fast", "--no-sync"])
            return standby.start()
        except BaseException:
            standby.destroy()
            if made:
                shutil.rmtree(path, ignore_errors=True)
            raise

    def wait_replayed(self, primary, timeout=60):
        """Wait until this standby has replayed everything ``primary`` has written so far."""
        target = primary.scalar("SELECT pg_current_wal_lsn()")
        deadline = time.monotonic() + timeout
        while True:
            done = self.scalar(f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")
            if done == "t":
                return
            if time.monotonic() > deadline:
                raise ClusterError(
                    f"standby {self} did not replay up to {target} in {timeout} s "
                    f"(at {self.scalar('SELECT pg_last_wal_replay_lsn()')})"
                )
            time.sleep(0.05)


# --- CLI -------------------------------------------------------------------------------------


def _cli_start(args):
    datadir = Path(args.dir).resolve()
    if (datadir / "PG_VERSION").exists():
        cluster = Cluster(datadir)
    else:
        cluster = Cluster.create(datadir)
    cluster.start(port=args.port)
    _live.discard(cluster)  # it outlives this process: `stop DIR` stops it
    for key, value in cluster.env(args.prefix).items():
        print(f"export {key}={shlex.quote(value)}")


def _cli_stop(args):
    datadir = Path(args.dir).resolve()
    cluster = Cluster(datadir)
    pid = datadir / "postmaster.pid"
    if pid.exists():
        # postmaster.pid: pid, datadir, start time, port, socket directory, ...
        lines = pid.read_text().splitlines()
        if len(lines) > 4 and Path(lines[4]).name.startswith(_RUNTIME_PREFIX):
            cluster.runtime = Path(lines[4])
    cluster.stop(mode=args.mode)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    start = sub.add_parser("start", help="initdb DIR if needed, start it, print export lines")
    start.add_argument("dir")
    start.add_argument("--port", type=int, help="default: a free one")
    start.add_argument("--prefix", default="EXAMPLE_POSTGRES_", help="of the variables printed")
    stop = sub.add_parser("stop", help="stop the cluster in DIR (DIR is kept)")
    stop.add_argument("dir")
    stop.add_argument("--mode", default="fast", choices=["smart", "fast", "immediate"])
    args = parser.parse_args(argv)
    try:
        (_cli_start if args.command == "start" else _cli_stop)(args)
    except ClusterError as e:
        print(f"pgcluster: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
