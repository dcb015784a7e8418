"""`kg build` switches its outputs in as one set: killed or concurrent builds never leave a mix.

Two datasets (the small fixture, and the same with one more entity) give two reference
output sets. After every kill or race the --out folder must hold exactly one of them,
byte for byte; after the next build no staging or old directory is left beside it.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import time
from pathlib import Path

import pytest

from conftest import output_snapshot
from kg import atomic_dir
from kg.cli.main import main
from kg.exports.registry import all_files

HERE = Path(__file__).resolve().parent
BASE = HERE / "fixtures" / "small"
EXTRA = "extra_lab,ResearchLab,Extra Lab,额外实验室,,2021,CN,,,news-1,\n"
OUTPUT_NAMES = set(all_files())  # graph.kg/'s files too


snapshot = output_snapshot


def litter(parent: Path, name: str = "out") -> list[str]:
    prefixes = atomic_dir.litter_names(name)
    return sorted(p.name for p in parent.iterdir() if p.name.startswith(prefixes) or p.name.endswith(".tmp"))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    """Datasets A and B and their reference outputs."""
    root = tmp_path_factory.mktemp("atomic")
    a, b = root / "a", root / "b"
    shutil.copytree(BASE, a)
    shutil.copytree(BASE, b)
    with open(b / "entities.csv", "a", encoding="utf-8") as fh:
        fh.write(EXTRA)
    refs = {}
    for name, data in (("a", a), ("b", b)):
        assert main(["build", "--data", str(data), "--out", str(root / f"ref-{name}")]) == 0
        refs[name] = snapshot(root / f"ref-{name}")
        assert set(refs[name]) == OUTPUT_NAMES
    assert refs["a"] != refs["b"]
    return {"a": a, "b": b, "refs": refs}


def assert_one_complete_set(out: Path, refs: dict) -> str:
    got = snapshot(out)
    which = [k for k, ref in refs.items() if got == ref]
    assert which, f"{out} holds a mix or a partial set: {sorted(got)}"
    return which[0]


def _fork_build(data: Path, out: Path) -> int:
    """A child process running `kg build` (kg already imported, so the build starts at once)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            code = main(["build", "--data", str(data), "--out", str(out)])
        finally:
            os._exit(code)
    return pid


def test_killed_builds_leave_one_complete_set(world, tmp_path, capsys):
    """A dozen builds killed with SIGKILL after random delays (fixed seed) spread over a whole build."""
    out = tmp_path / "out"
    assert main(["build", "--data", str(world["a"]), "--out", str(out)]) == 0
    capsys.readouterr()
    started = time.monotonic()
    _, status = os.waitpid(_fork_build(world["b"], tmp_path / "calibrate"), 0)
    assert os.waitstatus_to_exitcode(status) == 0
    duration = time.monotonic() - started  # to spread the kills over a whole build, not a limit
    rng = random.Random(20260108)
    for i in range(12):
        pid = _fork_build(world["b"] if i % 2 == 0 else world["a"], out)
        time.sleep(rng.uniform(0.3 * duration, 1.2 * duration))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        assert_one_complete_set(out, world["refs"])
    assert main(["build", "--data", str(world["a"]), "--out", str(out)]) == 0
    assert snapshot(out) == world["refs"]["a"]
    assert litter(tmp_path) == []


def _die_at(monkeypatch, module, name, *, after: int = 0):
    """Make ``module.name`` end the process like SIGKILL (no cleanup) on its call number ``after``."""
    real = getattr(module, name)
    calls = {"n": 0}

    def dying(*args, **kwargs):
        if calls["n"] == after:
            os._exit(137)
        calls["n"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, dying)


KILL_POINTS = [
    pytest.param("kg.atomic_dir", "_fsync_tree", 0, id="after-staging-before-switch"),
    pytest.param("kg.atomic_dir", "exchange", 0, id="at-the-exchange"),
    pytest.param("kg.atomic_dir", "_fsync_dir", 1, id="after-exchange-before-cleanup"),
    pytest.param("shutil", "rmtree", 0, id="removing-the-old-set"),
]


@pytest.mark.parametrize(("module", "name", "after"), KILL_POINTS)
def test_kill_at_each_step_of_the_switch(world, tmp_path, monkeypatch, capsys, module, name, after):
    """A child process dies (os._exit: no finally blocks, like SIGKILL) at one step of the switch."""
    import importlib

    out = tmp_path / "out"
    assert main(["build", "--data", str(world["a"]), "--out", str(out)]) == 0
    capsys.readouterr()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            _die_at(monkeypatch, importlib.import_module(module), name, after=after)
            main(["build", "--data", str(world["b"]), "--out", str(out)])
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFEXITED(status)
    assert_one_complete_set(out, world["refs"])
    monkeypatch.undo()
    assert main(["build", "--data", str(world["b"]), "--out", str(out)]) == 0
    assert snapshot(out) == world["refs"]["b"]
    assert litter(tmp_path) == []


def test_kill_between_fallback_renames(world, tmp_path, monkeypatch, capsys):
    """Without renameat2 the switch is two renames: a kill between them leaves no mix, and the next build recovers."""
    out = tmp_path / "out"
    assert main(["build", "--data", str(world["a"]), "--out", str(out)]) == 0
    capsys.readouterr()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            monkeypatch.setattr(atomic_dir, "exchange", lambda a, b: False)
            _die_at(monkeypatch, os, "rename", after=1)
            main(["build", "--data", str(world["b"]), "--out", str(out)])
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    assert not out.exists() or snapshot(out) in world["refs"].values()
    assert main(["build", "--data", str(world["b"]), "--out", str(out)]) == 0
    assert snapshot(out) == world["refs"]["b"]
    assert litter(tmp_path) == []


def test_fallback_switch_without_renameat2(world, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(atomic_dir, "exchange", lambda a, b: False)
    out = tmp_path / "out"
    for data, ref in (("a", "a"), ("b", "b")):
        assert main(["build", "--data", str(world[data]), "--out", str(out)]) == 0
        assert snapshot(out) == world["refs"][ref]
    assert litter(tmp_path) == []


def test_concurrent_builds(world, tmp_path):
    """Builds racing into one folder (separate processes) are serialised; the last one's set wins whole."""
    out = tmp_path / "out"
    for _ in range(3):
        pids = [_fork_build(world[k], out) for k in ("a", "b", "a")]
        for pid in pids:
            _, status = os.waitpid(pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0
        assert_one_complete_set(out, world["refs"])
        assert litter(tmp_path) == []


def test_failed_build_keeps_outputs_and_leaves_no_litter(world, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--data", str(world["a"]), "--out", str(out)]) == 0
    broken = tmp_path / "broken"
    shutil.copytree(world["a"], broken)
    (broken / "entities.csv").write_text("id,type\n", encoding="utf-8")
    assert main(["build", "--data", str(broken), "--out", str(out)]) == 1
    capsys.readouterr()
    assert snapshot(out) == world["refs"]["a"]
    assert litter(tmp_path) == []


def test_files_kg_did_not_write_are_kept(world, tmp_path, capsys):
    """A page `kg render` wrote into the folder survives the switch; old .tmp litter does not."""
    out = tmp_path / "out"
    assert main(["build", "--data", str(world["a"]), "--out", str(out)]) == 0
    (out / "example_ai.html").write_text("<p>a focus page</p>", encoding="utf-8")
    (out / ".graph.ttl.abc123.tmp").write_text("half", encoding="utf-8")
    assert main(["build", "--data", str(world["b"]), "--out", str(out)]) == 0
    capsys.readouterr()
    got = snapshot(out)
    assert got.pop("example_ai.html") == b"<p>a focus page</p>"
    assert got == world["refs"]["b"]


def test_out_through_a_symlink_stays_a_link(world, tmp_path, capsys):
    real = tmp_path / "real"
    real.mkdir()
    os.symlink("real", tmp_path / "out")
    assert main(["build", "--data", str(world["a"]), "--out", str(tmp_path / "out")]) == 0
    capsys.readouterr()
    assert (tmp_path / "out").is_symlink()
    assert snapshot(real) == world["refs"]["a"]
    assert litter(tmp_path, "real") == []
