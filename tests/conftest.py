"""Small real fixtures shared by the suite: shipped scenarios and short real runs."""

from __future__ import annotations

from pathlib import Path

import pytest

import coalition
from coalition.spec.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios" / "ukraine").glob("[1-5]-*.yaml"))
VARIANTS = sorted((ROOT / "scenarios" / "ukraine" / "variants").glob("*.yaml"))


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
