"""Wording shared by the problem messages: nearest valid names, clipped values, articles and plurals."""

from __future__ import annotations

import difflib
import unicodedata


def suggest(value: str, choices, n: int = 1) -> list[str]:
    """Nearest valid names: those ``value`` is the start of (shortest first), then similar spellings."""
    choices = sorted(choices)
    starts = sorted((c for c in choices if value and c.startswith(value) and c != value), key=lambda c: (len(c), c))
    close = difflib.get_close_matches(value, choices, n=n, cutoff=0.6)
    return list(dict.fromkeys(starts + close))[:n]


def did_you_mean(value: str, choices) -> str:
    match = suggest(value, choices)
    return f"did you mean '{match[0]}'?" if match else ""


def clip(value: str, n: int = 40) -> str:
    return value if len(value) <= n else value[: n - 1] + "…"


def article(word: str) -> str:
    """The indefinite article for ``word``."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def ascii_digits(value: str) -> str:
    """``value`` with full-width (and other scripts') digits and punctuation as ASCII, e.g. ２０２６－０１ → 2026-01."""
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in unicodedata.normalize("NFKC", value)
    )
