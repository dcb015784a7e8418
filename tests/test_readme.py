"""The command examples in README.md and docs/*.md run, and print what the pages show — in shape.

Which examples (the convention, also written in docs/cli.md, "Examples in these pages"):
fenced blocks marked ```console. In them, each line starting with ``$ `` is a command and the
lines up to the next ``$ `` line are what the page shows it printing (standard output, then
standard error), shortened with a line ``…`` where output is left out. A trailing ``# comment``
is not part of the command. A command is ``kg ARGS`` or ``echo 'TEXT' | kg ARGS`` (TEXT on
standard input). Any other ``$ `` line fails the test unless NOT_RUN lists it with the reason;
blocks marked ``sh`` (the quickstart's setup), ``text`` or ``python`` are not run.

How a command runs: ``sys.executable -m kg ARGS`` in a fresh folder where ``data`` links to the
bundled data (so ``--data`` defaults and relative paths read exactly as from the repository root,
and whatever a command writes — ``kg build``'s ``outputs/``, ``kg render``'s pages — lands in that
folder, never in the repository). Names the reader is meant to supply are provided there:
``mydata`` (a copy of tests/fixtures/readme/mydata, a dataset with the three mistakes the page
shows), ``my-question.rq`` (a small SELECT query) and ``register.json`` (a BODS 0.4 example of the
standard, tests/fixtures/bods04/bods-package-fi-soe.json).

The shape, compared line by line after normalising (each run of digits becomes ``0``, each run of
``-`` one ``-``, each run of blanks one space, trailing blanks dropped), so that correcting a number
in the data does not break the pages but a changed heading, column, key or exit status does:

* the exit status is 0, or 1 when the last line the page shows is ``kg: N error(s) …``;
* the command prints something;
* when the page shows output, its first line is the first line printed;
* every table header the page shows (a line followed by a dashed rule) is printed, with its rule;
* when the page shows a JSON object, its top-level keys (the lines ``  "key": …``) are exactly the
  printed object's keys, in the same order.

Also: every relative link in README.md and docs/*.md names a file that exists.
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

import kg
from kg.sparql.stores import save_store

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
FIXTURE_MYDATA = ROOT / "tests" / "fixtures" / "readme" / "mydata"
MY_QUESTION = "SELECT ?company WHERE { ?company a kg:Company } LIMIT 3\n"

# Commands shown but not run, by a pattern on the command, with the reason. Each must match some
# example (test_not_run_entries_are_used), so the list cannot go stale silently.
NOT_RUN: dict[str, str] = {}

FENCE = re.compile(r"^(```+|~~~+)\s*(\S*)")
ERROR_LAST_LINE = re.compile(r"^kg: \d+ error\(s\)")
JSON_TOP_KEY = re.compile(r'^  "([^"]+)":')


@dataclass(frozen=True)
class Example:
    page: str  # path relative to the repository root
    line: int  # the line of the "$ " command
    words: tuple[str, ...]  # the command's words (shell quoting and a trailing "# comment" removed)
    shown: tuple[str, ...]  # the output lines the page shows

    @property
    def command(self) -> str:
        return " ".join(self.words)

    @property
    def id(self) -> str:
        return f"{self.page}:{self.line}"


def console_examples(path: Path) -> list[Example]:
    """The ``$ `` commands of the ```console blocks in one Markdown page, with the output shown."""
    examples: list[Example] = []
    rel = path.relative_to(ROOT).as_posix()
    in_block, lang, current = False, "", None
    lines = path.read_text(encoding="utf-8").splitlines()

    def close() -> None:
        nonlocal current
        if current is not None:
            line, words, shown = current
            while shown and not shown[-1].strip():
                shown.pop()
            examples.append(Example(rel, line, words, tuple(shown)))
        current = None

    for number, text in enumerate(lines, 1):
        fence = FENCE.match(text)
        if fence:
            if in_block:
                close()
                in_block = False
            else:
                in_block, lang = True, fence.group(2)
            continue
        if not in_block or lang != "console":
            continue
        if text.startswith("$ "):
            close()
            words = tuple(shlex.split(text[2:], comments=True))
            assert words, f"{rel}:{number}: an empty command"
            current = (number, words, [])
        elif current is not None:
            current[2].append(text)
        elif text.strip():
            raise AssertionError(f"{rel}:{number}: output before any '$ ' command in a console block")
    close()
    return examples


ALL_EXAMPLES = [ex for page in PAGES for ex in console_examples(page)]


def not_run_reason(example: Example) -> str | None:
    for pattern, reason in NOT_RUN.items():
        if re.search(pattern, example.command):
            return reason
    return None


def argv_and_stdin(example: Example) -> tuple[list[str], str | None]:
    """``kg ARGS`` → (ARGS, None); ``echo TEXT | kg ARGS`` → (ARGS, TEXT + newline)."""
    words = list(example.words)
    if words[:1] == ["kg"]:
        return words[1:], None
    if len(words) >= 4 and words[0] == "echo" and words[2] == "|" and words[3] == "kg":
        return words[4:], words[1] + "\n"
    raise AssertionError(
        f"{example.id}: '{example.command}' is neither 'kg …' nor 'echo … | kg …'; "
        "write it so, or list it in NOT_RUN with the reason"
    )


def normalise(line: str) -> str:
    line = re.sub(r"\d+", "0", line)
    line = re.sub(r"-+", "-", line)
    return re.sub(r"\s+", " ", line).strip()


def table_headers(lines: list[str] | tuple[str, ...]) -> list[tuple[str, str]]:
    """(header, rule) pairs: a non-blank line followed by a rule made of dashes and blanks."""
    return [
        (lines[i], lines[i + 1])
        for i in range(len(lines) - 1)
        if lines[i].strip() and re.fullmatch(r"-[- ]*-?", lines[i + 1].strip() or "x")
    ]


def shown_json_keys(shown: tuple[str, ...]) -> list[str] | None:
    if not shown or shown[0].strip() != "{":
        return None
    return [m.group(1) for line in shown if (m := JSON_TOP_KEY.match(line))]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("readme")
    (work / "data").symlink_to(ROOT / "data", target_is_directory=True)
    shutil.copytree(FIXTURE_MYDATA, work / "mydata")
    (work / "my-question.rq").write_text(MY_QUESTION, encoding="utf-8")
    shutil.copyfile(ROOT / "tests" / "fixtures" / "bods04" / "bods-package-fi-soe.json", work / "register.json")
    save_store(kg.load(ROOT / "data"), work / "store")  # for the `kg serve --store store/` example
    return work


def test_the_pages_have_examples():
    assert len(ALL_EXAMPLES) >= 20, [ex.id for ex in ALL_EXAMPLES]
    assert any(ex.page == "README.md" and ex.shown for ex in ALL_EXAMPLES)


def test_not_run_entries_are_used():
    for pattern in NOT_RUN:
        assert any(re.search(pattern, ex.command) for ex in ALL_EXAMPLES), pattern


@pytest.mark.parametrize("example", ALL_EXAMPLES, ids=lambda ex: ex.id)
def test_example_runs_and_prints_what_the_page_shows(example: Example, workdir: Path):
    reason = not_run_reason(example)
    if reason:
        pytest.skip(f"not run ({reason}): {example.command}")
    args, stdin = argv_and_stdin(example)
    if args[:1] == ["serve"]:
        return check_serve(example, args, workdir)
    proc = subprocess.run(
        [sys.executable, "-m", "kg", *args],
        cwd=workdir,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    printed = (proc.stdout + proc.stderr).splitlines()
    where = f"{example.id}: $ {example.command}"

    expected_status = 1 if example.shown and ERROR_LAST_LINE.match(example.shown[-1]) else 0
    assert proc.returncode == expected_status, f"{where}\nexit {proc.returncode}\n{proc.stderr[-2000:]}"
    assert any(line.strip() for line in printed), f"{where}: printed nothing"
    if not example.shown:
        return

    first_shown = next(line for line in example.shown if line.strip())
    first_printed = next(line for line in printed if line.strip())
    assert normalise(first_printed) == normalise(first_shown), f"{where}: first line differs"

    printed_norm = [normalise(line) for line in printed]
    position = 0
    for header, rule in table_headers(example.shown):
        pair = [normalise(header), normalise(rule)]
        found = next((i for i in range(position, len(printed_norm) - 1) if printed_norm[i : i + 2] == pair), None)
        assert found is not None, f"{where}: the table header {header.strip()!r} is not printed (in order)"
        position = found + 2

    keys = shown_json_keys(example.shown)
    if keys is not None:
        value = json.loads(proc.stdout)
        assert isinstance(value, dict), f"{where}: the page shows an object"
        assert keys == list(value), f"{where}: top-level keys differ"


def check_serve(example: Example, args: list[str], workdir: Path) -> None:
    """`kg serve` runs until stopped: start it on a free port, read its first line, ask one query, stop it."""
    if "--port" in args:
        args[args.index("--port") + 1] = "0"
    else:
        args += ["--port", "0"]
    where = f"{example.id}: $ {example.command}"
    server = subprocess.Popen(
        [sys.executable, "-m", "kg", *args], cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        first = server.stdout.readline() if server.stdout else ""
        match = re.search(r"at (http://127\.0\.0\.1:\d+/sparql) ", first)
        assert match, (
            f"{where}: printed {first!r}, not where it listens\n{server.stderr.read() if server.stderr else ''}"
        )
        url = match.group(1) + "?" + urllib.parse.urlencode({"query": "ASK { ?s a kg:Company }"})
        with urllib.request.urlopen(url, timeout=60) as reply:
            assert reply.status == 200 and json.loads(reply.read())["boolean"] is True, where
    finally:
        server.terminate()
        server.wait(30)


# --- links ----------------------------------------------------------------------------------------

LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


def relative_links(path: Path) -> list[tuple[int, str]]:
    """(line, target) of every Markdown link or image that is not a URL or an in-page anchor.

    Links inside fenced code blocks and inline code are not links.
    """
    found, in_block = [], False
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(text):
            in_block = not in_block
            continue
        if in_block:
            continue
        text = re.sub(r"`[^`]*`", "", text)
        for match in LINK.finditer(text):
            target = match.group(1)
            if re.match(r"^[a-z][a-z0-9+.-]*:", target, re.I) or target.startswith("#"):
                continue
            found.append((number, target))
    return found


def test_pages_have_relative_links():
    assert len([link for page in PAGES for link in relative_links(page)]) >= 10


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_points_at_a_file_that_exists(page: Path):
    missing = [
        f"{page.relative_to(ROOT)}:{line}: {target}"
        for line, target in relative_links(page)
        if not (page.parent / target.split("#", 1)[0]).exists()
    ]
    assert not missing, "\n".join(missing)
