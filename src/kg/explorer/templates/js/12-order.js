  // ---- family order (pure): the ontology's kg:order, as view data gives it in meta.familyOrder --------
  function familyRank(order) {  // a family's position; families the ontology does not list come last
    var at = new Map(order.map(function (f, i) { return [f, i]; }));
    return function (f) { var i = at.get(f); return i === undefined ? order.length : i; };
  }
  function orderFamilies(names, order) {
    var rank = familyRank(order);
    return names.slice().sort(function (a, b) { return rank(a) - rank(b) || cmp(a, b); });
  }
