"""Checks across the files of a dataset: duplicate ids, references to rows that do not exist, domain and range."""

from __future__ import annotations

from kg.ingest.hints import article, did_you_mean
from kg.ingest.reader import Reader
from kg.ingest.records import Dataset, Record, display_path
from kg.schema.vocab import CSV_FILES


def check_references(reader: Reader, ds: Dataset) -> None:
    """Cross-file checks: duplicate ids, dangling references, domain and range."""
    onto = reader.onto
    shown = {f: display_path(ds.directory / f"{f}.csv") for f in CSV_FILES}
    source_ids = _unique_ids(reader, ds.sources, shown["sources"]) | reader.rejected_ids.get("sources", set())
    entity_ids = _unique_ids(reader, ds.entities, shown["entities"]) | reader.rejected_ids.get("entities", set())
    types = {str(r.get("id")): str(r.get("type")) for r in ds.entities}

    if "sources" in reader.unreadable:
        source_ids = _Everything()
    if "entities" in reader.unreadable:
        entity_ids = _Everything()

    def entity_ref(where: str, rec: Record, role: str) -> None:
        ref = rec.get(role)
        if ref is not None and ref not in entity_ids:
            reader.error(
                where,
                rec.line,
                rec.columns.get(role, 0),
                f"{role} '{ref}' is not an entity id in entities.csv",
                did_you_mean(str(ref), entity_ids) or "add the entity to entities.csv",
            )

    def source_ref(where: str, rec: Record) -> None:
        src = rec.get("source")
        if src is not None and src not in source_ids:
            reader.error(
                where,
                rec.line,
                rec.columns.get("source", 0),
                f"source '{src}' is not in sources.csv",
                did_you_mean(str(src), source_ids) or "add it to sources.csv",
            )

    for rec in ds.entities:
        source_ref(shown["entities"], rec)
    repeats = _Repeats()
    for rec in ds.relations:
        where = shown["relations"]
        entity_ref(where, rec, "subject")
        entity_ref(where, rec, "object")
        source_ref(where, rec)
        spec = onto.relations.get(str(rec.get("predicate")))
        if spec is not None:
            for role, cls in (("subject", spec.domain), ("object", spec.range)):
                t = types.get(str(rec.get(role)))
                if t in onto.classes and not onto.is_subclass(t, cls):
                    reader.error(
                        where,
                        rec.line,
                        rec.columns.get(role, 0),
                        f"{role} '{rec.get(role)}' is {article(t)} {t}, but {spec.name} needs {article(cls)} {cls} as its {role}",
                        f"change the {role}, its type in entities.csv, or the predicate",
                    )
        first = repeats.first(rec)
        if first is not None:
            reader.error(where, rec.line, 0, f"row repeats line {first} exactly", "delete one of the two rows")
    for rec in ds.facts:
        entity_ref(shown["facts"], rec, "subject")
        source_ref(shown["facts"], rec)


class _Repeats:
    """Finds rows equal to an earlier row, holding a hash per row rather than each row's text.

    Rows are equal when their cells' texts are: a file's rows list their columns in the header's order,
    so equal rows give equal keys without sorting. Rows whose hashes collide without being equal are
    kept whole in ``others``.
    """

    def __init__(self) -> None:
        self.by_hash: dict[int, Record] = {}
        self.others: dict[tuple, int] = {}

    @staticmethod
    def key(rec: Record) -> tuple:
        return (*rec.values, *map(str, rec.values.values()))

    def first(self, rec: Record) -> int | None:
        """The line of the first earlier row equal to ``rec``, else None (and ``rec`` is remembered)."""
        key = self.key(rec)
        earlier = self.by_hash.setdefault(hash(key), rec)
        if earlier is rec:
            return None
        if self.key(earlier) == key:
            return earlier.line
        if key in self.others:
            return self.others[key]
        self.others[key] = rec.line
        return None


class _Everything(set):
    """Stands in for the ids of a file that could not be read, so its absence causes no cascade of errors."""

    def __contains__(self, item) -> bool:
        return True


def _unique_ids(reader: Reader, records: list[Record], shown: str) -> set[str]:
    first: dict[str, int] = {}
    for rec in records:
        ident = rec.get("id")
        if ident is None:
            continue
        if ident in first:
            reader.error(
                shown,
                rec.line,
                rec.columns.get("id", 1),
                f"id '{ident}' is used twice (first on line {first[ident]})",
                "give each row its own id",
            )
        else:
            first[ident] = rec.line
    return set(first)
