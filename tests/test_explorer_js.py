"""The explorer's pure JavaScript parts (templates/js/), run in headless Chromium through the page's ``kgx.pure``
test API, against the Python that decides the same things: the dating rule (kg.graph.dating.status_on), the
search keys (kg.explorer.keys), the family order (the ontology's kg:order)."""

import itertools
from datetime import date

import pytest

from browser import page
from kg.explorer.keys import _key
from kg.explorer.page import render_html, script_modules
from kg.graph.dating import ASSERTED, ENDED, NOT_YET, UNSTATED_START, status_on

JS_STATUS = {ASSERTED: "ok", UNSTATED_START: "unstated", NOT_YET: "future", ENDED: "ended"}


@pytest.fixture(scope="module")
def pg(bundled, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "graph.html"
    path.write_text(render_html(bundled.nx, bundled.ontology, bundled.sources), encoding="utf-8")
    with page() as p:
        p.goto(path.as_uri())
        p.wait_for_function("() => window.kgReady === true", timeout=60_000)
        yield p


def test_the_script_is_small_ordered_modules():
    names = script_modules()
    assert names == sorted(names) and names[0] == "00-prelude.js"
    assert all(n[:2].isdigit() and n[2] == "-" for n in names)


def test_the_pages_dating_rule_is_kgs_status_on(pg):
    starts = [None, "2020", "2020-06", "2020-06-15"]
    ends = [None, "2021", "2020-06-15"]
    as_ofs = [None, "2019-03"]
    published = [None, "2019-05-01", "2022"]
    founded = [(None, None), ("2018", None), (None, "2019-06"), ("2018", "2019-06-20")]
    days = ["2017-12-31", "2018-01-01", "2019-03-01", "2019-04-30", "2019-05-01", "2019-06-20", "2020-01-01"]
    days += ["2020-06-01", "2020-06-14", "2020-06-15", "2021-01-01", "2022-01-01"]
    cases = []
    for start, end, as_of, pub, (fa, fb) in itertools.product(starts, ends, as_ofs, published, founded):
        st = {k: v for k, v in (("start", start), ("end", end), ("as_of", as_of)) if v is not None}
        cases.append([st, pub, fa, fb])
    got = pg.evaluate(
        """([cases, days]) => cases.map(([st, pub, fa, fb]) => {
            const x = kgx.pure.dated(st, pub, fa, fb);
            return days.map(d => kgx.pure.statusOn(x, d));
        })""",
        [cases, days],
    )
    want = [
        [JS_STATUS[status_on(st, date.fromisoformat(d), published=pub, founded=(fa, fb))] for d in days]
        for st, pub, fa, fb in cases
    ]
    assert got == want
    assert {s for row in want for s in row} == set(JS_STATUS.values())  # every outcome occurs
    assert pg.evaluate("() => kgx.pure.statusOn(kgx.pure.dated({end: '2020'}, null, null, null), null)") == "ok"


def test_search_normalises_names_as_kg_does(pg, bundled):
    names = sorted({v for _n, a in bundled.nx.nodes(data=True) for v in (a.get("label"), a.get("name_zh")) if v})
    got = pg.evaluate(
        "(names) => names.map(n => kgx.pure.normalizeQuery(n, meta.t2s, new RegExp(meta.drop, 'g')))", names
    )
    assert got == [_key(n) for n in names]


def test_search_matching_ranks_exact_then_prefix_then_substring(pg):
    entities = [
        {"id": "b", "keys": ["xzhipu"]},
        {"id": "a", "keys": ["zhipuai", "zhipu"]},
        {"id": "c", "keys": ["zhipuaiholdings"]},
        {"id": "d", "keys": ["moonshot"]},
    ]
    assert pg.evaluate("(e) => kgx.pure.matchIds(e, 'zhipu', 10)", entities) == ["a", "c", "b"]
    assert pg.evaluate("(e) => kgx.pure.matchIds(e, 'zhipuai', 10)", entities) == ["a", "c"]
    assert pg.evaluate("(e) => kgx.pure.matchIds(e, 'zhipu', 1)", entities) == ["a"]
    assert pg.evaluate("(e) => kgx.pure.matchIds(e, '', 10)", entities) == []


def test_filters_let_through_what_the_settings_say(pg):
    got = pg.evaluate(
        """() => {
        const view = {famOn: {ownership: true, control: false}, showEnded: false, typeOn: {Person: false}, shown: null};
        const p = kgx.pure;
        return [p.statementPasses('ok', 'ownership', view), p.statementPasses('unstated', 'ownership', view),
                p.statementPasses('ended', 'ownership', view), p.statementPasses('future', 'ownership', view),
                p.statementPasses('ok', 'control', view), p.statementPasses('ok', 'market', view),
                p.statementPasses('ended', 'ownership', {...view, showEnded: true}),
                p.entityPasses({id: 'x', kind: 'Company'}, view), p.entityPasses({id: 'x', kind: 'Person'}, view),
                p.entityPasses({id: 'x', kind: 'Company'}, {...view, shown: new Set(['y'])})];
    }"""
    )
    assert got == [True, True, False, False, False, True, True, True, False, False]


def test_families_are_listed_in_the_ontologys_order(pg, bundled):
    order = bundled.ontology.family_order()
    assert pg.evaluate("() => meta.familyOrder") == order
    assert pg.evaluate("(o) => kgx.pure.orderFamilies([...o].reverse().concat(['zz', '']), o)", order) == [
        *order,
        "",
        "zz",
    ]
    legend = pg.locator("#legend input[data-family]").evaluate_all("(xs) => xs.map(x => x.dataset.family)")
    assert legend == [f for f in order if f in legend]
