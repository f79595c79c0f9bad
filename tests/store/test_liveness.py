"""Leases and heartbeats: how a later command tells a running run from a dead one."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time

import pytest
import sqlalchemy as sa

from coalition.spec.scenario import Scenario
from coalition.store import Store, liveness
from coalition.store.records import leases


def test_this_process_is_alive_and_a_finished_one_is_not():
    me = os.getpid()
    assert liveness.process_alive(me, liveness.process_started(me))
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert not liveness.process_alive(int(done.stdout), "")


def test_a_reused_pid_is_not_the_process_that_held_the_lease():
    me = os.getpid()
    assert not liveness.process_alive(me, "another-boot:12345")


def test_a_heartbeat_beats_until_its_block_ends():
    beats = threading.Semaphore(0)
    with liveness.Heartbeat(beats.release, every=dt.timedelta(milliseconds=5)):
        assert beats.acquire(timeout=5)
        assert beats.acquire(timeout=5)
    time.sleep(0.05)
    while beats.acquire(blocking=False):
        pass
    time.sleep(0.05)
    assert not beats.acquire(blocking=False)


def test_a_failing_beat_does_not_stop_the_run():
    calls = []

    def beat() -> None:
        calls.append(1)
        raise OSError("database is locked")

    with liveness.Heartbeat(beat, every=dt.timedelta(milliseconds=5)):
        deadline = time.monotonic() + 5
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
    assert len(calls) >= 3


def _heartbeat(store: Store, run_id: str) -> dt.datetime:
    with store.records.engine.connect() as conn:
        return conn.execute(
            sa.select(leases.c.heartbeat_at).where(leases.c.run_id == run_id)
        ).scalar_one()


def test_a_recording_renews_its_heartbeat_in_the_store(
    store: Store, scenario: Scenario, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(liveness, "HEARTBEAT_EVERY", dt.timedelta(milliseconds=20))
    beats: list[dt.datetime] = []

    def interrupted_run() -> str:
        with store.recording(scenario, 500) as run:
            beats.append(_heartbeat(store, run.run_id))
            time.sleep(0.3)
            beats.append(_heartbeat(store, run.run_id))
            raise KeyboardInterrupt(run.run_id)

    with pytest.raises(KeyboardInterrupt) as stopped:
        interrupted_run()
    run_id = str(stopped.value)
    assert beats[1] > beats[0]
    assert store.get(run_id).status == "failed"
    with store.records.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(leases)).scalar_one() == 0


def test_a_running_run_of_a_live_process_is_left_alone(store: Store, scenario: Scenario):
    run_id = store.begin(scenario, 500)
    store.recover()
    assert store.get(run_id).status == "running"
    store.fail(run_id, "test over")
