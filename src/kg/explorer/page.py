"""The explorer page: a self-contained HTML file assembled from the templates, the view data and vis-network.

* The view data (:mod:`kg.explorer.data`) is embedded as JSON with ``<``, ``>``, ``&``, U+2028 and
  U+2029 escaped, so names and quotes from data can never leave the script. The page's script
  inserts data with ``textContent`` / ``createElement`` only, and vis-network shows string tooltips
  as text.
* The page's script is the files of ``templates/js/`` concatenated in the order of their names
  (``NN-name.js``) inside one closure: no module loader, as the page is opened from ``file://``.
  ``00-prelude.js`` stands before the closure (strict mode and the globals the console and the
  tests use).
* vis-network is inlined from the pyvis package: the page makes no network requests (its
  Content-Security-Policy forbids them too).
* Deterministic: the same graph and options give a byte-identical page (no clock: the default date
  is the latest date in the data).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import networkx as nx
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from kg.explorer.data import DEFAULT_DEPTH, view_data
from kg.nogc import paused_gc
from kg.schema.specs import Ontology

VIS = "lib/vis-9.1.2"
PRELUDE = "00-prelude.js"


def _pyvis_templates() -> Path:
    import pyvis

    return Path(pyvis.__file__).parent / "templates"


def script_modules() -> list[str]:
    """The names of the page's script modules, in the order they are concatenated."""
    js = resources.files("kg.explorer") / "templates" / "js"
    return sorted(f.name for f in js.iterdir() if f.name.endswith(".js"))


@functools.lru_cache(maxsize=1)
def _assets() -> dict[str, Markup]:
    own = resources.files("kg.explorer") / "templates"
    vis = _pyvis_templates() / VIS
    js = {name: (own / "js" / name).read_text(encoding="utf-8") for name in script_modules()}
    return {
        "vis_js": Markup((vis / "vis-network.min.js").read_text(encoding="utf-8")),
        "vis_css": Markup((vis / "vis-network.css").read_text(encoding="utf-8")),
        "prelude_js": Markup(js.pop(PRELUDE)),
        "app_js": Markup("".join(js.values())),
        "app_css": Markup((own / "explorer.css").read_text(encoding="utf-8")),
    }


@functools.lru_cache(maxsize=1)
def _env() -> Environment:
    own = str(resources.files("kg.explorer") / "templates")
    return Environment(loader=FileSystemLoader(own), autoescape=True, keep_trailing_newline=True)


def script_json(value) -> str:
    """JSON safe to embed inside <script>: no '<', '>' or '&' can close the tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), allow_nan=False, default=str)
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def render_html(
    G: nx.MultiDiGraph,
    onto: Ontology,
    sources: dict,
    title: str = "kg graph",
    *,
    focus: str | None = None,
    depth: int = DEFAULT_DEPTH,
    families=None,
    as_of=None,
    lang: str = "en",
    lookthrough: bool | None = None,
    keys: Mapping[str, str] | None = None,
) -> str:
    """The explorer page as a string (deterministic for the same graph and options).

    ``focus``: an entity id — start from its ownership neighbourhood (``depth`` links up and
    down over ``families``, default ownership and control) and grow on demand; ``None`` shows
    the whole graph. ``as_of``: the date shown first (default: the latest date in the data). ``keys``: names'
    search keys already known (a compiled graph's names table), so that they are not computed again.
    """
    with paused_gc():  # ~10 objects per statement, none in cycles: collections cost a third of a large page
        data = view_data(
            G,
            onto,
            sources,
            title=title,
            focus=focus,
            depth=depth,
            families=families,
            as_of=as_of,
            lang=lang,
            lookthrough=lookthrough,
            keys=keys,
        )
        return page(title, lang, data)


def page(title: str, lang: str, data: dict) -> str:
    """The HTML page for ``data`` (what :func:`kg.explorer.data.view_data` returns)."""
    return (
        _env()
        .get_template("graph.html")
        .render(
            title=title,
            lang="zh" if lang == "zh" else "en",
            meta_json=Markup(script_json(data["meta"])),
            nodes_json=Markup(script_json(data["nodes"])),
            edges_json=Markup(script_json(data["edges"])),
            own_json=Markup(script_json(data["own"])),
            n_nodes=len(data["nodes"]),
            n_edges=len(data["edges"]),
            **_assets(),
        )
    )
