"""The store's small real run (`scenario`, `results`) serves the fault tests here too."""

from tests.store.conftest import results, scenario

__all__ = ["results", "scenario"]
