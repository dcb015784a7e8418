  // ---- indexes ------------------------------------------------------------------------
  var byId = new Map(), edgeById = new Map(), outE = new Map(), inE = new Map(), deg = new Map();
  nodeData.forEach(function (n) { if (n.en === undefined) n.en = n.label; byId.set(n.id, n); });
  // statements arrive as [subject, object, key, attributes]
  var famRank = familyRank(M.familyOrder);
  var edgeList = edgeData.map(function (r) {
    var e = Object.assign({}, r[3]);
    e.id = r[2]; e.from = r[0]; e.to = r[1]; e.p = e.predicate;
    return e;
  });
  function founded(id) { var n = byId.get(id); return n && n.info ? n.info.founded : null; }
  edgeList.forEach(function (e) {
    e.family = (REL[e.p] || {}).family || "";
    e.dt = dated(e, (SRC[e.source] || {}).published, founded(e.from), founded(e.to));  // once: status runs per statement
    edgeById.set(e.id, e);
    push(outE, e.from, e); push(inE, e.to, e);
    deg.set(e.from, (deg.get(e.from) || 0) + 1); deg.set(e.to, (deg.get(e.to) || 0) + 1);
  });
