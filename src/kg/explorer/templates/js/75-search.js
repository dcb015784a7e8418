  // ---- search (either Chinese script) ---------------------------------------------------
  function norm(q) { return normalizeQuery(q, T2S, DROP); }
  function search(q, limit) { return matchIds(nodeData, norm(q), limit); }
  function resolve(text) {
    var v = String(text || "").trim();
    if (!v) return null;
    if (byId.has(v)) return v;
    var hits = search(v, 1);
    return hits.length ? hits[0] : null;
  }
  var q = document.getElementById("q"), hitsBox = document.getElementById("hits");
  function showHits() {
    clear(hitsBox);
    S.hit = -1;
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
      var id = S.hit >= 0 && buttons[S.hit] ? buttons[S.hit].getAttribute("data-id") : resolve(q.value);
      if (id) pick(id); else say(t("noMatch") + " “" + q.value + "”");
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (!buttons.length) return;
      S.hit = (S.hit + (ev.key === "ArrowDown" ? 1 : buttons.length - 1)) % buttons.length;
      buttons.forEach(function (b, i) { b.classList.toggle("active", i === S.hit); });
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
