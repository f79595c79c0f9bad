"""Small real fixtures shared by the suite: shipped scenarios, short real runs and a copy of the
world pack to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import coalition
from coalition.spec.scenario import Scenario
from coalition.world.pack import PACKS

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios" / "ukraine").glob("[1-5]-*.yaml"))
VARIANTS = sorted((ROOT / "scenarios" / "ukraine" / "variants").glob("*.yaml"))


def pytest_configure(config: pytest.Config) -> None:
    """Before parallel workers start, compile the kernels once into Numba's on-disk cache: on a
    clean clone every worker, and every command a test starts, would otherwise compile them at
    the same time."""
    if hasattr(config, "workerinput") or not config.getoption("numprocesses", default=None):
        return
    try:
        for path in (*SCENARIOS, *VARIANTS):
            coalition.simulate(coalition.load_scenario(path, horizon_days=7), draws=2)
    except Exception:  # the tests that run these scenarios report it, by name
        return


@pytest.fixture(scope="session")
def mass_deployment() -> Scenario:
    """The largest shipped course of action, shortened for speed."""
    return coalition.load_scenario(ROOT / "scenarios/ukraine/5-mass-deployment.yaml")


@pytest.fixture
def write(tmp_path: Path):
    """Write a scenario file from text and return its path."""

    def _write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def pack_copy(tmp_path: Path) -> Path:
    """A copy of the shipped world pack that a test may edit."""
    return Path(shutil.copytree(PACKS["ukraine-2025"], tmp_path / "pack"))


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in a pack file by `new` (which must be there)."""
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
