"""What a SPARQL text is, decided on its parse tree rather than on keywords in the text.

A keyword search cannot tell the variable ``?service`` or the prefixed name ``ex:drop``
from the ``SERVICE`` pattern or a ``DROP`` update; the parse tree can. rdflib's parser
(pure Python, the grammar of SPARQL 1.1) gives the tree; Oxigraph, which runs the
query, does not expose its own.

>>> shape("SELECT ?service WHERE { ?service a kg:Company }")
Shape(form='SELECT', service=False)
>>> shape("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }").service
True
>>> shape("DROP ALL").form
'UPDATE'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.errors import QueryError

# SERVICE can only be written with its letters (any case), or with a \u escape a parser expands first
_MAY_CALL_OUT = re.compile(r"service|\\[uU]", re.IGNORECASE)

FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE"}


@dataclass(frozen=True)
class Shape:
    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE or UPDATE
    service: bool  # the query has a SERVICE pattern (an outbound request)


def shape(text: str) -> Shape:
    """The form of a query or update and whether it calls out with SERVICE.

    Raises :class:`~kg.errors.QueryError` with the line and column when the text is
    neither a query nor an update: what cannot be parsed cannot be checked, so it is
    not run either.
    """
    from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

    try:
        tree = parseQuery(text)
    except RecursionError:
        raise QueryError("the query is nested too deeply to be checked; flatten its groups") from None
    except Exception as query_exc:  # pyparsing's ParseException, RecursionError on deep nesting …
        try:
            parseUpdate(text)
        except Exception:
            from kg.sparql.query import syntax_message

            raise QueryError(syntax_message(SyntaxError(str(query_exc)), text)) from None
        return Shape("UPDATE", False)
    query = tree[1]
    return Shape(FORMS.get(getattr(query, "name", ""), "SELECT"), _has_service(query))


def may_call_out(text: str) -> bool:
    """False only when ``text`` cannot hold a SERVICE pattern: the word is nowhere in it, in any case.

    A screen that costs microseconds where the parse costs milliseconds (most of a quick
    query's time): it never refuses anything itself; where it is True, :func:`shape`
    decides on the parse tree, so ``?service`` is still just a variable.

    >>> may_call_out("SELECT ?s WHERE { ?s a kg:Company }"), may_call_out("SELECT ?service {}")
    (False, True)
    """
    return _MAY_CALL_OUT.search(text) is not None


def is_update(text: str) -> bool:
    """Whether ``text`` parses as a SPARQL Update (asked only of text the query parser refused)."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        parseUpdate(text)
    except Exception:
        return False
    return True


def _has_service(tree) -> bool:
    """Whether a ServiceGraphPattern occurs anywhere in the parse tree (iterative: no recursion limit)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if getattr(node, "name", None) == "ServiceGraphPattern":
            return True
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
            stack.extend(node)
    return False
