  network.on("click", function (p) {
    if (p.nodes.length) {
      var id = unv(p.nodes[0]);
      if (!S.allEdges) { S.near = new Set([id]); refresh(); }
      openNode(id);
    }
    else if (p.edges.length) show("edge", unv(p.edges[0]));
  });
  network.on("doubleClick", function (p) { if (p.nodes.length) expand(unv(p.nodes[0])); });

  syncControls();
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
                selected: function () { return network.getSelectedNodes().map(unv); },
                // the pure parts, for tests: data in, data out
                pure: {day: day, dated: dated, statusOn: statusOn, familyRank: familyRank, orderFamilies: orderFamilies,
                       normalizeQuery: normalizeQuery, matchIds: matchIds, statementPasses: statementPasses, entityPasses: entityPasses}};
