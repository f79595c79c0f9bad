"""Whether the process running a run is still alive, asked from any later command.

A run killed with SIGKILL, or lost with its machine, cannot mark itself failed. So each running run
holds a lease naming its process (host, pid and when the process started, which tells a reused pid
from the original) and renews a heartbeat while it runs. A later command on the same host asks the
operating system whether that process still exists; on another host it trusts the heartbeat, and
takes a run whose heartbeat has stopped for `STALE_AFTER` as dead.
"""

from __future__ import annotations

import datetime as dt
import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

HEARTBEAT_EVERY = dt.timedelta(seconds=30)
STALE_AFTER = dt.timedelta(minutes=10)
"""A lease whose heartbeat is older than this is dead: twenty missed beats, long enough for a
machine under heavy load or a paused laptop, short enough that a lost run is found the same day."""


def this_host() -> str:
    return socket.gethostname()


def process_started(pid: int) -> str:
    """When process `pid` started, as the kernel counts it (boot id and clock ticks since boot);
    empty where /proc cannot tell, in which case the pid alone identifies the process."""
    try:
        boot = Path("/proc/sys/kernel/random/boot_id").read_text().strip()
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return ""
    # Field 22 (starttime) follows the command name, which is in parentheses and may hold spaces.
    fields = stat[stat.rindex(")") + 2 :].split()
    return f"{boot}:{fields[19]}"


def process_alive(pid: int, started: str) -> bool:
    """Whether the process `pid` that started at `started` still runs on this host."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        pass
    return not started or process_started(pid) == started


class Heartbeat:
    """Calls `beat` every `HEARTBEAT_EVERY` on a background thread until the block ends."""

    def __init__(self, beat: Callable[[], None], every: dt.timedelta | None = None) -> None:
        self._beat = beat
        self._every = (every or HEARTBEAT_EVERY).total_seconds()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="coalition-heartbeat", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            try:
                self._beat()
            except Exception:
                continue

    def __enter__(self) -> Heartbeat:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stop.set()
        self._thread.join()
