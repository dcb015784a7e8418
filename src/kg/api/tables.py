"""A graph's records as pandas DataFrames, typed by the ontology's CSV columns: search matches, the statements
and facts about one entity, and SPARQL solutions.

Each column of a dataset file is typed by its ``kg:valueKind`` (percent and decimal → ``Float64``, integer →
``Int64``, date → ``datetime64`` of its first day — a partial ``2019-06`` is 2019-06-01, as kg's dating rule
reads it —, grades and bases → ordered categoricals, the rest → ``string``); missing values are ``<NA>``/``NaT``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from kg.ingest.dates import partial_date
from kg.schema.specs import Ontology
from kg.schema.vocab import BASIS, CONFIDENCE

if TYPE_CHECKING:
    import pandas as pd

_NUMBER_KINDS = {"percent": "Float64", "decimal": "Float64", "integer": "Int64", "boolean": "boolean"}
_CATEGORY_KINDS = {"confidence": CONFIDENCE[::-1], "basis": BASIS}  # grades ordered weakest to surest
STATEMENT_ENDS = ("direction", "subject", "predicate", "object", "other", "other_label", "family")
STATEMENT_TAIL = ("source_title", "source_url", "statement", "source_row")
SEARCH_COLUMNS = ("id", "label", "type", "matched", "score")


def kinds(onto: Ontology, file: str) -> dict[str, str]:
    """Column name → value kind for one dataset file."""
    return {c.name: c.kind for c in onto.columns[file]}


def _day(value: Any):
    if value in (None, ""):
        return None
    return partial_date(str(value)).first_day


def typed_records(records: list[dict], columns: list[str], kind_of: dict[str, str]) -> pd.DataFrame:
    """``records`` as a DataFrame of ``columns``, each typed by its value kind (``string`` when it has none)."""
    import pandas as pd

    data = {}
    for col in columns:
        raw = [None if r.get(col) in (None, "") else r[col] for r in records]
        kind = kind_of.get(col, "text")
        if kind in _NUMBER_KINDS:
            data[col] = pd.array(raw, dtype=_NUMBER_KINDS[kind])
        elif kind == "date":
            data[col] = pd.to_datetime(pd.Series([_day(v) for v in raw], dtype=object))
        elif kind in _CATEGORY_KINDS:
            data[col] = pd.Categorical(raw, categories=list(_CATEGORY_KINDS[kind]), ordered=True)
        elif kind == "direction":
            data[col] = pd.Categorical(raw, categories=["out", "in"])
        else:
            data[col] = pd.array([None if v is None else str(v) for v in raw], dtype="string")
    return pd.DataFrame(data, columns=columns)


def statements_frame(kg: Any, ref: str) -> pd.DataFrame:
    """Every statement about one entity (outgoing, then incoming), one row each, with its source."""
    kind_of = kinds(kg.ontology, "relations")
    columns = [*STATEMENT_ENDS, *(c for c in kind_of if c not in STATEMENT_ENDS), *STATEMENT_TAIL]
    return typed_records(kg.statements(ref), columns, {**kind_of, "direction": "direction"})


def facts_frame(kg: Any, ref: str) -> pd.DataFrame:
    """The measured values about one entity (``kg.facts``), one row each, sorted by metric and period."""
    kind_of = kinds(kg.ontology, "facts")
    return typed_records(kg.facts(ref), [*kind_of, "source_title", "source_row"], kind_of)


def search_frame(matches: list) -> pd.DataFrame:
    """Search matches (:class:`kg.graph.names.Match`), best first."""
    records = [{c: getattr(m, c) for c in SEARCH_COLUMNS} for m in matches]
    return typed_records(records, list(SEARCH_COLUMNS), {"score": "decimal"})


def solutions_frame(result) -> pd.DataFrame:
    """SPARQL solutions (Oxigraph) as a DataFrame: one column per variable; IRIs as text (``kgr:zhipu`` shortened
    as ``kg query`` shows them), numbers as floats or integers, ``xsd:date`` as days, other literals as text.
    An ASK query gives one ``result`` column of one boolean."""
    import pandas as pd
    import pyoxigraph as ox

    if isinstance(result, ox.QueryBoolean):
        return pd.DataFrame({"result": [bool(result)]})
    names = [v.value for v in result.variables]
    values: dict[str, list] = {n: [] for n in names}
    for sol in result:
        for n in names:
            values[n].append(_value(sol[n]))
    df = pd.DataFrame(values, columns=names)
    for n in names:
        kinds_seen = {type(v) for v in values[n] if v is not None}
        if kinds_seen <= {str}:
            df[n] = df[n].astype("string")
        elif kinds_seen == {date}:
            df[n] = pd.to_datetime(df[n])
    return df


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGERS = {f"{_XSD}{t}" for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_FLOATS = {f"{_XSD}{t}" for t in ("decimal", "double", "float")}


def _value(term) -> Any:
    import pyoxigraph as ox

    from kg.sparql.query import display_term

    if isinstance(term, ox.Literal):
        dt = term.datatype.value
        try:
            if dt in _INTEGERS:
                return int(term.value)
            if dt in _FLOATS:
                return float(term.value)
            if dt == f"{_XSD}date":
                return partial_date(term.value[:10]).first_day
            if dt == f"{_XSD}boolean":
                return term.value == "true"
        except ValueError:
            return term.value
        return term.value
    return None if term is None else display_term(term)
