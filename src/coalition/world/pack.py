"""World packs: the data a scenario runs against, each figure with a source id.

A pack is a folder of YAML files inside the package (see `ukraine_2025/`). Loading validates every
file, checks that every reference between files resolves (zones, nodes, rungs) and that every
`source` names a copied citation or a written assumption, and raises `WorldError` naming the file
and row otherwise.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from functools import cache, cached_property
from pathlib import Path
from typing import Any, ClassVar, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SerializeAsAny,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from coalition.errors import SpecError, WorldError
from coalition.spec.distributions import Distribution
from coalition.spec.messages import validation_problems
from coalition.spec.safe_yaml import read_yaml_file

PACKS = {"ukraine-2025": Path(__file__).parent / "ukraine_2025"}


class PackModel(BaseModel):
    """Base of every part of a world pack: frozen, and strict about keys."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Zone(PackModel):
    id: str
    name: str
    description: str
    deployable: bool


class Region(PackModel):
    iso: str
    name: str
    zone: str
    distance_to_front_km: float = Field(ge=0)


class Contributor(PackModel):
    code: str
    name: str
    language: str = Field(pattern=r"^[a-z]{2}$")
    next_election: dt.date
    cost_meur_per_troop_year: Distribution
    gdp_eur_bn: Distribution
    defence_pct_gdp_2025: Distribution
    ttf_gas: bool  # gas priced off the Dutch TTF (Europe), not a market of its own
    hybrid_target_share: Distribution


ALLOWED_RANGES: dict[str, tuple[float, float, str]] = {
    "any": (-math.inf, math.inf, "any number"),
    "non_negative": (0.0, math.inf, "at least 0"),
    "positive": (math.ulp(0.0), math.inf, "greater than 0"),
    "probability": (0.0, 1.0, "a probability or share, within 0-1"),
}
"""What a parameter's `allowed` means: lowest and highest value, and how to say it."""


class NamedParameter(PackModel):
    description: str
    default: Distribution
    allowed: Literal["any", "non_negative", "positive", "probability"] = "any"


class Rung(PackModel):
    id: str
    name: str
    description: str
    evidence: list[str]
    up: Distribution
    down: Distribution
    needs_presence: bool = False
    after: str | None = None


class Feature(PackModel):
    feature: str
    first: str
    last: str
    weight: Distribution


class Hybrid(PackModel):
    incidents_per_year: Distribution
    campaign_multiplier: Distribution
    troops_weight: Distribution


class Ladder(PackModel):
    rungs: list[Rung]
    features: list[Feature]
    hybrid: Hybrid

    def number(self, rung_id: str) -> int:
        """A rung's number: rungs count from 1, and 0 is the status quo (no rung active)."""
        return [r.id for r in self.rungs].index(rung_id) + 1


class NetworkNode(PackModel):
    id: str
    kind: Literal["home", "apod", "spod", "staging", "crossing", "hub", "zone"]
    name: str
    country: str | None = None
    oblast: str | None = None
    zone: str | None = None
    gauge: str | None = None


class NetworkEdge(BaseModel):
    """A link with daily capacities in people and tonnes (none: not a constraint here)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    start: str = Field(alias="from")
    end: str = Field(alias="to")
    mode: Literal["rail", "road", "air", "sea"]
    days: int = Field(ge=0, le=60)
    people: Distribution | None = None
    tonnes: Distribution | None = None
    source: str


class Network(PackModel):
    cargo_tonnes_per_soldier: dict[Literal["combat", "other"], Distribution]
    nodes: list[NetworkNode]
    edges: list[NetworkEdge]

    @cached_property
    def _node_by_id(self) -> dict[str, NetworkNode]:
        return {n.id: n for n in self.nodes}

    @cached_property
    def _edges_leaving(self) -> dict[str, list[int]]:
        """Each node's outgoing edges, as indices in the pack's order."""
        leaving: dict[str, list[int]] = {}
        for i, edge in enumerate(self.edges):
            leaving.setdefault(edge.start, []).append(i)
        return leaving

    def node(self, node_id: str) -> NetworkNode:
        return self._node_by_id[node_id]

    def home_node(self, country: str) -> str:
        return next(n.id for n in self.nodes if n.kind == "home" and n.country == country)

    def zone_node(self, zone: str) -> str:
        return next(n.id for n in self.nodes if n.kind == "zone" and n.zone == zone)

    @cached_property
    def _paths_found(self) -> dict[tuple[str, str, str | None], list[list[int]]]:
        return {}

    def paths(self, start: str, end: str, through: str | None = None) -> list[list[int]]:
        """Every simple path (as edge indices) from `start` to `end`, through a node if given,
        depth first in the pack's edge order; the network is acyclic. Found once per network."""
        key = (start, end, through)
        if key not in self._paths_found:
            self._paths_found[key] = self._find_paths(start, end, through)
        return [list(path) for path in self._paths_found[key]]

    def _find_paths(self, start: str, end: str, through: str | None) -> list[list[int]]:
        found: list[list[int]] = []

        def walk(node: str, so_far: list[int], visited: frozenset[str]) -> None:
            if node == end:
                found.append(so_far)
                return
            for i in self._edges_leaving.get(node, ()):
                after = self.edges[i].end
                if after not in visited:
                    walk(after, [*so_far, i], visited | {node})

        walk(start, [], frozenset())
        if through is None:
            return found
        return [p for p in found if through in {self.edges[e].end for e in p}]


class Weapon(PackModel):
    """A class of Russian long-range weapon: how many are launched and what it takes to stop them.

    Launches a month are `level_per_month`, along a logistic curve in time when `growth_per_month`
    and `midpoint_months` are given; weapons with `raids_per_month` fly only on raid nights. Allied
    units engage a `stock_limited` weapon only while their interceptor stock lasts.
    """

    name: str
    stock_limited: bool = True
    level_per_month: Distribution
    growth_per_month: Distribution | None = None
    midpoint_months: Distribution | None = None
    raids_per_month: Distribution | None = None
    ukraine_interception: Distribution
    fire_unit_interception: Distribution
    shots_per_engagement: Distribution
    shot_cost_musd: Distribution
    weapon_cost_musd: Distribution


class TargetClass(PackModel):
    """A class of target: its share of launches and how it is spread over the zones."""

    share: Distribution
    zones: dict[str, float]
    source: str


ALLIED_POSITIONS = "allied"  # the target class that follows the Allied troops


class Arsenal(PackModel):
    """weapons.yaml: Russia's long-range weapons and the classes of target they are aimed at,
    which several domains share; months of the weapons' trends count from `trend_origin`."""

    trend_origin: dt.date
    weapons: dict[str, Weapon]
    targets: dict[str, TargetClass]

    def target_classes(self) -> list[str]:
        """The fixed target classes, then Allied positions (aimed at once Russia strikes them)."""
        return [*self.targets, ALLIED_POSITIONS]


class Period(PackModel):
    """The start dates the pack's figures can describe (a horizon may run past the last)."""

    earliest_start: dt.date
    latest_start: dt.date
    source: str

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.latest_start < self.earliest_start:
            raise ValueError(
                f"latest_start ({self.latest_start}) comes before earliest_start "
                f"({self.earliest_start})"
            )
        return self


class Citation(BaseModel):
    """A figure copied from the facts pack with its source."""

    model_config = ConfigDict(frozen=True, extra="allow")
    id: str
    what: str
    source: str
    url: str | None = None
    date: str | None = None


class Assumption(PackModel):
    id: str
    statement: str
    reasoning: str
    based_on: list[str]


class DomainPack(PackModel):
    """A domain's slice of a world pack: one file (`FILE`), its schema, and its checks against the
    data the domains share. A domain module declares its own; the world imports none."""

    FILE: ClassVar[str]

    def problems(self, world: World) -> list[str]:
        """What this slice gets wrong against the shared data (zones, weapons, ladder), each as
        `file: field: message`."""
        return []


class ParametersPack(DomainPack):
    """A domain slice with named parameters, each with its default and source: exactly those its
    rules read (`NAMES`, and one per deployable zone for each prefix in `PER_ZONE`). A pack that
    lacks one, or names one the domain does not read, is refused with the file and field."""

    NAMES: ClassVar[tuple[str, ...]] = ()
    PER_ZONE: ClassVar[tuple[str, ...]] = ()
    parameters: dict[str, NamedParameter]

    @field_validator("parameters")
    @classmethod
    def _the_names_the_rules_read(
        cls, given: dict[str, NamedParameter]
    ) -> dict[str, NamedParameter]:
        per_zone = tuple(f"{prefix}." for prefix in cls.PER_ZONE)
        unknown = [n for n in given if n not in cls.NAMES and not n.startswith(per_zone)]
        if unknown:
            close = difflib.get_close_matches(unknown[0], cls.NAMES, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise ValueError(
                f"no parameter {unknown[0]!r} in this domain{hint}; it reads: "
                + ", ".join(cls.NAMES)
            )
        missing = [name for name in cls.NAMES if name not in given]
        if missing:
            raise ValueError(f"the model needs {', '.join(repr(n) for n in missing)}")
        return given


DomainSlices = tuple[tuple[str, type[DomainPack]], ...]
"""The domains whose slices a world is read with: (domain name, its `DomainPack`) pairs."""


class World(PackModel):
    """Everything a world pack holds, validated and cross-checked."""

    name: str
    period: Period
    zones: list[Zone]
    regions: list[Region]
    contributors: list[Contributor]
    ladder: Ladder
    network: Network
    arsenal: Arsenal
    citations: dict[str, Citation]
    assumptions: dict[str, Assumption]
    domains: dict[str, SerializeAsAny[DomainPack]] = Field(default_factory=dict)
    """Each domain's own slice of the pack, by domain name (read when a model asks for them)."""

    def domain(self, name: str) -> Any:
        """A domain's slice of the pack: the schema its module declares."""
        try:
            return self.domains[name]
        except KeyError:
            raise WorldError(
                f"world pack '{self.name}' was read without domain '{name}'s slice"
            ) from None

    def zone_ids(self) -> list[str]:
        return [z.id for z in self.zones]

    def deployable_zones(self) -> list[str]:
        """The zones a force can be sent to, in the pack's order: the zones the model runs."""
        return [z.id for z in self.zones if z.deployable]

    def contributor(self, code: str) -> Contributor:
        return next(c for c in self.contributors if c.code == code)

    def evidence(self, source_id: str) -> Citation | Assumption | None:
        """The citation or assumption behind a source id; None for a source outside the pack."""
        return self.citations.get(source_id) or self.assumptions.get(source_id)


PACK_FILES: tuple[tuple[str, str, str | None, Any], ...] = (
    ("period", "period.yaml", None, Period),
    ("zones", "zones.yaml", "zones", list[Zone]),
    ("regions", "regions.yaml", "regions", list[Region]),
    ("contributors", "actors.yaml", "contributors", list[Contributor]),
    ("ladder", "ladder.yaml", None, Ladder),
    ("network", "network.yaml", None, Network),
    ("arsenal", "weapons.yaml", None, Arsenal),
    ("citations", "sources.yaml", "sources", list[Citation]),
    ("assumptions", "assumptions.yaml", "assumptions", list[Assumption]),
)
"""Each shared part of a world: its `World` field, its file, the key it sits under, its model.
A domain's own slice is declared by the domain (`DomainPack`) and read when a model asks for it."""


@cache
def load_world(name: str, slices: DomainSlices = ()) -> World:
    """The named world pack, validated, with the slices of the domains in `slices` (cached:
    packs are read-only)."""
    if name not in PACKS:
        raise WorldError(f"unknown world pack '{name}'; available: {', '.join(PACKS)}")
    return read_pack(name, PACKS[name], slices)


def read_pack(name: str, folder: Path, slices: DomainSlices = ()) -> World:
    """Read and check the pack in `folder`, with the slices of the domains in `slices`;
    `WorldError` names the file and row of any problem."""
    parts = {field: _part(folder, file, key, model) for field, file, key, model in PACK_FILES}
    parts["citations"] = {c.id: c for c in parts["citations"]}
    parts["assumptions"] = {a.id: a for a in parts["assumptions"]}
    domains = {domain: _part(folder, pack.FILE, None, pack) for domain, pack in slices}
    world = World(name=name, domains=domains, **parts)
    _check_references(world, folder)
    return world


def _part(folder: Path, file: str, key: str | None, model: Any) -> Any:
    """One file of a pack, validated against its model (under `key` if given)."""
    data, lines = _read(folder / file)
    raw = data.get(key) if key else data
    try:
        return TypeAdapter(model).validate_python(raw)
    except ValidationError as exc:
        problems = validation_problems(exc, str(folder / file), lines, model, (key,) if key else ())
        raise WorldError("\n".join(map(str, problems))) from None


def _read(path: Path) -> tuple[dict[str, Any], dict]:
    try:
        document = read_yaml_file(path)
    except SpecError as exc:
        raise WorldError(str(exc)) from None
    return document.data or {}, document.lines


def _check_references(world: World, folder: Path) -> None:
    zones = set(world.zone_ids())
    rungs = [r.id for r in world.ladder.rungs]
    known = set(world.citations) | set(world.assumptions)
    problems = []
    for i, region in enumerate(world.regions):
        if region.zone not in zones:
            problems.append(f"regions.yaml: regions[{i}].zone: unknown zone '{region.zone}'")
    for i, rung in enumerate(world.ladder.rungs):
        if rung.after is not None and rung.after not in rungs[:i]:
            problems.append(f"ladder.yaml: rungs[{i}].after: '{rung.after}' is not a rung below")
    problems += _network_problems(world)
    problems += _arsenal_problems(world)
    problems += _names_the_model_uses(world)
    problems += _defaults_outside_allowed(world)
    for domain in world.domains.values():
        problems += domain.problems(world)
    for i, f in enumerate(world.ladder.features):
        for end in (f.first, f.last):
            if end not in rungs:
                problems.append(f"ladder.yaml: features[{i}]: unknown rung '{end}'")
    for assumption in world.assumptions.values():
        problems += [
            f"assumptions.yaml: {assumption.id}.based_on: no citation '{b}'"
            for b in assumption.based_on
            if b not in world.citations
        ]
    cited = _sources(world.model_dump(exclude={"citations", "assumptions", "domains"}))
    for domain in world.domains.values():
        cited += _sources(domain.model_dump(), Path(domain.FILE).stem)
    for where, source in cited:
        if source not in known:
            problems.append(f"{where}: source '{source}' is neither a citation nor an assumption")
    if problems:
        raise WorldError(f"world pack {folder}:\n" + "\n".join(problems))


def _network_problems(world: World) -> list[str]:
    """Edges between known nodes, capacities that cannot go negative, a home for every
    contributor and a node for every deployable zone."""
    network, problems = world.network, []
    ids = [n.id for n in network.nodes]
    problems += [f"network.yaml: nodes: '{i}' appears twice" for i in set(ids) if ids.count(i) > 1]
    for i, edge in enumerate(network.edges):
        for end in (edge.start, edge.end):
            if end not in ids:
                close = difflib.get_close_matches(end, ids, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(f"network.yaml: edges[{i}]: unknown node '{end}'{hint}")
        for what in ("people", "tonnes"):
            capacity = getattr(edge, what)
            if capacity is not None and capacity.bounds[0] < 0:
                problems.append(
                    f"network.yaml: edges[{i}].{what}: a capacity cannot be negative "
                    f"(lowest value {capacity.bounds[0]:g})"
                )
    homes = {n.country for n in network.nodes if n.kind == "home"}
    problems += [
        f"network.yaml: nodes: no home node for contributor {c.code}"
        for c in world.contributors
        if c.code not in homes
    ]
    zones = [n.id for n in network.nodes if n.kind == "zone"]
    problems += [
        f"network.yaml: nodes: no node for zone '{z.id}'"
        for z in world.zones
        if z.deployable and z.id not in {n.zone for n in network.nodes if n.kind == "zone"}
    ]
    if not problems:  # paths only make sense between known nodes
        problems += [
            f"network.yaml: nodes: zone node '{zone}' cannot be reached from '{home.id}'"
            for home in network.nodes
            if home.kind == "home"
            for zone in zones
            if not network.paths(home.id, zone)
        ]
    return problems


# Names the components refer to: a pack must define them.
NAMED_BY_THE_MODEL = {
    "zones.yaml: zones": ("near_front",),
    "weapons.yaml: targets": ("energy", "logistics"),
    "ladder.yaml: rungs": (
        "intensified_strikes",
        "mobilisation",
        "hybrid_campaign",
        "economic_retaliation",
        "strikes_on_allied_forces",
        "direct_clash",
        "horizontal_escalation",
    ),
}


def _names_the_model_uses(world: World) -> list[str]:
    defined = {
        "zones.yaml: zones": world.deployable_zones(),
        "weapons.yaml: targets": list(world.arsenal.targets),
        "ladder.yaml: rungs": [r.id for r in world.ladder.rungs],
    }
    return [
        f"{where}: the model needs '{name}'"
        for where, names in NAMED_BY_THE_MODEL.items()
        for name in names
        if name not in defined[where]
    ]


def _defaults_outside_allowed(world: World) -> list[str]:
    """A named parameter's default must stay within what it allows, as an override must."""
    problems = []
    for part in world.domains.values():
        named = getattr(part, "parameters", None)
        for name, entry in named.items() if named is not None else []:
            low, high, what = ALLOWED_RANGES[entry.allowed]
            bounds = entry.default.bounds
            if not (low <= bounds[0] and bounds[1] <= high):
                problems.append(
                    f"{part.FILE}: parameters.{name}.default: must be {what}; this "
                    f"distribution spans {bounds[0]:g} to {bounds[1]:g}"
                )
    return problems


def _arsenal_problems(world: World) -> list[str]:
    """Trends given whole, probabilities within 0-1, and each target class spread over the
    deployable zones exactly."""
    arsenal, problems = world.arsenal, []
    deployable = world.deployable_zones()
    for name, weapon in arsenal.weapons.items():
        if (weapon.growth_per_month is None) != (weapon.midpoint_months is None):
            problems.append(
                f"weapons.yaml: weapons.{name}: give growth_per_month and midpoint_months "
                "together, or neither for a constant level"
            )
        for field in ("ukraine_interception", "fire_unit_interception"):
            low, high = getattr(weapon, field).bounds
            if low < 0 or high > 1:
                problems.append(
                    f"weapons.yaml: weapons.{name}.{field}: a probability must lie within 0-1 "
                    f"(this one spans {low:g} to {high:g})"
                )
    for name, target in arsenal.targets.items():
        problems += zone_share_problems(
            f"weapons.yaml: targets.{name}.zones", target.zones, deployable
        )
    return problems


def zone_share_problems(where: str, shares: dict[str, float], deployable: list[str]) -> list[str]:
    """Shares spread over the deployable zones: known zones, each at least 0, summing to 1."""
    unknown = sorted(set(shares) - set(deployable))
    if unknown:
        return [f"{where}: unknown or closed zone '{unknown[0]}'; allowed: {', '.join(deployable)}"]
    if abs(sum(shares.values()) - 1.0) > 1e-9 or min(shares.values()) < 0:
        return [
            f"{where}: shares must be at least 0 and sum to 1 (they sum to "
            f"{sum(shares.values()):g})"
        ]
    return []


def every_key_given(where: str, given: Any, expected: list[str], what: str) -> list[str]:
    """A table keyed by every name of a shared list (weapons, target classes): one value each."""
    if set(given) != set(expected):
        return [f"{where}: give one value for each {what}: " + ", ".join(expected)]
    return []


def _sources(data: Any, path: str = "") -> list[tuple[str, str]]:
    """Every `source` and `evidence` id in `data`, with where it sits."""
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}" if path else str(key)
            if key in ("source", "evidence"):
                found += [(here, s) for s in ([value] if isinstance(value, str) else value)]
            else:
                found += _sources(value, here)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            found += _sources(value, f"{path}[{i}]")
    return found
