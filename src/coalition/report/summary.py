"""A one-page HTML summary of compared courses of action: key outcomes, escalation by month,
coalition cohesion by month, costs, the economy, the front and displacement month by month, and
the evidence behind every parameter that was sampled."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from coalition.analysis.compare import comparison, monthly_table
from coalition.analysis.summary import coalition_by_month, escalation_by_month
from coalition.engine.results import Results
from coalition.files import write_text
from coalition.world.pack import load_world

_env = Environment(loader=PackageLoader("coalition.report"), autoescape=select_autoescape())


def render_summary(runs: Sequence[Results]) -> str:
    """The summary page as HTML text."""
    world = load_world(runs[0].scenario.world)
    ladder = {r.id: r.name for r in world.ladder.rungs}
    escalation = {
        r.scenario.course_of_action.id: escalation_by_month(r).rename(index=ladder) for r in runs
    }
    cohesion = {
        r.scenario.course_of_action.id: coalition_by_month(r)
        for r in runs
        if r.scenario.course_of_action.contingents
    }
    monthly = {r.scenario.course_of_action.id: monthly_table(r) for r in runs}
    used = sorted({source for r in runs for ids in r.sources.values() for source in ids})
    # an analyst's override may cite a source of their own, outside the world pack: listed as such
    evidence = [(source, world.evidence(source)) for source in used]
    return _env.get_template("summary.html").render(
        runs=runs,
        table=comparison(runs),
        escalation=escalation,
        cohesion=cohesion,
        monthly=monthly,
        evidence=evidence,
        generated=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )


def write_summary(runs: Sequence[Results], path: Path) -> None:
    """Write the summary atomically: a reader never sees half a page."""
    write_text(Path(path), render_summary(runs))
