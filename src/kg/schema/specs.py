"""The ontology as plain specs — classes, relation families, relations, CSV columns, metrics — and its snapshot.

:func:`kg.schema.ontology.load_ontology` reads them from the Turtle files (with rdflib); :func:`to_snapshot` and
:func:`from_snapshot` turn them into JSON and back, so that a compiled graph carries the ontology it was built
with and a lookup reads it without importing rdflib or parsing Turtle (IRIs are then plain strings; the rdflib
graph is read from the Turtle files only if a caller asks for :attr:`Ontology.graph`). A snapshot is checked as
the Turtle is (:func:`check_ontology`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.errors import OntologyError
from kg.schema.vocab import OWNERSHIP_ROLES, VALUE_KINDS

if TYPE_CHECKING:
    from rdflib import Graph

SNAPSHOT_FORMAT = "kg-ontology 1"


def default_ontology_dir() -> Path:
    """The ontology shipped with the package (falls back to the repo's ontology/)."""
    packaged = resources.files("kg") / "ontology"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "ontology"


@dataclass(frozen=True)
class ClassSpec:
    name: str
    iri: str  # an rdflib URIRef when read from Turtle, a str when read from a snapshot
    label_en: str
    label_zh: str
    comment: str
    parents: tuple[str, ...]
    color: str
    shape: str


@dataclass(frozen=True)
class FamilySpec:
    name: str
    iri: str  # an rdflib URIRef when read from Turtle, a str when read from a snapshot
    label_en: str
    label_zh: str
    edge_style: str
    color: str
    order: int = 999  # kg:order: position in legends, filters and listings


@dataclass(frozen=True)
class RelationSpec:
    name: str
    iri: str  # an rdflib URIRef when read from Turtle, a str when read from a snapshot
    label_en: str
    label_zh: str
    comment: str
    family: str
    domain: str
    range: str
    stake_bearing: bool
    symmetric: bool
    super_properties: tuple[str, ...]
    ownership_roles: frozenset[str] = frozenset()
    derived_only: bool = False


@dataclass(frozen=True)
class ColumnSpec:
    file: str
    name: str
    order: int
    property: str
    kind: str
    required: str  # "true", "false" or a group name
    language: str | None
    label_en: str


@dataclass(frozen=True)
class MetricSpec:
    name: str
    iri: str  # an rdflib URIRef when read from Turtle, a str when read from a snapshot
    label_en: str
    label_zh: str
    unit: str
    comment: str


@dataclass
class Ontology:
    classes: dict[str, ClassSpec] = field(default_factory=dict)
    families: dict[str, FamilySpec] = field(default_factory=dict)
    relations: dict[str, RelationSpec] = field(default_factory=dict)
    columns: dict[str, list[ColumnSpec]] = field(default_factory=dict)
    metrics: dict[str, MetricSpec] = field(default_factory=dict)
    directory: str | None = None  # the folder of Turtle files it was read from (None: the packaged ontology)
    _ancestors: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)
    _graph: Any = field(default=None, repr=False, compare=False)

    @property
    def graph(self) -> Graph:
        """The ontology as an rdflib graph (read from its Turtle files on first use for a snapshot)."""
        if self._graph is None:
            from kg.schema.ontology import load_ontology

            self._graph = load_ontology(self.directory).graph
        return self._graph

    def is_subclass(self, child: str, parent: str) -> bool:
        """True when class ``child`` is ``parent`` or one of its descendants."""
        return parent in self.ancestors(child)

    def ancestors(self, name: str) -> frozenset[str]:
        """``name`` and every class above it (computed once per class)."""
        cached = self._ancestors.get(name)
        if cached is None:
            seen = {name}
            todo = [name]
            while todo:
                spec = self.classes.get(todo.pop())
                for p in spec.parents if spec else ():
                    if p not in seen:
                        seen.add(p)
                        todo.append(p)
            cached = self._ancestors[name] = frozenset(seen)
        return cached

    def family_order(self) -> list[str]:
        """The relation families in their kg:order (then by name): how legends, filters and listings list them."""
        return sorted(self.families, key=lambda f: (self.families[f].order, f))

    def column_names(self, file: str) -> list[str]:
        return [c.name for c in self.columns[file]]


def check_ontology(onto: Ontology) -> None:
    """Fail naming the first bad term: undeclared classes, missing labels, bad columns."""

    def need_labels(kind: str, name: str, en: str, zh: str) -> None:
        if not en or not zh:
            missing = "English" if not en else "Chinese"
            raise OntologyError(f"ontology {kind} kg:{name} has no {missing} rdfs:label")

    for c in onto.classes.values():
        need_labels("class", c.name, c.label_en, c.label_zh)
        for p in c.parents:
            if p not in onto.classes:
                raise OntologyError(f"ontology class kg:{c.name} is a subclass of undeclared class kg:{p}")
    for f in onto.families.values():
        need_labels("relation family", f.name, f.label_en, f.label_zh)
    for r in onto.relations.values():
        need_labels("relation", r.name, r.label_en, r.label_zh)
        if not r.comment:
            raise OntologyError(f"ontology relation kg:{r.name} has no rdfs:comment")
        for role, cls in (("domain", r.domain), ("range", r.range)):
            if cls not in onto.classes:
                raise OntologyError(
                    f"ontology relation kg:{r.name} has {role} kg:{cls or '?'}, which is not a declared class"
                )
        if not r.ownership_roles <= OWNERSHIP_ROLES:
            raise OntologyError(
                f"ontology relation kg:{r.name} has unknown kg:ownershipRole "
                f"{sorted(r.ownership_roles - OWNERSHIP_ROLES)}; use {sorted(OWNERSHIP_ROLES)}"
            )
        if r.family not in onto.families:
            raise OntologyError(
                f"ontology relation kg:{r.name} has family kg:{r.family or '?'}, which is not a declared relation family"
            )
    for file, cols in onto.columns.items():
        if not cols:
            raise OntologyError(f"ontology declares no columns for {file}.csv")
        seen: set[str] = set()
        for col in cols:
            if col.kind not in VALUE_KINDS:
                raise OntologyError(f"ontology column {file}.{col.name} has unknown kg:valueKind '{col.kind}'")
            if col.name in seen:
                raise OntologyError(f"ontology declares column {file}.{col.name} twice")
            seen.add(col.name)
    for m in onto.metrics.values():
        need_labels("metric", m.name, m.label_en, m.label_zh)


def to_snapshot(onto: Ontology) -> dict:
    """The specs as JSON-ready data (sorted lists, no rdflib terms)."""

    def plain(spec) -> dict:
        out = {}
        for key, value in asdict(spec).items():
            if isinstance(value, frozenset):
                value = sorted(value)
            elif isinstance(value, tuple):
                value = [str(v) for v in value]
            elif key in ("iri", "property"):
                value = str(value)
            out[key] = value
        return out

    return {
        "format": SNAPSHOT_FORMAT,
        "classes": [plain(c) for c in onto.classes.values()],
        "families": [plain(f) for f in onto.families.values()],
        "relations": [plain(r) for r in onto.relations.values()],
        "columns": {file: [plain(c) for c in cols] for file, cols in onto.columns.items()},
        "metrics": [plain(m) for m in onto.metrics.values()],
    }


def from_snapshot(data: dict, directory: str | None = None) -> Ontology:
    """The ontology of a snapshot; OntologyError when it is not one or does not check."""
    try:
        if data.get("format") != SNAPSHOT_FORMAT:
            raise OntologyError(f"not an ontology snapshot of format '{SNAPSHOT_FORMAT}'")
        onto = Ontology(directory=directory)
        for c in data["classes"]:
            onto.classes[c["name"]] = ClassSpec(**{**c, "parents": tuple(c["parents"])})
        for f in data["families"]:
            onto.families[f["name"]] = FamilySpec(**f)
        for r in data["relations"]:
            onto.relations[r["name"]] = RelationSpec(
                **{
                    **r,
                    "super_properties": tuple(r["super_properties"]),
                    "ownership_roles": frozenset(r["ownership_roles"]),
                }
            )
        onto.columns = {file: [ColumnSpec(**c) for c in cols] for file, cols in data["columns"].items()}
        for m in data["metrics"]:
            onto.metrics[m["name"]] = MetricSpec(**m)
    except (KeyError, TypeError, AttributeError) as exc:
        raise OntologyError(f"a damaged ontology snapshot ({type(exc).__name__}: {exc})") from None
    check_ontology(onto)
    return onto
