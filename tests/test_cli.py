import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT, SMALL
from kg.cli.main import main
from kg.exports.registry import all_files, entry_names


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_build_writes_every_output_and_is_byte_identical_twice(tmp_path, capsys):
    a, b = tmp_path / "a", tmp_path / "b"
    code, out, _ = run(capsys, "build", "--data", str(SMALL), "--out", str(a))
    assert code == 0
    assert "graph.html" in out and f"open {a}/graph.html" in out
    assert run(capsys, "build", "--data", str(SMALL), "--out", str(b))[0] == 0
    names = sorted(p.name for p in a.iterdir())
    assert names == sorted(entry_names())  # the files and graph.kg/
    for name in all_files():  # graph.kg/'s files too
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    assert not [p for p in a.iterdir() if p.name.startswith(".")]  # no temp files left behind


def test_json_output_is_only_json(capsys):
    code, out, _err = run(capsys, "search", "示例", "--data", str(SMALL), "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert rows[0]["id"] == "example_ai"
    code, out, _ = run(capsys, "show", "Vehicle A", "--data", str(SMALL), "--format", "json")
    report = json.loads(out)
    assert report["entity"]["id"] == "vehicle_a"
    holding = next(s for s in report["statements"] if s["predicate"] == "holdsSharesIn")
    assert holding["share"] == 3.91 and holding["source"]["title"] == "Allotment results of Example AI"
    assert [s["direction"] for s in report["statements"]] == ["out", "in"]


def test_show_table_lists_both_directions_with_sources(capsys):
    code, out, _ = run(capsys, "show", "vehicle_a", "--data", str(SMALL))
    assert code == 0
    assert "→ holds shares in" in out and "← controls" in out
    assert "3.91% 17,217,310 sh" in out and "Allotment results of Example AI" in out


def test_unknown_and_ambiguous_entities_exit_1_with_candidates(capsys):
    code, out, err = run(capsys, "show", "Exampel", "--data", str(SMALL))
    assert code == 1 and out == ""
    assert "candidates:" in err and "example_ai" in err
    code, _, err = run(capsys, "show", "nothing like this at all", "--data", str(SMALL))
    assert code == 1 and "no entity is named" in err


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "show")[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    assert run(capsys)[0] == 2
    assert run(capsys, "search", "x", "--limit", "0", "--data", str(SMALL))[0] == 2


def test_validate_clean_and_rdf(tmp_path, capsys):
    code, out, _ = run(capsys, "validate", "--data", str(SMALL))
    assert code == 0 and "is valid" in out
    run(capsys, "build", "--data", str(SMALL), "--out", str(tmp_path))
    code, out, _ = run(capsys, "validate", "--rdf", str(tmp_path / "graph.ttl"))
    assert code == 0 and "is valid" in out


def test_validate_rdf_explains_shacl_violations(tmp_path, capsys):
    ttl = tmp_path / "bad.ttl"
    ttl.write_text(
        """@prefix kg: <https://w3id.org/ai-capital-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<urn:a> a kg:Company ; rdfs:label "A" .
<urn:b> a kg:Person ; rdfs:label "B" .
<urn:st> a kg:Statement ; rdf:subject <urn:b> ; rdf:predicate kg:holdsSharesIn ; rdf:object <urn:a> ; kg:share 120.0 .
""",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", "--rdf", str(ttl))
    assert code == 1
    # the CSV contract is checked first (kg.rdfcheck), as for a CSV dataset; SHACL runs on a graph that passes it
    assert "<urn:st> kg:share \"120\"^^xsd:decimal: share '120' is not between 0 and 100" in err
    assert "<urn:st> a kg:Statement: prov:wasDerivedFrom (source) is missing" in err
    ttl.write_text(
        ttl.read_text(encoding="utf-8")
        .replace("kg:share 120.0", "kg:share 12.0 ; prov:wasDerivedFrom <urn:a>")
        .replace("@prefix rdfs:", "@prefix prov: <http://www.w3.org/ns/prov#> .\n@prefix rdfs:"),
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", "--rdf", str(ttl))
    assert code == 1
    assert "every statement must cite a source (prov:wasDerivedFrom a kg:Source) (SHACL)" in err


def test_real_entry_points(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    for cmd in ([sys.executable, "-m", "kg", "search", "示例", "--data", str(SMALL)],):
        done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "example_ai" in done.stdout


def test_validate_rdf_checks_domain_range_and_ranges(tmp_path, capsys):
    ttl = tmp_path / "bad.ttl"
    ttl.write_text(
        """@prefix kg: <https://w3id.org/ai-capital-kg/ontology#> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<urn:co> a kg:Company ; rdfs:label "Co" .
<urn:uni> a kg:University ; rdfs:label "Uni" .
<urn:src> a kg:Source ; dcterms:title "A source" .
<urn:co> kg:educatedAt <urn:uni> .
<urn:st> a kg:Statement ; rdf:subject <urn:co> ; rdf:predicate kg:holdsSharesIn ; rdf:object <urn:uni> ;
    prov:wasDerivedFrom <urn:src> ; kg:shareMin 5.0 ; kg:shareMax 2.0 .
""",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", "--rdf", str(ttl))
    assert code == 1
    assert '<urn:st> kg:shareMin "5"^^xsd:decimal: share_min 5 is greater than share_max 2' in err
    ttl.write_text(ttl.read_text(encoding="utf-8").replace("kg:shareMin 5.0", "kg:shareMin 1.0"), encoding="utf-8")
    code, _, err = run(capsys, "validate", "--rdf", str(ttl))
    assert code == 1
    assert "co: the subject of educatedAt must be a Person (SHACL)" in err


def test_validate_rdf_syntax_error_has_a_position(tmp_path, capsys):
    ttl = tmp_path / "broken.ttl"
    ttl.write_text(
        '@prefix kg: <https://w3id.org/ai-capital-kg/ontology#> .\n<urn:a> kg:p "unterminated .\n', encoding="utf-8"
    )
    code, out, err = run(capsys, "validate", "--rdf", str(ttl))
    assert code == 1 and out == "" and "Traceback" not in err
    assert err.startswith(f"{ttl}:2:") and "not valid RDF" in err


def test_shares_above_100_percent_warn_naming_the_rows(small, capsys):
    (small / "relations.csv").open("a", encoding="utf-8").write(
        "parent_co,holdsSharesIn,example_ai,news-1,97,,,,,,,,,,,,,high,,\n"
    )
    code, out, err = run(capsys, "validate", "--data", str(small))
    assert code == 0 and "1 warning(s)" in out
    assert "warning: stated stakes in 'example_ai' add up to 101.01% on 2026-01-08 (rows 3, 4, 7)" in err


def test_ownership_commands(capsys):
    code, out, _ = run(capsys, "owners", "示例智能", "--data", str(SMALL), "--as-of", "2026-02-01")
    assert code == 0 and "Vehicle A [vehicle_a]" in out and "Parent Co [parent_co]" in out and "0–3.91%" in out
    code, out, _ = run(
        capsys,
        "owners",
        "example_ai",
        "--data",
        str(SMALL),
        "--as-of",
        "2026-02-01",
        "--assume",
        "parent_co:vehicle_a=100",
        "--format",
        "json",
    )
    res = json.loads(out)
    parent = next(r for r in res["owners"] if r["id"] == "parent_co")
    assert parent["integrated"] == {"low": 3.91, "high": 3.91, "exact": True}
    code, out, _ = run(
        capsys, "path", "Parent Co", "Example AI", "--data", str(SMALL), "--as-of", "2026-02-01", "--explain"
    )
    assert code == 0 and "0–100% × 3.91% = 0–3.91%" in out and "“17217310 shares”" in out
    code, out, _ = run(capsys, "holdings", "parent_co", "--data", str(SMALL), "--as-of", "2026-02-01")
    assert code == 0 and "Example AI [example_ai]" in out
    code, out, _ = run(
        capsys, "control", "example_ai", "--data", str(SMALL), "--as-of", "2026-02-01", "--format", "json"
    )
    assert code == 0 and json.loads(out)["controlling_shareholders"] == []


def test_ownership_command_errors(capsys):
    code, _, err = run(capsys, "path", "example_ai", "parent_co", "--data", str(SMALL))
    assert code == 1 and "no economic ownership path from Example AI to Parent Co" in err
    code, _, err = run(capsys, "path", "vehicle_a", "vehicle_a", "--data", str(SMALL))
    assert code == 2 and "same entity" in err
    code, _, err = run(capsys, "owners", "nobody at all", "--data", str(SMALL))
    assert code == 1 and "no entity is named" in err
    code, _, err = run(capsys, "owners", "example_ai", "--data", str(SMALL), "--assume", "parent_co=100")
    assert code == 2 and "HOLDER:HELD=PCT" in err
    code, _, err = run(capsys, "owners", "example_ai", "--data", str(SMALL), "--unknown", "80-20")
    assert code == 2 and "0 <= low <= high <= 100" in err
    code, _, err = run(capsys, "control", "example_ai", "--data", str(SMALL), "--as-of", "yesterday")
    assert code == 2 and "is not a date" in err


def test_build_writes_derived_statements_that_sparql_can_query(tmp_path, capsys):
    import kg

    assert run(capsys, "build", "--data", str(SMALL), "--out", str(tmp_path))[0] == 0
    g = kg.load_rdf(tmp_path / "graph.ttl")
    rows = list(
        g.rdf.query("""
        PREFIX kg: <https://w3id.org/ai-capital-kg/ontology#>
        PREFIX kgr: <https://w3id.org/ai-capital-kg/id/>
        SELECT ?lo ?hi ?method WHERE { ?d a kg:DerivedStatement ; rdf:subject kgr:parent_co ;
            rdf:predicate kg:lookThroughStakeIn ; rdf:object kgr:example_ai ; kg:shareMin ?lo ; kg:shareMax ?hi ;
            kg:method ?method }""")
    )
    assert [(float(r[0]), float(r[1])) for r in rows] == [(0.0, 3.91)]
    assert "Vitali" in str(rows[0][2])
    # derived statements are not read back as sources' claims
    assert not g.nx.has_edge("parent_co", "example_ai")


def test_entities_with_no_owners_or_holdings_say_so(capsys):
    code, out, _ = run(capsys, "owners", "founder_x", "--data", str(SMALL), "--as-of", "2026-02-01")
    assert code == 0 and "No holder of Founder X is recorded as of 2026-02-01" in out
    code, out, _ = run(capsys, "holdings", "example_ai", "--data", str(SMALL), "--as-of", "2026-02-01")
    assert code == 0 and "No holding of Example AI is recorded as of 2026-02-01" in out


@pytest.mark.parametrize(
    "command",
    [
        ["owners", "example_ai"],
        ["holdings", "parent_co"],
        ["control", "example_ai"],
        ["path", "parent_co", "example_ai"],
        ["render", "-o", "-"],
    ],
)
@pytest.mark.parametrize(
    "day, message",
    [
        ("2025-13-01", "'2025-13-01' is not a real calendar date"),
        ("2025-02-30", "'2025-02-30' is not a real calendar date"),
        ("yesterday", "'yesterday' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"),
    ],
)
def test_every_as_of_is_one_usage_error(capsys, command, day, message):
    """One parser for --as-of: an impossible month once gave 'internal error' in owners but not in render."""
    code, out, err = run(capsys, *command, "--as-of", day, "--data", str(SMALL))
    assert code == 2 and out == ""
    assert f"error: argument --as-of: {message}" in err and "internal error" not in err
