"""Turn the bytes of a CSV file into text, and say what a file is when it is not UTF-8.

kg reads UTF-8, with or without the byte-order mark Excel's "CSV UTF-8" writes, or any
encoding Python knows when the user names it (``--encoding``). For everything else it
names what the file most likely is — UTF-16 (with or without a BOM), an Excel workbook
renamed to .csv, GBK/GB18030 or Big5 Chinese text, Latin-1 — and how to re-save it.

All checks are linear in the file size; CJK sniffing looks at a bounded sample.
"""

from __future__ import annotations

import codecs
import csv

BOM = "\ufeff"
RESAVE = "Excel: File › Save As › CSV UTF-8"
SAMPLE = 1 << 16  # bytes looked at when guessing an encoding


class DecodeProblem(Exception):
    """The file cannot be read as text in the expected encoding; located where possible."""

    def __init__(self, line: int, column: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line, self.column, self.message, self.hint = line, column, message, hint


def check_encoding(name: str) -> str:
    """The codec name for ``--encoding NAME``; ValueError if Python knows no such encoding."""
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ValueError(f"unknown encoding '{name}' (try utf-8, utf-16, gb18030, big5 or cp1252)") from None
    if not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"'{name}' is not a text encoding")
    return info.name


def decode(raw: bytes, encoding: str | None = None) -> str:
    """The text of ``raw``: UTF-8 (a leading BOM dropped); with ``encoding``, files that are not UTF-8 in that.

    A file that decodes as UTF-8 is UTF-8 whatever ``encoding`` says: GBK, Big5 or UTF-16 text is
    practically never valid UTF-8 (without NULs), while decoding UTF-8 as GB18030 "succeeds" with
    garbage, and one dataset often mixes re-saved and original files.
    """
    if encoding is None:
        _sniff_binary(raw)
        body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError as exc:
            offset = exc.start + (len(raw) - len(body))
            line, column = _position(raw, offset)
            raise DecodeProblem(line, column, *_not_utf8(raw, offset)) from None
    else:
        name = check_encoding(encoding)
        if name == "utf-8":
            name = "utf-8-sig"
        utf8 = _utf8_or_none(raw)  # the dataset's other files are often still UTF-8: read those as such
        try:
            text = utf8 if utf8 is not None else raw.decode(name)
        except UnicodeDecodeError as exc:
            if name.startswith(("utf-16", "utf-32")):
                raise DecodeProblem(
                    1,
                    1,
                    f"file is not valid {encoding}: {exc.reason} at byte {exc.start}",
                    f"check the encoding, or re-save it as CSV UTF-8 ({RESAVE})",
                ) from None
            line, column = _position(raw, exc.start)
            raise DecodeProblem(
                line,
                column,
                f"byte 0x{raw[exc.start]:02x} is not valid {encoding}",
                f"check the encoding, or re-save it as CSV UTF-8 ({RESAVE})",
            ) from None
        if text.startswith(BOM):
            text = text[1:]
    inner = text.find(BOM)
    if inner >= 0:
        line = text.count("\n", 0, inner) + 1
        start = text.rfind("\n", 0, inner) + 1
        raise DecodeProblem(
            line,
            _cell_index(text[start:inner]),
            f"a byte-order mark (U+FEFF) inside the file at line {line}: two files pasted together?",
            f"delete the invisible character at that position"
            f"{' and the repeated header row' if start == inner else ''}",
        )
    return text


def _utf8_or_none(raw: bytes) -> str | None:
    """The text when ``raw`` is UTF-8 without NULs (UTF-16 text of ASCII is valid UTF-8 full of NULs)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if "\x00" in text else text


# -- what the file is ------------------------------------------------------------


def _sniff_binary(raw: bytes) -> None:
    """Refuse workbooks, archives and UTF-16/32 text before trying UTF-8."""
    head = raw[:8]
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        if b"xl/" in raw[:SAMPLE] or b"[Content_Types].xml" in raw[:SAMPLE]:
            what = "an Excel workbook (.xlsx) renamed to .csv, not a CSV text file"
        elif b"opendocument.spreadsheet" in raw[:200]:
            what = "an OpenDocument spreadsheet (.ods) renamed to .csv, not a CSV text file"
        else:
            what = "a ZIP archive, not a CSV text file"
        raise DecodeProblem(1, 1, f"file is {what}", f"open it and save the sheet as CSV ({RESAVE})")
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DecodeProblem(
            1,
            1,
            "file is an old Excel workbook (.xls) renamed to .csv, not a CSV text file",
            f"open it and save the sheet as CSV ({RESAVE})",
        )
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)) and len(raw) % 4 == 0:
        order = "little" if head.startswith(codecs.BOM_UTF32_LE) else "big"
        raise DecodeProblem(
            1,
            1,
            f"file is UTF-32 encoded ({order}-endian, with a byte-order mark)",
            f"re-save it as CSV UTF-8 ({RESAVE}), or read it with --encoding utf-32",
        )
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        order = "little" if head.startswith(codecs.BOM_UTF16_LE) else "big"
        raise DecodeProblem(
            1,
            1,
            f"file is UTF-16 encoded ({order}-endian, with a byte-order mark)",
            f"re-save it as CSV UTF-8 ({RESAVE}), or read it with --encoding utf-16",
        )
    unmarked = _utf16_without_bom(raw[:SAMPLE])
    if unmarked:
        codec = "utf-16-le" if unmarked == "little" else "utf-16-be"
        raise DecodeProblem(
            1,
            1,
            f"file is UTF-16 encoded ({unmarked}-endian, without a byte-order mark)",
            f"re-save it as CSV UTF-8 ({RESAVE}), or read it with --encoding {codec}",
        )


def _utf16_without_bom(sample: bytes) -> str | None:
    """'little' or 'big' when NUL bytes sit in every other position, as in UTF-16 text of mostly ASCII."""
    n = len(sample) // 2 * 2
    if n < 4:
        return None
    even = sample[0:n:2].count(0)
    odd = sample[1:n:2].count(0)
    pairs = n // 2
    if odd >= 0.3 * pairs and even <= 0.05 * pairs:
        return "little"
    if even >= 0.3 * pairs and odd <= 0.05 * pairs:
        return "big"
    return None


def _not_utf8(raw: bytes, offset: int) -> tuple[str, str]:
    """(message, hint) for bytes that are not UTF-8: which encoding they most likely are."""
    guess = guess_legacy(raw)
    byte = f"byte 0x{raw[offset]:02x} is not valid UTF-8"
    if guess == "gb18030":
        return (
            f"{byte}: the file is most likely GBK/GB18030 (Simplified Chinese)",
            f"re-save it as CSV UTF-8 ({RESAVE}), or read it with --encoding gb18030",
        )
    if guess == "big5":
        return (
            f"{byte}: the file is most likely Big5 (Traditional Chinese)",
            f"re-save it as CSV UTF-8 ({RESAVE}), or read it with --encoding big5",
        )
    if guess == "cp1252":
        return (
            f"{byte}: the file is most likely Windows-1252/Latin-1",
            f"re-save it as CSV UTF-8 ({RESAVE}), or read it with --encoding cp1252",
        )
    return byte, f"re-save the file as CSV UTF-8 ({RESAVE}), or name its encoding with --encoding"


def guess_legacy(raw: bytes) -> str | None:
    """'gb18030', 'big5' or 'cp1252' when a strict decoding trial of a sample succeeds and reads as text.

    GB2312/GBK text puts its second bytes in 0xA1–0xFE; Big5 puts about 40% of them in
    0x40–0x7E. Both decodings must yield CJK ideographs to count as Chinese.
    """
    sample = _trim_sample(raw[:SAMPLE], len(raw) > SAMPLE)
    decoded = {}
    for codec in ("gb18030", "big5"):
        try:
            decoded[codec] = sample.decode(codec)
        except UnicodeDecodeError:
            continue
    chinese = [c for c, text in decoded.items() if _mostly_cjk(text)]
    if len(chinese) == 2:
        low_trails = pairs = 0
        i, n = 0, len(sample)
        while i < n - 1:
            if sample[i] >= 0x81:
                pairs += 1
                low_trails += 0x40 <= sample[i + 1] <= 0x7E
                i += 2
            else:
                i += 1
        return "big5" if pairs and low_trails / pairs > 0.15 else "gb18030"
    if chinese:
        return chinese[0]
    high = sum(1 for b in sample if b >= 0x80)
    if high and _isolated_high_bytes(sample):
        return "cp1252"
    return None


def _trim_sample(sample: bytes, truncated: bool) -> bytes:
    """A sample cut at a line end, so a multi-byte character is not split."""
    if truncated:
        cut = sample.rfind(b"\n")
        if cut > 0:
            return sample[: cut + 1]
    return sample


def _mostly_cjk(text: str) -> bool:
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    cjk = sum(1 for ch in non_ascii if "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")
    return bool(non_ascii) and cjk >= 0.6 * len(non_ascii)


def _isolated_high_bytes(sample: bytes) -> bool:
    """Latin-1 text: bytes over 0x7F mostly stand alone between ASCII letters."""
    runs = isolated = 0
    i, n = 0, len(sample)
    while i < n:
        if sample[i] >= 0x80:
            j = i
            while j < n and sample[j] >= 0x80:
                j += 1
            runs += 1
            isolated += (j - i) == 1
            i = j
        else:
            i += 1
    return runs > 0 and isolated >= 0.8 * runs


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and CSV cell of byte ``offset``."""
    line = raw.count(b"\n", 0, offset) + 1
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return line, _cell_index(raw[line_start:offset].decode("utf-8", errors="replace"))


def _cell_index(line_prefix: str) -> int:
    """1-based index of the CSV cell in which a line's text ``line_prefix`` ends."""
    try:
        return max(1, len(next(csv.reader([line_prefix]), [""])))
    except csv.Error:
        return 1
