/* kg graph page: legend and filters, search, and the detail panel over vis-network.
   Every text taken from the data reaches the DOM through textContent, never innerHTML:
   names and sentences come from articles and may contain markup. */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var kg = window.kg = {ready: false, stable: false, firstDrawMs: null, data: data, timing: {script: performance.now()}};
  var SVG = "http://www.w3.org/2000/svg";

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    return e;
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } return e; }
  function num(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }  // toLocaleString is slow per call
  function plural(n, word, words) { return num(n) + " " + (n === 1 ? word : words || word + "s"); }

  // Which edges touch each entity, and which articles state each edge.
  var outEdges = data.entities.map(function () { return []; });
  var inEdges = data.entities.map(function () { return []; });
  data.edges.forEach(function (e) { outEdges[e.from].push(e.id); inEdges[e.to].push(e.id); });
  function articlesOf(id, factualOnly) {
    var seen = new Set();
    data.facts[id].assertions.forEach(function (i) {
      var a = data.assertions[i];
      if (a.article !== null && (!factualOnly || a.factual)) { seen.add(a.article); }
    });
    return seen;
  }
  var edgeArticles = data.edges.map(function (e) { return articlesOf(e.id, false); });
  // Each edge's dated statements as [first day, last day]: a statement's date is its time resolved
  // (kg:timeValue), else its article's; a month or a year spans its days, so it is in a range it overlaps.
  var DATE = /^\d{4}(-\d{2}){0,2}$/;
  function span(d) { return DATE.test(d || "") ? [d + "-01-01".slice(d.length - 4), d + "-12-31".slice(d.length - 4)] : null; }
  var edgeSpans = data.edges.map(function (e) {
    return data.facts[e.id].assertions.map(function (i) {
      var a = data.assertions[i];
      return span(a.date || (a.article === null ? "" : data.articles[a.article].date));
    }).filter(Boolean);
  });
  function inDates(id) {
    return (!state.from && !state.to) || edgeSpans[id].some(function (s) {
      return (!state.from || s[1] >= state.from) && (!state.to || s[0] <= state.to);
    });
  }

  // ---------------------------------------------------------------- filters
  var state, shownNodes = new Set(), shownEdges = new Set();
  function resetState() {
    state = {relations: new Set(data.relations.map(function (r, i) { return i; })),
             types: new Set(data.types.map(function (t, i) { return i; })),
             article: -1, from: "", to: "", nonfactual: false, connected: false};
  }
  function recompute() {
    var nodes = new Set(), edges = new Set();
    data.nodes.forEach(function (n) { if (state.types.has(data.entities[n.id].type)) { nodes.add(n.id); } });
    data.edges.forEach(function (e) {
      var f = data.facts[e.id];
      if ((f.factual || state.nonfactual) && state.relations.has(f.relation) && nodes.has(e.from) && nodes.has(e.to) &&
          (state.article < 0 || edgeArticles[e.id].has(state.article)) && inDates(e.id)) { edges.add(e.id); }
    });
    if (state.connected || state.article >= 0 || state.from || state.to) {  // only the entities of the facts shown
      nodes = new Set();
      edges.forEach(function (id) { nodes.add(data.edges[id].from); nodes.add(data.edges[id].to); });
    }
    shownNodes = nodes;
    shownEdges = edges;
  }
  function apply() {
    recompute();
    nodeView.refresh();
    edgeView.refresh();
    status();
  }
  function status() {
    var facts = 0, other = 0, total = data.facts.filter(function (f) { return f.factual; }).length;
    shownEdges.forEach(function (id) { if (data.facts[id].factual) { facts += 1; } else { other += 1; } });
    var s = $("kg-status");
    s.textContent = "Showing " + num(shownNodes.size) + " of " + plural(data.nodes.length, "entity", "entities") +
      " · " + num(facts) + " of " + plural(total, "fact") + (other ? " · " + plural(other, "non-fact") : "") +
      (kg.stable ? "" : " · laying out…");
    s.dataset.nodes = shownNodes.size;
    s.dataset.edges = shownEdges.size;
  }

  // ---------------------------------------------------------------- legend
  function shape(kind, color) {
    var svg = document.createElementNS(SVG, "svg"), p;
    svg.setAttribute("viewBox", "0 0 16 16");
    svg.setAttribute("class", "kg-swatch");
    var points = {square: "2,2 14,2 14,14 2,14", diamond: "8,0.5 15.5,8 8,15.5 0.5,8", triangle: "8,1 15,14.5 1,14.5",
                  triangleDown: "1,1.5 15,1.5 8,15", hexagon: "4,1.5 12,1.5 15.5,8 12,14.5 4,14.5 0.5,8",
                  star: "8,0.5 10,6 15.5,6 11,9.5 12.8,15.3 8,11.8 3.2,15.3 5,9.5 0.5,6 6,6"}[kind];
    if (kind === "line") {
      p = document.createElementNS(SVG, "path");
      p.setAttribute("d", "M1 8 H11 M9 4 L15 8 L9 12 Z");
      p.setAttribute("stroke", color);
      p.setAttribute("stroke-width", "2.5");
    } else if (points) {
      p = document.createElementNS(SVG, "polygon");
      p.setAttribute("points", points);
    } else {
      p = document.createElementNS(SVG, "circle");
      p.setAttribute("cx", "8"); p.setAttribute("cy", "8"); p.setAttribute("r", "6.5");
    }
    p.setAttribute("fill", color);
    svg.appendChild(p);
    return svg;
  }
  function legendRow(box, swatch, label, count, key, value, set) {
    var row = el("label", "kg-row"), box2 = el("input");
    box2.type = "checkbox";
    box2.checked = true;
    box2.dataset[key] = value;
    box2.addEventListener("change", function () {
      if (box2.checked) { state[set].add(value); } else { state[set].delete(value); }
      apply();
    });
    row.appendChild(box2);
    row.appendChild(swatch);
    row.appendChild(el("span", "kg-name", label));
    row.appendChild(el("span", "kg-count", num(count)));
    box.appendChild(row);
  }
  data.relations.forEach(function (r, i) {
    legendRow($("kg-relations"), shape("line", r.color), r.label, r.facts, "relation", i, "relations");
  });
  data.types.forEach(function (t, i) {
    legendRow($("kg-types"), shape(t.shape, t.color), t.label, t.count, "type", i, "types");
  });
  data.articles.map(function (a, i) { return [a.date + " " + (a.title || a.id), i]; }).sort().forEach(function (pair) {
    var a = data.articles[pair[1]];
    var o = el("option", null, (a.date ? a.date + " · " : "") + (a.title || a.id) + (a.source ? " (" + a.source + ")" : ""));
    o.value = String(pair[1]);
    $("kg-article").appendChild(o);
  });

  // ---------------------------------------------------------------- detail panel
  function panel() { return clear($("kg-detail")); }
  function hint() {
    panel().appendChild(el("p", "kg-hint", "Click an entity or a fact to see its names, facts and evidence."));
  }
  function section(p, title) { p.appendChild(el("h4", null, title)); }
  function entityLink(i) {
    var b = el("button", "kg-link", data.entities[i].label);
    b.type = "button";
    b.addEventListener("click", function () { focusEntity(i); });
    return b;
  }
  function factLink(id, from) {
    var e = data.edges[id], f = data.facts[id], rel = data.relations[f.relation], b = el("button", "kg-fact");
    b.type = "button";
    var text = el("span", "kg-fact-text"), r = el("span", "kg-rel", rel.label + (f.factual ? "" : "?"));
    r.style.color = f.factual ? rel.color : "";
    b.appendChild(el("span", "kg-dir", e.from === from ? "→" : "←"));
    if (e.from === from) { text.appendChild(r); text.appendChild(document.createTextNode(" " + data.entities[e.to].label)); }
    else { text.appendChild(document.createTextNode(data.entities[e.from].label + " ")); text.appendChild(r); }
    b.appendChild(text);
    b.appendChild(el("span", "kg-count", plural(f.factual ? articlesOf(id, true).size : f.assertions.length,
                                              f.factual ? "article" : "statement")));
    b.addEventListener("click", function () { selectEdge(id); });
    return b;
  }
  function showEntity(i) {
    var ent = data.entities[i], t = data.types[ent.type], p = panel(), line = el("div", "kg-type");
    p.appendChild(el("h2", "kg-title", ent.label));
    line.appendChild(shape(t.shape, t.color));
    line.appendChild(el("span", null, t.label));
    p.appendChild(line);
    if (ent.alt.length) {
      section(p, "Also called");
      var more = ent.alt.length > 40 ? " … and " + (ent.alt.length - 40) + " more" : "";
      p.appendChild(el("p", "kg-alt", ent.alt.slice(0, 40).join(" · ") + more));
    }
    if (/^Q[1-9][0-9]*$/.test(ent.wikidata)) {
      var a = el("a", "kg-ext", "Wikidata " + ent.wikidata + " ↗");
      a.href = "https://www.wikidata.org/wiki/" + ent.wikidata;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      p.appendChild(a);
    }
    if (ent.basedIn !== null) { section(p, "Based in"); p.appendChild(entityLink(ent.basedIn)); }
    var all = outEdges[i].concat(inEdges[i]);
    [[true, "Facts"], [false, "Statements that are not facts"]].forEach(function (kind) {
      var ids = all.filter(function (id) { return data.facts[id].factual === kind[0]; });
      if (!ids.length) { return; }
      section(p, kind[1] + " (" + ids.length + ")");
      var list = el("ul", "kg-facts");
      ids.forEach(function (id) { var li = el("li"); li.appendChild(factLink(id, i)); list.appendChild(li); });
      p.appendChild(list);
    });
    if (!all.length) { p.appendChild(el("p", "kg-hint", "No fact links this entity.")); }
    p.appendChild(el("p", "kg-iri", ent.iri));
  }
  function showEdge(id) {
    var e = data.edges[id], f = data.facts[id], rel = data.relations[f.relation], p = panel();
    var h = el("h2", "kg-title"), r = el("span", "kg-rel", " " + rel.label + " ");
    r.style.color = rel.color;
    h.appendChild(entityLink(e.from)); h.appendChild(r); h.appendChild(entityLink(e.to));
    p.appendChild(h);
    var mods = Array.from(new Set(f.assertions.map(function (i) { return data.assertions[i].modality; }))).sort();
    p.appendChild(el("p", f.factual ? "kg-badge kg-isfact" : "kg-badge kg-notfact",
      f.factual ? "Fact · stated in " + plural(articlesOf(id, true).size, "article")
                : "Not a fact · " + mods.join(", ") + " only; not drawn unless asked"));
    section(p, "Evidence (" + f.assertions.length + ")");
    if (!f.assertions.length) { p.appendChild(el("p", "kg-hint", "No sentence recorded for this triple.")); }
    var factsFirst = f.assertions.slice().sort(function (x, y) { return data.assertions[y].factual - data.assertions[x].factual; });
    factsFirst.forEach(function (i) {
      var a = data.assertions[i], art = a.article === null ? null : data.articles[a.article];
      var box = el("div", "kg-evidence" + (a.factual ? "" : " kg-ev-notfact"));
      box.appendChild(el("blockquote", null, a.evidence || "(no sentence recorded)"));
      if (art) {
        box.appendChild(el("div", "kg-art-title", art.title || art.id));
        var bits = [art.source, art.author, art.date].filter(Boolean);
        if (bits.length) { box.appendChild(el("div", "kg-art-meta", bits.join(" · "))); }
        if (/^https?:\/\//i.test(art.url)) {
          var a2 = el("a", "kg-ext", "open the article ↗");
          a2.href = art.url; a2.target = "_blank"; a2.rel = "noopener noreferrer";
          box.appendChild(a2);
        }
      }
      var tags = el("div", "kg-tags");
      tags.appendChild(el("span", "kg-tag " + (a.factual ? "kg-tag-fact" : "kg-tag-notfact"), a.modality));
      if (typeof a.confidence === "number") {
        tags.appendChild(el("span", "kg-tag", "confidence " + a.confidence.toFixed(2)));
      }
      if (a.items) { tags.appendChild(el("span", "kg-tag", "items: " + a.items.join(", "))); }
      [["amount", "amount"], ["time", "when"], ["date", "dated"], ["source", "according to"],
       ["rule", "rule"]].forEach(function (k) {
        if (a[k[0]]) { tags.appendChild(el("span", "kg-tag", k[1] + ": " + a[k[0]])); }
      });
      box.appendChild(tags);
      p.appendChild(box);
    });
  }

  // ---------------------------------------------------------------- network
  resetState();
  recompute();
  // Tooltips are plain strings: vis-network shows them with innerText. Big graphs get their labels
  // once zoomed in: too small to read before, and measuring thousands of them delays the first draw.
  var lazyLabels = !data.meta.physics, LABEL_SCALE = 0.35;
  var nodeSet = new vis.DataSet(data.nodes.map(function (n) {
    var ent = data.entities[n.id];
    var facts = outEdges[n.id].concat(inEdges[n.id]).filter(function (id) { return data.facts[id].factual; });
    var item = Object.assign({}, n, {title: ent.label + "\n" + data.types[ent.type].label + " · " +
                                            plural(facts.length, "fact")});
    if (lazyLabels) { delete item.label; }
    return item;
  }));
  var edgeSet = new vis.DataSet(data.edges.map(function (e) {
    var f = data.facts[e.id], what = data.entities[e.from].label + " " + data.relations[f.relation].label + " " +
      data.entities[e.to].label;
    var item = Object.assign({}, e, {title: f.factual
      ? what + "\n" + plural(articlesOf(e.id, true).size, "article") + " · click for evidence"
      : "NOT A FACT (" + e.label + "): " + what + "\nclick for the sentences"});
    if (lazyLabels) { delete item.label; }
    return item;
  }));
  var nodeView = new vis.DataView(nodeSet, {filter: function (n) { return shownNodes.has(n.id); }});
  var edgeView = new vis.DataView(edgeSet, {filter: function (e) { return shownEdges.has(e.id); }});
  var container = clear($("kg-canvas"));
  var network = kg.network = new vis.Network(container, {nodes: nodeView, edges: edgeView}, data.options);
  kg.timing.network = performance.now();
  network.once("afterDrawing", function () { kg.firstDrawMs = performance.now(); });
  // Labels of what is on screen once zoomed in, a few at a time: labelling all at once freezes the page.
  var labelledNodes = new Set(), labelledEdges = new Set(), labelPending = false;
  function labelVisible() {
    labelPending = false;
    if (network.getScale() < LABEL_SCALE) { return; }
    var a = network.DOMtoCanvas({x: -150, y: -150});
    var b = network.DOMtoCanvas({x: container.clientWidth + 150, y: container.clientHeight + 150});
    var nodes = [], edges = [];
    data.nodes.forEach(function (n) {
      var body = network.body.nodes[n.id];
      if (labelledNodes.has(n.id) || !body || body.x < a.x || body.x > b.x || body.y < a.y || body.y > b.y) { return; }
      labelledNodes.add(n.id);
      nodes.push({id: n.id, label: n.label});
      outEdges[n.id].concat(inEdges[n.id]).forEach(function (id) {
        if (!labelledEdges.has(id)) { labelledEdges.add(id); edges.push({id: id, label: data.edges[id].label}); }
      });
    });
    if (nodes.length) { nodeSet.update(nodes); }
    if (edges.length) { edgeSet.update(edges); }
  }
  if (lazyLabels) {
    network.on("afterDrawing", function () {
      if (!labelPending && network.getScale() >= LABEL_SCALE) { labelPending = true; setTimeout(labelVisible, 50); }
    });
  }
  network.on("click", function (p) {
    if (p.nodes.length) { showEntity(p.nodes[0]); } else if (p.edges.length) { showEdge(p.edges[0]); } else { hint(); }
  });
  function settle() { kg.stable = true; status(); }
  if (data.meta.physics) {  // physics only until the layout is stable: then nodes stay where they are
    network.once("stabilizationIterationsDone", function () { network.setOptions({physics: false}); settle(); });
  } else { settle(); }
  function selectEdge(id) {
    if (shownEdges.has(id)) { network.selectEdges([id]); }
    showEdge(id);
  }
  function focusEntity(i) {
    showEntity(i);
    if (!shownNodes.has(i)) { $("kg-search-msg").textContent = "hidden by the filters"; return; }
    $("kg-search-msg").textContent = "";
    network.selectNodes([i]);
    network.focus(i, {scale: Math.max(network.getScale(), 1.1),
                      animation: {duration: 400, easingFunction: "easeInOutQuad"}});
  }
  kg.drawn = function () { return {nodes: network.body.nodeIndices.length, edges: network.body.edgeIndices.length}; };
  kg.focusEntity = focusEntity;
  kg.selectEdge = selectEdge;

  // ---------------------------------------------------------------- controls
  var names = $("kg-names");
  data.entities.forEach(function (ent) { var o = el("option"); o.value = ent.label; names.appendChild(o); });
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) { return -1; }
    var ents = data.entities, tests = [
      function (e) { return e.label.toLowerCase() === q; },
      function (e) { return e.alt.some(function (a) { return a.toLowerCase() === q; }); },
      function (e) { return e.label.toLowerCase().indexOf(q) === 0; },
      function (e) {
        return e.label.toLowerCase().indexOf(q) >= 0 || e.alt.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; });
      }];
    for (var t = 0; t < tests.length; t += 1) {
      for (var i = 0; i < ents.length; i += 1) { if (tests[t](ents[i])) { return i; } }
    }
    return -1;
  }
  function search() {
    var q = $("kg-search").value, i = find(q);
    if (i < 0) { $("kg-search-msg").textContent = q.trim() ? "no entity matches" : ""; return; }
    focusEntity(i);
  }
  $("kg-search-form").addEventListener("submit", function (ev) { ev.preventDefault(); search(); });
  $("kg-search").addEventListener("change", search);
  $("kg-article").addEventListener("change", function () {
    state.article = this.value === "" ? -1 : Number(this.value);
    apply();
    if (state.article >= 0) { network.fit({animation: false}); }
  });
  ["from", "to"].forEach(function (k) {
    $("kg-" + k).addEventListener("change", function () { state[k] = this.value; apply(); });
  });
  $("kg-nonfactual").addEventListener("change", function () { state.nonfactual = this.checked; apply(); });
  $("kg-connected").addEventListener("change", function () { state.connected = this.checked; apply(); });
  $("kg-fit").addEventListener("click", function () { network.fit({animation: false}); });
  $("kg-reset").addEventListener("click", function () {
    resetState();
    document.querySelectorAll("#kg-controls input[type=checkbox]").forEach(function (c) {
      c.checked = !!(c.dataset.relation || c.dataset.type);  // the legend's boxes on, the toggles off
    });
    $("kg-article").value = "";
    $("kg-from").value = $("kg-to").value = "";
    apply();
  });
  if (lazyLabels) { $("kg-help").appendChild(document.createTextNode(" Names and edge labels appear when you zoom in.")); }
  status();
  kg.ready = true;
})();
