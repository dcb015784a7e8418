/* kg explorer — builds the vis-network view from the data kg.render embeds (meta, nodeData,
 * edgeData, own). Every string from the data reaches the page through textContent, text nodes,
 * vis-network's canvas or its text tooltips: never innerHTML. Only http(s) URLs become links. */
"use strict";
var nodes, edges, nodesView, edgesView, network;  // globals: the console and the tests use them

(function () {
  // Ids come from the data, and `constructor`, `toString` or `__proto__` are ids like any other: every
  // lookup keyed by them is a Map or an object without a prototype, and vis-network (which keeps its
  // nodes and edges in plain objects) sees them only behind a prefix ("n:" nodes, "e:" statements).
  function dict(o) { var d = Object.create(null); Object.keys(o || {}).forEach(function (k) { d[k] = o[k]; }); return d; }
  function vn(id) { return "n:" + id; }
  function ve(id) { return "e:" + id; }
  function unv(vid) { return String(vid).slice(2); }
  var M = meta, REL = dict(M.relations), CLS = dict(M.classes), FAM = dict(M.families), SRC = dict(M.sources);
  var T2S = M.t2s, DROP = new RegExp(M.drop, "g");
  var HL = "#e6007e", ENDED = "#9a9a9a", FONT = "#343434";
  var SVG = "http://www.w3.org/2000/svg";
  var MAX_HOPS = 8, MAX_PATHS = 200;

  // ---- indexes ------------------------------------------------------------------------
  var byId = new Map(), edgeById = new Map(), outE = new Map(), inE = new Map(), deg = new Map();
  function push(map, k, v) { var a = map.get(k); if (a) a.push(v); else map.set(k, [v]); }
  function day(v) {
    if (v === undefined || v === null || v === "") return null;
    var s = String(v);
    return s.length === 4 ? s + "-01-01" : s.length === 7 ? s + "-01" : s.slice(0, 10);
  }
  nodeData.forEach(function (n) { if (n.en === undefined) n.en = n.label; byId.set(n.id, n); });
  // statements arrive as [subject, object, key, attributes]
  var edgeList = edgeData.map(function (r) {
    var e = Object.assign({}, r[3]);
    e.id = r[2]; e.from = r[0]; e.to = r[1]; e.p = e.predicate;
    return e;
  });
  function founded(id) { var n = byId.get(id); return n && n.info ? day(n.info.founded) : null; }
  edgeList.forEach(function (e) {
    e.family = (REL[e.p] || {}).family || "";
    e._s = day(e.start); e._e = day(e.end);
    // kg.temporal.status_on's inputs: the day a source states a statement with no start, and its entities' foundings
    e._stated = e.start ? null : (e.as_of || (SRC[e.source] || {}).published || null);
    e._k = day(e._stated);
    var fa = founded(e.from), fb = founded(e.to);
    e._b = fa && fb ? (fa > fb ? fa : fb) : (fa || fb);
    edgeById.set(e.id, e);
    push(outE, e.from, e); push(inE, e.to, e);
    deg.set(e.from, (deg.get(e.from) || 0) + 1); deg.set(e.to, (deg.get(e.to) || 0) + 1);
  });

  // ---- state --------------------------------------------------------------------------
  var S = {};
  function initialState() {
    S.zh = M.lang === "zh";
    S.typeOn = Object.create(null); Object.keys(CLS).forEach(function (k) { S.typeOn[k] = true; });
    S.famOn = Object.create(null); Object.keys(FAM).forEach(function (f) { S.famOn[f] = M.familiesOn.indexOf(f) >= 0; });
    S.famOn[""] = true;
    S.asOf = M.asOf; S.showEnded = false; S.hl = null; S.panel = null;
    S.shown = null;
    S.allEdges = !M.big;     // a large graph draws the statements of the selected entities only
    S.near = new Set();
    if (M.focus) { S.shown = new Set([M.focus]); grow(M.focus, M.depth); }
  }

  // ---- text helpers -------------------------------------------------------------------
  var UI = {
    entities: ["entities", "个实体"], statements: ["statements", "条陈述"], types: ["Entity types", "实体类型"],
    relations: ["Relations", "关系"], widthNote: ["Line width grows with the stake; labels give the share. Click a name to hide or show it.",
      "线宽随持股比例增加，标签为持股比例。点击名称可隐藏或显示。"],
    expand: ["Expand neighbours", "展开相邻"], from: ["Path from here", "从此处查路径"], to: ["Path to here", "查路径到此处"],
    out: ["From this entity", "此实体发出"], in: ["To this entity", "指向此实体"], statementsH: ["Statements", "陈述"],
    source: ["source", "来源"], ended: ["ended", "已结束"], future: ["not yet", "尚未开始"],
    unstated: ["start not stated", "起始日期未载明"], noDate: ["no date given", "未注明日期"],
    restsOnUnstated: ["rests on a holding whose start is not stated: kg counts it, but does not know it held on this date",
      "依赖起始日期未载明的持股：已计入，但不确定此日已持有"],
    hiddenByFilter: ["hidden by a filter", "被筛选隐藏"],
    start: ["from", "起"], end: ["until", "止"], asOf: ["as of", "截至"], conf: ["confidence", "可信度"],
    paths: ["Ownership paths", "持股路径"], lookThrough: ["look-through stake", "穿透持股"],
    noPath: ["no ownership path between these two", "两者之间没有持股路径"], noMatch: ["no entity matches", "没有匹配的实体"],
    showEnded: ["ended", "已结束"], aka: ["also", "别名"], legal: ["legal name", "法定名称"], country: ["country", "国家/地区"],
    founded: ["founded", "成立"], note: ["note", "备注"], statement: ["Statement", "陈述"], added: ["added", "新增"],
    allShown: ["all its neighbours are shown", "相邻实体均已显示"], reversed: ["(no path the other way)", "（反方向无路径）"],
    sumOfPaths: ["sum of the paths found (look-through not precomputed for a graph this large: use kg owners)",
      "所找到路径之和（图过大未预先计算穿透持股，请用 kg owners）"],
    computedAsOf: ["look-through computed as of", "穿透持股计算日期"], truncated: ["more paths exist; the first are shown", "路径过多，仅显示前若干条"],
    notStated: ["not stated", "未披露"], conflict: ["sources disagree", "来源不一致"], pathFrom: ["path from…", "路径起点…"],
    pathTo: ["…to", "…终点"], find: ["find a name (English / 简体 / 繁體)", "查找名称（英文/简体/繁體）"], reset: ["reset", "重置"],
    showAll: ["show all", "显示全部"], pathsBtn: ["Paths", "路径"], clearTitle: ["clear the highlight", "清除高亮"],
    via: ["via", "经由"], latest: ["latest", "最新"], path1: ["path", "条路径"], pathN: ["paths", "条路径"], drawnNote: ["drawn: the selected entities'", "已绘制：所选实体的"],
    allEdges: ["draw every statement (slow on a graph this size)", "绘制全部陈述（此规模较慢）"]
  };
  function t(key) { var v = UI[key]; return v ? v[S.zh ? 1 : 0] : key; }
  function label(id) { var n = byId.get(id); if (!n) return id; return S.zh && n.zh ? n.zh : n.en; }
  function otherName(id) { var n = byId.get(id); if (!n) return ""; return S.zh ? (n.zh ? n.en : "") : (n.zh || ""); }
  function relLabel(p) { var r = REL[p]; return r ? (S.zh ? r.zh : r.en) : p; }
  function clsLabel(k) { var c = CLS[k]; return c ? (S.zh ? c.zh : c.en) : k; }
  function famLabel(f) { var c = FAM[f]; return c ? (S.zh ? c.zh : c.en) : f; }
  function num(x) { return Number(x).toLocaleString("en-US"); }
  function pct(x) { return String(+(+x).toFixed(4)); }
  function range(lo, hi) { return Math.abs(hi - lo) < 1e-9 ? pct(lo) + "%" : pct(lo) + "–" + pct(hi) + "%"; }
  function shareText(e) {
    if (e.share !== undefined) return e.share + "%";
    if (e.share_min !== undefined || e.share_max !== undefined)
      return (e.share_min !== undefined ? e.share_min : "?") + "–" + (e.share_max !== undefined ? e.share_max : "?") + "%";
    return "";
  }
  function stakeText(e) {
    var parts = [shareText(e)];
    if (e.shares !== undefined) parts.push(num(e.shares) + " shares");
    if (e.share_class) parts.push("class " + e.share_class);
    if (e.voting_share !== undefined) parts.push(e.voting_share + "% of votes");
    if (e.amount !== undefined) parts.push(num(e.amount) + (e.currency ? " " + e.currency : ""));
    if (e.role) parts.push(e.role);
    return parts.filter(Boolean).join(" · ");
  }
  function datesText(e) {
    var parts = [];
    if (e.start) parts.push(t("start") + " " + e.start);
    if (e.end) parts.push(t("end") + " " + e.end);
    if (e.as_of) parts.push(t("asOf") + " " + e.as_of);
    if (e.basis) parts.push(e.basis);
    return parts.join(" · ");
  }
  function heldAsOf(stated) {  // kg.dating_text.held_as_of
    if (!stated) return t("unstated") + (S.zh ? "，" : ", ") + t("noDate");
    return S.zh ? "截至" + stated + "持有，" + t("unstated") : "held as of " + stated + ", " + t("unstated");
  }
  function safeUrl(u) {
    try { var x = new URL(String(u)); if (x.protocol === "http:" || x.protocol === "https:") return x.href; } catch (err) { /* not a URL */ }
    return null;
  }
  // what a statement says on day d — the explorer's copy of kg.temporal.status_on (a test checks they agree):
  // "ok" (asserted), "unstated" (held as of a later date, start not stated), "future" (not yet) or "ended"
  function status(e, d) {
    d = d === undefined ? S.asOf : d;
    if (!d) return "ok";
    if (e._e && e._e <= d) return "ended";
    if (e._b && d < e._b) return "future";
    if (e._s) return e._s <= d ? "ok" : "future";
    if (!e._k) return "unstated";
    if (e._k <= d) return "ok";
    return e._b ? "unstated" : "future";
  }
  function el(tag, attrs) {
    var x = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null) return;
      if (k === "text") x.textContent = v;
      else if (k === "class") x.className = v;
      else if (k === "onclick") x.addEventListener("click", v);
      else x.setAttribute(k, v);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === undefined || c === null || c === false) continue;
      x.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return x;
  }
  function clear(x) { while (x.firstChild) x.removeChild(x.firstChild); }
  var statusTimer = null;
  function say(text) {
    var s = document.getElementById("status");
    s.textContent = text;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () { s.textContent = ""; }, 2500);
  }

  // ---- visual encoding (from the ontology) ----------------------------------------------
  function nodeTitle(n) {
    var lines = [n.en];
    if (n.zh && n.zh !== n.en) lines.push(n.zh);
    lines.push(clsLabel(n.kind) + " · id " + n.id);
    if (n.aliases) lines.push("aka " + n.aliases.slice(0, 6).join(", "));
    return lines.join("\n");
  }
  function edgeTitle(e) {
    var lines = [label(e.from) + " — " + relLabel(e.p) + " — " + label(e.to)];
    var st = stakeText(e); if (st) lines.push(st);
    var dt = datesText(e); if (dt) lines.push(dt);
    var s = SRC[e.source];
    lines.push(t("source") + ": " + (s && s.title ? s.title : (e.source || "")) + (e.confidence ? " (" + e.confidence + ")" : ""));
    if (e.evidence) lines.push("“" + e.evidence + "”");
    return lines.join("\n");
  }
  function dashes(f) { var st = (FAM[f] || {}).style; return st === "dashed" ? true : st === "dotted" ? [2, 4] : false; }
  function width(e) {
    if (!(REL[e.p] || {}).stake) return 1;
    var v = e.share !== undefined ? e.share : (e.share_min !== undefined && e.share_max !== undefined ? (e.share_min + e.share_max) / 2 : null);
    return v === null ? 1 : 1 + 8 * Math.sqrt(Math.min(Math.max(v, 0), 100) / 100);
  }
  function nodeItem(n) {
    var c = CLS[n.kind] || {color: "#cccccc", shape: "dot"};
    var it = {id: vn(n.id), label: S.zh && n.zh ? n.zh : n.en, title: nodeTitle(n), color: c.color, shape: c.shape,
              value: Math.sqrt(1 + (deg.get(n.id) || 0)), kind: n.kind};
    if (n.x !== undefined) { it.x = n.x; it.y = n.y; }
    return it;
  }
  var pairCount = new Map();
  function edgeItem(e) {
    var c = (FAM[e.family] || {}).color || "#999999";
    var it = {id: ve(e.id), from: vn(e.from), to: vn(e.to), label: shareText(e) || undefined, title: edgeTitle(e), arrows: "to",
              dashes: dashes(e.family), width: width(e), color: {color: c, highlight: c, hover: c, opacity: 1}};
    if (!M.big) {  // parallel statements between the same two entities: bend them apart
      var key = e.from < e.to ? e.from + "\u0001" + e.to : e.to + "\u0001" + e.from;
      var k = pairCount.get(key) || 0; pairCount.set(key, k + 1);
      if (k > 0) it.smooth = {enabled: true, type: k % 2 ? "curvedCW" : "curvedCCW", roundness: 0.12 * Math.ceil(k / 2)};
    }
    return it;
  }

  // restyle: highlighted paths, dimmed rest, ended statements — only items whose look changes are updated
  var nodeKey = new Map(), edgeKey = new Map();
  function nodeStyleKey(n) { return S.hl ? (S.hl.nodes.has(n.id) ? "h" : (M.big ? "" : "d")) : ""; }
  function edgeStyleKey(e) {
    var k = S.hl ? (S.hl.edges.has(e.id) ? "h" : (M.big ? "" : "d")) : "";
    var st = status(e);
    return st === "unstated" ? k + "u" : st !== "ok" ? k + "e" : k;
  }
  function restyle() {
    var nu = [], eu = [];
    nodeData.forEach(function (n) {
      var k = nodeStyleKey(n);
      if (k === (nodeKey.get(n.id) || "")) return;
      nodeKey.set(n.id, k);
      var c = (CLS[n.kind] || {}).color || "#cccccc";
      if (k === "h") nu.push({id: vn(n.id), color: {background: c, border: HL, highlight: {background: c, border: HL}}, borderWidth: 4,
                              opacity: 1, font: {color: "#000000", bold: true}});
      else if (k === "d") nu.push({id: vn(n.id), color: c, borderWidth: 1, opacity: 0.22, font: {color: "rgba(52,52,52,0.3)"}});
      else nu.push({id: vn(n.id), color: c, borderWidth: 1, opacity: 1, font: {color: FONT}});
    });
    edgeList.forEach(function (e) {
      var k = edgeStyleKey(e);
      if (k === (edgeKey.get(e.id) || "")) return;
      edgeKey.set(e.id, k);
      var c = (FAM[e.family] || {}).color || "#999999";
      if (k.indexOf("e") >= 0) c = ENDED;
      var w = width(e);
      if (k[0] === "h") eu.push({id: ve(e.id), color: {color: HL, highlight: HL, hover: HL, opacity: 1}, width: w + 3, font: {color: "#000000"}});
      else if (k[0] === "d") eu.push({id: ve(e.id), color: {color: c, highlight: c, hover: c, opacity: 0.12}, width: w, font: {color: "rgba(52,52,52,0.25)"}});
      else eu.push({id: ve(e.id), color: {color: c, highlight: c, hover: c, opacity: k === "e" || k === "u" ? 0.7 : 1}, width: w, font: {color: FONT}});
    });
    if (nu.length) nodes.update(nu);
    if (eu.length) edges.update(eu);
  }

  // ---- what is visible ----------------------------------------------------------------
  function edgePasses(e) { var st = status(e); return S.famOn[e.family] !== false && (st === "ok" || st === "unstated" || (st === "ended" && S.showEnded)); }
  function nodeVisible(id) {
    if (S.hl && S.hl.nodes.has(id)) return true;
    var n = byId.get(id);
    return !!n && (!S.shown || S.shown.has(id)) && S.typeOn[n.kind] !== false;
  }
  function edgeVisible(id) {
    var e = edgeById.get(id);
    if (!e) return false;
    if (S.hl && S.hl.edges.has(id)) return true;
    if (!S.allEdges && !S.near.has(e.from) && !S.near.has(e.to)) return false;
    return edgePasses(e) && nodeVisible(e.from) && nodeVisible(e.to);
  }
  function grow(start, depth) {  // the focus' neighbourhood: `depth` links up (its holders) and down (its holdings)
    [[inE, "from"], [outE, "to"]].forEach(function (dir) {
      var frontier = [start];
      for (var level = 0; level < depth && frontier.length; level++) {
        var next = [];
        frontier.forEach(function (id) {
          (dir[0].get(id) || []).forEach(function (e) {
            var o = e[dir[1]];
            if (edgePasses(e) && !S.shown.has(o)) { S.shown.add(o); next.push(o); }
          });
        });
        frontier = next;
      }
    });
  }
  function refresh() {
    nodesView.refresh();
    edgesView.refresh();
    var nv = nodesView.length, ev = edgesView.length, N = nodeData.length, E = edgeList.length;
    document.getElementById("counts").textContent =
      (nv === N ? num(N) : num(nv) + " / " + num(N)) + " " + t("entities") + " · " +
      (S.allEdges ? (ev === E ? num(E) : num(ev) + " / " + num(E)) + " " + t("statements")
                  : num(E) + " " + t("statements") + " (" + num(ev) + " " + t("drawnNote") + ")");
    var ended = 0;
    if (S.asOf) edgeList.forEach(function (e) { if (e._e && status(e) === "ended") ended++; });
    document.getElementById("ended-label").textContent = t("showEnded") + " (" + ended + ")";
  }
  var settling = false;
  function settle() {
    if (!M.physics || nodesView.length > M.physicsLimit) return;
    settling = true;
    network.setOptions({physics: {enabled: true}});
    network.stabilize(150);
  }

  // ---- building the network -----------------------------------------------------------
  performance.mark("kg:indexed");
  initialState();
  nodes = new vis.DataSet(nodeData.map(nodeItem));
  edges = new vis.DataSet(edgeList.map(edgeItem));
  nodesView = new vis.DataView(nodes, {filter: function (it) { return nodeVisible(unv(it.id)); }});
  edgesView = new vis.DataView(edges, {filter: function (it) { return edgeVisible(unv(it.id)); }});
  var container = document.getElementById("graph");
  var options = {
    layout: {randomSeed: 7, improvedLayout: !M.big && nodesView.length <= 150},
    physics: M.physics ? {enabled: true, solver: "forceAtlas2Based", timestep: 0.5,
                          forceAtlas2Based: {gravitationalConstant: -80, centralGravity: 0.012, springLength: 110, springConstant: 0.06, avoidOverlap: 0.4},
                          stabilization: {enabled: true, iterations: 400, updateInterval: 50, fit: true}}
                       : {enabled: false},
    interaction: {hover: !M.big, tooltipDelay: 150, hideEdgesOnDrag: M.big, hideEdgesOnZoom: M.big, keyboard: false, multiselect: false},
    nodes: {borderWidth: 1, font: {size: 14, color: FONT, strokeWidth: 3, strokeColor: "#ffffff"},
            scaling: {min: 8, max: 36, label: {enabled: true, min: 16, max: 44, maxVisible: 30, drawThreshold: 6}}},
    edges: {arrows: {to: {enabled: true, scaleFactor: 0.5}}, font: {size: 10, align: "middle", strokeWidth: 3, color: FONT},
            smooth: M.big ? false : {enabled: true, type: "continuous", roundness: 0.2}, selectionWidth: 2, hoverWidth: 0.5}
  };
  restyle();
  performance.mark("kg:datasets");
  network = new vis.Network(container, {nodes: nodesView, edges: edgesView}, options);
  performance.mark("kg:network");
  var first = true;
  network.on("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    if (first) { first = false; ready(); }
    settling = false;
  });
  if (!M.physics) network.once("afterDrawing", function () { ready(); });
  function ready() {
    if (window.kgReady) return;
    if (M.focus && byId.has(M.focus)) { network.selectNodes([vn(M.focus)]); openNode(M.focus); }
    network.fit();
    performance.mark("kg:ready");
    window.kgReady = true;
  }

  // ---- the side panel -----------------------------------------------------------------
  var panel = document.getElementById("panel"), body = document.getElementById("panel-body");
  var mainBox = document.getElementById("main");
  function setPanel(open) {  // the graph gives the panel its room instead of hiding under it
    if (panel.hidden === !open) return;
    panel.hidden = !open;
    mainBox.classList.toggle("with-panel", open);
    if (!open) S.panel = null;
    network.setSize("100%", "100%");
    network.redraw();
  }
  function show(kind, arg) {
    S.panel = {kind: kind, arg: arg};
    clear(body);
    setPanel(true);
    if (kind === "node") renderNode(arg);
    else if (kind === "edge") renderEdge(arg);
    else if (kind === "paths") renderPaths(arg);
    panel.scrollTop = 0;
  }
  function rerender() { if (S.panel && !panel.hidden) { var top = panel.scrollTop; show(S.panel.kind, S.panel.arg); panel.scrollTop = top; } }
  function openNode(id) { show("node", id); }
  function entButton(id, bold) {
    return el("button", {type: "button", class: "ent" + (bold ? " self" : ""), "data-id": id, text: label(id),
                         onclick: function () { focusNode(id); }});
  }
  function swatch(kind) {
    var c = CLS[kind] || {color: "#ccc", shape: "dot"};
    return shapeSvg(c.shape, c.color);
  }
  function renderNode(id) {
    var n = byId.get(id);
    if (!n) return;
    body.appendChild(el("h2", {text: label(id)}));
    var alt = otherName(id);
    if (alt) body.appendChild(el("div", {class: "sub", text: alt}));
    body.appendChild(el("div", {class: "kind"}, swatch(n.kind), clsLabel(n.kind) + " · id " + id));
    var info = el("div", {class: "info"});
    if (n.aliases) info.appendChild(el("div", null, t("aka") + ": " + n.aliases.join(", ")));
    var I = n.info || {};
    if (I.legal_name) info.appendChild(el("div", null, t("legal") + ": " + I.legal_name));
    if (I.country || I.founded) info.appendChild(el("div", null, [I.country ? t("country") + ": " + I.country : "", I.founded ? t("founded") + ": " + I.founded : ""].filter(Boolean).join(" · ")));
    if (I.description) info.appendChild(el("div", null, I.description));
    if (I.note) info.appendChild(el("div", {class: "sub"}, t("note") + ": " + I.note));
    if (I.source) info.appendChild(el("div", {class: "sub"}, t("source") + ": ", sourceLink(I.source)));
    body.appendChild(info);
    body.appendChild(el("div", {class: "actions"},
      el("button", {type: "button", id: "act-expand", text: t("expand"), onclick: function () { expand(id); }}),
      el("button", {type: "button", id: "act-from", text: t("from"), onclick: function () { setEnd("from", id); }}),
      el("button", {type: "button", id: "act-to", text: t("to"), onclick: function () { setEnd("to", id); }})));
    var outs = (outE.get(id) || []).slice(), ins = (inE.get(id) || []).slice();
    body.appendChild(el("h3", {text: t("statementsH") + " (" + (outs.length + ins.length) + ")"}));
    [[outs, "out", "to"], [ins, "in", "from"]].forEach(function (g) {
      if (!g[0].length) return;
      g[0].sort(function (a, b) {
        return famRank(a.family) - famRank(b.family) || cmp(a.family, b.family) || cmp(a.p, b.p) || cmp(label(a[g[2]]), label(b[g[2]])) || cmp(a._s || "", b._s || "") || cmp(a.id, b.id);
      });
      body.appendChild(el("h3", {text: (g[1] === "out" ? "→ " : "← ") + t(g[1]) + " (" + g[0].length + ")"}));
      g[0].forEach(function (e) { body.appendChild(card(e, id)); });
    });
  }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
  var FAM_ORDER = ["ownership", "control", "investment", "affiliation"];
  function famRank(f) { var i = FAM_ORDER.indexOf(f); return i < 0 ? FAM_ORDER.length : i; }
  function sourceLink(sid) {
    var s = SRC[sid] || {};
    var title = s.title || sid || "";
    var href = s.url ? safeUrl(s.url) : null;
    if (href) return el("a", {class: "src", href: href, target: "_blank", rel: "noopener noreferrer", text: title});
    return el("span", {class: "src", text: title + (s.url ? " (" + s.url + ")" : "")});
  }
  function card(e, self) {
    var st = status(e);
    var fc = (FAM[e.family] || {}).color || "#999", fs = (FAM[e.family] || {}).style || "solid";
    var box = el("div", {class: "st " + st, "data-edge": e.id});
    box.style.borderLeftColor = fc;
    box.style.borderLeftStyle = fs === "dotted" ? "dotted" : fs === "dashed" ? "dashed" : "solid";
    var head = el("div", {class: "line"},
      e.from === self ? el("span", {class: "self", text: label(e.from)}) : entButton(e.from),
      el("span", {class: "rel", text: relLabel(e.p)}),
      e.to === self ? el("span", {class: "self", text: label(e.to)}) : entButton(e.to));
    if (st === "unstated") head.appendChild(el("span", {class: "badge unstated", text: heldAsOf(e._stated)}));
    else if (st !== "ok") head.appendChild(el("span", {class: "badge " + st, text: t(st)}));
    else if (!edgeVisible(e.id)) head.appendChild(el("span", {class: "badge", text: t("hiddenByFilter")}));
    box.appendChild(head);
    var sk = stakeText(e);
    if (sk) box.appendChild(el("div", {class: "line stake", text: sk}));
    var dt = datesText(e);
    if (dt) box.appendChild(el("div", {class: "line dates", text: dt}));
    var src = el("div", {class: "line"}, t("source") + ": ", sourceLink(e.source));
    var s = SRC[e.source] || {};
    var sm = [s.publisher, s.published].filter(Boolean).join(", ");
    if (sm) src.appendChild(el("span", {class: "src-meta", text: " — " + sm}));
    if (e.confidence) src.appendChild(el("span", {class: "conf", text: " · " + t("conf") + " " + e.confidence}));
    box.appendChild(src);
    if (e.evidence) box.appendChild(el("div", {class: "line ev", text: "“" + e.evidence + "”"}));
    if (e.note) box.appendChild(el("div", {class: "line note", text: e.note}));
    return box;
  }
  function renderEdge(id) {
    var e = edgeById.get(id);
    if (!e) return;
    body.appendChild(el("h2", {text: t("statement") + ": " + relLabel(e.p)}));
    body.appendChild(el("div", {class: "sub", text: famLabel(e.family) + " · " + e.id}));
    body.appendChild(card(e, null));
  }

  // ---- search (either Chinese script) ---------------------------------------------------
  function norm(q) {
    var s = String(q).normalize("NFKC").toLowerCase(), out = "";
    for (var ch of s) out += T2S[ch] || ch;
    return out.replace(DROP, "");
  }
  function search(q, limit) {
    var k = norm(q);
    if (!k) return [];
    var hits = [];
    nodeData.forEach(function (n) {
      var best = 0, len = 0;
      n.keys.forEach(function (key) {
        var s = key === k ? 3 : key.startsWith(k) ? 2 : key.indexOf(k) >= 0 ? 1 : 0;
        if (s > best || (s && s === best && key.length < len)) { best = s; len = key.length; }
      });
      if (best) hits.push([best, len, n.id]);
    });
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1] || cmp(a[2], b[2]); });
    return hits.slice(0, limit || 10).map(function (h) { return h[2]; });
  }
  function resolve(text) {
    var v = String(text || "").trim();
    if (!v) return null;
    if (byId.has(v)) return v;
    var hits = search(v, 1);
    return hits.length ? hits[0] : null;
  }
  var q = document.getElementById("q"), hitsBox = document.getElementById("hits"), active = -1;
  function showHits() {
    clear(hitsBox);
    active = -1;
    var ids = search(q.value, 8);
    if (!q.value.trim()) { hitsBox.hidden = true; return; }
    if (!ids.length) { hitsBox.appendChild(el("button", {type: "button", disabled: "disabled", text: t("noMatch")})); hitsBox.hidden = false; return; }
    ids.forEach(function (id) {
      var n = byId.get(id);
      hitsBox.appendChild(el("button", {type: "button", role: "option", "data-id": id,
                                        onclick: function () { pick(id); }},
        label(id), el("span", {class: "sub", text: [otherName(id), clsLabel(n.kind)].filter(Boolean).join(" · ")})));
    });
    hitsBox.hidden = false;
  }
  function pick(id) { hitsBox.hidden = true; focusNode(id); }
  q.addEventListener("input", showHits);
  q.addEventListener("keydown", function (ev) {
    var buttons = hitsBox.querySelectorAll("button[data-id]");
    if (ev.key === "Enter") {
      ev.preventDefault();
      var id = active >= 0 && buttons[active] ? buttons[active].getAttribute("data-id") : resolve(q.value);
      if (id) pick(id); else say(t("noMatch") + " “" + q.value + "”");
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!buttons.length) return;
      active = (active + (ev.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length;
      buttons.forEach(function (b, i) { b.classList.toggle("active", i === active); });
    } else if (ev.key === "Escape") { hitsBox.hidden = true; }
  });
  document.addEventListener("click", function (ev) { if (!ev.target.closest || !ev.target.closest(".search")) hitsBox.hidden = true; });

  function focusNode(id) {
    if (!byId.has(id)) return;
    var n = byId.get(id), changed = false;
    if (S.typeOn[n.kind] === false) { S.typeOn[n.kind] = true; changed = true; buildLegend(); }
    if (S.shown && !S.shown.has(id)) { S.shown.add(id); addAround(null, neighbours(id)); changed = true; }
    if (!S.allEdges) { S.near = new Set([id]); changed = true; }
    if (changed) { refresh(); settle(); }
    network.selectNodes([vn(id)]);
    network.focus(vn(id), {scale: Math.max(network.getScale(), M.big ? 1.0 : 0.9), animation: {duration: 350, easingFunction: "easeInOutQuad"}});
    S.selected = id;
    openNode(id);
  }
  function neighbours(id) {
    var out = [];
    (outE.get(id) || []).forEach(function (e) { if (edgePasses(e)) out.push(e.to); });
    (inE.get(id) || []).forEach(function (e) { if (edgePasses(e)) out.push(e.from); });
    return out;
  }
  function addAround(center, ids) {  // show ids, placed on a circle around center (or around the newcomer)
    var fresh = [];
    ids.forEach(function (o) { if (S.shown && !S.shown.has(o) && fresh.indexOf(o) < 0) fresh.push(o); });
    if (!fresh.length) return 0;
    var pos = center && network ? network.getPositions([vn(center)])[vn(center)] : null;
    fresh.forEach(function (o, i) {
      S.shown.add(o);
      if (pos) {
        var a = 2 * Math.PI * i / fresh.length, r = 140 + 6 * fresh.length;
        nodes.update({id: vn(o), x: pos.x + r * Math.cos(a), y: pos.y + r * Math.sin(a)});
      }
    });
    return fresh.length;
  }
  function expand(id) {
    if (!S.shown) {  // the whole graph is on screen: draw its statements and zoom to the neighbourhood
      if (!S.allEdges) { S.near.add(id); refresh(); }
      network.fit({nodes: [id].concat(neighbours(id).filter(nodeVisible)).map(vn), animation: {duration: 350}});
      say(t("allShown"));
      return 0;
    }
    var added = addAround(id, neighbours(id));
    if (added) { refresh(); settle(); say(t("added") + " " + added + " · " + label(id)); }
    else say(t("allShown"));
    return added;
  }

  // ---- ownership paths with look-through stakes --------------------------------------------
  function snapshot() {
    if (!own) return null;
    var key = own.before;
    if (S.asOf) own.bps.forEach(function (b) { if (b <= S.asOf) key = b; });
    var snap = own.snaps[key];
    if (!snap._out) {
      snap._out = new Map(); snap._in = new Map(); snap._lt = new Map();
      var ul = new Set(snap.ul || []), ult = new Set(snap.ult || []);
      snap.links.forEach(function (l, i) {
        var link = {from: l[0], to: l[1], lo: l[2], hi: l[3], flag: l[4], edges: l[5], unstated: ul.has(i)};
        push(snap._out, link.from, link); push(snap._in, link.to, link);
      });
      snap.lt.forEach(function (r, i) { snap._lt.set(r[0] + "\u0001" + r[1], [r[2], r[3], ult.has(i) ? 1 : 0]); });
    }
    snap._key = key;
    return snap;
  }
  function fallbackLinks() {  // large graphs: economic statements visible on the date, stakes as stated
    var byPair = new Map(), outL = new Map(), inL = new Map();
    edgeList.forEach(function (e) {
      var st = status(e);
      if (!(REL[e.p] || {}).econ || (st !== "ok" && st !== "unstated")) return;
      var lo, hi, flag = 0;
      if (e.share !== undefined) { lo = hi = e.share; }
      else if (e.share_min !== undefined || e.share_max !== undefined) { lo = e.share_min || 0; hi = e.share_max !== undefined ? e.share_max : 100; }
      else { lo = 0; hi = 100; flag = 1; }
      var key = e.from + "\u0001" + e.to, l = byPair.get(key);
      if (!l) { l = {from: e.from, to: e.to, lo: lo, hi: hi, flag: flag, edges: [], unstated: true}; byPair.set(key, l); push(outL, e.from, l); push(inL, e.to, l); }
      else { if (l.flag === 1 && !flag) { l.lo = lo; l.hi = hi; l.flag = 0; } else if (!flag) { l.lo = Math.min(l.lo, lo); l.hi = Math.max(l.hi, hi); } }
      l.edges.push(e.id);
      if (st === "ok") l.unstated = false;  // as in kg.ownership.Link.status: flagged when no statement is asserted
    });
    return {_out: outL, _in: inL, _lt: null};
  }
  function simplePaths(snap, a, b) {
    var reach = new Set([b]), todo = [b];
    while (todo.length) {
      (snap._in.get(todo.pop()) || []).forEach(function (l) { if (!reach.has(l.from)) { reach.add(l.from); todo.push(l.from); } });
    }
    var found = [], truncated = false, onPath = new Set([a]), stack = [];
    if (!reach.has(a)) return {paths: found, truncated: false};
    (function dfs(x) {
      if (found.length >= MAX_PATHS) { truncated = true; return; }
      if (stack.length >= MAX_HOPS) { truncated = true; return; }
      var outs = (snap._out.get(x) || []).slice().sort(function (p, r) { return cmp(p.to, r.to); });
      for (var i = 0; i < outs.length; i++) {
        var l = outs[i];
        if (!reach.has(l.to) || onPath.has(l.to)) continue;
        stack.push(l);
        if (l.to === b) found.push(stack.slice());
        else { onPath.add(l.to); dfs(l.to); onPath.delete(l.to); }
        stack.pop();
        if (found.length >= MAX_PATHS) { truncated = true; return; }
      }
    })(a);
    found.sort(function (p, r) { return p.length - r.length || cmp(p.map(function (l) { return label(l.to); }).join("|"), r.map(function (l) { return label(l.to); }).join("|")); });
    return {paths: found, truncated: truncated};
  }
  function showPaths(a, b) {
    if (!a || !b || a === b || !byId.has(a) || !byId.has(b)) return null;
    var snap = snapshot() || fallbackLinks();
    var res = simplePaths(snap, a, b), reversed = false;
    if (!res.paths.length) { var back = simplePaths(snap, b, a); if (back.paths.length) { res = back; reversed = true; var x = a; a = b; b = x; } }
    var hlNodes = new Set([a, b]), hlEdges = new Set();
    res.paths.forEach(function (p) { p.forEach(function (l) { hlNodes.add(l.from); hlNodes.add(l.to); l.edges.forEach(function (id) { hlEdges.add(id); }); }); });
    var stake = null, exact = !!snap._lt;
    var pre = snap._lt ? snap._lt.get(a + "\u0001" + b) : null;
    if (snap._lt) { stake = pre ? [pre[0], pre[1]] : (res.paths.length ? null : [0, 0]); }
    if (!stake && res.paths.length) {  // not precomputed: the sum of the path products found
      var lo = 0, hi = 0;
      res.paths.forEach(function (p) {
        var pl = 1, ph = 1;
        p.forEach(function (l) { pl *= l.lo / 100; ph *= l.hi / 100; });
        lo += pl; hi += ph;
      });
      stake = [Math.min(lo, 1) * 100, Math.min(hi, 1) * 100]; exact = false;
    }
    var unstated = pre ? !!pre[2] : res.paths.some(function (p) { return p.some(function (l) { return l.unstated; }); });
    var result = {from: a, to: b, reversed: reversed, paths: res.paths, truncated: res.truncated, stake: stake, exact: exact, unstated: unstated,
                  snapKey: snap._key || null, nodes: Array.from(hlNodes), edges: Array.from(hlEdges)};
    S.hl = {nodes: hlNodes, edges: hlEdges, result: result};
    if (S.shown) hlNodes.forEach(function (id) { S.shown.add(id); });
    restyle(); refresh();
    show("paths", result);
    network.fit({nodes: result.nodes.map(vn), maxZoomLevel: 1.1, animation: {duration: 400}});
    window.kgPaths = result;
    return result;
  }
  function clearPaths() {
    S.hl = null; window.kgPaths = null;
    restyle(); refresh();
    if (S.panel && S.panel.kind === "paths") setPanel(false);
  }
  function renderPaths(r) {
    body.appendChild(el("h2", {text: t("paths")}));
    body.appendChild(el("div", {class: "line"}, entButton(r.from), " → ", entButton(r.to), r.reversed ? " " + t("reversed") : ""));
    if (!r.paths.length) { body.appendChild(el("p", {text: t("noPath") + (S.asOf ? " (" + t("asOf") + " " + S.asOf + ")" : "")})); return; }
    if (r.stake) {
      body.appendChild(el("div", {class: "lt", id: "lookthrough", text: t("lookThrough") + ": " + range(r.stake[0], r.stake[1]) + (r.unstated ? " *" : "")}));
      if (r.unstated) body.appendChild(el("div", {class: "sub", id: "lt-unstated", text: "* " + t("restsOnUnstated")}));
    }
    var notes = [];
    if (S.asOf) notes.push(t("asOf") + " " + S.asOf);
    if (!r.exact) notes.push(t("sumOfPaths"));
    else if (own && own.only && own.asOf !== S.asOf) notes.push(t("computedAsOf") + " " + own.asOf);
    notes.push(r.paths.length + " " + t(r.paths.length === 1 ? "path1" : "pathN"));
    if (r.truncated) notes.push(t("truncated"));
    body.appendChild(el("div", {class: "sub", text: notes.join(" · ")}));
    r.paths.forEach(function (p, i) {
      var box = el("div", {class: "path", "data-path": String(i)});
      var chain = el("div", {class: "line"});
      chain.appendChild(entButton(p[0].from));
      p.forEach(function (l) { chain.appendChild(document.createTextNode(" → ")); chain.appendChild(entButton(l.to)); });
      box.appendChild(chain);
      var lo = 1, hi = 1;
      p.forEach(function (l) { lo *= l.lo / 100; hi *= l.hi / 100; });
      box.appendChild(el("div", {class: "line stake", text: p.map(function (l) { return range(l.lo, l.hi); }).join(" × ") + " = " + range(lo * 100, hi * 100)}));
      p.forEach(function (l) {
        var hop = el("div", {class: "hop"}, label(l.from) + " → " + label(l.to) + ": " + range(l.lo, l.hi));
        if (l.flag === 1) hop.appendChild(el("span", {class: "badge", text: t("notStated")}));
        if (l.flag === 2) hop.appendChild(el("span", {class: "badge", text: t("conflict")}));
        if (l.unstated) hop.appendChild(el("span", {class: "badge unstated", text: t("unstated")}));
        var rels = [], srcs = [];
        l.edges.forEach(function (id) {
          var e = edgeById.get(id);
          if (!e) return;
          if (rels.indexOf(e.p) < 0) rels.push(e.p);
          if (e.source && srcs.indexOf(e.source) < 0) srcs.push(e.source);
        });
        if (rels.length) hop.appendChild(document.createTextNode(" · " + rels.map(relLabel).join(", ")));
        srcs.forEach(function (sid) { hop.appendChild(document.createTextNode(" · ")); hop.appendChild(sourceLink(sid)); });
        box.appendChild(hop);
      });
      body.appendChild(box);
    });
  }
  var fromIn = document.getElementById("from"), toIn = document.getElementById("to");
  function setEnd(which, id) {
    var input = which === "from" ? fromIn : toIn;
    input.value = label(id);
    input.setAttribute("data-id", id);
    if (fromIn.value && toIn.value) runPaths();
  }
  [fromIn, toIn].forEach(function (input) {
    input.addEventListener("input", function () { input.removeAttribute("data-id"); });
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); runPaths(); } });
  });
  function runPaths() {
    var a = fromIn.getAttribute("data-id") || resolve(fromIn.value), b = toIn.getAttribute("data-id") || resolve(toIn.value);
    if (!a) { say(t("noMatch") + " “" + fromIn.value + "”"); return null; }
    if (!b) { say(t("noMatch") + " “" + toIn.value + "”"); return null; }
    fromIn.value = label(a); toIn.value = label(b);
    fromIn.setAttribute("data-id", a); toIn.setAttribute("data-id", b);
    return showPaths(a, b);
  }
  document.getElementById("paths").addEventListener("click", runPaths);
  document.getElementById("clear").addEventListener("click", function () {
    fromIn.value = ""; toIn.value = ""; fromIn.removeAttribute("data-id"); toIn.removeAttribute("data-id"); clearPaths();
  });

  // ---- legend = filters -----------------------------------------------------------------
  function shapeSvg(shape, color) {
    var s = document.createElementNS(SVG, "svg");
    s.setAttribute("width", "14"); s.setAttribute("height", "14"); s.setAttribute("viewBox", "0 0 14 14");
    var shp, pts = {
      diamond: "7,1 13,7 7,13 1,7", triangle: "7,1 13,12.5 1,12.5", triangleDown: "1,1.5 13,1.5 7,13",
      star: "7,0.5 8.8,5 13.5,5.2 9.8,8.2 11.1,13 7,10.3 2.9,13 4.2,8.2 0.5,5.2 5.2,5", hexagon: "3.5,1 10.5,1 13.5,7 10.5,13 3.5,13 0.5,7"
    };
    if (pts[shape]) { shp = document.createElementNS(SVG, "polygon"); shp.setAttribute("points", pts[shape]); }
    else if (shape === "square" || shape === "box") {
      shp = document.createElementNS(SVG, "rect");
      shp.setAttribute("x", "1.5"); shp.setAttribute("y", shape === "box" ? "3" : "1.5");
      shp.setAttribute("width", "11"); shp.setAttribute("height", shape === "box" ? "8" : "11"); shp.setAttribute("rx", shape === "box" ? "2" : "0");
    } else if (shape === "ellipse") {
      shp = document.createElementNS(SVG, "ellipse");
      shp.setAttribute("cx", "7"); shp.setAttribute("cy", "7"); shp.setAttribute("rx", "6.5"); shp.setAttribute("ry", "4.5");
    } else {
      shp = document.createElementNS(SVG, "circle");
      shp.setAttribute("cx", "7"); shp.setAttribute("cy", "7"); shp.setAttribute("r", "5.5");
    }
    shp.setAttribute("fill", color); shp.setAttribute("stroke", "rgba(0,0,0,.35)"); shp.setAttribute("stroke-width", "0.8");
    s.appendChild(shp);
    return s;
  }
  function lineSvg(style, color) {
    var s = document.createElementNS(SVG, "svg");
    s.setAttribute("width", "26"); s.setAttribute("height", "10"); s.setAttribute("viewBox", "0 0 26 10");
    var l = document.createElementNS(SVG, "line");
    l.setAttribute("x1", "1"); l.setAttribute("y1", "5"); l.setAttribute("x2", "25"); l.setAttribute("y2", "5");
    l.setAttribute("stroke", color); l.setAttribute("stroke-width", "2.5");
    if (style === "dashed") l.setAttribute("stroke-dasharray", "5,3");
    if (style === "dotted") l.setAttribute("stroke-dasharray", "2,3");
    s.appendChild(l);
    return s;
  }
  var legend = document.getElementById("legend");
  function buildLegend() {
    clear(legend);
    legend.appendChild(el("h2", {text: t("types")}));
    Object.keys(CLS).sort(function (a, b) { return CLS[b].count - CLS[a].count || cmp(a, b); }).forEach(function (k) {
      var box = el("input", {type: "checkbox", "data-type": k});
      box.checked = S.typeOn[k] !== false;
      box.addEventListener("change", function () { S.typeOn[k] = box.checked; refresh(); });
      legend.appendChild(el("label", null, box, shapeSvg(CLS[k].shape, CLS[k].color), clsLabel(k), el("span", {class: "n", text: String(CLS[k].count)})));
    });
    legend.appendChild(el("h2", {text: t("relations")}));
    Object.keys(FAM).sort(function (a, b) { return famRank(a) - famRank(b) || cmp(a, b); }).forEach(function (f) {
      var box = el("input", {type: "checkbox", "data-family": f});
      box.checked = S.famOn[f] !== false;
      box.addEventListener("change", function () { S.famOn[f] = box.checked; refresh(); });
      legend.appendChild(el("label", null, box, lineSvg(FAM[f].style, FAM[f].color), famLabel(f), el("span", {class: "n", text: String(FAM[f].count)})));
    });
    legend.appendChild(el("div", {class: "note", text: t("widthNote")}));
    if (M.big) {
      var all = el("input", {type: "checkbox", id: "all-edges"});
      all.checked = S.allEdges;
      all.addEventListener("change", function () { S.allEdges = all.checked; refresh(); });
      legend.appendChild(el("label", {class: "note"}, all, t("allEdges")));
    }
  }

  // ---- toolbar ----------------------------------------------------------------------------
  var asof = document.getElementById("asof"), endedBox = document.getElementById("ended");
  function buildDates() {
    clear(asof);
    if (!M.dates.length) { document.getElementById("date-group").hidden = true; return; }
    M.dates.slice().reverse().forEach(function (d) {
      var o = el("option", {value: d, text: d + (d === M.latest ? " (" + t("latest") + ")" : "")});
      if (d === S.asOf) o.selected = true;
      asof.appendChild(o);
    });
  }
  function setAsOf(d) {
    S.asOf = d; asof.value = d;
    restyle(); refresh();
    if (S.hl && S.hl.result) showPaths(S.hl.result.from, S.hl.result.to); else rerender();
  }
  function setEnded(on) { S.showEnded = !!on; endedBox.checked = S.showEnded; refresh(); rerender(); }
  asof.addEventListener("change", function () { setAsOf(asof.value); });
  endedBox.addEventListener("change", function () { setEnded(endedBox.checked); });
  var zhBox = document.getElementById("zh");
  function applyLanguage() {
    nodes.update(nodeData.map(function (n) { return {id: vn(n.id), label: S.zh && n.zh ? n.zh : n.en, title: nodeTitle(n)}; }));
    q.placeholder = t("find"); fromIn.placeholder = t("pathFrom"); toIn.placeholder = t("pathTo");
    document.getElementById("paths").textContent = t("pathsBtn");
    document.getElementById("reset").textContent = t("reset");
    document.getElementById("showall").textContent = t("showAll");
    document.getElementById("clear").title = t("clearTitle");
    document.getElementById("asof-label").textContent = t("asOf");
    buildDates(); buildLegend(); refresh(); rerender();
  }
  zhBox.addEventListener("change", function () { S.zh = zhBox.checked; applyLanguage(); });
  var showAll = document.getElementById("showall");
  showAll.hidden = !(M.focus && nodeData.length <= M.physicsLimit);
  showAll.addEventListener("click", function () { S.shown = null; refresh(); settle(); network.fit(); });
  document.getElementById("reset").addEventListener("click", function () {
    var zh = S.zh;
    initialState(); S.zh = zh;
    endedBox.checked = false; buildDates(); clearPaths(); buildLegend(); refresh();
    setPanel(false); network.unselectAll();
    if (M.focus) { settle(); network.selectNodes([vn(M.focus)]); openNode(M.focus); }
    network.fit();
  });
  document.getElementById("close").addEventListener("click", function () { setPanel(false); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && ev.target === document.body) setPanel(false); });

  network.on("click", function (p) {
    if (p.nodes.length) {
      var id = unv(p.nodes[0]);
      S.selected = id;
      if (!S.allEdges) { S.near = new Set([id]); refresh(); }
      openNode(id);
    }
    else if (p.edges.length) show("edge", unv(p.edges[0]));
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) expand(unv(p.nodes[0])); });

  zhBox.checked = S.zh;
  if (S.zh) applyLanguage();
  buildDates(); buildLegend(); refresh();

  window.kgx = {state: S, busy: function () { return settling || !window.kgReady; }, search: search, resolve: resolve, focusNode: focusNode, openNode: openNode, expand: expand,
                paths: showPaths, clearPaths: clearPaths, setAsOf: setAsOf, setEnded: setEnded, norm: norm,
                status: function (id, d) { return status(edgeById.get(id), d); },
                visibleNodes: function () { return nodesView.getIds().map(unv); }, visibleEdges: function () { return edgesView.getIds().map(unv); },
                // the vis-network items and positions of entities and statements, by their kg ids
                node: function (id) { return nodes.get(vn(id)); }, edge: function (id) { return edges.get(ve(id)); },
                canvasPosition: function (id) { return network.getPositions([vn(id)])[vn(id)]; },
                position: function (id) { return network.canvasToDOM(network.getPositions([vn(id)])[vn(id)]); },
                selected: function () { return network.getSelectedNodes().map(unv); }};
})();
