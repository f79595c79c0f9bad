"""A real, throwaway PostgreSQL server for the tests: no mocks, no shared state, no set-up.

The server runs from Debian's binaries (`/usr/lib/postgresql/<version>/bin`) in a temporary
directory, on a free localhost port, with trust authentication, and is stopped and deleted when
the test session ends. PostgreSQL refuses to run as root, so when the tests run as root the
binaries run as the `postgres` OS user (which the Debian package creates) through `runuser`.

Without the binaries the PostgreSQL tests are skipped on a workstation, but fail in CI
(`CI=true`), so a missing server can never make a green CI run that tested only SQLite.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import pytest

SERVER_USER = "postgres"
START_TIMEOUT_SECONDS = 60


def _missing(reason: str) -> NoReturn:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; `make test` installs postgresql (scripts/system-deps)")
    pytest.skip(f"{reason}; `make test` (or apt-get install postgresql) installs it")


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's bin directory, if any."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(command: list[str], as_root: bool) -> None:
    if as_root:
        command = ["runuser", "-u", SERVER_USER, "--", *command]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} exited with {done.returncode}:\n{done.stdout}{done.stderr}"
        )


@contextmanager
def postgres_server() -> Iterator[str]:
    """Start a server, yield its SQLAlchemy URL, then stop it and delete its files."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        _missing("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin")
    as_root = os.geteuid() == 0
    if as_root:
        try:
            user = pwd.getpwnam(SERVER_USER)
        except KeyError:
            _missing(f"running as root, but there is no '{SERVER_USER}' OS user to run the server")
    base = Path(tempfile.mkdtemp(prefix="coalition-pg-"))
    data, sockets, log = base / "data", base / "sockets", base / "server.log"
    sockets.mkdir()
    if as_root:
        for path in (base, sockets):
            os.chown(path, user.pw_uid, user.pw_gid)
    port = free_port()
    pg_ctl = str(bin_dir / "pg_ctl")
    try:
        _run(
            [str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
             "--encoding=UTF8", "--no-sync"],
            as_root,
        )  # fmt: skip
        options = f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
        try:
            _run(
                [pg_ctl, "start", "-D", str(data), "-l", str(log), "-o", options,
                 "-w", "-t", str(START_TIMEOUT_SECONDS)],
                as_root,
            )  # fmt: skip
        except RuntimeError as exc:
            server_log = log.read_text() if log.exists() else "(no log)"
            raise RuntimeError(f"{exc}\nserver log:\n{server_log}") from None
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        try:
            if (data / "postmaster.pid").exists():  # also after a start that timed out
                _run([pg_ctl, "stop", "-D", str(data), "-m", "immediate"], as_root)
        finally:
            shutil.rmtree(base, ignore_errors=True)
