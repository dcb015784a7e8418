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
    orderFamilies(Object.keys(FAM), M.familyOrder).forEach(function (f) {
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
