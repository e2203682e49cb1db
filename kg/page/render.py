"""The page: graph.html, one self-contained file a person opens from disk.

RDF -> networkx MultiDiGraph (:func:`project`, in :mod:`kg.page.projection`) ->
pyvis node and edge records (:func:`network`) -> our own template
(``templates/graph.html``), with vis-network's script and style inlined from
the pyvis package. pyvis's own templates fetch a CDN and its ``write_html``
writes into the working directory, so neither is used.

Safety: every text from an article reaches the page only as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&``
escaped, and the page's script puts it in the DOM with ``textContent``; a
Content-Security-Policy admits only our two scripts (by hash) and no request
leaves the machine. Scale: positions come from :mod:`kg.page.layout`; up to
:data:`PHYSICS_MAX` entities the browser polishes them with a short physics run
and then stops it, above that physics is off and edges are straight, so 2,000
entities draw in about a second.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import Graph

from ..graph.rdf import write_atomic
from .layout import layout
from .projection import local_name, project

__all__ = ["write_page", "render_page", "page_data", "network", "project", "PHYSICS_MAX", "MAX_NODES"]

TEMPLATES = Path(__file__).with_name("templates")
PHYSICS_MAX = 300  # above: no physics in the browser at all, straight edges, labels once zoomed in
MAX_NODES = 5000  # above: the most connected entities only, with a notice saying so

#: Shape and colour by entity type (local name of the class); other classes get FALLBACK.
TYPE_STYLE = {
    "Country": ("dot", "#4e79a7"), "Organization": ("square", "#76b7b2"), "Company": ("diamond", "#f28e2b"),
    "GovernmentBody": ("triangle", "#59a14f"), "InternationalOrganization": ("hexagon", "#b07aa1"),
    "Person": ("star", "#edc948"), "Group": ("triangleDown", "#9c755f"),
}
FALLBACK = ("dot", "#bab0ac")
#: Relation colours, given in the sorted order of the relation names the graph declares.
RELATION_COLORS = ("#d62728", "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf")
NOT_FACT_COLOR = "#8a94a6"


def _vis_asset(name: str) -> str:
    import pyvis

    text = (Path(pyvis.__file__).parent / "lib" / "vis-9.1.2" / name).read_text(encoding="utf-8")
    text = re.sub(r"^//# sourceMappingURL=.*$", "", text, flags=re.M)  # no map beside the page: nothing to fetch
    return text.replace("\r\n", "\n").replace("\r", "\n")  # the HTML parser does this too; CSP hashes must agree


def _edge_smooth(g: nx.MultiDiGraph) -> dict[tuple, dict]:
    """Curves for edges that share a pair of nodes, so none hides another; the rest stay straight."""
    smooth: dict[tuple, dict] = {}
    for u, v, k in g.edges(keys=True):
        if g.number_of_edges(u, v) + (g.number_of_edges(v, u) if u != v else 0) > 1:
            rank = sorted(g[u][v]).index(k)
            smooth[(u, v, k)] = {"enabled": True, "type": "curvedCW", "roundness": 0.2 + 0.2 * rank}
    return smooth


def _options(physics: bool, groups: dict[str, dict]) -> dict[str, Any]:
    font = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
    return {
        "autoResize": True,
        "groups": groups,
        "nodes": {"borderWidth": 1.5, "font": {"size": 14, "face": font, "color": "#1f2933",
                                                "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
                  "font": {"size": 11, "face": font, "color": "#52606d", "strokeWidth": 3, "align": "middle"}},
        "layout": {"randomSeed": 7, "improvedLayout": False},
        # small graphs: a short polish of the Python layout, then physics stops (graph.js)
        "physics": {"enabled": True, "solver": "forceAtlas2Based",
                    "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.3},
                    "stabilization": {"enabled": True, "iterations": 120, "updateInterval": 40, "fit": True}}
        if physics else {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": not physics,
                        "hideEdgesOnZoom": not physics, "keyboard": False},
    }


def network(g: nx.MultiDiGraph, relation_colors: dict[str, str], positions: dict, physics: bool):
    """pyvis records of ``g``: nodes in ``g``'s order (id = index), edges likewise.

    Records are built in bulk: pyvis's ``add_node``/``add_edge`` scan every
    node on each call, which is quadratic. Shape and colour come from the
    node's group (its type); tooltips are made by graph.js, to keep the page small.
    """
    from pyvis.edge import Edge
    from pyvis.network import Network
    from pyvis.node import Node

    net = Network(directed=True, cdn_resources="in_line")
    groups = {t or "other": dict(zip(("shape", "color"), TYPE_STYLE.get(t, FALLBACK)))
              for _, t in g.nodes(data="type")}
    net.options = _options(physics, dict(sorted(groups.items())))  # a dict: get_network_data() serializes it as is
    index = {n: i for i, n in enumerate(g.nodes)}
    for n, attrs in g.nodes(data=True):
        x, y = positions[n]
        node = Node(index[n], TYPE_STYLE.get(attrs["type"], FALLBACK)[0], label=attrs["label"],
                    group=attrs["type"] or "other", size=round(10 + 6 * math.sqrt(attrs["degree"]), 1), x=x, y=y)
        del node.options["shape"]  # the group (type) gives shape and colour: less to load per node
        net.nodes.append(node.options)
        net.node_ids.append(index[n])
        net.node_map[index[n]] = node.options
    smooth = _edge_smooth(g)
    for j, (u, v, k, attrs) in enumerate(g.edges(keys=True, data=True)):
        label, n_art = attrs["label"], len({a["article"] for a in attrs["assertions"] if a["factual"]})
        if attrs["factual"]:
            opts = {"label": label, "width": min(1.5 + 1.5 * max(n_art - 1, 0), 9), "color": relation_colors[k]}
        else:
            why = "/".join(sorted({a["modality"] for a in attrs["assertions"]}))
            opts = {"label": f"{label}? ({why})", "dashes": [6, 5], "width": 1, "color": NOT_FACT_COLOR,
                    "font": {"color": NOT_FACT_COLOR}}
        if (u, v, k) in smooth:
            opts["smooth"] = smooth[(u, v, k)]
        # directed=False: the arrow is a global option, not repeated on every edge
        net.edges.append(Edge(index[u], index[v], directed=False, id=j, **opts).options)
    return net


def _cap(g: nx.MultiDiGraph, max_nodes: int) -> tuple[nx.MultiDiGraph, int]:
    if g.number_of_nodes() <= max_nodes:
        return g, 0
    keep = sorted(g.nodes, key=lambda n: (-g.nodes[n]["degree"], n))[:max_nodes]
    return g.subgraph(sorted(keep)).copy(), g.number_of_nodes() - max_nodes


def page_data(graph: Graph, built_at: datetime | None = None, max_nodes: int = MAX_NODES) -> dict[str, Any]:
    """Everything the page shows, as JSON-ready data."""
    full = project(graph)
    g, omitted = _cap(full, max_nodes)
    physics = g.number_of_nodes() <= PHYSICS_MAX
    relations = full.graph["relations"]  # iri -> label, sorted by iri
    rel_colors = {iri: RELATION_COLORS[i % len(RELATION_COLORS)] for i, iri in enumerate(relations)}
    net = network(g, rel_colors, layout(g), physics)
    nodes, edges, _, _, _, options = net.get_network_data()
    order = list(TYPE_STYLE)  # legend order: the known types first, as listed
    types = sorted({t for _, t in g.nodes(data="type")}, key=lambda t: (order.index(t) if t in order else 99, t))
    type_index, node_index = {t: i for i, t in enumerate(types)}, {n: i for i, n in enumerate(g.nodes)}
    articles = full.graph["articles"]  # iri -> record, sorted by iri
    art_index = {a: i for i, a in enumerate(articles)}
    assertions: list[dict] = []
    facts = []
    for u, v, k, attrs in g.edges(keys=True, data=True):
        first = len(assertions)
        assertions += [{**{f: a[f] for f in ("modality", "factual", "confidence", "evidence", "items", "amount", "time",
                                             "date", "source", "rule") if a[f] not in ("", [])},
                        "article": art_index.get(a["article"])} for a in attrs["assertions"]]  # empty fields left out
        facts.append({"relation": list(relations).index(k), "factual": attrs["factual"],
                      "assertions": list(range(first, len(assertions)))})
    stamp = (built_at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return {
        "meta": {"builtAt": stamp.strftime("%Y-%m-%d %H:%M UTC"), "physics": physics, "omitted": omitted,
                 "maxNodes": max_nodes,
                 "counts": {"articles": len(articles), "entities": full.number_of_nodes(),
                            "facts": sum(1 for *_, f in full.edges(data="factual") if f),
                            "assertions": full.graph["assertions"]}},
        "types": [{"id": t or "other", "label": g.graph["types"].get(t, t or "other"),
                   "shape": TYPE_STYLE.get(t, FALLBACK)[0], "color": TYPE_STYLE.get(t, FALLBACK)[1],
                   "count": sum(1 for _, x in g.nodes(data="type") if x == t)} for t in types],
        "relations": [{"id": local_name(iri), "label": label, "color": rel_colors[iri],
                       "facts": sum(1 for *_, k, f in g.edges(keys=True, data="factual") if k == iri and f)}
                      for iri, label in relations.items()],
        "articles": [articles[a] for a in articles],
        "entities": [{"label": a["label"], "type": type_index[a["type"]], "alt": a["alt"],
                      "wikidata": a["wikidata"], "basedIn": node_index.get(a["based_in"]), "iri": n}
                     for n, a in g.nodes(data=True)],
        "nodes": nodes, "edges": edges, "facts": facts, "assertions": assertions,
        "options": json.loads(options),
    }


def script_json(data: Any) -> str:
    r"""JSON safe inside a ``<script>`` block: no ``<``, ``>`` or ``&`` can end it or open a comment.

    >>> script_json({"a": "</script><img src=x>&"})
    '{"a":"\\u003c/script\\u003e\\u003cimg src=x\\u003e\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    for ch in "<>&\u2028\u2029":
        text = text.replace(ch, f"\\u{ord(ch):04x}")
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_page(data: dict[str, Any]) -> str:
    """The HTML of the page, scripts and styles inlined."""
    from jinja2 import Environment, FileSystemLoader

    vis_js, vis_css = _vis_asset("vis-network.min.js"), _vis_asset("vis-network.css")
    page_js, page_css = ((TEMPLATES / name).read_text(encoding="utf-8") for name in ("graph.js", "graph.css"))
    for text in (vis_js, page_js, vis_css, page_css):  # inlined raw: must not be able to end their element
        if any(bad in text.lower() for bad in ("</script", "</style", "<!--")):
            raise ValueError("an inlined asset contains </script, </style or <!--")
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True)
    meta = data["meta"]
    notice = (f"Showing the {meta['maxNodes']:,} most connected of {meta['counts']['entities']:,} entities; "
              f"{meta['omitted']:,} left out. Query graph.ttl (kg query) to see them all.") if meta["omitted"] else ""
    return env.get_template("graph.html").render(
        meta=meta, counts=meta["counts"], notice=notice, data_json=script_json(data),
        vis_js=vis_js, vis_css=vis_css, page_js=page_js, page_css=page_css,
        script_src=" ".join((_csp_hash(vis_js), _csp_hash(page_js))))


def write_page(graph: Graph, path: Path, built_at: datetime | None = None) -> None:
    """Write the page of ``graph`` to ``path``; the same graph and ``built_at`` give the same bytes."""
    write_atomic(Path(path), render_page(page_data(graph, built_at)))
