  // ---- dating: what a statement says on a day (pure) ------------------------------------------
  // The page's copy of kg.graph.dating.status_on, on ISO day strings; a test runs both on the same cases.
  function day(v) {  // the first day a (partial) date means: "2024" -> "2024-01-01", "2024-06" -> "2024-06-01"
    if (v === undefined || v === null || v === "") return null;
    var s = String(v);
    return s.length === 4 ? s + "-01-01" : s.length === 7 ? s + "-01" : s.slice(0, 10);
  }
  // status_on's inputs for one statement, as days: its start and end; the day a source states it when it has
  // no start (its as_of, else its source's publication date), raw in `stated`; the later founding of its entities
  function dated(st, published, foundedFrom, foundedTo) {
    var stated = st.start ? null : (st.as_of || published || null);
    var fa = day(foundedFrom), fb = day(foundedTo);
    return {start: day(st.start), end: day(st.end), stated: stated, statedDay: day(stated),
            born: fa && fb ? (fa > fb ? fa : fb) : (fa || fb)};
  }
  // on day d: "ok" (asserted), "unstated" (held as of a later date, start not stated), "future" (not yet) or "ended"
  function statusOn(x, d) {
    if (!d) return "ok";
    if (x.end && x.end <= d) return "ended";
    if (x.born && d < x.born) return "future";
    if (x.start) return x.start <= d ? "ok" : "future";
    if (!x.statedDay) return "unstated";
    if (x.statedDay <= d) return "ok";
    return x.born ? "unstated" : "future";
  }
