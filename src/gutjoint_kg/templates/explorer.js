/* gutjoint-kg explorer: overview, chain finder, concept panel, filters and sharing for a vis-network graph.
   Every text from the data (and from the URL) is put on screen with textContent, never parsed as HTML. */
(function () {
  "use strict";
  performance.mark("gj-start");
  var DATA = JSON.parse(document.getElementById("gj-data").textContent);
  var byId = function (id) { return document.getElementById(id); };
  var FADED_NODE = { background: "#f0f0f0", border: "#d6d6d6", highlight: { background: "#f0f0f0", border: "#999999" }, hover: { background: "#f0f0f0", border: "#d6d6d6" } };
  var FADED_NODE_FONT = { color: "#c4c4c4", strokeWidth: 0 };
  var FADED_EDGE = { color: "#e4e4e4", highlight: "#e4e4e4", hover: "#e4e4e4", opacity: 0.7 };
  var FADED_EDGE_FONT = { color: "rgba(0,0,0,0)", strokeWidth: 0 };
  var MAX_STEPS = 6, CHAIN_LIMIT = 3;
  /* vis-network keeps an edge's old label when an update gives undefined, null or "": a zero-width space
     is the label that draws nothing (width 0, so labelModule.visible() is false) */
  var NO_LABEL = "\u200b";

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function button(text, cls, onClick, title) {
    var b = el("button", text, cls);
    b.type = "button";
    if (title) b.title = title;
    b.addEventListener("click", onClick);
    return b;
  }
  function norm(text) {
    return String(text || "").toLowerCase().replace(/[_\-]+/g, " ").replace(/\s+/g, " ").trim();
  }

  /* ---------- indexes ---------- */
  var nodeIndex = {}, edgeIndex = {}, outLinks = {}, inLinks = {};
  DATA.nodes.forEach(function (n) { nodeIndex[n.id] = n; outLinks[n.id] = []; inLinks[n.id] = []; });
  DATA.edges.forEach(function (e) {
    edgeIndex[e.id] = e;
    if (outLinks[e.from]) outLinks[e.from].push(e);
    if (inLinks[e.to]) inLinks[e.to].push(e);
  });
  var levelByName = {};
  DATA.legend.evidence.forEach(function (lv) { levelByName[lv.name] = lv; });
  function label(id) { var n = nodeIndex[id]; return n ? n.label : String(id); }
  function edgeWords(e) { return label(e.from) + " " + e.verb + " " + label(e.to); }

  /* ---------- evidence badges and tooltips ---------- */
  function badge(e) {
    var b = el("span", e.evidence_label, "gj-badge gj-ev-" + (e.evidence || "none"));
    b.title = "Evidence: " + e.evidence_label;
    return b;
  }
  function nodeTip(n) {
    var box = el("div", null, "gj-tip");
    box.appendChild(el("strong", n.label));
    box.appendChild(el("div", n.category_label + (n.contested ? " \u00b7 contested" : ""), "gj-meta"));
    if (n.definition) box.appendChild(el("div", n.definition));
    return box;
  }
  function edgeTip(e) {
    var box = el("div", null, "gj-tip");
    box.appendChild(el("strong", edgeWords(e)));
    box.appendChild(el("div", "Evidence: " + e.evidence_label + (e.claim ? " (a claim of the article)" : ""), "gj-meta"));
    if (e.note) box.appendChild(el("div", e.note));
    return box;
  }

  /* ---------- the network ---------- */
  var edgeLabel = DATA.large ? function () { return undefined; } : function (e) { return e.label_hidden ? NO_LABEL : e.label; };
  var graphNodes = new vis.DataSet(DATA.nodes.map(function (n) { return Object.assign({}, n, { title: nodeTip(n), hidden: false }); }));
  var graphEdges = new vis.DataSet(DATA.edges.map(function (e) { return Object.assign({}, e, { label: edgeLabel(e), title: edgeTip(e), hidden: false }); }));
  var chainNodes = new vis.DataSet([]), chainEdges = new vis.DataSet([]);
  performance.mark("gj-datasets");
  var container = byId("gj-network");
  var network = new vis.Network(container, { nodes: [], edges: [] }, DATA.options);
  var api = {
    network: network, nodes: graphNodes, edges: graphEdges, chainNodes: chainNodes, chainEdges: chainEdges,
    data: DATA, ready: false, readyMs: null, highlighted: [], lastSearch: [], view: null, selected: null
  };
  window.gjExplorer = api;

  var state = {
    mode: DATA.kind === "whole" && !DATA.large ? "overview" : "page",  // overview | whole | focus | chain | page
    focus: DATA.focus || null, expanded: {}, minRank: -1, hiddenCategories: {},
    chain: null, largeText: false, includeClaims: false
  };

  function markReady() {
    if (api.ready) return;
    api.ready = true;
    api.readyMs = performance.now();
    performance.mark("gj-ready");
    document.body.setAttribute("data-ready", "true");
  }

  /* ---------- which concepts and links are drawn ---------- */
  function visibleGraph() {
    var show = {};
    if (state.mode === "overview") DATA.nodes.forEach(function (n) { if (n.overview) show[n.id] = true; });
    else if (state.mode === "focus" && state.focus) { show[state.focus] = true; neighbourIds(state.focus).forEach(function (m) { show[m] = true; }); }
    else DATA.nodes.forEach(function (n) { show[n.id] = true; });
    Object.keys(state.expanded).forEach(function (id) { show[id] = true; neighbourIds(id).forEach(function (m) { show[m] = true; }); });
    Object.keys(show).forEach(function (id) { if (state.hiddenCategories[nodeIndex[id].category]) delete show[id]; });
    var links = {}, linked = {};
    var claims = state.mode !== "overview";  // the overview shows the mechanism; claims appear beside chains
    DATA.edges.forEach(function (e) {
      if (show[e.from] && show[e.to] && e.evidence_rank >= state.minRank && (claims || !e.claim)) { links[e.id] = true; linked[e.from] = linked[e.to] = true; }
    });
    var filtering = state.minRank > -1 || Object.keys(state.hiddenCategories).length > 0;
    if (filtering) Object.keys(show).forEach(function (id) { if (!linked[id] && id !== state.focus) delete show[id]; });
    return { nodes: show, edges: links };
  }
  function neighbourIds(id) {
    var out = [];
    (outLinks[id] || []).forEach(function (e) { out.push(e.to); });
    (inLinks[id] || []).forEach(function (e) { out.push(e.from); });
    return out;
  }
  var current = { nodes: {}, edges: {} };
  function render(fit) {
    if (state.mode === "chain") { renderChain(fit); return; }
    if (network.body.data.nodes !== graphNodes) network.setData({ nodes: graphNodes, edges: graphEdges });
    current = visibleGraph();
    var large = state.largeText ? 1.3 : 1;
    // a concept's neighbourhood has its own compact layout (computed in Python) unless something was expanded
    var fv = state.mode === "focus" && !Object.keys(state.expanded).length && DATA.focusViews ? DATA.focusViews[state.focus] : null;
    var noLabel = {};
    if (fv) fv.noLabel.forEach(function (id) { noLabel[id] = true; });
    api.focusLayout = !!fv;
    graphNodes.update(DATA.nodes.map(function (n) {
      var p = fv && fv.pos[n.id];
      return {
        id: n.id, hidden: !current.nodes[n.id], color: n.color, font: Object.assign({}, n.font, { size: n.font.size * large }),
        x: p ? p[0] : n.x, y: p ? p[1] : n.y
      };
    }));
    graphEdges.update(DATA.edges.map(function (e) {
      var routed = fv && fv.smooth[e.id];
      return {
        id: e.id, hidden: !current.edges[e.id], color: e.color, font: e.font,
        smooth: routed || e.smooth, label: (routed ? (noLabel[e.id] ? NO_LABEL : e.label) : edgeLabel(e)) || (DATA.large ? undefined : NO_LABEL)
      };
    }));
    api.highlighted = [];
    if (fit !== false) fitView();
    describe();
    declutterSoon(graphEdges);
  }
  /* After a drawing, leave out every link label that would cover a concept (shape or label) or an earlier
     link label, measured on what vis-network really drew; the link's tooltip and panel still name it. */
  var declutterPending = false;
  function declutterSoon(dataset) {
    if (declutterPending || DATA.large) return;
    declutterPending = true;
    network.once("afterDrawing", function () { declutterPending = false; declutter(dataset); });
    network.redraw();
  }
  function declutter(dataset) {
    var b = network.body, boxes = [], drop = [];
    function box(s) { return { l: s.left - 2, t: s.top - 2, r: s.left + s.width + 2, b: s.top + s.height + 2 }; }
    function hits(a, c) { return a.l < c.r && c.l < a.r && a.t < c.b && c.t < a.b; }
    b.nodeIndices.forEach(function (i) {
      var node = b.nodes[i], bb = node.shape.boundingBox;
      boxes.push({ l: bb.left, t: bb.top, r: bb.right, b: bb.bottom });
      if (node.labelModule.visible()) boxes.push(box(node.labelModule.size));
    });
    b.edgeIndices.forEach(function (i) {
      var e = b.edges[i];
      if (!e.connected || !e.labelModule.visible() || !e.options.label || e.options.label === NO_LABEL) return;
      var mine = box(e.labelModule.size);
      if (boxes.some(function (c) { return hits(mine, c); })) drop.push(e.id);
      else boxes.push(mine);
    });
    api.declutteredLabels = drop;
    if (drop.length) dataset.update(drop.map(function (id) { return { id: id, label: NO_LABEL }; }));
  }
  function fitView() {
    var ids = state.mode === "chain" ? chainNodes.getIds() : Object.keys(current.nodes);
    network.fit({ nodes: ids, animation: false, maxZoomLevel: 1.4 });
  }

  /* ---------- title and status line: always say what is shown ---------- */
  function filterWords() {
    var parts = [];
    if (state.minRank > -1) {
      var lv = DATA.legend.evidence.filter(function (l) { return l.rank === state.minRank; })[0];
      parts.push("links at least \u201c" + (lv ? lv.label : state.minRank) + "\u201d");
    }
    var hidden = Object.keys(state.hiddenCategories);
    if (hidden.length) parts.push("hidden: " + hidden.map(function (c) {
      var entry = DATA.legend.categories.filter(function (x) { return x.name === c; })[0];
      return entry ? entry.label : c;
    }).join(", "));
    return parts.length ? " (filtered: " + parts.join("; ") + ")" : "";
  }
  function describe() {
    var title, n = Object.keys(current.nodes).length, m = Object.keys(current.edges).length;
    var expanded = Object.keys(state.expanded).map(label);
    if (state.mode === "overview") title = "Overview: the main storyline from triggers to symptoms";
    else if (state.mode === "whole") title = "The whole graph";
    else if (state.mode === "focus") title = "Around " + label(state.focus);
    else if (state.mode === "chain" && state.chain) title = "Chains from " + label(state.chain.from) + " to " + label(state.chain.to);
    else title = DATA.title;
    if (expanded.length && state.mode !== "chain") title += " + links of " + expanded.join(", ");
    title += filterWords();
    byId("gj-title").textContent = title;
    document.title = title + " \u2014 gutjoint-kg explorer";
    var status;
    if (state.mode === "chain" && state.chain) {
      var c = state.chain;
      status = c.list.length ? "Chain " + (c.index + 1) + " of " + c.list.length + ", step " + (c.step + 1) + " of " + c.list[c.index].steps.length + ". Use \u2190 \u2192 to step." : "No chain found.";
    } else {
      status = n + " of " + DATA.nodes.length + " concepts, " + m + " of " + DATA.edges.length + " links shown" + filterWords() + ".";
      if (state.mode === "overview") status += " Click a concept for its links; double-click (or \u201cShow its links\u201d) expands it.";
    }
    byId("gj-status").textContent = status;
    api.view = { mode: state.mode, title: title, status: status, nodes: n, edges: m };
    writeHash();
  }

  /* ---------- highlight of a concept's neighbourhood ---------- */
  function clearHighlight() {
    if (!api.highlighted.length) return;
    render(false);
  }
  function highlight(id) {
    if (id === undefined || id === null || !nodeIndex[id]) { clearHighlight(); return []; }
    var near = {};
    near[id] = true;
    network.getConnectedNodes(id).forEach(function (m) { if (current.nodes[m]) near[m] = true; });
    var nearEdges = {};
    network.getConnectedEdges(id).forEach(function (eid) { nearEdges[eid] = true; });
    graphNodes.update(DATA.nodes.filter(function (n) { return current.nodes[n.id]; }).map(function (n) {
      return near[n.id] ? { id: n.id, color: n.color } : { id: n.id, color: FADED_NODE, font: Object.assign({}, n.font, FADED_NODE_FONT) };
    }));
    graphEdges.update(DATA.edges.filter(function (e) { return current.edges[e.id]; }).map(function (e) {
      return nearEdges[e.id] ? { id: e.id, color: e.color, font: e.font } : { id: e.id, color: FADED_EDGE, font: FADED_EDGE_FONT };
    }));
    api.highlighted = Object.keys(near).sort();
    return api.highlighted.filter(function (m) { return m !== id; });
  }

  /* ---------- the side panel: a concept, a link ---------- */
  var panel = byId("gj-details");
  function conceptButton(id) {
    return button(label(id), "gj-link-concept", function () { selectConcept(id, true); }, "Show " + label(id));
  }
  function addRow(dl, term, value) {
    if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) return;
    dl.appendChild(el("dt", term));
    if (Array.isArray(value)) value.forEach(function (v) { dl.appendChild(el("dd", v)); });
    else if (value instanceof Node) { var dd = el("dd"); dd.appendChild(value); dl.appendChild(dd); }
    else dl.appendChild(el("dd", value));
  }
  function linkList(links, direction) {
    var ul = el("ul", null, "gj-links");
    links.slice().sort(function (a, b) { return b.evidence_rank - a.evidence_rank || (label(a[direction]) < label(b[direction]) ? -1 : 1); })
      .forEach(function (e) {
        var li = el("li");
        var b = button(direction === "to" ? e.verb + " " + label(e.to) : label(e.from) + " " + e.verb, "gj-link", function () { selectEdge(e.id); });
        b.dataset.edge = e.id;
        li.appendChild(b);
        li.appendChild(badge(e));
        ul.appendChild(li);
      });
    return ul;
  }
  function showNode(id) {
    var n = nodeIndex[id];
    if (!n) return;
    panel.replaceChildren();
    panel.dataset.kind = "concept";
    panel.dataset.id = id;
    panel.appendChild(el("h3", n.label));
    panel.appendChild(el("div", n.category_label + " \u00b7 " + n.id + " \u00b7 stage: " + DATA.stages[n.stage].name, "gj-meta"));
    if (n.contested) panel.appendChild(el("div", "Contested concept: the scientific community disputes it.", "gj-contested"));
    var dl = el("dl");
    addRow(dl, "Definition", n.definition);
    addRow(dl, "Also called", n.synonyms.join(", "));
    addRow(dl, "Mappings", n.mappings);
    panel.appendChild(dl);
    var actions = el("div", null, "gj-actions");
    var hiddenNear = neighbourIds(id).filter(function (m) { return !current.nodes[m]; });
    if (state.mode !== "chain" && hiddenNear.length) actions.appendChild(button("Show its links (+" + uniq(hiddenNear).length + ")", "gj-expand", function () { expand(id); }));
    actions.appendChild(button("Chains from here", "", function () { setPicker("from", id); }));
    actions.appendChild(button("Chains to here", "", function () { setPicker("to", id); }));
    panel.appendChild(actions);
    var out = outLinks[id] || [], inc = inLinks[id] || [];
    panel.appendChild(el("h4", "Leads to / acts on (" + out.length + ")"));
    panel.appendChild(out.length ? linkList(out, "to") : el("p", "none", "gj-meta"));
    panel.appendChild(el("h4", "Comes from (" + inc.length + ")"));
    panel.appendChild(inc.length ? linkList(inc, "from") : el("p", "none", "gj-meta"));
  }
  function uniq(list) { var seen = {}; return list.filter(function (x) { if (seen[x]) return false; seen[x] = true; return true; }); }
  function statementBlock(e, dl) {
    addRow(dl, "Relation", e.verb + " (" + e.relation + ")");
    var ev = el("span");
    ev.appendChild(badge(e));
    addRow(dl, "Evidence", ev);
    addRow(dl, "Sources", e.sources);
    addRow(dl, "Note", e.note);
    if (e.claim) addRow(dl, "Verdict", e.verdict ? e.verdict + (e.verdict_reason ? ": " + e.verdict_reason : "") : "not checked yet (the claim checker has not graded it)");
    addRow(dl, "Statement", e.statement);
  }
  function showEdge(id) {
    var e = edgeIndex[id];
    if (!e) return;
    panel.replaceChildren();
    panel.dataset.kind = "statement";
    panel.dataset.id = id;
    var h = el("h3");
    h.appendChild(conceptButton(e.from));
    h.appendChild(el("span", " " + e.verb + " "));
    h.appendChild(conceptButton(e.to));
    panel.appendChild(h);
    if (e.claim) panel.appendChild(el("div", "A claim of the source article, not a step of the mechanism layer.", "gj-meta"));
    var dl = el("dl");
    statementBlock(e, dl);
    panel.appendChild(dl);
  }
  function selectConcept(id, centre) {
    if (!nodeIndex[id]) return;
    api.selected = { kind: "concept", id: id };
    if (state.mode === "chain") { showNode(id); return; }
    if (!current.nodes[id]) { state.expanded[id] = true; render(false); }
    network.selectNodes([id]);
    highlight(id);
    showNode(id);
    if (centre) network.focus(id, { scale: Math.max(network.getScale(), 0.9), animation: false });
    describe();
  }
  function selectEdge(id) {
    var e = edgeIndex[id];
    if (!e) return;
    api.selected = { kind: "statement", id: id };
    if (state.mode !== "chain" && current.edges[id]) { clearHighlight(); network.selectEdges([id]); }
    showEdge(id);
  }
  function expand(id) {
    state.expanded[id] = true;
    render(true);
    network.selectNodes([id]);
    showNode(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var id = params.nodes[0];
      if (state.mode === "chain") { var clone = chainNodes.get(id); if (clone) showNode(clone.concept); api.selected = { kind: "concept", id: clone && clone.concept }; return; }
      selectConcept(id, false);
    } else if (params.edges.length) {
      var eid = params.edges[0];
      if (state.mode === "chain") { var ce = chainEdges.get(eid); if (ce) { goToStep(ce.chain, ce.step); } return; }
      selectEdge(eid);
    } else if (state.mode !== "chain") { clearHighlight(); panel.replaceChildren(); api.selected = null; }
  });
  network.on("doubleClick", function (params) {
    if (params.nodes.length && state.mode !== "chain") expand(params.nodes[0]);
  });

  /* ---------- search: typo-tolerant, with a pick list ---------- */
  function editDistance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev = [], cur = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      cur = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], prevprev[j - 2] + 1);
        best = Math.min(best, cur[j]);
      }
      if (best > limit) return limit + 1;
      var prevprev = prev;
      prev = cur;
    }
    return prev[b.length];
  }
  function tolerance(word) { return word.length >= 8 ? 2 : word.length >= 4 ? 1 : 0; }
  function fuzzyTokens(q, name) {
    var words = name.split(" ");
    return q.split(" ").every(function (qt) {
      return words.some(function (w) { return w.indexOf(qt) === 0 || editDistance(qt, w, tolerance(qt)) <= tolerance(qt); });
    });
  }
  function matchConcepts(text) {
    var q = norm(text), found = [];
    if (!q) return [];
    DATA.nodes.forEach(function (n) {
      var best = 9, near = 99;
      [n.label, n.id, n.id.split(":").pop()].concat(n.synonyms).forEach(function (name) {
        var t = norm(name);
        if (t === q) best = Math.min(best, 0);
        else if (t.indexOf(q) === 0) best = Math.min(best, 1);
        else if ((" " + t).indexOf(" " + q) >= 0) best = Math.min(best, 2);
        else if (t.indexOf(q) > 0) best = Math.min(best, 3);
        else if (best >= 4 && (editDistance(q, t, tolerance(q)) <= tolerance(q) || fuzzyTokens(q, t))) {
          best = 4;
          near = Math.min(near, editDistance(q, t, 30));  // the closest spelling ranks first among typos
        }
      });
      if (best < 9) found.push([best, best === 4 ? near : 0, n.label.length, n.label, n.id]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2] || (a[3] < b[3] ? -1 : 1); });
    return found.map(function (f) { return f[4]; });
  }
  function resolve(name) {
    if (nodeIndex[name]) return name;
    var ids = matchConcepts(name);
    return ids.length ? ids[0] : null;
  }
  function pickList(input, list, onPick) {
    var items = [], active = -1;
    function close() { list.replaceChildren(); list.hidden = true; items = []; active = -1; input.setAttribute("aria-expanded", "false"); }
    function open(ids) {
      list.replaceChildren();
      items = ids;
      ids.forEach(function (id, i) {
        var li = el("li", null, "gj-pick");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.appendChild(el("span", label(id)));
        li.appendChild(el("span", " " + nodeIndex[id].category_label, "gj-meta"));
        li.addEventListener("mousedown", function (ev) { ev.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = !ids.length;
      input.setAttribute("aria-expanded", ids.length ? "true" : "false");
      active = ids.length ? 0 : -1;
      mark();
    }
    function mark() {
      Array.prototype.forEach.call(list.children, function (li, i) { li.classList.toggle("gj-active", i === active); });
      if (active >= 0) { input.setAttribute("aria-activedescendant", list.id + "-" + active); list.children[active].scrollIntoView({ block: "nearest" }); }
    }
    function choose(i) { var id = items[i]; close(); if (id) { input.value = label(id); onPick(id); } }
    input.addEventListener("input", function () { open(matchConcepts(input.value)); });
    input.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" && items.length) { active = Math.min(items.length - 1, active + 1); mark(); ev.preventDefault(); }
      else if (ev.key === "ArrowUp" && items.length) { active = Math.max(0, active - 1); mark(); ev.preventDefault(); }
      else if (ev.key === "Enter") {
        ev.preventDefault();
        if (!items.length) open(matchConcepts(input.value));
        if (items.length) choose(Math.max(0, active)); else onPick(null);
      } else if (ev.key === "Escape") close();
      ev.stopPropagation();
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
    list.hidden = true;
    return { open: open, close: close, items: function () { return items.slice(); } };
  }
  var searchBox = byId("gj-search");
  var searchPick = pickList(searchBox, byId("gj-search-list"), function (id) {
    if (!id) { byId("gj-status").textContent = "No concept matches \u201c" + searchBox.value + "\u201d."; return; }
    focusConcept(id);
  });
  function search(text) {
    var ids = matchConcepts(text);
    api.lastSearch = ids;
    var status = byId("gj-status");
    if (!ids.length) { status.textContent = "No concept matches \u201c" + text + "\u201d."; return ids; }
    searchBox.value = text;
    searchPick.open(ids);
    selectConcept(ids[0], true);
    status.textContent = ids.length === 1 ? "Found " + label(ids[0]) + "." : ids.length + " concepts match \u201c" + text + "\u201d; showing " + label(ids[0]) + " (pick another in the list).";
    return ids;
  }
  byId("gj-search-form").addEventListener("submit", function (ev) { ev.preventDefault(); });
  function focusConcept(id) {
    if (state.mode === "chain" || state.mode === "page") state.mode = DATA.kind === "whole" ? "focus" : "page";
    if (state.mode === "overview" || state.mode === "whole") state.mode = "focus";
    state.focus = id;
    state.expanded = {};
    render(true);
    selectConcept(id, false);
  }

  /* ---------- the chain finder: Yen's k shortest simple paths over the CLI's step costs ---------- */
  function stepGraph(target, includeClaims) {
    var best = {};
    DATA.edges.forEach(function (e) {
      var cost = e.cost;
      if (e.claim) cost = includeClaims && e.claim_cost !== null ? e.claim_cost : null;
      if (cost === null || cost === undefined) return;
      if (e.chain_end && e.to !== target) return;  // a chain-end relation is only ever the last step
      if (e.evidence_rank < state.minRank) return;
      var key = e.from + "\u0000" + e.to, old = best[key];
      if (!old || e.evidence_rank > old.edge.evidence_rank || (e.evidence_rank === old.edge.evidence_rank && e.id < old.edge.id)) best[key] = { edge: e, cost: cost };
    });
    var adj = {};
    Object.keys(best).forEach(function (k) {
      var b = best[k];
      (adj[b.edge.from] = adj[b.edge.from] || []).push({ to: b.edge.to, cost: b.cost, edge: b.edge });
    });
    return adj;
  }
  function dijkstra(adj, source, target, banNodes, banEdges) {
    var dist = {}, prev = {}, done = {}, queue = [[0, source]];
    dist[source] = 0;
    while (queue.length) {
      var at = 0;
      for (var i = 1; i < queue.length; i++) if (queue[i][0] < queue[at][0] || (queue[i][0] === queue[at][0] && queue[i][1] < queue[at][1])) at = i;
      var item = queue.splice(at, 1)[0], u = item[1];
      if (done[u]) continue;
      done[u] = true;
      if (u === target) break;
      (adj[u] || []).forEach(function (a) {
        if (banNodes[a.to] || banEdges[u + "\u0000" + a.to]) return;
        var d = dist[u] + a.cost;
        if (dist[a.to] === undefined || d < dist[a.to] - 1e-12) { dist[a.to] = d; prev[a.to] = { from: u, step: a }; queue.push([d, a.to]); }
      });
    }
    if (dist[target] === undefined) return null;
    var steps = [], at2 = target;
    while (at2 !== source) { steps.unshift(prev[at2].step); at2 = prev[at2].from; }
    return steps;
  }
  function chainOf(source, steps) {
    var nodes = [source], cost = 0, weakest = null, polarity = 1;
    steps.forEach(function (s) {
      nodes.push(s.to);
      cost += s.cost;
      if (!weakest || s.edge.evidence_rank < weakest.evidence_rank) weakest = s.edge;
      polarity *= s.edge.chain_end ? 1 : s.edge.polarity;
    });
    return {
      nodes: nodes, labels: nodes.map(label), steps: steps.map(function (s) { return s.edge.id; }),
      cost: Math.round(cost * 1e6) / 1e6, length: steps.length,
      weakest: weakest ? weakest.evidence : null, weakestRank: weakest ? weakest.evidence_rank : -1,
      weakestLabel: weakest ? weakest.evidence_label : "", netEffect: polarity > 0 ? "increases" : polarity < 0 ? "decreases" : "unsigned",
      _steps: steps
    };
  }
  function compareChains(a, b) {
    if (Math.abs(a.cost - b.cost) > 1e-9) return a.cost - b.cost;
    if (a.length !== b.length) return a.length - b.length;
    if (a.weakestRank !== b.weakestRank) return b.weakestRank - a.weakestRank;
    var x = a.nodes.join(" "), y = b.nodes.join(" ");
    return x < y ? -1 : x > y ? 1 : 0;
  }
  function yen(adj, source, target, k, maxSteps) {
    var found = [], candidates = [], seen = {};
    var first = dijkstra(adj, source, target, {}, {});
    if (!first) return [];
    var push = function (c) { var key = c.nodes.join("\u0000"); if (!seen[key]) { seen[key] = true; candidates.push(c); } };
    push(chainOf(source, first));
    var budget = 400;
    while (candidates.length && budget-- > 0) {
      candidates.sort(compareChains);
      var best = candidates.shift();
      if (best.length <= maxSteps) found.push(best);
      // keep every chain that ties with the k-th (the tie-break then decides), stop once past it
      if (found.length >= k && candidates.every(function (c) { return c.cost > found[k - 1].cost + 1e-9; })) break;
      for (var i = 0; i < best._steps.length; i++) {
        var spur = best.nodes[i], rootNodes = best.nodes.slice(0, i + 1), banNodes = {}, banEdges = {};
        rootNodes.slice(0, -1).forEach(function (n) { banNodes[n] = true; });
        found.concat([best]).forEach(function (p) {
          if (p.nodes.length > i && p.nodes.slice(0, i + 1).join("\u0000") === rootNodes.join("\u0000")) banEdges[p.nodes[i] + "\u0000" + p.nodes[i + 1]] = true;
        });
        var tail = dijkstra(adj, spur, target, banNodes, banEdges);
        if (tail) push(chainOf(source, best._steps.slice(0, i).concat(tail)));
      }
    }
    found.sort(compareChains);
    return found.slice(0, k);
  }
  function findChains(from, to, options) {
    var opts = options || {};
    var s = resolve(from), t = resolve(to);
    if (!s || !t || s === t) return [];
    var chains = yen(stepGraph(t, !!opts.includeClaims), s, t, opts.limit || CHAIN_LIMIT, opts.maxSteps || MAX_STEPS);
    return chains.map(function (c) { var copy = Object.assign({}, c); delete copy._steps; return copy; });
  }
  function claimsBetween(s, t) {
    return (outLinks[s] || []).filter(function (e) { return e.claim && e.to === t; });
  }

  /* ---------- the chain view: one row per chain, one column per step ---------- */
  var COL = 270, ROW = 150;
  function renderChain(fit) {
    var c = state.chain;
    if (network.body.data.nodes !== chainNodes) network.setData({ nodes: chainNodes, edges: chainEdges });
    chainNodes.clear();
    chainEdges.clear();
    var large = state.largeText ? 1.3 : 1;
    var nodeRows = [], edgeRows = [];
    c.list.forEach(function (chain, ci) {
      var on = ci === c.index;
      chain.nodes.forEach(function (id, j) {
        var n = nodeIndex[id], faded = !on;
        nodeRows.push(Object.assign({}, n, {
          id: "c" + ci + ":" + id, concept: id, x: j * COL, y: ci * ROW,
          title: nodeTip(n), hidden: false, widthConstraint: { maximum: 140 },
          color: faded ? FADED_NODE : n.color,
          font: Object.assign({}, n.font, { size: 18 * large }, faded ? { color: "#9a9a9a" } : {})
        }));
      });
      chain.steps.forEach(function (eid, j) {
        var e = edgeIndex[eid], current = on && j === c.step;
        edgeRows.push(Object.assign({}, e, {
          id: "c" + ci + ":" + j, chain: ci, step: j, from: "c" + ci + ":" + e.from, to: "c" + ci + ":" + e.to,
          label: (j + 1) + ". " + e.label, title: edgeTip(e), smooth: { enabled: false }, hidden: false,
          width: e.width * (current ? 1.8 : 1), color: on ? e.color : FADED_EDGE,
          font: Object.assign({}, e.font, { size: 14, color: on ? "#222222" : "#aaaaaa" })
        }));
      });
    });
    chainNodes.add(nodeRows);
    chainEdges.add(edgeRows);
    if (fit !== false) network.fit({ nodes: chainNodes.getIds(), animation: false, maxZoomLevel: 1.2 });
    var sel = c.list.length ? "c" + c.index + ":" + c.step : null;
    if (sel && chainEdges.get(sel)) network.selectEdges([sel]);
    current = { nodes: {}, edges: {} };
    nodeRows.forEach(function (r) { current.nodes[r.concept] = true; });
    edgeRows.forEach(function (r) { current.edges[edgeIndex[r.id] ? r.id : c.list[r.chain].steps[r.step]] = true; });
    showChainPanel();
    describe();
    declutterSoon(chainEdges);
  }
  function showChain(from, to, options) {
    var s = resolve(from), t = resolve(to);
    var box = byId("gj-chain-result");
    box.replaceChildren();
    if (!s || !t) { box.appendChild(el("p", "Pick two concepts: " + (!s ? "\u201c" + from + "\u201d" : "\u201c" + to + "\u201d") + " matches nothing.", "gj-warning")); return []; }
    if (s === t) { box.appendChild(el("p", "Pick two different concepts.", "gj-warning")); return []; }
    byId("gj-from").value = label(s);
    byId("gj-to").value = label(t);
    var list = options && options.chains ? options.chains : findChains(s, t, { includeClaims: state.includeClaims });
    state.chain = { from: s, to: t, list: list, index: 0, step: 0 };
    if (!list.length) {
      box.appendChild(el("p", "No chain of mechanism steps leads from " + label(s) + " to " + label(t) + " within " + MAX_STEPS + " steps" + filterWords() + ".", "gj-warning"));
      showClaims(box, s, t);
      state.mode = "chain";
      chainNodes.clear(); chainEdges.clear();
      if (network.body.data.nodes !== chainNodes) network.setData({ nodes: chainNodes, edges: chainEdges });
      current = { nodes: {}, edges: {} };
      describe();
      return [];
    }
    state.mode = "chain";
    renderChain(true);
    return list;
  }
  function showClaims(box, s, t) {
    var claims = claimsBetween(s, t);
    var aside = el("div", null, "gj-claim");
    aside.appendChild(el("h4", "What the article claims"));
    if (!claims.length) aside.appendChild(el("p", "The article makes no direct claim from " + label(s) + " to " + label(t) + ".", "gj-meta"));
    claims.forEach(function (e) {
      aside.appendChild(el("p", edgeWords(e), "gj-claim-text"));
      aside.appendChild(el("p", "Verdict: " + (e.verdict || "not checked yet"), "gj-verdict"));
      if (e.verdict_reason) aside.appendChild(el("p", e.verdict_reason, "gj-meta"));
      if (e.note) aside.appendChild(el("p", e.note, "gj-meta"));
    });
    box.appendChild(aside);
  }
  function showChainPanel() {
    var c = state.chain, box = byId("gj-chain-result");
    box.replaceChildren();
    var ol = el("ol", null, "gj-chain-list");
    c.list.forEach(function (chain, i) {
      var li = el("li", null, i === c.index ? "gj-current" : "");
      var b = button(chain.labels.join(" \u2192 "), "gj-chain-pick", function () { c.index = i; c.step = 0; renderChain(true); });
      li.appendChild(b);
      li.appendChild(el("div", chain.length + " step" + (chain.length > 1 ? "s" : "") + "; net effect: " + chain.netEffect + "; weakest link: " + chain.weakestLabel, "gj-meta"));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    var chain = c.list[c.index], eid = chain.steps[c.step], e = edgeIndex[eid];
    var nav = el("div", null, "gj-stepper");
    nav.appendChild(button("\u25c0 Previous", "gj-prev", function () { stepBy(-1); }, "Previous step (\u2190)"));
    nav.appendChild(el("span", "Step " + (c.step + 1) + " of " + chain.steps.length, "gj-step-count"));
    nav.appendChild(button("Next \u25b6", "gj-next", function () { stepBy(1); }, "Next step (\u2192)"));
    box.appendChild(nav);
    var step = el("div", null, "gj-step");
    var h = el("h4");
    h.appendChild(conceptButton(e.from));
    h.appendChild(el("span", " " + e.verb + " "));
    h.appendChild(conceptButton(e.to));
    step.appendChild(h);
    var dl = el("dl");
    statementBlock(e, dl);
    step.appendChild(dl);
    box.appendChild(step);
    showClaims(box, c.from, c.to);
    panel.replaceChildren();
    panel.dataset.kind = "statement";
    panel.dataset.id = eid;
  }
  function goToStep(ci, j) {
    var c = state.chain;
    if (!c || !c.list[ci]) return;
    c.index = ci;
    c.step = Math.max(0, Math.min(c.list[ci].steps.length - 1, j));
    api.selected = { kind: "statement", id: c.list[ci].steps[c.step] };
    renderChain(false);
  }
  function stepBy(delta) {
    var c = state.chain;
    if (!c || !c.list.length) return;
    goToStep(c.index, c.step + delta);
  }

  var pickers = {};
  function setPicker(which, id) {
    byId(which === "from" ? "gj-from" : "gj-to").value = label(id);
    pickers[which] = id;
    if (pickers.from && pickers.to) showChain(pickers.from, pickers.to);
    else byId("gj-chain-result").replaceChildren(el("p", "Now pick where the chain should " + (which === "from" ? "end" : "start") + ".", "gj-meta"));
  }
  pickList(byId("gj-from"), byId("gj-from-list"), function (id) { if (id) setPicker("from", id); });
  pickList(byId("gj-to"), byId("gj-to-list"), function (id) { if (id) setPicker("to", id); });
  byId("gj-finder").addEventListener("submit", function (ev) {
    ev.preventDefault();
    pickers.from = resolve(byId("gj-from").value);
    pickers.to = resolve(byId("gj-to").value);
    showChain(byId("gj-from").value, byId("gj-to").value);
  });
  byId("gj-claims").addEventListener("change", function () {
    state.includeClaims = byId("gj-claims").checked;
    if (state.chain) showChain(state.chain.from, state.chain.to);
  });

  /* ---------- filters ---------- */
  var evidenceSelect = byId("gj-evidence");
  var anyOption = el("option", "any level");
  anyOption.value = "-1";
  evidenceSelect.appendChild(anyOption);
  DATA.legend.evidence.forEach(function (lv) {
    var option = el("option", lv.label);
    option.value = String(lv.rank);
    evidenceSelect.appendChild(option);
  });
  evidenceSelect.addEventListener("change", function () { state.minRank = Number(evidenceSelect.value); refresh(); });
  function refresh() {
    if (state.mode === "chain" && state.chain) showChain(state.chain.from, state.chain.to);
    else render(true);
  }
  var categoryList = byId("gj-legend-categories");
  DATA.legend.categories.forEach(function (c) {
    var li = el("li"), lab = el("label", null, "gj-check"), box = document.createElement("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.category = c.name;
    box.addEventListener("change", function () {
      if (box.checked) delete state.hiddenCategories[c.name]; else state.hiddenCategories[c.name] = true;
      refresh();
    });
    var glyph = el("span", c.glyph, "gj-glyph gj-shape-" + c.shape);
    glyph.style.color = c.color;
    lab.appendChild(box);
    lab.appendChild(glyph);
    lab.appendChild(el("span", c.label + " "));
    lab.appendChild(el("span", "(" + c.count + ")", "gj-count"));
    li.appendChild(lab);
    categoryList.appendChild(li);
  });
  function filter(options) {
    var cats = options && options.categories, minRank = options && options.minRank;
    if (cats) {
      state.hiddenCategories = {};
      DATA.legend.categories.forEach(function (c) { if (cats.indexOf(c.name) < 0) state.hiddenCategories[c.name] = true; });
      document.querySelectorAll("input[data-category]").forEach(function (b) { b.checked = !state.hiddenCategories[b.dataset.category]; });
    }
    if (minRank !== undefined && minRank !== null) { state.minRank = minRank; evidenceSelect.value = String(minRank); }
    refresh();
    return { nodes: Object.keys(current.nodes).length, edges: Object.keys(current.edges).length };
  }
  function resetFilters() {
    state.hiddenCategories = {};
    state.minRank = -1;
    evidenceSelect.value = "-1";
    document.querySelectorAll("input[data-category]").forEach(function (b) { b.checked = true; });
    refresh();
  }

  /* ---------- legend: line styles drawn with the same dash patterns as the graph ---------- */
  function lineSample(colour, width, dashes, opacity) {
    var c = document.createElement("canvas");
    c.width = 48; c.height = 12;
    c.className = "gj-line";
    var ctx = c.getContext("2d");
    ctx.strokeStyle = colour; ctx.globalAlpha = opacity; ctx.lineWidth = width;
    ctx.setLineDash(dashes || []);
    ctx.beginPath(); ctx.moveTo(2, 6); ctx.lineTo(46, 6); ctx.stroke();
    return c;
  }
  DATA.legend.polarity.forEach(function (p) {
    var li = el("li");
    li.appendChild(lineSample(p.color, 3, null, 1));
    li.appendChild(el("span", p.label));
    byId("gj-legend-polarity").appendChild(li);
  });
  DATA.legend.evidence.forEach(function (lv) {
    var li = el("li");
    li.dataset.level = lv.name;
    li.appendChild(lineSample("#444444", lv.width, lv.dashes, lv.opacity));
    li.appendChild(el("span", lv.label + " (" + lv.pattern + ")"));
    byId("gj-legend-evidence").appendChild(li);
  });
  DATA.legend.relations.forEach(function (r) {
    var li = el("li");
    li.appendChild(el("code", r.label));
    li.appendChild(el("span", " \u2014 " + r.meaning));
    byId("gj-legend-relations").appendChild(li);
  });
  DATA.stages.forEach(function (s) {
    var li = el("li");
    li.appendChild(el("strong", s.name));
    li.appendChild(el("span", ": " + s.description));
    byId("gj-legend-stages").appendChild(li);
  });

  /* ---------- projector controls ---------- */
  function zoomBy(factor) {
    network.moveTo({ scale: network.getScale() * factor, animation: false });
  }
  function toggleFullscreen() {
    if (document.fullscreenElement) { if (document.exitFullscreen) document.exitFullscreen(); }
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(function () {});
  }
  function setLargeText(on) {
    state.largeText = !!on;
    document.body.classList.toggle("gj-large", state.largeText);
    byId("gj-large").setAttribute("aria-pressed", state.largeText ? "true" : "false");
    refresh();
  }
  function saveImage(download) {
    var source = container.querySelector("canvas");
    var out = document.createElement("canvas");
    out.width = source.width; out.height = source.height;
    var ctx = out.getContext("2d");
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.drawImage(source, 0, 0);
    ctx.fillStyle = "#333333";
    ctx.font = "14px sans-serif";
    ctx.fillText(byId("gj-title").textContent, 10, out.height - 10);
    var url = out.toDataURL("image/png");
    if (download !== false) {
      var a = document.createElement("a");
      a.href = url;
      a.download = "gutjoint-kg-view.png";
      document.body.appendChild(a);
      a.click();
      a.remove();
    }
    return url;
  }
  function showHelp(on) {
    var overlay = byId("gj-help");
    overlay.hidden = !on;
    if (on) byId("gj-help-close").focus();
  }
  byId("gj-zoom-in").addEventListener("click", function () { zoomBy(1.25); });
  byId("gj-zoom-out").addEventListener("click", function () { zoomBy(0.8); });
  byId("gj-fit").addEventListener("click", fitView);
  byId("gj-fullscreen").addEventListener("click", toggleFullscreen);
  byId("gj-large").addEventListener("click", function () { setLargeText(!state.largeText); });
  byId("gj-save").addEventListener("click", function () { saveImage(true); });
  byId("gj-help-open").addEventListener("click", function () { showHelp(true); });
  byId("gj-help-close").addEventListener("click", function () { showHelp(false); });
  byId("gj-overview").addEventListener("click", function () { goOverview(); });
  byId("gj-whole").addEventListener("click", function () { state.mode = "whole"; state.expanded = {}; state.focus = null; render(true); });
  function goOverview() {
    state.mode = DATA.kind === "whole" && !DATA.large ? "overview" : "page";
    state.expanded = {};
    state.focus = DATA.focus || null;
    state.chain = null;
    byId("gj-chain-result").replaceChildren();
    panel.replaceChildren();
    render(true);
  }
  document.addEventListener("keydown", function (ev) {
    var tag = (ev.target && ev.target.tagName) || "";
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var k = ev.key, used = true;
    if (k === "ArrowRight" && state.mode === "chain") stepBy(1);
    else if (k === "ArrowLeft" && state.mode === "chain") stepBy(-1);
    else if (k === "ArrowDown" && state.mode === "chain" && state.chain && state.chain.index < state.chain.list.length - 1) { state.chain.index += 1; state.chain.step = 0; renderChain(true); }
    else if (k === "ArrowUp" && state.mode === "chain" && state.chain && state.chain.index > 0) { state.chain.index -= 1; state.chain.step = 0; renderChain(true); }
    else if (k === "+" || k === "=") zoomBy(1.25);
    else if (k === "-" || k === "_") zoomBy(0.8);
    else if (k === "0") fitView();
    else if (k === "f") toggleFullscreen();
    else if (k === "t") setLargeText(!state.largeText);
    else if (k === "?" || k === "h") showHelp(byId("gj-help").hidden);
    else if (k === "Escape") { if (!byId("gj-help").hidden) showHelp(false); else { clearHighlight(); panel.replaceChildren(); } }
    else if (k === "/") { searchBox.focus(); }
    else used = false;
    if (used) ev.preventDefault();
  });

  /* ---------- the URL hash: #chain=FROM/TO, #focus=CONCEPT (names as typed), plus filters ---------- */
  var writingHash = false;
  function enc(text) { return encodeURIComponent(text); }
  function writeHash() {
    var parts = [];
    if (state.mode === "chain" && state.chain) parts.push("chain=" + enc(label(state.chain.from)) + "/" + enc(label(state.chain.to)));
    else if (state.mode === "focus" && state.focus) parts.push("focus=" + enc(label(state.focus)));
    else if (state.mode === "whole") parts.push("view=whole");
    if (state.minRank > -1) {
      var lv = DATA.legend.evidence.filter(function (l) { return l.rank === state.minRank; })[0];
      if (lv) parts.push("min=" + enc(lv.name));
    }
    var hidden = Object.keys(state.hiddenCategories).sort();
    if (hidden.length) parts.push("hide=" + hidden.map(enc).join(","));
    var hash = parts.length ? "#" + parts.join("&") : "";
    if (hash !== location.hash && !(hash === "" && location.hash === "")) {
      writingHash = true;
      history.replaceState(null, "", hash || location.pathname + location.search);
      writingHash = false;
    }
  }
  function decode(text) { try { return decodeURIComponent(text); } catch (err) { return text; } }
  function splitChain(raw) {
    var cuts = [], best = null;
    for (var i = raw.indexOf("/"); i >= 0; i = raw.indexOf("/", i + 1)) cuts.push(i);
    cuts.forEach(function (i) {
      var a = decode(raw.slice(0, i)), b = decode(raw.slice(i + 1));
      var ra = matchConcepts(a), rb = matchConcepts(b);
      if (!ra.length || !rb.length) return;
      var score = (norm(label(ra[0])) === norm(a) ? 0 : 1) + (norm(label(rb[0])) === norm(b) ? 0 : 1);
      if (!best || score < best.score) best = { score: score, from: a, to: b };
    });
    return best;
  }
  function readHash() {
    var raw = location.hash.replace(/^#/, "");
    if (!raw) return false;
    var params = {};
    raw.split("&").forEach(function (part) {
      var at = part.indexOf("=");
      if (at > 0) params[part.slice(0, at)] = part.slice(at + 1);
    });
    if (params.min) {
      var lv = levelByName[decode(params.min)];
      if (lv) { state.minRank = lv.rank; evidenceSelect.value = String(lv.rank); }
    }
    if (params.hide) {
      params.hide.split(",").map(decode).forEach(function (c) { state.hiddenCategories[c] = true; });
      document.querySelectorAll("input[data-category]").forEach(function (b) { b.checked = !state.hiddenCategories[b.dataset.category]; });
    }
    if (params.chain) {
      var pair = splitChain(params.chain);
      if (pair) { showChain(pair.from, pair.to); return true; }
      byId("gj-status").textContent = "The link names a chain this page cannot find: " + decode(params.chain) + ".";
    }
    if (params.focus) {
      var id = resolve(decode(params.focus));
      if (id) { focusConcept(id); return true; }
      byId("gj-status").textContent = "The link names a concept this page does not have: " + decode(params.focus) + ".";
    }
    if (params.view === "whole") { state.mode = "whole"; render(true); return true; }
    render(true);
    return true;
  }
  window.addEventListener("hashchange", function () { if (!writingHash) { state.expanded = {}; readHash(); } });

  /* ---------- start ---------- */
  function start() {
    if (readHash()) return;
    if (DATA.kind === "path" && DATA.chains.length) {
      var first = DATA.chains[0];
      var given = DATA.chains.map(function (c) {
        var steps = c.steps.map(function (id) { var e = edgeIndex[id]; return { to: e.to, cost: e.cost || 0, edge: e }; });
        var chain = chainOf(c.nodes[0], steps);
        delete chain._steps;
        return chain;
      });
      showChain(first.nodes[0], first.nodes[first.nodes.length - 1], { chains: given });
      return;
    }
    render(true);
  }
  network.once("afterDrawing", function () { markReady(); });
  start();
  performance.mark("gj-data-set");

  Object.assign(api, {
    highlight: highlight, clearHighlight: clearHighlight, search: search, matchConcepts: matchConcepts, resolve: resolve,
    filter: filter, resetFilters: resetFilters, showNode: showNode, showEdge: showEdge, selectConcept: selectConcept,
    selectEdge: selectEdge, expand: expand, findChains: findChains, showChain: showChain, stepBy: stepBy, goToStep: goToStep,
    focus: focusConcept, overview: goOverview, saveImage: saveImage, setLargeText: setLargeText, showHelp: showHelp,
    fit: fitView, state: state, visible: function () { return { nodes: Object.keys(current.nodes).sort(), edges: Object.keys(current.edges).sort() }; }
  });
})();
