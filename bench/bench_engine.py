"""How fast is the engine? Draw-days per second of the vectorised engine, of the scalar reference
and of the same ensemble run through the EMA Workbench, with their ratios, all measured in one run.

    python bench/bench_engine.py [--draws 10000] [--reference-draws 100] [--small]

Everything runs on one core (BLAS threads pinned to 1). The scalar reference and the workbench are
timed on a subset of the draws and reported per draw-day, which is what the ratios compare.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import time
import warnings
from pathlib import Path

for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = "1"

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
from tests.reference.model import run_draw  # noqa: E402

import coalition  # noqa: E402
from coalition.api import build_model  # noqa: E402

SCENARIO = ROOT / "scenarios" / "ukraine" / "5-mass-deployment.yaml"


def best_of(repeats: int, work) -> float:
    """The fastest of several timings: the least disturbed by the rest of the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def vectorised(scenario, draws: int, repeats: int) -> float:
    return best_of(repeats, lambda: coalition.simulate(scenario, draws=draws))


def per_component(scenario, draws: int) -> dict[str, float]:
    """Seconds each component's daily step takes over one run (steps timed in place)."""
    from coalition.engine.simulate import run_chunk

    model = build_model(scenario.with_run_settings(draws=draws))
    spent = dict.fromkeys((c.name for c in model.components), 0.0)
    for component in model.components:
        step = component.step

        def timed(ctx, day, step=step, name=component.name):
            start = time.perf_counter()
            step(ctx, day)
            spent[name] += time.perf_counter() - start

        component.step = timed
    run_chunk(model, scenario.seed, 0, draws)
    return spent


def two_workers(scenario, draws: int, repeats: int) -> float:
    return best_of(repeats, lambda: coalition.simulate(scenario, draws=draws, workers=2))


def by_chunk(scenario, draws: int, sizes: tuple[int, ...]) -> dict[int, float]:
    """One process, the same draws cut into chunks of each size (results do not depend on it)."""
    return {
        size: best_of(2, lambda size=size: coalition.simulate(scenario, draws=draws, chunk=size))
        for size in sizes
    }


def peak_memory_gib(draws: int) -> float:
    """Peak resident memory of a fresh process running `draws` draws of the scenario."""
    import resource
    import subprocess

    code = f"import coalition; coalition.simulate({str(SCENARIO)!r}, draws={draws})"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run([sys.executable, "-c", code], check=True)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(peak, before) / 2**20  # kB on Linux


def fresh_process_seconds(cache: str) -> float:
    """Seconds a new process takes to import coalition and run 500 draws, with this kernel
    cache directory (empty: every kernel compiles; filled: every kernel loads)."""
    import subprocess

    code = f"import coalition; coalition.simulate({str(SCENARIO)!r}, draws=500)"
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, env=env)
    return time.perf_counter() - start


def cold_start() -> tuple[float, float]:
    """A new process's run with no compiled kernels cached, and the next one, which finds them."""
    import tempfile

    with tempfile.TemporaryDirectory() as cache:
        return fresh_process_seconds(cache), fresh_process_seconds(cache)


def reference(scenario, draws: int) -> float:
    return best_of(1, lambda: [run_draw(scenario, scenario.seed, d) for d in range(draws)])


def workbench(scenario, draws: int) -> float:
    """The same draws as experiments of an EMA Workbench `Model` wrapping the scalar reference."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench import (
            Constant,
            IntegerParameter,
            Model,
            RealParameter,
            ScalarOutcome,
            SequentialEvaluator,
        )
        from ema_workbench.em_framework.points import Scenario as Experiment

    results = coalition.simulate(scenario, draws=draws)
    parameters = build_model(scenario).parameters

    def function(draw: int, **params: float) -> dict[str, float]:
        return run_draw(scenario, scenario.seed, int(draw), params)

    model = Model("coalition", function=function)
    varied, constant = [], []
    for name, p in parameters.items():
        low, high = p.default.bounds
        if low < high:
            varied.append(RealParameter(name, low, high))
        else:
            constant.append(Constant(name, low))
    model.uncertainties = [IntegerParameter("draw", 0, draws - 1), *varied]
    model.constants = constant
    model.outcomes = [ScalarOutcome(c) for c in results.outcomes.columns]
    experiments = [
        Experiment(f"draw {d}", draw=d, **{v.name: results.inputs.at[d, v.name] for v in varied})
        for d in range(draws)
    ]

    def run() -> None:
        with contextlib.redirect_stderr(io.StringIO()), SequentialEvaluator(model) as evaluator:
            evaluator.perform_experiments(scenarios=experiments)  # its progress bar muted

    return best_of(1, run)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--reference-draws", type=int, default=100)
    parser.add_argument("--small", action="store_true", help="a quick configuration")
    args = parser.parse_args()
    if args.small:
        args.draws, args.reference_draws = 1000, 20

    scenario = coalition.load_scenario(SCENARIO)
    days = scenario.horizon_days
    names = [c.name for c in build_model(scenario).components]
    print(
        f"scenario: {scenario.name} ({scenario.course_of_action.troops_committed:,} troops), "
        f"{days} days, components: {', '.join(names)}"
    )
    print(f"numpy {np.__version__}, one core")

    coalition.simulate(scenario, draws=500)  # warm caches and imports
    t_vec = vectorised(scenario, args.draws, repeats=3)
    t_ref = reference(scenario, args.reference_draws)
    t_ema = workbench(scenario, args.reference_draws)

    rate_vec = args.draws * days / t_vec
    rate_ref = args.reference_draws * days / t_ref
    rate_ema = args.reference_draws * days / t_ema
    rows = [
        ("vectorised engine", args.draws, t_vec, rate_vec),
        ("scalar reference", args.reference_draws, t_ref, rate_ref),
        ("EMA Workbench 2.5.3 (reference as Model)", args.reference_draws, t_ema, rate_ema),
    ]
    print(f"\n{'what':44} {'draws':>7} {'seconds':>9} {'draw-days/s':>13}")
    for what, draws, seconds, rate in rows:
        print(f"{what:44} {draws:>7,} {seconds:>9.2f} {rate:>13,.0f}")
    print(f"\nvectorised / scalar reference: {rate_vec / rate_ref:,.0f}x")
    print(f"vectorised / EMA Workbench:    {rate_vec / rate_ema:,.0f}x")
    print(f"{args.draws:,} draws x {days} days: {t_vec:.2f} s")
    t_two = two_workers(scenario, args.draws, repeats=2)
    print(f"the same on two worker processes: {t_two:.2f} s ({t_vec / t_two:.2f}x)")
    t_what_if = best_of(3, lambda: coalition.simulate(scenario, draws=1000))
    print(f"what-if run, 1,000 draws x {days} days, after the first: {t_what_if:.2f} s")
    print(f"peak memory of the {args.draws:,}-draw run: {peak_memory_gib(args.draws):.2f} GiB")
    cold, warm = cold_start()
    print(
        f"a new process running 500 draws: {cold:.1f} s compiling every kernel (cold cache), "
        f"{warm:.1f} s loading them (warm): {cold - warm:.1f} s to compile"
    )
    print("\none process, by chunk size:")
    for size, seconds in by_chunk(scenario, args.draws, (1_000, 2_000, 5_000, 10_000)).items():
        print(f"  {size:>6,} draws a chunk: {seconds:6.2f} s")
    print("\nseconds in each component's daily steps, same run size:")
    for name, seconds in per_component(scenario, args.draws).items():
        print(f"  {name:12} {seconds:6.2f} s")


if __name__ == "__main__":
    main()
