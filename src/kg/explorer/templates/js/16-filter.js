  // ---- filters (pure): what the view's settings let through -------------------------------------
  // a statement with status `st` in `family`: its family is on, and it holds on the date (or ended, when shown)
  function statementPasses(st, family, view) {
    return view.famOn[family] !== false && (st === "ok" || st === "unstated" || (st === "ended" && view.showEnded));
  }
  // an entity: on screen (every one, or those grown from the focus) and its type is on
  function entityPasses(n, view) { return (!view.shown || view.shown.has(n.id)) && view.typeOn[n.kind] !== false; }
