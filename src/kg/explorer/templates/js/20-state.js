  // ---- state --------------------------------------------------------------------------
  var S = {};
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
