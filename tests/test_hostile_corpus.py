"""Every command over a corpus of broken inputs: a clear message and exit 0, 1 or 2, never a crash.

The corpus is every fixture folder of bad input: the broken CSV datasets of
tests/fixtures/invalid/, the hostile files of tests/fixtures/hostile_files/ (pipes,
devices, link loops), and every file of tests/fixtures/invalid_rdf/ and
tests/fixtures/hostile/ when those folders exist (as ``--rdf`` inputs; a folder as a
``--data`` dataset). Each input goes through ``validate`` and ``build``, and through two
of the other commands chosen by rotation (deterministic), so every command meets many
inputs while the whole test stays within about a minute on two cores.

Commands run in batches in child processes limited by RLIMIT_AS and a timeout (a hang,
a memory blow-up or a segfault fails the batch, which names its commands); within a
batch each command runs through ``kg.cli.main`` with fresh standard streams.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import hostile_files

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
BASE = FIXTURES / "small"
INVALID = FIXTURES / "invalid"
RDF_FOLDERS = ("invalid_rdf", "hostile")
RDF_SUFFIXES = (".ttl", ".nt", ".nq", ".trig", ".rdf", ".xml", ".jsonld", ".json")
MEMORY_LIMIT = 3 * 1024**3  # bytes of address space per batch
BATCH_TIMEOUT = 600  # seconds: a hang detector, not a performance limit
BATCH = 40
FORBIDDEN = ("internal error", "Traceback")

RUNNER = r"""
import contextlib, io, json, os, sys
from kg.cli.main import main
results = []
for argv in json.load(open(sys.argv[1], encoding="utf-8")):
    out, err = io.StringIO(), io.StringIO()
    sys.stdin = io.StringIO("")
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            rc = main(argv)
    except BaseException as exc:  # main must never let one escape
        rc = f"raised {type(exc).__name__}: {exc}"
    results.append([argv, rc, err.getvalue()[-4000:]])
json.dump(results, sys.stdout)
"""


def other_commands(source: list[str], tmp: Path, n: int) -> list[list[str]]:
    """The commands besides validate and build, for one input (``source`` = --data DIR or --rdf FILE)."""
    return [
        ["search", "Example", *source],
        ["show", "example_ai", *source],
        ["path", "parent_co", "example_ai", *source],
        ["owners", "example_ai", "--explain", *source],
        ["holdings", "parent_co", *source],
        ["control", "example_ai", "--explain", *source],
        ["owners", "--input", str(_ids(tmp)), "--format", "csv", *source],
        ["query", "shareholders", "--param", "company=example_ai", *source],
        ["render", "--focus", "example_ai", "-o", str(tmp / f"render-{n}.html"), *source],
    ]


def _ids(tmp: Path) -> Path:
    """An --input file for batch mode: a good id, a bad one, a name."""
    path = tmp / "ids.txt"
    path.write_text("example_ai\nno_such_id\nExample AI\n", encoding="utf-8")
    return path


def csv_inputs(tmp: Path, keep: contextlib.ExitStack) -> list[tuple[str, list[str]]]:
    """(name, --data DIR) for every broken dataset of tests/fixtures/invalid and hostile_files."""
    pattern = __import__("re").compile(
        r"^(?P<case>[a-z0-9_]+)\.(?P<which>sources|entities|relations|facts)\.(?P<kind>csv|missing)$"
    )
    out = []
    for path in sorted(INVALID.iterdir()):
        m = pattern.match(path.name)
        if not m:
            continue
        data = tmp / "csv" / m["case"]
        shutil.copytree(BASE, data)
        target = data / f"{m['which']}.csv"
        if m["kind"] == "missing":
            target.unlink()
        else:
            shutil.copyfile(path, target)
        out.append((m["case"], ["--data", str(data)]))
    for case in hostile_files.cases():
        data = hostile_files.dataset(case, tmp / "files" / case["case"], keep)
        out.append((case["case"], ["--data", str(data)]))
    out.append(("data_is_a_file", ["--data", str(BASE / "entities.csv")]))
    out.append(("data_missing", ["--data", str(tmp / "nowhere")]))
    return out


def rdf_inputs(tmp: Path) -> list[tuple[str, list[str]]]:
    """(name, --rdf FILE or --data DIR) for the RDF corpus folders, where present."""
    out = []
    for folder in RDF_FOLDERS:
        root = FIXTURES / folder
        if not root.is_dir():
            continue
        for path in sorted(root.iterdir()):
            if path.is_dir():
                out.append((f"{folder}/{path.name}", ["--data", str(path)]))
            elif path.suffix.lower() in RDF_SUFFIXES:
                out.append((f"{folder}/{path.name}", ["--rdf", str(path)]))
    return out


def plan(tmp: Path, keep: contextlib.ExitStack) -> list[list[str]]:
    """Every input through validate and build (build only for datasets), two others by rotation."""
    commands = []
    inputs = csv_inputs(tmp, keep) + rdf_inputs(tmp)
    for n, (name, source) in enumerate(inputs):
        commands.append(["validate", *source])
        if source[0] == "--data":
            commands.append(["build", *source, "--out", str(tmp / "out" / name.replace("/", "_"))])
        others = other_commands(source, tmp, n)
        for k in (n % len(others), (n + 3) % len(others)):
            commands.append(others[k])
    return commands


def _limits() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_batch(commands: list[list[str]], tmp: Path, index: int) -> list:
    spec = tmp / f"batch-{index}.json"
    spec.write_text(json.dumps(commands), encoding="utf-8")
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    env.pop("KG_DEBUG", None)
    try:
        proc = subprocess.run(
            [sys.executable, "-c", RUNNER, str(spec)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp,
            timeout=BATCH_TIMEOUT,
            preexec_fn=_limits,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"batch {index} hung for {BATCH_TIMEOUT} s; its commands: {commands}")
    if proc.returncode != 0:
        pytest.fail(f"batch {index} died (exit {proc.returncode}): {proc.stderr[-3000:]}\ncommands: {commands}")
    return json.loads(proc.stdout)


def test_every_command_over_the_broken_corpus(tmp_path):
    with contextlib.ExitStack() as keep:
        commands = plan(tmp_path, keep)
        results = []
        for i in range(0, len(commands), BATCH):
            results += run_batch(commands[i : i + BATCH], tmp_path, i // BATCH)
    assert len(results) == len(commands)
    bad = []
    for argv, rc, err in results:
        if rc not in (0, 1, 2) or any(word in err for word in FORBIDDEN):
            bad.append(f"kg {' '.join(argv)}\n  exit {rc}: {err.strip()[-600:]}")
    assert not bad, f"{len(bad)} of {len(results)} commands crashed:\n" + "\n".join(bad)
    seen = {argv[0] for argv, _rc, _err in results}
    assert seen >= {"build", "validate", "search", "show", "path", "owners", "holdings", "control", "query", "render"}
    refusals = sum(1 for _argv, rc, _err in results if rc != 0)
    assert refusals > len(results) // 2  # the corpus is broken input: most commands must refuse it
