"""The public API is what `coalition.__all__` says, and every name in it works."""

from __future__ import annotations

import coalition


def test_all_lists_exactly_the_public_names():
    public = {name for name in vars(coalition) if not name.startswith("_")}
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
