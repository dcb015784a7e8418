"""The one place where the CLI's text reaches a terminal.

``kg`` prints names, titles and quotes from the data. :func:`guarded` replaces
``sys.stdout`` and ``sys.stderr`` for the length of a command with streams that pass
every text write through :func:`kg.untrusted.for_terminal`, so an escape sequence
or a bidi override in the data is shown, never obeyed. Text output keeps tabs and
newlines (its own structure) and is neutralised wherever it goes, so it is the same
on a terminal and in a pipe.

Files written to standard output as bytes (``kg query --format csv``, ``render -o -``)
go through ``.buffer`` unchanged — unless standard output is a terminal, where a
person reads them and they are neutralised too.
"""

from __future__ import annotations

import codecs
import contextlib
import sys

from kg.untrusted import for_terminal


class _TerminalBytes:
    """A binary stream that neutralises UTF-8 text on its way to a terminal."""

    def __init__(self, raw):
        self._raw = raw
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    def write(self, data: bytes) -> int:
        self._raw.write(for_terminal(self._decoder.decode(data)).encode("utf-8"))
        return len(data)

    def flush(self) -> None:
        rest = self._decoder.decode(b"", final=True)
        if rest:
            self._raw.write(for_terminal(rest).encode("utf-8"))
        self._raw.flush()

    def __getattr__(self, name):
        return getattr(self._raw, name)


class TerminalText:
    """A text stream whose writes cannot drive the terminal (see the module docstring)."""

    def __init__(self, inner):
        self._inner = inner
        self._bytes = None

    def write(self, text: str) -> int:
        self._inner.write(for_terminal(text))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    @property
    def buffer(self):
        if not self.isatty():
            return self._inner.buffer
        if self._bytes is None:
            self._inner.flush()  # text written before stays before
            self._bytes = _TerminalBytes(self._inner.buffer)
        return self._bytes

    def flush(self) -> None:
        if self._bytes is not None:
            self._bytes.flush()
        self._inner.flush()

    def isatty(self) -> bool:
        try:
            return bool(self._inner.isatty())
        except (AttributeError, ValueError):
            return False

    def __getattr__(self, name):
        return getattr(self._inner, name)


@contextlib.contextmanager
def guarded():
    """Standard output and error neutralised for terminals while the block runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = TerminalText(saved[0]), TerminalText(saved[1])
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        sys.stdout, sys.stderr = saved
