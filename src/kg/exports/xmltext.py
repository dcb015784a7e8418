"""XML text written directly, as :mod:`xml.etree.ElementTree` would serialise it, for the streaming writers.

GraphML and GEXF are written one element at a time. Building an ``Element`` and calling ``tostring`` for each
costs far more than the text itself (namespace scan, recursive serialiser, a writer object per call), so the
writers format each element's text with the escapes below, which are ElementTree's own
(``_escape_attrib``/``_escape_cdata``: ``\\n``, ``\\r`` and ``\\t`` as character references in attribute values,
raw in text), and hand the text to a :class:`~kg.graph.rdfwrite.TextSink` that fixes it in large chunks.
"""

from __future__ import annotations


def cdata(text: str) -> str:
    """Element text escaped as ElementTree escapes it (``_escape_cdata``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def attr(text: str) -> str:
    """An attribute value escaped as ElementTree escapes one (``_escape_attrib``: the text's escapes, then these)."""
    text = cdata(text)
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def ascii_refs(text: str) -> str:
    """Text as ElementTree writes it in US-ASCII: every other character as a decimal character reference."""
    return text if text.isascii() else text.encode("ascii", "xmlcharrefreplace").decode("ascii")
