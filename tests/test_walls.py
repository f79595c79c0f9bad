"""The walls between the house's parts: the engine and the shared world import no domain, no
domain imports another, the list of domains is written once, and a new domain is its module, its
slice of the world pack and one registration."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from coalition.api import pack_slices
from coalition.domains import BUILT_IN_DOMAINS
from coalition.engine.component import Component, Parameter, StepContext, Variable
from coalition.engine.model import Model
from coalition.engine.setup import Setup
from coalition.engine.simulate import run_chunk
from coalition.errors import WorldError
from coalition.world.pack import DomainPack, NamedParameter, read_pack
from tests.conftest import ROOT

PACKAGE = ROOT / "src" / "coalition"


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("part", ["engine", "world", "spec", "store"])
def test_a_shared_part_imports_no_domain(part: str):
    for path in (PACKAGE / part).rglob("*.py"):
        domains = {m for m in imported_modules(path) if m.startswith("coalition.domains")}
        assert not domains, f"{path.relative_to(ROOT)} imports {sorted(domains)}"


def test_no_domain_imports_another():
    for path in (PACKAGE / "domains").glob("*.py"):
        if path.name == "__init__.py":
            continue
        others = {
            m
            for m in imported_modules(path)
            if m.startswith("coalition.domains.") and m != f"coalition.domains.{path.stem}"
        }
        assert not others, f"{path.name} imports {sorted(others)}"


def test_the_domains_are_listed_once():
    """`BUILT_IN_DOMAINS` names every domain module, and only `coalition.domains` lists them."""
    modules = {p.stem for p in (PACKAGE / "domains").glob("*.py")} - {"__init__"}
    assert {d.name for d in BUILT_IN_DOMAINS} == modules
    listers = [
        path.relative_to(ROOT)
        for path in PACKAGE.rglob("*.py")
        if sum(f"coalition.domains.{m}" in imported_modules(path) for m in modules) > 1
    ]
    assert listers == [Path("src/coalition/domains/__init__.py")]


class ToyPack(DomainPack):
    FILE = "toy.yaml"
    parameters: dict[str, NamedParameter]


class Toy(Component):
    """A domain written from outside the package: its module, its slice, one registration."""

    name = "toy"
    pack = ToyPack

    def owns(self) -> list[Variable]:
        return [Variable("toy.count", record=True)]

    def parameters(self) -> list[Parameter]:
        return self.pack_parameters()

    def step(self, ctx: StepContext, day: int) -> None:
        ctx.state["toy.count"] = ctx.state["toy.count"] + ctx.params["toy.rate"]

    def declared_outcomes(self) -> dict[str, str]:
        return {"toy.total": "what the toy counted"}

    def outcomes(self, ctx: StepContext) -> dict[str, np.ndarray]:
        return {"toy.total": ctx.state["toy.count"]}


TOY_FILE = (
    "parameters:\n"
    "  rate:\n"
    "    description: one a day\n"
    "    default: {dist: point, value: 1, source: world.start_window}\n"
    "    allowed: non_negative\n"
)


def test_a_new_domain_is_its_module_its_slice_and_one_registration(pack_copy, mass_deployment):
    (pack_copy / "toy.yaml").write_text(TOY_FILE)
    domains = (*BUILT_IN_DOMAINS, Toy)  # the one registration line
    world = read_pack("copy", pack_copy, pack_slices(domains))
    scenario = mass_deployment.with_run_settings(horizon_days=30)
    model = Model.build(Setup.compile(scenario, world), domains)
    result = run_chunk(model, scenario.seed, 0, 10)
    assert (result.outcomes["toy.total"] == 30).all()
    assert model.parameters["toy.rate"].default.source_ids == ("world.start_window",)


def test_a_pack_without_a_domains_file_is_refused_naming_it(pack_copy):
    with pytest.raises(WorldError, match=r"toy\.yaml: cannot read file: No such file"):
        read_pack("copy", pack_copy, pack_slices((*BUILT_IN_DOMAINS, Toy)))


def test_a_pack_missing_a_named_parameter_is_refused_at_load_with_file_and_field(pack_copy):
    morale = pack_copy / "morale.yaml"
    text = morale.read_text()
    start = text.index("  reference_interception:")
    end = text.index("  outage_points_per_hour:")
    morale.write_text(text[:start] + text[end:])
    with pytest.raises(WorldError) as refused:
        read_pack("copy", pack_copy, pack_slices())
    lines = str(refused.value).splitlines()
    where = f"{morale}:{line_of_parameters(morale)}"
    assert lines == [f"{where}: parameters: the model needs 'reference_interception'"]


def test_a_misspelt_parameter_is_refused_with_a_did_you_mean(pack_copy):
    morale = pack_copy / "morale.yaml"
    text = morale.read_text().replace("  reference_interception:", "  reference_intercept:")
    morale.write_text(text)
    with pytest.raises(
        WorldError,
        match=r"morale\.yaml:\d+: parameters: no parameter 'reference_intercept' in this domain "
        r"\(did you mean 'reference_interception'\?\); it reads: baseline, ",
    ):
        read_pack("copy", pack_copy, pack_slices())


def test_a_pack_naming_a_parameter_its_domain_does_not_read_is_refused(pack_copy):
    grid = pack_copy / "grid.yaml"
    grid.write_text(
        grid.read_text().replace(
            "parameters:\n",
            "parameters:\n  unused:\n    description: read by nobody\n"
            "    default: {dist: point, value: 1, source: world.start_window}\n",
            1,
        )
    )
    with pytest.raises(WorldError, match=r"grid\.yaml:\d+: parameters: no parameter 'unused' in "):
        read_pack("copy", pack_copy, pack_slices())


def line_of_parameters(path) -> int:
    return path.read_text().splitlines().index("parameters:") + 1
