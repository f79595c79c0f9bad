"""Where chunks of draws run: in this process, in local worker processes, or on a Dask cluster.

Every executor is a `concurrent.futures.Executor`, so the core only submits chunks and gathers
them in draw order. A chunk's random numbers depend on its draws alone (`randomness`), so results
are bit-identical whatever the executor, the chunk size or the number of workers, on machines of
one kind. A worker sends back plain arrays; a worker that dies fails the whole run.

Across CPUs: the daily steps are compiled scalar code without fast math, whose exp, log and pow
come from the C library (glibc picks one implementation for every x86-64 CPU with FMA), so they
agree on AVX2 and AVX-512 machines with the same glibc. Sampling the parameters and a few
constants computed once per run still go through NumPy's ufuncs, which take other SIMD paths on
AVX-512 (exp, log, power differ in the last bit on a few per cent of inputs): a cluster that mixes
the two can differ in last bits, and in whatever a last bit decides. Starting every worker with
`NPY_DISABLE_CPU_FEATURES` naming the AVX-512 targets `numpy.show_runtime()` lists makes them
agree (untested here: this machine has no AVX-512).

    with executor_for(workers=2) as executor:
        parts = run_chunks(task, spans(draws, None, 2), executor)
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from coalition.engine.randomness import BLOCK
from coalition.errors import CoalitionError, EngineError

Span = tuple[int, int]


class InProcess(Executor):
    """Runs each chunk when it is submitted, here: no pickling, no processes (the default)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            if not isinstance(exc, Exception):
                raise  # Ctrl-C and termination stop the run here and now
            future.set_exception(exc)
        return future


@contextmanager
def executor_for(workers: int = 1, scheduler: str | None = None) -> Iterator[Executor]:
    """The executor a run asks for: `scheduler` a Dask scheduler's address (or "local" for a
    `LocalCluster` of `workers` processes), else `workers` local processes, else this process."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise CoalitionError(f"workers must be a whole number, at least 1; got {workers!r}")
    if scheduler is not None:
        with _dask(scheduler, workers) as executor:
            yield executor
    elif workers == 1:
        yield InProcess()
    else:
        # forkserver, not fork: the parent has threads (the run's heartbeat, database pools),
        # and forking a process with threads can copy a held lock into the child
        context = multiprocessing.get_context("forkserver")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            yield pool


SCHEDULER_TIMEOUT = "10s"
"""How long to try a Dask scheduler's address before the run fails."""


@contextmanager
def _dask(scheduler: str, workers: int) -> Iterator[Executor]:
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise CoalitionError(
            "a Dask scheduler needs the distributed package: pip install 'coalition[dask]'"
        ) from None
    try:
        if scheduler == "local":
            cluster = LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
            client = Client(cluster, set_as_default=False)
        else:
            cluster = None
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise CoalitionError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        yield client.get_executor(pure=False)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


DEFAULT_CHUNK = 2_000
"""Draws per chunk by default: measured (`bench/bench_engine.py`, 10,000 draws of the mass
deployment, one process, README) 23.5 s against 27.1 s in chunks of 1,000, 23.5 s of 5,000 and
24.3 s of 10,000: fewer chunks share the per-day overheads, smaller ones stay nearer the cache."""


def spans(draws: int, chunk: int | None, workers: int) -> list[Span]:
    """The chunks a run's draws are cut into, in draw order, each of whole blocks of random
    streams. `chunk` draws each if given (rounded up to whole blocks); by default at most
    `DEFAULT_CHUNK`, in a number of chunks that is a multiple of the workers (at least two each)
    and of sizes that differ by one block at most, so that no worker is left waiting for another
    at the end."""
    blocks = -(-draws // BLOCK)
    if chunk is not None:
        size = max(1, -(-chunk // BLOCK))
        sizes = [size] * (blocks // size) + ([blocks % size] if blocks % size else [])
    else:
        most = DEFAULT_CHUNK // BLOCK
        count = workers * max(-(-blocks // (workers * most)), 1 if workers == 1 else 2)
        count = min(count, blocks)
        sizes = [blocks // count + (k < blocks % count) for k in range(count)]
    cut, start = [], 0
    for size in sizes:
        stop = min(start + size * BLOCK, draws)
        cut.append((start, stop))
        start = stop
    return cut


def chunk_size(draws: int, chunk: int | None, workers: int) -> int:
    """The largest chunk a run's draws are cut into (what a run records)."""
    return max(stop - start for start, stop in spans(draws, chunk, workers))


def run_chunks(
    task: Callable[[Span], Any],
    cut: Sequence[Span],
    executor: Executor,
    done: Callable[[Span], None] | None = None,
) -> list[Any]:
    """`task` of every chunk of `cut` through `executor`, in draw order; `done(span)` as each
    finishes. A worker that dies, or a chunk that fails, fails the whole run with its reason."""
    futures = {executor.submit(task, span): span for span in cut}
    results: dict[Span, Any] = {}
    try:
        for future in as_completed(futures):
            results[futures[future]] = future.result()
            if done is not None:
                done(futures[future])
    except BrokenProcessPool:
        raise EngineError("a worker process died (killed?); the run has no results") from None
    except CoalitionError:
        raise
    except Exception as exc:
        if type(exc).__name__ == "KilledWorker":  # Dask gave up on a chunk whose workers died
            raise EngineError(
                f"Dask workers died running a chunk ({exc}); the run has no results"
            ) from None
        raise
    finally:
        for future in futures:
            future.cancel()
    return [results[span] for span in cut]
