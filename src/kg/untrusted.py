"""Text from the data is untrusted wherever it goes: one function per destination.

Names, titles and quotes come from CSV files, RDF files and SPARQL endpoints that
anyone may have written. Each writer passes them through the function for where
they go, so that nothing in a value can act on its reader:

* :func:`for_terminal` — control characters (C0 but tab and newline, DEL, C1) and
  bidirectional overrides/isolates become visible escapes (``\\x1b``, ``\\u202e``);
* :func:`markdown` — HTML-escaped and Markdown-escaped for a table cell or a line
  of text, on one line;
* :func:`xml_text` / :func:`xml_document` — characters XML 1.0 forbids (even as
  character references) become U+FFFD, so the document stays well-formed;
* :func:`spreadsheet_cell`, :func:`tsv_cell` — a cell a spreadsheet would run as a
  formula gets a leading apostrophe (OWASP's rule); :mod:`kg.sparql.results` writes
  every CSV and TSV cell through them.

Every function is linear in its input and returns its input unchanged when there
is nothing to neutralise, so clean data gives byte-identical output.
"""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls, bidi embeddings/overrides (U+202A–U+202E) and isolates (U+2066–U+2069)
_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match) -> str:
    code = ord(m.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` with every character that could drive a terminal shown as an escape instead."""
    return _TERMINAL.sub(_visible, text)


def json_text(text: str) -> str:
    """JSON (from ``json.dumps(..., ensure_ascii=False)``, which escapes C0 controls) with C1 controls and
    bidi overrides written as ``\\uXXXX`` escapes too: the same JSON value, nothing for a terminal to obey.
    Such characters can only stand inside JSON strings, where ``\\uXXXX`` means the character itself."""
    return _TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


_LINE_BREAKS = re.compile(r"\r\n|[\n\r\t\v\f\x85\u2028\u2029]")


def one_line(text: str) -> str:
    """Line breaks and tabs as spaces: a value cannot start a line of its own in a table or a list."""
    return _LINE_BREAKS.sub(" ", text)


# what could make HTML (< > &), a link or image ([ ]), emphasis (* _ ~), code (`), a table cell end (|) or an escape (\)
_MARKDOWN = re.compile(r"[\\`*_\[\]~|<>&]")
_MARKDOWN_AS = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def markdown(text) -> str:
    """A value for Markdown text or a table cell: one line, no HTML, no Markdown syntax, no control characters."""
    text = for_terminal(one_line(str(text)))
    return _MARKDOWN.sub(lambda m: _MARKDOWN_AS.get(m.group(), "\\" + m.group()), text)


# XML 1.0 Char: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]
_XML_FORBIDDEN = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_CHAR_REF = re.compile(r"&#(?:x([0-9A-Fa-f]{1,8})|([0-9]{1,10}));")


def _xml_allowed(code: int) -> bool:
    return code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF


def xml_text(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (each becomes U+FFFD)."""
    return _XML_FORBIDDEN.sub("\ufffd", text)


def _char_ref(m: re.Match) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return m.group() if _xml_allowed(code) else "&#xFFFD;"


def xml_document(data: bytes) -> bytes:
    """A UTF-8 XML document made well-formed: forbidden characters, raw or as references, become U+FFFD.

    They can only stand in text or attribute values (never in markup), so replacing
    them wherever they are keeps the document's structure.
    """
    text = data.decode("utf-8")
    fixed = _CHAR_REF.sub(_char_ref, xml_text(text))
    return data if fixed == text else fixed.encode("utf-8")


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def spreadsheet_cell(text: str) -> str:
    """A cell a spreadsheet will not run: one starting with = + - @ tab or CR gets a leading apostrophe.

    Plain numbers (``-1.5``) are left as they are: a spreadsheet reads them as numbers.
    """
    if text.startswith(FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def tsv_cell(cell: str) -> str:
    """One SPARQL TSV cell (N-Triples syntax) whose text a spreadsheet will not run."""
    end = cell.rfind('"')
    if not cell.startswith('"') or end < 1:  # an IRI, a blank node or a bare number
        return spreadsheet_cell(cell)
    lexical = cell[1:end]  # a literal in N-Triples syntax, "…"@lang or "…"^^<type>: a spreadsheet shows the text
    safe = spreadsheet_cell(lexical)
    return cell if safe == lexical else '"' + safe + cell[end:]
