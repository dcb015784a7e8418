"""The HTML explorer, opened in headless Chromium and used as a person would: typing, clicking, toggling.

Screenshots for the README: ``KG_SCREENSHOTS=1 pytest tests/test_browser.py`` writes docs/graph.png and
docs/zhipu.png (otherwise they go to a temporary directory, so the code path still runs).
"""

import os
from datetime import date

import pytest

import kg
from browser import page
from conftest import ROOT
from kg.explorer.page import render_html
from kg.graph.dating import ENDED, PRESENT, Dating, first_day, valid_on

EVIL = '<img src=x onerror="window.__pwned=1">'


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def whole(bundled, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "graph.html"
    path.write_text(
        render_html(bundled.nx, bundled.ontology, bundled.sources, title="kg · AI capital graph"), encoding="utf-8"
    )
    return path


@pytest.fixture(scope="module")
def focused(bundled, tmp_path_factory):
    path = tmp_path_factory.mktemp("html") / "zhipu.html"
    path.write_text(
        render_html(bundled.nx, bundled.ontology, bundled.sources, title="kg · Zhipu AI — ownership", focus="zhipu"),
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def browser_page():
    with page() as pg:  # one Chromium for the module; every test loads its page afresh
        yield pg


@pytest.fixture
def pg(browser_page):
    browser_page.kg_console.clear()
    browser_page.kg_requests.clear()
    browser_page.set_viewport_size({"width": 1400, "height": 900})
    return browser_page


def open_page(pg, path):
    pg.goto(path.as_uri())
    # the page's CSP forbids eval, so wait with a function, not an expression string
    pg.wait_for_function("() => window.kgReady === true", timeout=60_000)


def errors(pg):
    return [m for m in pg.kg_console if m[0] in ("error", "pageerror")]


def node_point(pg, node_id):
    """Where a node is drawn, in page coordinates."""
    box = pg.locator("#graph canvas").bounding_box()
    pos = pg.evaluate("(id) => kgx.position(id)", node_id)
    return box["x"] + pos["x"], box["y"] + pos["y"]


def click_node(pg, node_id, double=False):
    x, y = node_point(pg, node_id)
    (pg.mouse.dblclick if double else pg.mouse.click)(x, y)
    pg.wait_for_timeout(150)


def visible_edges(pg) -> set[str]:
    return set(pg.evaluate("() => kgx.visibleEdges()"))


def visible_nodes(pg) -> set[str]:
    return set(pg.evaluate("() => kgx.visibleNodes()"))


# -- the whole graph ---------------------------------------------------------------------------


def test_bundled_graph_page_loads_cleanly(pg, bundled, whole):
    open_page(pg, whole)
    assert pg.evaluate("() => nodes.length") == bundled.nx.number_of_nodes()
    assert pg.evaluate("() => edges.length") == bundled.nx.number_of_edges()
    assert pg.evaluate("() => nodesView.length") == bundled.nx.number_of_nodes()  # every entity on screen
    assert pg.locator("#counts").inner_text().startswith(f"{bundled.nx.number_of_nodes()} entities")
    # colours and shapes come from the ontology; vis-network's group palette would override them
    assert pg.evaluate("() => kgx.node('zhipu').color") == bundled.ontology.classes["Company"].color
    assert pg.evaluate("() => kgx.node('zhipu').shape") == bundled.ontology.classes["Company"].shape
    assert pg.evaluate("() => kgx.node('zhipu').group") is None
    # edge style by family: ownership solid, control dashed, affiliation dotted
    styles = pg.evaluate("""() => Object.fromEntries(['ownership', 'control', 'affiliation'].map(f =>
        [f, kgx.edge(edgeData.find(r => r[3].family === f)[2]).dashes]))""")
    assert styles == {"ownership": False, "control": True, "affiliation": [2, 4]}
    # the legend is generated from the ontology: one entry per type and family present
    types = {a.get("type") for _n, a in bundled.nx.nodes(data=True)}
    assert pg.locator("#legend input[data-type]").count() == len(types)
    assert "investment vehicle / holding platform" in pg.locator("#legend").inner_text()
    assert errors(pg) == []
    assert [u for u in pg.kg_requests if not u.startswith("file:")] == []  # no network requests


@pytest.mark.parametrize("text", ["騰訊", "腾讯"])
def test_search_finds_either_chinese_script(pg, whole, text):
    open_page(pg, whole)
    pg.fill("#q", text)
    assert pg.locator("#hits button").first.get_attribute("data-id") == "tencent"  # the suggestion list
    pg.press("#q", "Enter")
    assert pg.evaluate("() => kgx.selected()") == ["tencent"]
    assert pg.locator("#panel h2").inner_text() == "Tencent"
    assert errors(pg) == []


def test_clicking_zhipu_shows_every_statement_with_its_source(pg, bundled, whole):
    G = bundled.nx
    open_page(pg, whole)
    click_node(pg, "zhipu")
    assert pg.locator("#panel h2").inner_text() == "Zhipu AI"
    cards = pg.locator("#panel .st")
    assert cards.count() == G.in_degree("zhipu") + G.out_degree("zhipu")  # both directions, ended ones too
    assert set(pg.evaluate("() => Array.from(document.querySelectorAll('#panel .st')).map(c => c.dataset.edge)")) == {
        k for *_e, k in G.in_edges("zhipu", keys=True)
    } | {k for *_e, k in G.out_edges("zhipu", keys=True)}
    text = pg.locator("#panel").inner_text()
    assert "HKEX allotment-results announcement 2026-01-07" in text  # source titles
    assert "Shanghai Yunya" in text and "1.23%" in text and "start 2026-01-08" not in text  # dates read "from …"
    assert "from 2026-01-08" in text and "ended" in text
    links = pg.locator("#panel a.src")
    assert links.count() > 0
    for i in range(links.count()):
        a = links.nth(i)
        assert a.get_attribute("href").startswith(("http://", "https://"))
        assert a.get_attribute("rel") == "noopener noreferrer" and a.get_attribute("target") == "_blank"
    assert errors(pg) == []


def test_paths_between_ant_group_and_zhipu_show_both_vehicles_and_the_look_through(pg, whole):
    open_page(pg, whole)
    pg.fill("#from", "螞蟻集團")
    pg.fill("#to", "智譜")
    pg.click("#paths")
    res = pg.evaluate("() => kgPaths")
    assert (res["from"], res["to"]) == ("ant_group", "zhipu")
    chains = sorted(tuple([p[0]["from"]] + [link["to"] for link in p]) for p in res["paths"])
    assert chains == [("ant_group", "shanghai_feiya", "zhipu"), ("ant_group", "shanghai_yunya", "zhipu")]
    assert pg.locator("#lookthrough").inner_text() == "look-through stake: 0–3.66%"
    assert pg.locator("#panel .path").count() == 2
    panel = pg.locator("#panel").inner_text()
    assert "Shanghai Yunya" in panel and "Shanghai Feiya" in panel and "not stated" in panel
    # every statement on the paths is drawn, highlighted; the rest of the graph is dimmed
    assert set(res["edges"]) <= visible_edges(pg)
    assert pg.evaluate("(id) => kgx.edge(id).color.color", res["edges"][0]) == "#e6007e"
    assert pg.evaluate("() => kgx.node('tencent').opacity") < 0.5
    pg.click("#clear")
    assert pg.evaluate("() => kgx.node('tencent').opacity") == 1
    assert errors(pg) == []


def test_ended_statements_are_hidden_until_asked_and_the_date_selects_statements(pg, bundled, whole):
    G = bundled.nx
    dating = Dating(G, bundled.sources)  # kg.temporal.status_on: what the page must show on a day
    latest = max(
        first_day(v)
        for s, o, d in G.edges(data=True)
        for v in (d.get("start") or dating.stated_as_of(d), d.get("end"), dating.founded(s), dating.founded(o))
        if v
    )

    def expected(day: date, ended: bool = False) -> set[str]:
        out = set()
        for s, o, k, d in G.edges(keys=True, data=True):
            status = dating.status(s, o, d, day)
            if status in PRESENT or (ended and status == ENDED):
                out.add(k)
        return out

    open_page(pg, whole)
    assert pg.locator("#asof").input_value() == latest.isoformat()
    default = visible_edges(pg)
    assert default == expected(latest)
    assert len(default) < G.number_of_edges()  # the pre-listing holdings ended on 2026-01-08
    pg.check("#ended")
    assert visible_edges(pg) == expected(latest, ended=True)
    ended_id = next(iter(expected(latest, ended=True) - default))
    assert pg.evaluate("(id) => kgx.edge(id).color.color", ended_id) == "#9a9a9a"  # drawn grey
    pg.uncheck("#ended")
    pg.select_option("#asof", "2026-01-01")
    before = visible_edges(pg)
    assert before == expected(date(2026, 1, 1))
    assert before != default
    # Shanghai Feiya's stake in Zhipu: the pre-listing one is back, the one from the listing not yet there
    stakes = [
        (d.get("start"), d.get("end"), k)
        for _s, o, k, d in G.out_edges("shanghai_feiya", keys=True, data=True)
        if o == "zhipu" and d["predicate"] == "holdsSharesIn"
    ]
    listing = next(k for start, _end, k in stakes if start == "2026-01-08")
    pre = next(k for _start, end, k in stakes if end == "2026-01-08")
    assert listing in default and pre not in default
    assert pre in before and listing not in before
    assert errors(pg) == []


def test_filters_by_type_and_family_and_the_language_toggle(pg, bundled, whole):
    G = bundled.nx
    open_page(pg, whole)
    pg.uncheck("#legend input[data-type='Person']")
    shown = visible_nodes(pg)
    assert shown == {n for n, a in G.nodes(data=True) if a.get("type") != "Person"}
    pg.uncheck("#legend input[data-family='ownership']")
    fams = {d["family"] for _s, _o, k, d in G.edges(keys=True, data=True) if k in visible_edges(pg)}
    assert "ownership" not in fams and fams
    pg.check("#zh")
    assert pg.evaluate("() => kgx.node('zhipu').label") == "智谱"
    assert "公司" in pg.locator("#legend").inner_text()
    assert errors(pg) == []


# -- the focused view ------------------------------------------------------------------------------


def test_focused_view_starts_from_the_ownership_neighbourhood_and_grows(pg, bundled, focused):
    open_page(pg, focused)
    start = visible_nodes(pg)
    assert {"zhipu", "shanghai_yunya", "ant_group", "tencent_investment", "tencent"} <= start
    assert len(start) < bundled.nx.number_of_nodes()
    assert pg.locator("#panel h2").inner_text() == "Zhipu AI"  # the focus' statements are open
    # families: ownership and control at first
    fams = {d["family"] for _s, _o, k, d in bundled.nx.edges(keys=True, data=True) if k in visible_edges(pg)}
    assert fams == {"ownership", "control"}
    # expand Tencent's neighbourhood from its panel: what it holds elsewhere appears
    pg.fill("#q", "tencent")
    pg.press("#q", "Enter")
    pg.click("#act-expand")
    pg.wait_for_timeout(300)
    grown = visible_nodes(pg)
    neighbours = {
        o for _s, o, d in bundled.nx.out_edges("tencent", data=True) if d["family"] in ("ownership", "control")
    }
    assert start < grown and neighbours <= grown
    # a double-click expands too: pick a shown entity with hidden owners or holdings
    G = bundled.nx
    latest = date(2026, 1, 26)

    def links(n):
        return {
            o
            for _s, o, d in G.out_edges(n, data=True)
            if d["family"] in ("ownership", "control") and valid_on(d, latest)
        } | {
            s
            for s, _o, d in G.in_edges(n, data=True)
            if d["family"] in ("ownership", "control") and valid_on(d, latest)
        }

    node = next(n for n in sorted(grown) if links(n) - grown)
    pg.wait_for_function("() => !kgx.busy()")  # the short re-layout after an expansion
    pg.evaluate("(id) => network.moveTo({position: kgx.canvasPosition(id), scale: 1})", node)
    click_node(pg, node, double=True)
    assert links(node) <= visible_nodes(pg)
    # searching for an entity outside the view brings it in
    pg.fill("#q", "MiniMax")
    pg.press("#q", "Enter")
    assert "minimax" in visible_nodes(pg)
    assert errors(pg) == []


def test_screenshots_for_the_readme(pg, whole, focused, tmp_path):
    out = ROOT / "docs" if os.environ.get("KG_SCREENSHOTS") else tmp_path
    pg.set_viewport_size({"width": 1600, "height": 1000})
    open_page(pg, whole)
    pg.screenshot(path=str(out / "graph.png"))
    open_page(pg, focused)  # opens on Zhipu's statements
    pg.screenshot(path=str(out / "zhipu.png"))
    assert errors(pg) == []
    assert (out / "graph.png").stat().st_size > 10_000 and (out / "zhipu.png").stat().st_size > 10_000


# -- data that tries to run code -------------------------------------------------------------------


def test_names_from_data_run_nothing(pg, small, tmp_path):
    esc = EVIL.replace('"', '""')
    (small / "entities.csv").open("a", encoding="utf-8").write(
        f'evil,Company,"{esc}","{esc}","{esc}|<b>x</b>",,,"{esc}","{esc}",news-1,"{esc}"\n'
    )
    (small / "relations.csv").open("a", encoding="utf-8").write(
        f'evil,holdsSharesIn,example_ai,evil-src,1,,,,"{esc}",,,,"{esc}",,,,,high,"{esc}","{esc}"\n'
    )
    (small / "sources.csv").open("a", encoding="utf-8").write(
        f'evil-src,"{esc}","{esc}",2026-01-01,https://example.org/x?a=<b>,en,news,\n'
    )
    g = kg.load(small)
    sources = dict(g.sources)
    sources["evil-src"] = {**sources["evil-src"], "url": "javascript:window.__pwned=2"}  # as an RDF file could carry
    html = tmp_path / "evil.html"
    html.write_text(render_html(g.nx, g.ontology, sources, title=EVIL), encoding="utf-8")
    open_page(pg, html)
    assert pg.evaluate("() => kgx.node('evil').label") == EVIL  # shown as text
    assert pg.title() == EVIL
    pg.fill("#q", "<img")
    assert EVIL in pg.locator("#hits").inner_text()
    pg.press("#q", "Enter")  # opens the side panel on the evil entity
    pg.wait_for_timeout(400)
    panel = pg.locator("#panel").inner_text()
    assert panel.count(EVIL) >= 5  # name, alias, legal name, description, statement fields, source title
    hrefs = pg.evaluate("() => Array.from(document.querySelectorAll('#panel a')).map(a => a.getAttribute('href'))")
    assert hrefs == ["https://example.org/news-1"]  # the entity's own source; a javascript: URL is never a link
    assert pg.locator("#panel span.src", has_text=EVIL).count() == 1  # the evil source's title, as text
    x, y = node_point(pg, "evil")
    pg.mouse.move(x, y)
    pg.wait_for_timeout(600)
    assert EVIL in pg.locator("div.vis-tooltip").inner_text()  # the tooltip shows it as text
    pg.fill("#from", "evil")
    pg.fill("#to", "example_ai")
    pg.click("#paths")
    pg.wait_for_timeout(300)
    assert pg.evaluate("() => window.__pwned") is None
    assert pg.locator("img").count() == 0 and pg.locator("b").count() == 0
    assert errors(pg) == []


# -- the as-of rule: the page and kg.temporal agree ---------------------------------------------------


def _status_days(G, dating) -> list[str]:
    """Every day a statement's status can change, the day before each, and one long before."""
    days = {date(1990, 1, 1)}
    for s, o, d in G.edges(data=True):
        for v in (d.get("start") or dating.stated_as_of(d), d.get("end"), dating.founded(s), dating.founded(o)):
            if v:
                day = first_day(v)
                days.update({day, date.fromordinal(day.toordinal() - 1)})
    return sorted(x.isoformat() for x in days)


@pytest.mark.parametrize("dataset", ["dates", "bundled"])
def test_the_page_and_kg_agree_on_every_statement_on_every_day(pg, bundled, dataset, tmp_path):
    g = kg.load(ROOT / "tests" / "fixtures" / "dates") if dataset == "dates" else bundled
    dating = Dating(g.nx, g.sources)
    days = _status_days(g.nx, dating)
    names = {"asserted": "ok", "unstated_start": "unstated", "not_yet": "future", "ended": "ended"}
    expected = {
        day: {
            k: names[dating.status(s, o, d, date.fromisoformat(day))] for s, o, k, d in g.nx.edges(keys=True, data=True)
        }
        for day in days
    }
    assert {st for by_day in expected.values() for st in by_day.values()} == set(names.values())  # every case occurs
    html = tmp_path / "page.html"
    html.write_text(render_html(g.nx, g.ontology, g.sources), encoding="utf-8")
    open_page(pg, html)
    got = pg.evaluate(
        """(days) => Object.fromEntries(days.map(d =>
        [d, Object.fromEntries(edgeData.map(r => [r[2], kgx.status(r[2], d)]))]))""",
        days,
    )
    assert got == expected
    assert errors(pg) == []


def test_the_side_panel_says_held_as_of_and_the_date_hides_what_was_not_yet_stated(pg, tmp_path):
    g = kg.load(ROOT / "tests" / "fixtures" / "dates")
    html = tmp_path / "dates.html"
    html.write_text(render_html(g.nx, g.ontology, g.sources), encoding="utf-8")
    open_page(pg, html)
    pg.evaluate("() => kgx.setAsOf('2020-01-01')")
    by_pair = {(s, o): k for s, o, k in g.nx.edges(keys=True)}
    shown = visible_edges(pg)
    assert by_pair[("fund_a", "dated_co")] in shown  # founded 2019-06, stated 2026-01-07: flagged
    assert by_pair[("parent_co", "fund_a")] not in shown  # stated 2025-01-01, no founding known: not yet
    assert by_pair[("fund_a", "new_co")] not in shown  # new_co founded 2023-01
    pg.evaluate("() => kgx.openNode('dated_co')")
    panel = pg.locator("#panel").inner_text()
    assert "held as of 2026-01-07, start not stated" in panel and "held as of 2024-06-01, start not stated" in panel
    assert "start not stated, no date given" in panel
    res = pg.evaluate("() => kgx.paths('fund_a', 'dated_co')")
    assert res["unstated"] and pg.locator("#lt-unstated").count() == 1
    assert "start not stated" in pg.locator("#panel .hop").first.inner_text()
    pg.evaluate("() => kgx.setAsOf('2026-01-07')")
    res = pg.evaluate("() => kgx.paths('parent_co', 'dated_co')")
    assert not res["unstated"] and res["stake"] == [6, 6] and pg.locator("#lt-unstated").count() == 0


# -- ids that are JavaScript prototype names ---------------------------------------------------------

PROTO_IDS = ["__proto__", "constructor", "hasOwnProperty", "toString", "valueOf"]


@pytest.mark.parametrize("focus", [None, "constructor", "__proto__"])
def test_prototype_names_as_ids_draw_like_any_other(pg, hostile, tmp_path, focus):
    """`constructor` once blanked the page: vis-network keeps its nodes in plain objects."""
    G = hostile.nx
    assert set(PROTO_IDS) <= set(G.nodes)
    html = tmp_path / "page.html"
    html.write_text(
        render_html(G, hostile.ontology, hostile.sources, title="kg · hostile", focus=focus), encoding="utf-8"
    )
    open_page(pg, html)
    shown = visible_nodes(pg)
    if focus is None:
        assert shown == set(G.nodes) and visible_edges(pg) == {k for *_e, k in G.edges(keys=True)}
    else:
        assert focus in shown and "target_ai" in shown
        assert pg.locator("#panel h2").inner_text() == G.nodes[focus]["label"]  # the focus' panel opened
    for node in sorted(shown):
        assert pg.evaluate("(id) => kgx.node(id).id", node) == "n:" + node
        click_node(pg, node)
        assert pg.evaluate("() => kgx.selected()") == [node]
        assert pg.locator("#panel h2").inner_text() == G.nodes[node]["label"].strip()  # as text
        assert pg.locator("#panel .st").count() == G.in_degree(node) + G.out_degree(node)
    # the source's id is `constructor` too: its title is found, not Object's constructor function
    assert pg.locator("#panel span.src, #panel a.src").first.inner_text().startswith("<script>")
    pg.fill("#q", "__proto__")
    pg.press("#q", "Enter")
    assert pg.evaluate("() => kgx.selected()") == ["__proto__"]
    pg.fill("#from", "constructor")
    pg.fill("#to", "target_ai")
    pg.click("#paths")
    pg.wait_for_timeout(300)
    assert ("constructor", "target_ai") in {(p[0]["from"], p[-1]["to"]) for p in pg.evaluate("() => kgPaths.paths")}
    assert pg.evaluate("() => window.__pwned") is None
    assert pg.locator("img").count() == 0
    assert errors(pg) == []
