"""The maintainer's files agree with the package: one version, the licence pyproject names, a changelog entry."""

from __future__ import annotations

import importlib.metadata
import re
import tomllib

import kg
from conftest import ROOT
from kg.cli.main import main


def test_version_is_single_sourced(capsys):
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert importlib.metadata.version("kg") == kg.__version__
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"kg {kg.__version__}"


def test_license_file_is_the_one_pyproject_names():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == {"text": "MIT"}
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n") and "the kg authors" in text


def test_changelog_has_unreleased_and_the_current_version():
    headings = [
        line for line in (ROOT / "CHANGELOG.md").read_text(encoding="utf-8").splitlines() if line.startswith("## ")
    ]
    assert headings[0] == "## [Unreleased]"
    assert any(h.startswith(f"## [{kg.__version__}]") for h in headings)


def test_contributing_names_files_that_exist():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    paths = set(re.findall(r"`((?:src|tests|ontology)/[\w./-]+\.(?:py|ttl|tsv))`", text))
    assert paths, "CONTRIBUTING.md names no files"
    assert sorted(p for p in paths if not (ROOT / p).exists()) == []
