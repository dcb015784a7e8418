  // ---- toolbar ----------------------------------------------------------------------------
  var asof = document.getElementById("asof"), endedBox = document.getElementById("ended");
  function buildDates() {
    clear(asof);
    if (!M.dates.length) { document.getElementById("date-group").hidden = true; return; }
    M.dates.slice().reverse().forEach(function (d) {
      var o = el("option", {value: d, text: d + (d === M.latest ? " (" + t("latest") + ")" : "")});
      if (d === S.asOf) o.selected = true;
      asof.appendChild(o);
    });
  }
  function setAsOf(d) {
    update({asOf: d});
    restyle(); refresh();
    if (S.hl && S.hl.result) showPaths(S.hl.result.from, S.hl.result.to); else rerender();
  }
  function setEnded(on) { update({showEnded: !!on}); refresh(); rerender(); }
  asof.addEventListener("change", function () { setAsOf(asof.value); });
  endedBox.addEventListener("change", function () { setEnded(endedBox.checked); });
  var zhBox = document.getElementById("zh");
  function applyLanguage() {
    nodes.update(nodeData.map(function (n) { return {id: vn(n.id), label: S.zh && n.zh ? n.zh : n.en, title: nodeTitle(n)}; }));
    q.placeholder = t("find"); fromIn.placeholder = t("pathFrom"); toIn.placeholder = t("pathTo");
    document.getElementById("paths").textContent = t("pathsBtn");
    document.getElementById("reset").textContent = t("reset");
    document.getElementById("showall").textContent = t("showAll");
    document.getElementById("clear").title = t("clearTitle");
    document.getElementById("asof-label").textContent = t("asOf");
    buildDates(); buildLegend(); refresh(); rerender();
  }
  zhBox.addEventListener("change", function () { update({zh: zhBox.checked}); applyLanguage(); });
  var showAll = document.getElementById("showall");
  showAll.hidden = !(M.focus && nodeData.length <= M.physicsLimit);
  showAll.addEventListener("click", function () { S.shown = null; refresh(); settle(); network.fit(); });
  document.getElementById("reset").addEventListener("click", function () {
    var zh = S.zh;
    initialState(); update({zh: zh});
    buildDates(); clearPaths(); buildLegend(); refresh();
    setPanel(false); network.unselectAll();
    if (M.focus) { settle(); network.selectNodes([vn(M.focus)]); openNode(M.focus); }
    network.fit();
  });
  document.getElementById("close").addEventListener("click", function () { setPanel(false); });
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape" && ev.target === document.body) setPanel(false); });
