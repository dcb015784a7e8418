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
  network.on("stabilizationIterationsDone", function () {
    network.setOptions({physics: {enabled: false}});
    ready();  // once: ready() returns at once when the page is ready
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
