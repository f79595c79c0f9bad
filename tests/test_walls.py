"""The walls between the house's parts: the engine and the shared world import no domain, and no
domain imports another; the list of domains is written once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from coalition.domains import BUILT_IN_DOMAINS
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
