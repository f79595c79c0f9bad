"""The public API is what `coalition.__all__` says, and every name in it works."""

from __future__ import annotations

import coalition


def test_all_lists_exactly_the_public_names():
    public = {name for name in dir(coalition) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(coalition, name)).__name__ == "module"}
    assert set(coalition.__all__) == public - modules


def test_every_error_is_a_coalition_error():
    for name in ("SpecError", "WorldError", "EngineError", "StoreError"):
        assert issubclass(getattr(coalition, name), coalition.CoalitionError)
    assert issubclass(coalition.CoalitionError, Exception)
    assert not issubclass(coalition.CoalitionError, KeyboardInterrupt)


def test_a_run_from_python_returns_dataframes(mass_deployment):
    results = coalition.simulate(mass_deployment, draws=50, seed=3)
    assert isinstance(results, coalition.Results)
    assert results.outcomes.index.name == "draw"
    assert len(results.outcomes) == 50
    support = results.trajectory("opinion.support")
    assert list(support.index.names) == ["draw", "week"]
    assert "UK" in support.columns
    assert results.sources["opinion.baseline.UK"][0].startswith("poll.troops.uk")


def test_every_default_lies_within_what_its_parameter_allows():
    """An override is refused outside its parameter's allowed range; no default lies outside."""
    from coalition.api import build_model
    from tests.conftest import SCENARIOS, VARIANTS

    for path in (*SCENARIOS, *VARIANTS):
        for name, parameter in build_model(coalition.load_scenario(path)).parameters.items():
            assert parameter.allowed.admits(parameter.default.bounds), name
