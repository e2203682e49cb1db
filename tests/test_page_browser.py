"""graph.html in a real browser: Debian's Chromium driven by Playwright.

Each page is opened from file:// with every other request blocked and
recorded. Checked: nothing leaves the machine; no console or page error; the
drawn nodes and edges are the graph's entities and relation triples; a click
on an edge shows its evidence; filters hide what they should; markup planted
in an article never runs; 2,000 entities draw within 3 s.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from kg.build import build
from kg.namespace import KG
from kg.page.render import write_page

from pagegraphs import ENTITIES, FACTS, PLANTED, count, synthetic_graph

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                 reason=f"{CHROMIUM} missing: apt-get install chromium (.ci/run does)")]
WHEN = datetime(2025, 1, 2, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@dataclass
class Opened:
    page: object
    blocked: list[str] = field(default_factory=list)  # requests that would have left the machine
    files: list[str] = field(default_factory=list)  # file:// requests besides the page itself
    errors: list[str] = field(default_factory=list)  # console errors, page errors, dialogs

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def wait(self, expr: str, timeout: float = 30) -> None:
        # polled: Playwright's wait_for_function evaluates strings, which the page's CSP forbids
        end = time.monotonic() + timeout
        while not self.js(expr):
            assert time.monotonic() < end, f"timed out waiting for {expr}"
            time.sleep(0.02)

    def drawn(self) -> dict:
        return self.js("kg.drawn()")

    def clean(self) -> None:
        assert self.blocked == [] and self.files == [] and self.errors == []


def open_page(browser, path: Path, settle: bool = True) -> Opened:
    ctx = browser.new_context(viewport={"width": 1400, "height": 900})
    url = path.resolve().as_uri()
    opened = Opened(ctx.new_page())

    def route(r):
        if not r.request.url.startswith("file://"):
            opened.blocked.append(r.request.url)
            return r.abort()
        if r.request.url != url:
            opened.files.append(r.request.url)
        return r.continue_()

    ctx.route("**/*", route)
    opened.page.on("console", lambda m: m.type == "error" and opened.errors.append(m.text))
    opened.page.on("pageerror", lambda e: opened.errors.append(str(e)))
    opened.page.on("dialog", lambda d: (opened.errors.append("dialog: " + d.message), d.dismiss()))
    opened.page.goto(url)
    opened.wait("!!(window.kg && kg.ready && kg.firstDrawMs)" + (" && kg.stable" if settle else ""))
    return opened


def point(o: Opened, kind: str, id_: int) -> tuple[float, float]:
    """Centre the view on a node or an edge's midpoint; the page coordinates to point at."""
    return tuple(o.js("""([kind, id]) => {
        const net = kg.network, p = kind === "node" ? net.getPosition(id) : net.body.edges[id].edgeType.getPoint(0.5);
        net.moveTo({position: p, scale: 2, animation: false});
        const d = net.canvasToDOM(p), r = document.querySelector("#kg-canvas canvas").getBoundingClientRect();
        return [d.x + r.left, d.y + r.top]; }""", [kind, id_]))


def fact_ids(o: Opened, factual: bool = True) -> list[int]:
    return o.js("kg.data.facts.map((f, i) => [f.factual, i]).filter(p => p[0] === %s).map(p => p[1])"
                % json.dumps(factual))


@pytest.fixture(scope="module")
def graph(built) -> Graph:
    return Graph().parse(built / "graph.ttl", format="turtle")


def test_draws_every_entity_and_fact_offline(browser, built, graph, tmp_path):
    o = open_page(browser, built / "graph.html")
    assert o.drawn() == {"nodes": count(graph, ENTITIES), "edges": count(graph, FACTS)}
    assert o.js("document.getElementById('kg-status').dataset.edges") == str(count(graph, FACTS))
    assert o.js("kg.network.physics.options.enabled") is False  # stopped once stable
    o.page.screenshot(path=str(tmp_path / "graph.png"))
    assert (tmp_path / "graph.png").stat().st_size > 20_000
    o.clean()


def test_clicking_an_edge_shows_its_evidence(browser, built, graph):
    o = open_page(browser, built / "graph.html")
    for id_ in fact_ids(o):
        o.page.mouse.click(*point(o, "edge", id_))
        if o.js("kg.network.getSelectedEdges()") == [id_]:
            break
    else:
        pytest.fail("no edge could be clicked")
    ends = o.js(f"[kg.data.edges[{id_}].from, kg.data.edges[{id_}].to].map(i => kg.data.entities[i].iri)")
    s, obj = map(URIRef, ends)
    sentences = {str(graph.value(a, KG.evidence)) for a in graph.subjects(KG.subject, s)
                 if (a, KG.object, obj) in graph}
    panel = o.page.inner_text("#kg-detail")
    assert any(sentence in panel for sentence in sentences)
    assert "confidence" in panel and "Fact · stated in" in panel
    o.clean()


def test_filters_hide_what_they_should(browser, built, graph):
    o = open_page(browser, built / "graph.html")
    full = o.drawn()
    supplies = count(graph, "SELECT (COUNT(*) AS ?n) WHERE { ?s kg:supplies ?o }")
    supplies_box = o.js("kg.data.relations.findIndex(r => r.id === 'supplies')")
    o.page.uncheck(f"#kg-relations input[data-relation='{supplies_box}']")
    assert o.drawn() == {"nodes": full["nodes"], "edges": full["edges"] - supplies}
    o.page.click("#kg-reset")
    countries = count(graph, "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e a kg:Country }")
    o.page.uncheck("#kg-types input[data-type='%d']" % o.js("kg.data.types.findIndex(t => t.id === 'Country')"))
    assert o.drawn()["nodes"] == full["nodes"] - countries
    assert o.js("kg.network.body.edgeIndices.every(id => { const e = kg.data.edges[id];"
                " return kg.data.entities[e.from].type !== 0 && kg.data.entities[e.to].type !== 0; })")
    o.page.click("#kg-reset")
    assert o.drawn() == full
    o.page.check("#kg-nonfactual")  # statements that are not facts: shown only when asked, dashed
    assert o.drawn()["edges"] == full["edges"] + len(fact_ids(o, factual=False)) > full["edges"]
    assert o.js("kg.network.body.edgeIndices.filter(id => !kg.data.facts[id].factual)"
                ".every(id => kg.network.body.edges[id].options.dashes)")
    o.page.click("#kg-reset")
    o.page.select_option("#kg-article", index=1)
    article = int(o.page.input_value("#kg-article"))
    shown = o.js("kg.network.body.edgeIndices")
    assert 0 < len(shown) < full["edges"]
    assert o.js(f"""kg.network.body.edgeIndices.every(id => kg.data.facts[id].assertions
                    .some(a => kg.data.assertions[a].article === {article}))""")
    o.page.fill("#kg-search", "Russia")
    o.page.press("#kg-search", "Enter")
    assert o.page.inner_text("#kg-detail h2") == "Russia"
    o.clean()


def test_planted_script_never_runs(browser, tmp_path):
    article = {"id": "planted", "date": "2024-03-01", "url": "javascript:window.__kgxss='url'",
               "title": "<img src=x onerror=\"window.__kgxss='title'\"> Drones <script>window.__kgxss='t'</script>",
               "source": "<script>window.__kgxss='source'</script>", "author": "<img src=x onerror=window.__kgxss=1>",
               "text": "China supplied drones to Russia <img src=x onerror=\"window.__kgxss='sentence'\"> "
                       "last year.\n\n"
                       "The United States imposed sanctions on Iran <script>window.__kgxss='s2'</script> on Monday.\n\n"
                       "Acme <img src=x onerror=\"window.__kgxss='name'\"> Corp sold rifles to Belarus, it said."}
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "planted.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    build([tmp_path / "in"], tmp_path / "real")
    write_page(synthetic_graph(24, 30, articles=3, planted=True), tmp_path / "synthetic.html", WHEN)
    for path in (tmp_path / "real" / "graph.html", tmp_path / "synthetic.html"):
        o = open_page(browser, path)
        n_nodes, n_edges = o.js("kg.data.nodes.length"), o.js("kg.data.edges.length")
        for i in range(n_nodes):  # hover (tooltip) and click (panel) every node
            o.page.mouse.move(*point(o, "node", i))
            o.page.mouse.down()
            o.page.mouse.up()
            o.wait("document.querySelector('#kg-detail h2') !== null")
        for i in range(n_edges):  # every edge's evidence panel
            o.js(f"kg.selectEdge({i})")
        o.page.check("#kg-nonfactual")
        o.page.fill("#kg-search", "img")
        o.page.press("#kg-search", "Enter")
        o.page.wait_for_timeout(300)
        assert o.js("window.__kgxss") is None
        assert o.js("document.querySelectorAll('img, #kg-detail script').length") == 0
        assert "<img src=x" in o.page.inner_text("body")  # shown as text
        o.clean()
    planted = o.js("kg.data.entities.findIndex(e => e.label.includes(%s))" % json.dumps(PLANTED))
    o.page.mouse.move(*point(o, "node", planted))  # the tooltip of a planted name: text, no element
    o.wait("(t => !!t && t.style.visibility !== 'hidden')(document.querySelector('div.vis-tooltip'))")
    assert PLANTED in o.js("document.querySelector('div.vis-tooltip').innerText")
    assert o.js("[...document.querySelector('div.vis-tooltip').children].map(c => c.tagName)") == ["BR"]  # innerText
    assert o.js("window.__kgxss") is None
    o.clean()


def test_two_thousand_entities_draw_within_three_seconds(browser, tmp_path):
    write_page(synthetic_graph(2000, 3000), tmp_path / "big.html", WHEN)
    timings = []
    for _ in range(3):  # the best of three loads: a busy test machine should not decide
        o = open_page(browser, tmp_path / "big.html", settle=False)
        timings.append(o.js("kg.firstDrawMs"))
        if timings[-1] < 3000:
            break
    assert min(timings) < 3000, f"first draw after {timings} ms"
    assert o.drawn()["nodes"] == 2000 and o.js("kg.stable")
    assert o.js("kg.network.physics.options.enabled") is False
    o.page.fill("#kg-search", "Entity 1999")
    o.page.press("#kg-search", "Enter")
    assert o.page.inner_text("#kg-detail h2") == "Entity 1999"
    o.wait("kg.network.body.nodes[1999].options.label === 'Entity 1999'")  # zoomed in: names appear
    o.clean()


DATED = [  # (id, date, text): each fact dated by its sentence's time or, without one, by its article
    ("may", "2024-05-10", "On Friday, China shipped drones to Russia.\n\nIran sold missiles to Russia, officials said."),
    ("jan", "2023-01-10", "Japan sanctioned North Korea in 2022."),
]


def test_the_date_range_shows_the_facts_dated_within_it(browser, tmp_path):
    feed = tmp_path / "in" / "feed.jsonl"
    feed.parent.mkdir()
    feed.write_text("".join(json.dumps({"id": i, "date": d, "text": t}) + "\n" for i, d, t in DATED), encoding="utf-8")
    build([feed.parent], tmp_path / "out")
    o = open_page(browser, tmp_path / "out" / "graph.html")
    assert o.drawn()["edges"] == 3

    def shown() -> set[str]:
        return set(o.js("kg.network.body.edgeIndices.map(id => {const e = kg.data.edges[id];"
                        " return kg.data.entities[e.from].label + ' ' + kg.data.entities[e.to].label; })"))

    o.page.fill("#kg-from", "2024-05-01")
    o.page.fill("#kg-to", "2024-05-05")  # Friday before 10 May 2024 is the 3rd; the article's own date is after
    assert shown() == {"China Russia"}
    o.page.fill("#kg-to", "2024-05-31")
    assert shown() == {"China Russia", "Iran Russia"}
    o.page.fill("#kg-from", "2022-06-01")
    o.page.fill("#kg-to", "2022-06-30")  # "in 2022" spans the year: it overlaps June
    assert shown() == {"Japan North Korea"}
    o.page.click("#kg-reset")
    assert o.drawn()["edges"] == 3 and o.page.input_value("#kg-from") == ""
    o.clean()
