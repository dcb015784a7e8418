"""The bundled dataset answers what a reader of the sources would ask, and every quote is verbatim."""

import csv

import pytest

from conftest import DATA, SOURCES, require_sources
from kg.graph.dating import first_day, valid_on
from kg.graph.show import entity_report

ARTICLE = SOURCES / "000_b917a50fe0cf0989.txt"
TSV = SOURCES / "zhipu_ecosystem_facts.tsv"
LISTING = first_day("2026-01-08")
PRE_IPO = first_day("2026-01-07")


def rows(name):
    with open(DATA / f"{name}.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def holdings(g, holder, company="zhipu", day=LISTING):
    return [
        d
        for _s, o, d in g.nx.out_edges(holder, data=True)
        if o == company and d["predicate"] == "holdsSharesIn" and d.get("share") is not None and valid_on(d, day)
    ]


def test_every_statement_and_fact_cites_a_known_source_with_a_grade():
    source_ids = {r["id"] for r in rows("sources")}
    for name in ("relations", "facts"):
        for n, r in enumerate(rows(name), start=2):
            assert r["source"] in source_ids, f"{name}.csv:{n}"
            assert r["confidence"], f"{name}.csv:{n} has no confidence grade"


def test_evidence_quotes_are_verbatim():
    require_sources()
    article = ARTICLE.read_text(encoding="utf-8")
    with open(TSV, encoding="utf-8", newline="") as fh:
        snippets = [r["snippet"] for r in csv.DictReader(fh, delimiter="\t")]
    checked = 0
    for name in ("relations", "facts"):
        for n, r in enumerate(rows(name), start=2):
            ev = r["evidence"]
            if not ev:
                continue
            checked += 1
            if r["source"] == "zhidx-2026-01-08":
                assert ev in article, f"{name}.csv:{n}: quote not in the article: {ev}"
            else:
                assert any(ev in s for s in snippets), f"{name}.csv:{n}: quote not in any researched snippet: {ev}"
    assert checked > 400


def test_pre_ipo_share_counts_add_up_to_the_shares_in_issue(bundled):
    """The 65 pre-IPO holders' counts (57 shareholders + 8 concert-party members) are all 402,810,690 shares."""
    total = sum(
        d["shares"]
        for _s, o, d in bundled.nx.in_edges("zhipu", data=True)
        if d["predicate"] == "holdsSharesIn" and d.get("shares") and d.get("end") == "2026-01-08"
    )
    assert total == 402_810_690


def test_the_concert_party_by_both_sources(bundled):
    members = {
        (s, d["source"])
        for s, _o, d in bundled.nx.in_edges("zhipu_concert_party", data=True)
        if d["predicate"] == "memberOfConcertParty"
    }
    article = {s for s, src in members if src == "zhidx-2026-01-08"}
    hkex = {s for s, src in members if src == "hkex-2513-allotment-2026-01-07"}
    common = {"beijing_lianpai", "liu_debing", "tang_jie", "li_juanzi", "xu_bin", "huihui", "zhideng"}
    assert article == common | {"zhang_haifeng"}  # the article names 张海峰
    assert hkex == common | {"zhipu_dr_zhang"}  # HKEX names only "Dr. Zhang"
    assert not bundled.nx.has_edge("zhang_haifeng", "zhipu_dr_zhang")  # never merged on a guess
    stakes = {
        (d["source"], d["share"], d.get("start"), d.get("end"))
        for _s, o, d in bundled.nx.out_edges("zhipu_concert_party", data=True)
        if d["predicate"] == "aggregateInterestIn"
    }
    assert ("zhidx-2026-01-08", 33.03, None, "2026-01-08") in stakes
    assert ("hkex-2513-allotment-2026-01-07", 30.22, "2026-01-08", None) in stakes


@pytest.mark.parametrize(
    ("investor", "vehicle", "post_share", "shares"),
    [
        ("meituan", "tianjin_sankuai", 3.91, 17_217_310),
        ("ant_group", "shanghai_yunya", 1.23, 5_393_230),
        ("ant_group", "shanghai_feiya", 2.43, 10_691_510),
        ("tencent", "tencent_investment", 1.58, 6_948_540),
        ("lei_jun", "beijing_shunying", 1.18, 5_211_410),
    ],
)
def test_each_strategic_investor_holds_through_its_vehicle(bundled, investor, vehicle, post_share, shares):
    links = {d["predicate"] for _s, o, d in bundled.nx.out_edges(investor, data=True) if o == vehicle}
    assert links & {"controls", "investsThrough"}
    [post] = holdings(bundled, vehicle)
    assert (post["share"], post["shares"], post["source"]) == (post_share, shares, "hkex-2513-allotment-2026-01-07")
    [pre] = holdings(bundled, vehicle, day=PRE_IPO)
    assert pre["shares"] == shares and pre["basis"] == "derived" and pre["share"] > post_share


def test_lenovo_capital_and_legend_capital_stay_apart(bundled):
    assert bundled.resolve("联想创投") == "lenovo_capital"
    assert bundled.resolve("君联资本") == "legend_capital"
    assert not bundled.nx.has_edge("lenovo_capital", "legend_capital")
    assert not bundled.nx.has_edge("legend_capital", "lenovo_capital")


def test_the_eleven_cornerstones_of_zhipu(bundled):
    corner = {
        s: d
        for s, _o, d in bundled.nx.in_edges("zhipu_ipo", data=True)
        if d["predicate"] == "cornerstoneInvestorIn" and d["source"] == "hkex-2513-allotment-2026-01-07"
    }
    assert len(corner) == 11
    assert sum(d["shares"] for d in corner.values()) == 25_681_600
    assert corner["jsc_international_investment_fund"]["shares"] == 11_985_900


def test_investors_common_to_zhipu_and_minimax(bundled):
    def cornerstones(ipo):
        return {s for s, _o, d in bundled.nx.in_edges(ipo, data=True) if d["predicate"] == "cornerstoneInvestorIn"}

    assert {"perseverance", "taikang_life"} <= cornerstones("zhipu_ipo") & cornerstones("minimax_ipo")


def test_founders_roles_and_education(bundled):
    liu = entity_report(bundled, "劉德兵")
    out = {(s["predicate"], s["other"]["id"]) for s in liu["statements"] if s["direction"] == "out"}
    assert {("founderOf", "zhipu"), ("chairOf", "zhipu"), ("educatedAt", "bjtu"), ("educatedAt", "ict_cas")} <= out
    zhang = entity_report(bundled, "張鵬")
    degrees = {s.get("role") for s in zhang["statements"] if s["predicate"] == "educatedAt"}
    assert zhang["entity"]["id"] == "zhang_peng" and ("ceoOf", "zhipu") in {
        (s["predicate"], s["other"]["id"]) for s in zhang["statements"]
    }
    assert degrees and all(
        "tsinghua" in s["other"]["id"] for s in zhang["statements"] if s["predicate"] == "educatedAt"
    )
    ages = {f["value"] for f in liu["facts"] if f["metric"] == "age"}
    assert ages == {49}


def test_low_confidence_claims_stay_out_of_the_default_graph(bundled):
    low = [n for n, r in enumerate(rows("relations"), start=2) if r["confidence"] == "low"]
    assert low, "the bundled data has low-confidence rows to leave out"
    assert {f"relations.csv:{n}" for n in low} <= set(bundled.report["left_out"])
    assert all(d.get("confidence") != "low" for _s, _o, d in bundled.nx.edges(data=True))


def test_names_in_both_chinese_scripts(bundled):
    for simplified, traditional, ident in (
        ("智谱", "智譜", "zhipu"),
        ("腾讯", "騰訊", "tencent"),
        ("蚂蚁集团", "螞蟻集團", "ant_group"),
        ("北京顺赢", "北京順贏", "beijing_shunying"),
    ):
        assert bundled.resolve(simplified) == bundled.resolve(traditional) == ident
