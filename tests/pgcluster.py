"""A throwaway PostgreSQL cluster for tests and benchmarks: initdb into a temporary folder,
started on a free 127.0.0.1 port, stopped by its own pid and removed at the end.

The server refuses to run as root, so when the tests run as root it runs as the ``postgres``
system user (Debian's package creates it) or ``nobody``, in a folder that user owns.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

USER = "review"


def bin_dir() -> Path | None:
    """The folder of ``initdb``/``pg_ctl`` (Debian keeps them out of PATH), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def unavailable_reason() -> str | None:
    """Why no cluster can be started here (None when one can)."""
    if bin_dir() is None:
        return ("PostgreSQL is not installed (no initdb in /usr/lib/postgresql/*/bin or on PATH); "
                "`make test` installs Debian's postgresql package where apt-get works")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser: the PostgreSQL server cannot be started as another user"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """One running PostgreSQL server; :meth:`database` makes a new empty database and returns its URL."""

    def __init__(self):
        self.bin = bin_dir()
        self.dir = Path(tempfile.mkdtemp(prefix="review-tools-pg-"))
        self.port = _free_port()
        self.pid: int | None = None
        self.user = None
        if os.geteuid() == 0:
            self.user = "postgres" if _has_user("postgres") else "nobody"
            pw = pwd.getpwnam(self.user)
            os.chown(self.dir, pw.pw_uid, pw.pw_gid)
        self._n = 0

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=self.dir)

    def start(self) -> Cluster:
        data = self.dir / "data"
        res = self._run("initdb", "-D", str(data), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8",
                        "--no-sync")
        if res.returncode:
            raise RuntimeError(f"initdb failed: {res.stderr.strip()}")
        res = self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(data), "-l", str(self.dir / "server.log"),
                        "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=60")
        if res.returncode:
            log = (self.dir / "server.log").read_text(errors="replace") if (self.dir / "server.log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {res.stderr.strip()} {log[-2000:]}")
        self.pid = int((data / "postmaster.pid").read_text().split()[0])
        return self

    @property
    def admin_url(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/postgres"

    def url(self, name: str) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{name}"

    def sql(self, statement: str, database: str = "postgres", params=()) -> list[tuple]:
        """Run one statement as the superuser (autocommit) and return its rows."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user={USER} dbname={database}",
                             autocommit=True) as conn:
            cur = conn.execute(statement, params)
            return cur.fetchall() if cur.description else []

    def database(self, prefix: str = "review") -> str:
        """Create a new empty database and return its ``postgresql://`` address."""
        self._n += 1
        name = f"{prefix}_{os.getpid()}_{self._n}"
        self.sql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server by its pid (fast shutdown) and remove its folder."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGINT)
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and _alive(self.pid):
                time.sleep(0.1)
            if _alive(self.pid):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGQUIT)
            self.pid = None
        shutil.rmtree(self.dir, ignore_errors=True)


def _has_user(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a zombie child would still answer; the postmaster is not our child (pg_ctl started it)
    return True
