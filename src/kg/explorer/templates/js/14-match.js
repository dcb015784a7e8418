  // ---- search matching (pure): either Chinese script, the keys kg.explorer.keys gives each name ----------
  function normalizeQuery(q, t2s, drop) {  // as kg.graph.names.normalize, traditional characters made simplified
    var s = String(q).normalize("NFKC").toLowerCase(), out = "";
    for (var ch of s) out += t2s[ch] || ch;
    return out.replace(drop, "");
  }
  // the ids of the entities whose keys contain k: exact before prefix before substring, shorter keys first
  function matchIds(entities, k, limit) {
    if (!k) return [];
    var hits = [];
    entities.forEach(function (n) {
      var best = 0, len = 0;
      n.keys.forEach(function (key) {
        var s = key === k ? 3 : key.startsWith(k) ? 2 : key.indexOf(k) >= 0 ? 1 : 0;
        if (s > best || (s && s === best && key.length < len)) { best = s; len = key.length; }
      });
      if (best) hits.push([best, len, n.id]);
    });
    hits.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1] || cmp(a[2], b[2]); });
    return hits.slice(0, limit || 10).map(function (h) { return h[2]; });
  }
