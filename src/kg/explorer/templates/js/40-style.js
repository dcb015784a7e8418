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
