  // ---- state: one object, changed through update() ----------------------------------------------
  // S is everything the view shows: the language (zh), the filters (typeOn, famOn, showEnded), the date
  // (asOf), the highlighted paths (hl, whose result is also window.kgPaths), the side panel (panel: null when
  // closed), the entities on screen (shown: null for all), which statements a large graph draws (allEdges,
  // near), the two ends of the path search (ends) and the active search suggestion (hit). The toolbar's
  // controls are drawn from it by syncControls(); nothing else keeps a copy. `reset` restores the initial
  // view but keeps the language and what is typed in the path boxes (ends).
  var S = {ends: {from: null, to: null}, hit: -1};
  function initialState() {
    S.zh = M.lang === "zh";
    S.typeOn = Object.create(null); Object.keys(CLS).forEach(function (k) { S.typeOn[k] = true; });
    S.famOn = Object.create(null); Object.keys(FAM).forEach(function (f) { S.famOn[f] = M.familiesOn.indexOf(f) >= 0; });
    S.famOn[""] = true;
    S.asOf = M.asOf; S.showEnded = false; S.hl = null; S.panel = null;
    S.shown = null;
    S.allEdges = !M.big;     // a large graph draws the statements of the selected entities only
    S.near = new Set();
    if (M.focus) { S.shown = new Set([M.focus]); grow(M.focus, M.depth); }
  }
  function update(patch) { Object.keys(patch).forEach(function (k) { S[k] = patch[k]; }); syncControls(); }
  function syncControls() {  // the toolbar's date, "ended" and 中文 controls show S
    asof.value = S.asOf || "";
    endedBox.checked = S.showEnded;
    zhBox.checked = S.zh;
  }
  Object.defineProperty(window, "kgPaths", {configurable: true, get: function () { return S.hl ? S.hl.result : null; }});
