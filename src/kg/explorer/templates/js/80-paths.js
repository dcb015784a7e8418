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
    return result;
  }
  function clearPaths() {
    S.hl = null;
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
    S.ends[which] = id;
    if (fromIn.value && toIn.value) runPaths();
  }
  [[fromIn, "from"], [toIn, "to"]].forEach(function (box) {
    var input = box[0];
    input.addEventListener("input", function () { S.ends[box[1]] = null; });
    input.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { ev.preventDefault(); runPaths(); } });
  });
  function runPaths() {
    var a = S.ends.from || resolve(fromIn.value), b = S.ends.to || resolve(toIn.value);
    if (!a) { say(t("noMatch") + " “" + fromIn.value + "”"); return null; }
    if (!b) { say(t("noMatch") + " “" + toIn.value + "”"); return null; }
    fromIn.value = label(a); toIn.value = label(b);
    S.ends = {from: a, to: b};
    return showPaths(a, b);
  }
  document.getElementById("paths").addEventListener("click", runPaths);
  document.getElementById("clear").addEventListener("click", function () {
    fromIn.value = ""; toIn.value = ""; S.ends = {from: null, to: null}; clearPaths();
  });
