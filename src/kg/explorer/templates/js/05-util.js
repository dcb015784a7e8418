  // ---- ids and shared helpers -----------------------------------------------------------
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
  function push(map, k, v) { var a = map.get(k); if (a) a.push(v); else map.set(k, [v]); }
  function cmp(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
