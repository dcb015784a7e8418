"""One ``--as-of`` for every command: an impossible date is the same clean usage error (exit 2) everywhere.

The commands are found from the parser itself, so a new command with ``--as-of`` is checked
without this file changing.
"""

from __future__ import annotations

import argparse

import pytest

from conftest import SMALL
from kg.cli.main import main, parser

BAD_DAY = "2025-13-01"
MESSAGE = f"argument --as-of: '{BAD_DAY}' is not a real calendar date"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    actions = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return {name: sp for a in actions for name, sp in a.choices.items()}


def _with_as_of() -> list[tuple[str, list[str]]]:
    """Each command that has --as-of, with a placeholder for each positional argument it needs."""
    found = []
    for name, sp in _subcommands().items():
        options = {s for a in sp._actions for s in a.option_strings}
        if "--as-of" in options:
            positionals = [a for a in sp._actions if not a.option_strings and a.nargs != "?"]
            found.append((name, ["x"] * len(positionals)))
    return found


def test_the_as_of_commands_are_found_from_the_parser():
    names = {name for name, _ in _with_as_of()}
    assert {"owners", "holdings", "control", "path", "render"} <= names


@pytest.mark.parametrize("name, positionals", _with_as_of(), ids=lambda v: v if isinstance(v, str) else "")
def test_an_impossible_as_of_is_one_usage_error(capsys, name, positionals):
    code = main([name, *positionals, "--as-of", BAD_DAY, "--data", str(SMALL)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    errors = [line for line in err.splitlines() if "error:" in line]
    assert errors == [f"kg {name}: error: {MESSAGE}"], err
    assert err.startswith(f"usage: kg {name} ") and "Traceback" not in err and "internal error" not in err
