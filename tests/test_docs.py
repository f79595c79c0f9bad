"""Code, docs and the README stay in step."""

from __future__ import annotations

import re

import pytest

from coalition.domains import BUILT_IN_DOMAINS
from tests.conftest import ROOT


def test_every_registered_domain_has_a_docs_page():
    pages = {p.stem for p in (ROOT / "docs" / "domains").glob("*.md")}
    assert {d.name for d in BUILT_IN_DOMAINS} <= pages


@pytest.mark.parametrize("domain", BUILT_IN_DOMAINS, ids=lambda d: d.name)
def test_every_domain_page_names_its_slice_of_the_pack(domain):
    if domain.pack is None:
        return
    page = (ROOT / "docs" / "domains" / f"{domain.name}.md").read_text()
    assert f"world/ukraine_2025/{domain.pack.FILE}" in page


def test_every_parameter_is_in_its_domains_docs_table(mass_deployment):
    """A page names each parameter, or its family: `opinion.baseline.<country>`."""
    from coalition.api import build_model

    for component in build_model(mass_deployment).components:
        page = (ROOT / "docs" / "domains" / f"{component.name}.md").read_text()
        patterns = [
            re.compile(re.sub(r"<[^>]+>", ".+", re.escape(name)))
            for name in re.findall(r"`([a-z_]+\.[^`\s]+)`", page)
        ]
        for parameter in component.parameters():
            assert any(p.fullmatch(parameter.name) for p in patterns), (
                f"{parameter.name} is not in docs/domains/{component.name}.md"
            )


def test_the_readme_quick_start_is_exactly_two_commands():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Quick start", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]


def test_the_readme_scenario_example_is_a_valid_scenario(tmp_path):
    import coalition

    readme = (ROOT / "README.md").read_text()
    start = readme.index("```yaml\nname:") + len("```yaml\n")
    example = tmp_path / "example.yaml"
    example.write_text(readme[start : readme.index("```", start)])
    scenario = coalition.load_scenario(example)
    assert scenario.course_of_action.contingents
