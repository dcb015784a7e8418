"""Progress of ``kg build`` on standard error: one bar over its stages when standard error is a
terminal, nothing at all otherwise (pipes, files and tests see no change)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager


class Stages:
    """A named step at a time: ``with stages.step("writing graph.ttl"): ...``."""

    def __init__(self, total: int):
        self.bar = None
        stream = sys.stderr
        if getattr(stream, "isatty", lambda: False)():
            from tqdm import tqdm  # type: ignore[import-untyped]

            # the real stream: the bar's carriage returns are kg's own, not data (kg.terminal guards the rest)
            self.bar = tqdm(
                total=total, file=sys.__stderr__, leave=False, bar_format="{desc} (step {n_fmt}/{total_fmt}, {elapsed})"
            )

    @contextmanager
    def step(self, what: str) -> Iterator[None]:
        if self.bar is not None:
            self.bar.set_description_str(f"kg: {what}")
        yield
        if self.bar is not None:
            self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
