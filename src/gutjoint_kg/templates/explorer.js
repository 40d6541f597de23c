/* gutjoint-kg explorer: search, filters, neighbourhood highlight and details for a vis-network graph.
   Every text from the data is put on screen with textContent, never parsed as HTML. */
(function () {
  "use strict";
  performance.mark("gj-start");
  var DATA = JSON.parse(document.getElementById("gj-data").textContent);
  var byId = function (id) { return document.getElementById(id); };
  var FADED_NODE = { background: "#eeeeee", border: "#d6d6d6", highlight: { background: "#eeeeee", border: "#999999" }, hover: { background: "#eeeeee", border: "#d6d6d6" } };
  var FADED_NODE_FONT = { color: "#c4c4c4", strokeWidth: 0 };
  var FADED_EDGE = { color: "#e4e4e4", highlight: "#e4e4e4", hover: "#e4e4e4", opacity: 0.7 };
  var FADED_EDGE_FONT = { color: "rgba(0,0,0,0)", strokeWidth: 0 };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function norm(text) {
    return String(text || "").toLowerCase().replace(/[_\-]+/g, " ").replace(/\s+/g, " ").trim();
  }
  function nodeData(id) { return nodeIndex[id]; }

  var nodeIndex = {};
  DATA.nodes.forEach(function (n) { nodeIndex[n.id] = n; });
  var edgeIndex = {};
  DATA.edges.forEach(function (e) { edgeIndex[e.id] = e; });

  /* ---------- tooltips and the details panel (DOM nodes, so nothing is parsed as HTML) ---------- */
  function nodeTip(n) {
    var box = el("div", null, "gj-tip");
    box.appendChild(el("strong", n.label));
    box.appendChild(el("div", n.category_label + (n.contested ? " \u00b7 contested" : ""), "gj-meta"));
    if (n.definition) box.appendChild(el("div", n.definition));
    if (n.mappings.length) box.appendChild(el("div", "Mappings: " + n.mappings.join(", "), "gj-meta"));
    return box;
  }
  function edgeWords(e) {
    var a = nodeData(e.from), b = nodeData(e.to);
    return (a ? a.label : e.from) + " \u2014 " + e.relation_label + " \u2192 " + (b ? b.label : e.to);
  }
  function edgeTip(e) {
    var box = el("div", null, "gj-tip");
    box.appendChild(el("strong", edgeWords(e)));
    box.appendChild(el("div", "Evidence: " + e.evidence_label, "gj-meta"));
    if (e.sources.length) box.appendChild(el("div", "Sources: " + e.sources.join("; ")));
    if (e.note) box.appendChild(el("div", "Note: " + e.note));
    return box;
  }
  function addRow(dl, term, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", term));
    if (Array.isArray(value)) value.forEach(function (v) { dl.appendChild(el("dd", v)); });
    else dl.appendChild(el("dd", value));
  }
  function showNode(id) {
    var n = nodeData(id), panel = byId("gj-details");
    if (!n) return;
    panel.replaceChildren();
    panel.appendChild(el("h3", n.label));
    panel.appendChild(el("div", n.category_label + " \u00b7 " + n.id, "gj-meta"));
    if (n.contested) panel.appendChild(el("div", "Contested concept: the scientific community disputes it.", "gj-contested"));
    var dl = el("dl");
    addRow(dl, "Definition", n.definition);
    addRow(dl, "Also called", n.synonyms.join(", "));
    addRow(dl, "Mappings", n.mappings);
    var links = network.getConnectedEdges(id).map(function (eid) { return edgeWords(edgeIndex[eid]); });
    addRow(dl, "Links (" + links.length + ")", links.slice(0, 12).concat(links.length > 12 ? ["\u2026"] : []));
    panel.appendChild(dl);
  }
  function showEdge(id) {
    var e = edgeIndex[id], panel = byId("gj-details");
    if (!e) return;
    panel.replaceChildren();
    panel.appendChild(el("h3", edgeWords(e)));
    var dl = el("dl");
    addRow(dl, "Relation", e.relation_label + " (" + e.relation + ")");
    addRow(dl, "Evidence", e.evidence_label);
    addRow(dl, "Sources", e.sources);
    addRow(dl, "Note", e.note);
    if (e.steps.length) addRow(dl, "Step", e.steps.join(", "));
    panel.appendChild(dl);
  }

  /* ---------- the network ---------- */
  var nodes = new vis.DataSet(DATA.nodes.map(function (n) { return Object.assign({}, n, { title: nodeTip(n) }); }));
  /* a large graph draws no edge labels (thousands of texts make every frame slow); tooltips still say it all */
  var edgeLabel = DATA.large ? function () { return undefined; } : function (e) { return e.label; };
  var edges = new vis.DataSet(DATA.edges.map(function (e) { return Object.assign({}, e, { label: edgeLabel(e), title: edgeTip(e) }); }));
  performance.mark("gj-datasets");
  var container = byId("gj-network");
  var network = new vis.Network(container, { nodes: [], edges: [] }, DATA.options);
  var api = {
    network: network, nodes: nodes, edges: edges, data: DATA,
    ready: false, readyMs: null, highlighted: [], lastSearch: []
  };
  window.gjExplorer = api;

  function markReady() {
    if (api.ready) return;
    api.ready = true;
    api.readyMs = performance.now();
    performance.mark("gj-ready");
    document.body.setAttribute("data-ready", "true");
  }
  var physicsBox = byId("gj-physics");
  physicsBox.checked = !!DATA.physics;
  function onSettled() {
    if (!network.body.nodeIndices.length && DATA.nodes.length) { network.once(settleEvent, onSettled); return; }
    if (DATA.physics) {
      network.setOptions({ physics: { enabled: false } });  // freeze once settled; the checkbox restarts it
      physicsBox.checked = false;
    }
    network.fit();
    markReady();
  }
  var settleEvent = DATA.physics ? "stabilizationIterationsDone" : "afterDrawing";
  network.once(settleEvent, onSettled);
  network.setData({ nodes: nodes, edges: edges });
  performance.mark("gj-data-set");
  physicsBox.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physicsBox.checked } });
  });
  byId("gj-fit").addEventListener("click", function () { network.fit(); });

  /* ---------- neighbourhood highlight ---------- */
  function clearHighlight() {
    if (!api.highlighted.length) return;
    nodes.update(DATA.nodes.map(function (n) { return { id: n.id, color: n.color, font: n.font }; }));
    edges.update(DATA.edges.map(function (e) { return { id: e.id, color: e.color, font: e.font }; }));
    api.highlighted = [];
  }
  function highlight(id) {
    if (id === undefined || id === null || !nodeData(id)) { clearHighlight(); return []; }
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (m) { near[m] = true; });
    var nearEdges = {};
    network.getConnectedEdges(id).forEach(function (eid) { nearEdges[eid] = true; });
    nodes.update(DATA.nodes.map(function (n) {
      return near[n.id] ? { id: n.id, color: n.color, font: n.font } : { id: n.id, color: FADED_NODE, font: FADED_NODE_FONT };
    }));
    edges.update(DATA.edges.map(function (e) {
      return nearEdges[e.id] ? { id: e.id, color: e.color, font: e.font } : { id: e.id, color: FADED_EDGE, font: FADED_EDGE_FONT };
    }));
    api.highlighted = Object.keys(near).sort();
    showNode(id);
    return api.highlighted.filter(function (m) { return m !== id; });
  }
  network.on("click", function (params) {
    if (params.nodes.length) highlight(params.nodes[0]);
    else if (params.edges.length) { clearHighlight(); showEdge(params.edges[0]); }
    else { clearHighlight(); byId("gj-details").replaceChildren(); }
  });

  /* ---------- search ---------- */
  var datalist = byId("gj-concepts");
  DATA.nodes.map(function (n) { return n.label; }).sort().forEach(function (label) {
    var option = document.createElement("option");
    option.value = label;
    datalist.appendChild(option);
  });
  function search(text) {
    var q = norm(text), found = [];
    if (!q) { api.lastSearch = []; return []; }
    DATA.nodes.forEach(function (n) {
      var best = 9;
      [n.label].concat(n.synonyms, [n.id]).forEach(function (name) {
        var t = norm(name);
        if (t === q) best = Math.min(best, 0);
        else if (t.indexOf(q) === 0) best = Math.min(best, 1);
        else if (t.indexOf(q) > 0) best = Math.min(best, 2);
      });
      if (best < 9) found.push([best, n.label.length, n.label, n.id]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1); });
    var ids = found.map(function (f) { return f[3]; });
    api.lastSearch = ids;
    var status = byId("gj-status");
    if (!ids.length) { status.textContent = "No concept matches \u201c" + text + "\u201d."; return ids; }
    var first = ids[0];
    if (nodes.get(first).hidden) resetFilters();
    network.selectNodes([first]);
    highlight(first);
    network.focus(first, { scale: Math.max(network.getScale(), 1.0), animation: { duration: 300 } });
    status.textContent = ids.length === 1 ? "Found " + nodeData(first).label + "."
      : "Found " + ids.length + " concepts; showing " + nodeData(first).label + ".";
    return ids;
  }
  byId("gj-search-form").addEventListener("submit", function (event) {
    event.preventDefault();
    search(byId("gj-search").value);
  });

  /* ---------- filters: categories (legend check boxes) and minimum evidence ---------- */
  var evidenceSelect = byId("gj-evidence");
  var anyOption = el("option", "any level");
  anyOption.value = "-1";
  evidenceSelect.appendChild(anyOption);
  DATA.legend.evidence.forEach(function (lv) {
    var option = el("option", lv.label);
    option.value = String(lv.rank);
    evidenceSelect.appendChild(option);
  });
  var categoryList = byId("gj-legend-categories");
  DATA.legend.categories.forEach(function (c) {
    var li = el("li"), label = el("label", null, "gj-check"), box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.category = c.name;
    box.addEventListener("change", applyFilters);
    var glyph = el("span", c.glyph, "gj-glyph gj-shape-" + c.shape);
    glyph.style.color = c.color;
    label.appendChild(box);
    label.appendChild(glyph);
    label.appendChild(el("span", c.label + " "));
    label.appendChild(el("span", "(" + c.count + ")", "gj-count"));
    li.appendChild(label);
    categoryList.appendChild(li);
  });
  DATA.legend.polarity.forEach(function (p) {
    var li = el("li"), line = el("span", null, "gj-line");
    line.style.borderTopColor = p.color;
    line.style.borderTopWidth = "3px";
    li.appendChild(line);
    li.appendChild(el("span", p.label));
    byId("gj-legend-polarity").appendChild(li);
  });
  DATA.legend.evidence.forEach(function (lv) {
    var li = el("li"), line = el("span", null, "gj-line");
    line.style.borderTopColor = "#555555";
    line.style.borderTopWidth = lv.width + "px";
    line.style.borderTopStyle = lv.dashes ? "dashed" : "solid";
    li.appendChild(line);
    li.appendChild(el("span", lv.label));
    byId("gj-legend-evidence").appendChild(li);
  });

  function filter(options) {
    var cats = options && options.categories, minRank = options && options.minRank;
    if (cats) document.querySelectorAll("input[data-category]").forEach(function (b) { b.checked = cats.indexOf(b.dataset.category) >= 0; });
    if (minRank !== undefined && minRank !== null) evidenceSelect.value = String(minRank);
    return applyFilters();
  }
  function resetFilters() {
    document.querySelectorAll("input[data-category]").forEach(function (b) { b.checked = true; });
    evidenceSelect.value = "-1";
    applyFilters();
  }
  function applyFilters() {
    var keep = {};
    document.querySelectorAll("input[data-category]").forEach(function (b) { if (b.checked) keep[b.dataset.category] = true; });
    var minRank = Number(evidenceSelect.value);
    var shown = {}, nShown = 0, eShown = 0;
    nodes.update(DATA.nodes.map(function (n) {
      var visible = !!keep[n.category];
      if (visible) { shown[n.id] = true; nShown += 1; }
      return { id: n.id, hidden: !visible };
    }));
    edges.update(DATA.edges.map(function (e) {
      var visible = shown[e.from] && shown[e.to] && e.evidence_rank >= minRank;
      if (visible) eShown += 1;
      return { id: e.id, hidden: !visible };
    }));
    byId("gj-status").textContent = nShown + " of " + DATA.nodes.length + " concepts, " + eShown + " of " + DATA.edges.length + " links shown.";
    return { nodes: nShown, edges: eShown };
  }
  evidenceSelect.addEventListener("change", applyFilters);

  /* ---------- causal chains (path mode) ---------- */
  if (DATA.chains.length) {
    var box = byId("gj-chains");
    box.appendChild(el("h2", DATA.chains.length === 1 ? "Chain" : "Chains (best first)"));
    DATA.chains.forEach(function (chain, i) {
      box.appendChild(el("div", (i + 1) + ". " + chain.nodes.join(" \u2192 ")));
      box.appendChild(el("div", chain.summary, "gj-chain-summary"));
      var ol = el("ol");
      chain.steps.forEach(function (step) {
        var li = el("li", step.text + " (" + step.evidence + ")", "gj-step");
        li.addEventListener("click", function () {
          clearHighlight();
          network.selectEdges([step.edge]);
          showEdge(step.edge);
        });
        ol.appendChild(li);
      });
      box.appendChild(ol);
    });
  }

  byId("gj-status").textContent = DATA.nodes.length + " concepts, " + DATA.edges.length + " links. Click a concept to highlight its neighbours.";
  Object.assign(api, {
    highlight: highlight, clearHighlight: clearHighlight, search: search, filter: filter,
    resetFilters: resetFilters, showNode: showNode, showEdge: showEdge
  });
})();
