"""Run a model over chunks of draws, day by day, and gather outcomes and weekly trajectories."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from coalition.engine.component import StateView, StepContext
from coalition.engine.model import Model
from coalition.engine.randomness import NoiseStream, noise_once, sample_parameter
from coalition.errors import EngineError

Progress = Callable[[int], None]


@dataclass
class ChunkResult:
    """What one chunk of draws produced."""

    start: int
    stop: int
    inputs: dict[str, np.ndarray]
    outcomes: dict[str, np.ndarray]
    trajectories: dict[str, np.ndarray]  # name -> (draws, weeks, *shape)
    trace: dict[str, np.ndarray] | None = None  # name -> (days + 1, draws, *shape)


def week_ends(horizon: int) -> list[int]:
    """The day indices whose end closes a recorded week (the last day closes a partial week)."""
    ends = list(range(6, horizon, 7))
    if not ends or ends[-1] != horizon - 1:
        ends.append(horizon - 1)
    return ends


def run_chunk(
    model: Model,
    seed: int,
    start: int,
    stop: int,
    *,
    trace: bool = False,
    progress: Progress | None = None,
) -> ChunkResult:
    """Simulate draws [start, stop); deterministic in (model, seed, start, stop).

    Floating-point overflow and invalid operations are not warned about as they happen: the
    results are checked whole at the end, and anything not finite refuses the run (`EngineError`).
    """
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        return _run_chunk(model, seed, start, stop, trace=trace, progress=progress)


def _run_chunk(
    model: Model,
    seed: int,
    start: int,
    stop: int,
    *,
    trace: bool,
    progress: Progress | None,
) -> ChunkResult:
    setup, n = model.setup, stop - start
    params = {
        name: sample_parameter(seed, name, p.default, start, stop)
        for name, p in sorted(model.parameters.items())
    }
    data = {v.name: np.full((n, *v.shape), v.fill, dtype=v.dtype) for v in model.variables.values()}
    lag_data = {name: data[name] for name in model.lagged}
    contexts, streams = [], []
    for component in model.components:
        owned = {v.name: v.dtype for v in component.owns()}
        widths = component.noise()
        contexts.append(
            StepContext(
                setup=setup,
                n=n,
                state=StateView(
                    data,
                    component.name,
                    set(component.reads),
                    owned,
                    frozenset(v.name for v in component.owns() if v.scratch),
                ),
                lagged=StateView(lag_data, component.name, set(component.reads_lagged), {}),
                params={k: v for k, v in params.items() if k.startswith(component.name + ".")},
                noise={},
            )
        )
        once = component.noise_once()
        once_width = sum(once.values())
        contexts[-1].noise = _split(
            noise_once(seed, component.name, once_width, start, stop)
            if once_width
            else np.empty((n, 0)),
            once,
        )
        width = sum(widths.values())
        if width:
            streams.append((NoiseStream(seed, component.name, width, start, stop), widths))
        else:
            contexts[-1].noise.update(_split(np.empty((n, 0)), widths))
            streams.append(None)
    for component, ctx in zip(model.components, contexts, strict=True):
        component.init(ctx)

    recorded = [v for v in model.variables.values() if v.record]
    ends = week_ends(setup.horizon)
    trajectories = {v.name: np.empty((n, len(ends), *v.shape), dtype=np.float32) for v in recorded}
    traced = {name: [array.copy()] for name, array in data.items()} if trace else None
    week = 0
    for day in range(setup.horizon):
        for name in model.lagged:
            lag_data[name] = data[name]
        for component, ctx, stream in zip(model.components, contexts, streams, strict=True):
            if stream is not None:
                ctx.noise.update(_split(stream[0].next_day(), stream[1]))
            component.step(ctx, day)
        if traced is not None:
            for name, array in data.items():
                traced[name].append(array.copy())
        if day == ends[week]:
            for v in recorded:
                trajectories[v.name][:, week] = data[v.name]
            week += 1
        if progress is not None:
            progress(n)
    outcomes: dict[str, np.ndarray] = {}
    for component, ctx in zip(model.components, contexts, strict=True):
        reported = component.outcomes(ctx)
        declared = component.declared_outcomes()
        if reported.keys() != declared.keys():
            raise EngineError(
                f"component '{component.name}' reported {sorted(reported.keys() - declared.keys())}"
                f" without declaring them and left out {sorted(declared.keys() - reported.keys())}"
            )
        outcomes.update(reported)
    _check_finite(model, params, outcomes, trajectories)
    return ChunkResult(
        start,
        stop,
        params,
        outcomes,
        trajectories,
        {k: np.stack(v) for k, v in traced.items()} if traced is not None else None,
    )


def _check_finite(
    model: Model,
    params: dict[str, np.ndarray],
    outcomes: dict[str, np.ndarray],
    trajectories: dict[str, np.ndarray],
) -> None:
    """Refuse results that are not finite numbers (an outcome that did not happen is NaN, never
    infinite): they come from assumptions beyond what the model can compute, never a result."""
    broken = sorted(
        [k for k, v in params.items() if not np.isfinite(v).all()]
        + [k for k, v in outcomes.items() if np.isinf(v).any()]
        + [k for k, v in trajectories.items() if not np.isfinite(v).all()]
    )
    if not broken:
        return
    shown = ", ".join(broken[:3]) + (f" and {len(broken) - 3} more" if len(broken) > 3 else "")
    overrides = sorted(model.setup.scenario.assumptions)
    cause = (
        f"with this scenario's assumptions ({', '.join(overrides)}); narrow them towards the "
        "defaults (`coalition parameters FILE`)"
        if overrides
        else "with the world pack's defaults, which is a fault in the model: report it"
    )
    raise EngineError(f"the model produced values that are not finite numbers in {shown} {cause}")


def _split(numbers: np.ndarray, widths: dict[str, int]) -> dict[str, np.ndarray]:
    """A component's numbers cut into its channels, each an array of its own: a kernel then sees
    one memory layout whatever the widths and draws (and is compiled once)."""
    out, at = {}, 0
    for name, width in widths.items():
        out[name] = np.ascontiguousarray(numbers[:, at : at + width])
        at += width
    return out
