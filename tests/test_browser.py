"""The HTML page, opened in headless Chromium as a user would."""
import kg
from kg.render import render_html

from browser import page
from conftest import DATA

EVIL = '<img src=x onerror="window.__pwned=1">'


def test_bundled_graph_page_loads_cleanly(bundled, tmp_path):
    html = tmp_path / "graph.html"
    html.write_text(render_html(bundled.nx, bundled.ontology, bundled.sources), encoding="utf-8")
    with page() as pg:
        pg.goto(html.as_uri())
        pg.wait_for_function("typeof network !== 'undefined'")
        assert pg.evaluate("nodes.length") == bundled.nx.number_of_nodes()
        assert pg.evaluate("edges.length") == bundled.nx.number_of_edges()
        # colours come from the ontology; vis-network's group palette would override them
        assert pg.evaluate("nodes.get('zhipu').color") == bundled.ontology.classes["Company"].color
        assert pg.evaluate("nodes.get('zhipu').group") is None
        pg.fill("#q", "騰訊")
        pg.press("#q", "Enter")
        errors = [m for m in pg.kg_console if m[0] in ("error", "pageerror")]
        assert errors == []
        assert [u for u in pg.kg_requests if not u.startswith("file:")] == []  # no network requests


def test_names_from_data_run_nothing(small, tmp_path):
    (small / "entities.csv").open("a", encoding="utf-8").write(f'evil,Company,"{EVIL.replace(chr(34), chr(34) * 2)}",,,,,,,news-1,\n')
    (small / "relations.csv").open("a", encoding="utf-8").write("evil,holdsSharesIn,example_ai,news-1,1,,,,,,,,,,,,,high,,\n")
    g = kg.load(small)
    html = tmp_path / "evil.html"
    html.write_text(render_html(g.nx, g.ontology, g.sources), encoding="utf-8")
    with page() as pg:
        pg.goto(html.as_uri())
        pg.wait_for_function("typeof network !== 'undefined'")
        pg.wait_for_timeout(300)
        assert pg.evaluate("window.__pwned") is None
        assert pg.evaluate("nodes.get('evil').label") == EVIL  # shown as text
        assert pg.locator("img").count() == 0
