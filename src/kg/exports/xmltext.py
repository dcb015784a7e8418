"""XML text written directly, as :mod:`xml.etree.ElementTree` would serialise it, for the streaming writers.

GraphML and GEXF are written one element at a time. Building an ``Element`` and calling ``tostring`` for each
costs far more than the text itself (namespace scan, recursive serialiser, a writer object per call), so the
writers format each element's text with the escapes below, which are ElementTree's own
(``_escape_attrib``/``_escape_cdata``: ``\\n``, ``\\r`` and ``\\t`` as character references in attribute values,
raw in text), and hand the text to a :class:`Batches` that fixes it in large chunks.
"""

from __future__ import annotations

from collections.abc import Callable

from kg.graph.rdfwrite import TextSink


def attr(text: str) -> str:
    """An attribute value escaped as ElementTree escapes one (``_escape_attrib``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    if "\n" in text:
        text = text.replace("\n", "&#10;")
    if "\t" in text:
        text = text.replace("\t", "&#09;")
    return text


def cdata(text: str) -> str:
    """Element text escaped as ElementTree escapes it (``_escape_cdata``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def ascii_refs(text: str) -> str:
    """Text as ElementTree writes it in US-ASCII: every other character as a decimal character reference."""
    return text if text.isascii() else text.encode("ascii", "xmlcharrefreplace").decode("ascii")


class Batches:
    """Element texts gathered into large chunks, each passed through ``fix`` and written to a :class:`TextSink`.

    ``fix`` must give the same result for a chunk as for its elements one by one, which holds for the
    writers' fixes when chunks are cut between elements (each ends with ``>``): they act on single characters,
    character references and line breaks, none of which spans two elements.
    """

    LIMIT = 1 << 16  # characters gathered before a fix and a write

    def __init__(self, out: TextSink, fix: Callable[[str], str]):
        self.out, self.fix = out, fix
        self.parts: list[str] = []
        self.size = 0

    def write(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= self.LIMIT:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.out.write(self.fix("".join(self.parts)))
            self.parts.clear()
            self.size = 0
