  // ---- the side panel -----------------------------------------------------------------
  var panel = document.getElementById("panel"), body = document.getElementById("panel-body");
  var mainBox = document.getElementById("main");
  function setPanel(open) {  // the graph gives the panel its room instead of hiding under it
    if (panel.hidden === !open) return;
    panel.hidden = !open;
    mainBox.classList.toggle("with-panel", open);
    if (!open) S.panel = null;
    network.setSize("100%", "100%");
    network.redraw();
  }
  function show(kind, arg) {
    S.panel = {kind: kind, arg: arg};
    clear(body);
    setPanel(true);
    if (kind === "node") renderNode(arg);
    else if (kind === "edge") renderEdge(arg);
    else if (kind === "paths") renderPaths(arg);
    panel.scrollTop = 0;
  }
  function rerender() { if (S.panel) { var top = panel.scrollTop; show(S.panel.kind, S.panel.arg); panel.scrollTop = top; } }
  function openNode(id) { show("node", id); }
  function entButton(id, bold) {
    return el("button", {type: "button", class: "ent" + (bold ? " self" : ""), "data-id": id, text: label(id),
                         onclick: function () { focusNode(id); }});
  }
  function swatch(kind) {
    var c = CLS[kind] || {color: "#ccc", shape: "dot"};
    return shapeSvg(c.shape, c.color);
  }
  function renderNode(id) {
    var n = byId.get(id);
    if (!n) return;
    body.appendChild(el("h2", {text: label(id)}));
    var alt = otherName(id);
    if (alt) body.appendChild(el("div", {class: "sub", text: alt}));
    body.appendChild(el("div", {class: "kind"}, swatch(n.kind), clsLabel(n.kind) + " · id " + id));
    var info = el("div", {class: "info"});
    if (n.aliases) info.appendChild(el("div", null, t("aka") + ": " + n.aliases.join(", ")));
    var I = n.info || {};
    if (I.legal_name) info.appendChild(el("div", null, t("legal") + ": " + I.legal_name));
    if (I.country || I.founded) info.appendChild(el("div", null, [I.country ? t("country") + ": " + I.country : "", I.founded ? t("founded") + ": " + I.founded : ""].filter(Boolean).join(" · ")));
    if (I.description) info.appendChild(el("div", null, I.description));
    if (I.note) info.appendChild(el("div", {class: "sub"}, t("note") + ": " + I.note));
    if (I.source) info.appendChild(el("div", {class: "sub"}, t("source") + ": ", sourceLink(I.source)));
    body.appendChild(info);
    body.appendChild(el("div", {class: "actions"},
      el("button", {type: "button", id: "act-expand", text: t("expand"), onclick: function () { expand(id); }}),
      el("button", {type: "button", id: "act-from", text: t("from"), onclick: function () { setEnd("from", id); }}),
      el("button", {type: "button", id: "act-to", text: t("to"), onclick: function () { setEnd("to", id); }})));
    var outs = (outE.get(id) || []).slice(), ins = (inE.get(id) || []).slice();
    body.appendChild(el("h3", {text: t("statementsH") + " (" + (outs.length + ins.length) + ")"}));
    [[outs, "out", "to"], [ins, "in", "from"]].forEach(function (g) {
      if (!g[0].length) return;
      g[0].sort(function (a, b) {
        return famRank(a.family) - famRank(b.family) || cmp(a.family, b.family) || cmp(a.p, b.p) || cmp(label(a[g[2]]), label(b[g[2]])) || cmp(a.dt.start || "", b.dt.start || "") || cmp(a.id, b.id);
      });
      body.appendChild(el("h3", {text: (g[1] === "out" ? "→ " : "← ") + t(g[1]) + " (" + g[0].length + ")"}));
      g[0].forEach(function (e) { body.appendChild(card(e, id)); });
    });
  }
  function sourceLink(sid) {
    var s = SRC[sid] || {};
    var title = s.title || sid || "";
    var href = s.url ? safeUrl(s.url) : null;
    if (href) return el("a", {class: "src", href: href, target: "_blank", rel: "noopener noreferrer", text: title});
    return el("span", {class: "src", text: title + (s.url ? " (" + s.url + ")" : "")});
  }
  function card(e, self) {
    var st = status(e);
    var fc = (FAM[e.family] || {}).color || "#999", fs = (FAM[e.family] || {}).style || "solid";
    var box = el("div", {class: "st " + st, "data-edge": e.id});
    box.style.borderLeftColor = fc;
    box.style.borderLeftStyle = fs === "dotted" ? "dotted" : fs === "dashed" ? "dashed" : "solid";
    var head = el("div", {class: "line"},
      e.from === self ? el("span", {class: "self", text: label(e.from)}) : entButton(e.from),
      el("span", {class: "rel", text: relLabel(e.p)}),
      e.to === self ? el("span", {class: "self", text: label(e.to)}) : entButton(e.to));
    if (st === "unstated") head.appendChild(el("span", {class: "badge unstated", text: heldAsOf(e.dt.stated)}));
    else if (st !== "ok") head.appendChild(el("span", {class: "badge " + st, text: t(st)}));
    else if (!edgeVisible(e.id)) head.appendChild(el("span", {class: "badge", text: t("hiddenByFilter")}));
    box.appendChild(head);
    var sk = stakeText(e);
    if (sk) box.appendChild(el("div", {class: "line stake", text: sk}));
    var dt = datesText(e);
    if (dt) box.appendChild(el("div", {class: "line dates", text: dt}));
    var src = el("div", {class: "line"}, t("source") + ": ", sourceLink(e.source));
    var s = SRC[e.source] || {};
    var sm = [s.publisher, s.published].filter(Boolean).join(", ");
    if (sm) src.appendChild(el("span", {class: "src-meta", text: " — " + sm}));
    if (e.confidence) src.appendChild(el("span", {class: "conf", text: " · " + t("conf") + " " + e.confidence}));
    box.appendChild(src);
    if (e.evidence) box.appendChild(el("div", {class: "line ev", text: "“" + e.evidence + "”"}));
    if (e.note) box.appendChild(el("div", {class: "line note", text: e.note}));
    return box;
  }
  function renderEdge(id) {
    var e = edgeById.get(id);
    if (!e) return;
    body.appendChild(el("h2", {text: t("statement") + ": " + relLabel(e.p)}));
    body.appendChild(el("div", {class: "sub", text: famLabel(e.family) + " · " + e.id}));
    body.appendChild(card(e, null));
  }
