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
