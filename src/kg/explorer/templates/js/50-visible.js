  // ---- what is visible ----------------------------------------------------------------
  function edgePasses(e) { return statementPasses(status(e), e.family, S); }
  function nodeVisible(id) {
    if (S.hl && S.hl.nodes.has(id)) return true;
    var n = byId.get(id);
    return !!n && entityPasses(n, S);
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
    if (S.asOf) edgeList.forEach(function (e) { if (e.dt.end && status(e) === "ended") ended++; });
    document.getElementById("ended-label").textContent = t("showEnded") + " (" + ended + ")";
  }
  var settling = false;
  function settle() {
    if (!M.physics || nodesView.length > M.physicsLimit) return;
    settling = true;
    network.setOptions({physics: {enabled: true}});
    network.stabilize(150);
  }
