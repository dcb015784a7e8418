  // ---- text helpers -------------------------------------------------------------------
  var UI = {
    entities: ["entities", "个实体"], statements: ["statements", "条陈述"], types: ["Entity types", "实体类型"],
    relations: ["Relations", "关系"], widthNote: ["Line width grows with the stake; labels give the share. Click a name to hide or show it.",
      "线宽随持股比例增加，标签为持股比例。点击名称可隐藏或显示。"],
    expand: ["Expand neighbours", "展开相邻"], from: ["Path from here", "从此处查路径"], to: ["Path to here", "查路径到此处"],
    out: ["From this entity", "此实体发出"], in: ["To this entity", "指向此实体"], statementsH: ["Statements", "陈述"],
    source: ["source", "来源"], ended: ["ended", "已结束"], future: ["not yet", "尚未开始"],
    unstated: ["start not stated", "起始日期未载明"], noDate: ["no date given", "未注明日期"],
    restsOnUnstated: ["rests on a holding whose start is not stated: kg counts it, but does not know it held on this date",
      "依赖起始日期未载明的持股：已计入，但不确定此日已持有"],
    hiddenByFilter: ["hidden by a filter", "被筛选隐藏"],
    start: ["from", "起"], end: ["until", "止"], asOf: ["as of", "截至"], conf: ["confidence", "可信度"],
    paths: ["Ownership paths", "持股路径"], lookThrough: ["look-through stake", "穿透持股"],
    noPath: ["no ownership path between these two", "两者之间没有持股路径"], noMatch: ["no entity matches", "没有匹配的实体"],
    showEnded: ["ended", "已结束"], aka: ["also", "别名"], legal: ["legal name", "法定名称"], country: ["country", "国家/地区"],
    founded: ["founded", "成立"], note: ["note", "备注"], statement: ["Statement", "陈述"], added: ["added", "新增"],
    allShown: ["all its neighbours are shown", "相邻实体均已显示"], reversed: ["(no path the other way)", "（反方向无路径）"],
    sumOfPaths: ["sum of the paths found (look-through not precomputed for a graph this large: use kg owners)",
      "所找到路径之和（图过大未预先计算穿透持股，请用 kg owners）"],
    computedAsOf: ["look-through computed as of", "穿透持股计算日期"], truncated: ["more paths exist; the first are shown", "路径过多，仅显示前若干条"],
    notStated: ["not stated", "未披露"], conflict: ["sources disagree", "来源不一致"], pathFrom: ["path from…", "路径起点…"],
    pathTo: ["…to", "…终点"], find: ["find a name (English / 简体 / 繁體)", "查找名称（英文/简体/繁體）"], reset: ["reset", "重置"],
    showAll: ["show all", "显示全部"], pathsBtn: ["Paths", "路径"], clearTitle: ["clear the highlight", "清除高亮"],
    via: ["via", "经由"], latest: ["latest", "最新"], path1: ["path", "条路径"], pathN: ["paths", "条路径"], drawnNote: ["drawn: the selected entities'", "已绘制：所选实体的"],
    allEdges: ["draw every statement (slow on a graph this size)", "绘制全部陈述（此规模较慢）"]
  };
  function t(key) { var v = UI[key]; return v ? v[S.zh ? 1 : 0] : key; }
  function label(id) { var n = byId.get(id); if (!n) return id; return S.zh && n.zh ? n.zh : n.en; }
  function otherName(id) { var n = byId.get(id); if (!n) return ""; return S.zh ? (n.zh ? n.en : "") : (n.zh || ""); }
  function relLabel(p) { var r = REL[p]; return r ? (S.zh ? r.zh : r.en) : p; }
  function clsLabel(k) { var c = CLS[k]; return c ? (S.zh ? c.zh : c.en) : k; }
  function famLabel(f) { var c = FAM[f]; return c ? (S.zh ? c.zh : c.en) : f; }
  function num(x) { return Number(x).toLocaleString("en-US"); }
  function pct(x) { return String(+(+x).toFixed(4)); }
  function range(lo, hi) { return Math.abs(hi - lo) < 1e-9 ? pct(lo) + "%" : pct(lo) + "–" + pct(hi) + "%"; }
  function shareText(e) {
    if (e.share !== undefined) return e.share + "%";
    if (e.share_min !== undefined || e.share_max !== undefined)
      return (e.share_min !== undefined ? e.share_min : "?") + "–" + (e.share_max !== undefined ? e.share_max : "?") + "%";
    return "";
  }
  function stakeText(e) {
    var parts = [shareText(e)];
    if (e.shares !== undefined) parts.push(num(e.shares) + " shares");
    if (e.share_class) parts.push("class " + e.share_class);
    if (e.voting_share !== undefined) parts.push(e.voting_share + "% of votes");
    if (e.amount !== undefined) parts.push(num(e.amount) + (e.currency ? " " + e.currency : ""));
    if (e.role) parts.push(e.role);
    return parts.filter(Boolean).join(" · ");
  }
  function datesText(e) {
    var parts = [];
    if (e.start) parts.push(t("start") + " " + e.start);
    if (e.end) parts.push(t("end") + " " + e.end);
    if (e.as_of) parts.push(t("asOf") + " " + e.as_of);
    if (e.basis) parts.push(e.basis);
    return parts.join(" · ");
  }
  function heldAsOf(stated) {  // kg.dating_text.held_as_of
    if (!stated) return t("unstated") + (S.zh ? "，" : ", ") + t("noDate");
    return S.zh ? "截至" + stated + "持有，" + t("unstated") : "held as of " + stated + ", " + t("unstated");
  }
  function safeUrl(u) {
    try { var x = new URL(String(u)); if (x.protocol === "http:" || x.protocol === "https:") return x.href; } catch (err) { /* not a URL */ }
    return null;
  }
  function status(e, d) { return statusOn(e.dt, d === undefined ? S.asOf : d); }  // see 10-dating.js
  function el(tag, attrs) {
    var x = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v === undefined || v === null) return;
      if (k === "text") x.textContent = v;
      else if (k === "class") x.className = v;
      else if (k === "onclick") x.addEventListener("click", v);
      else x.setAttribute(k, v);
    });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c === undefined || c === null || c === false) continue;
      x.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    }
    return x;
  }
  function clear(x) { while (x.firstChild) x.removeChild(x.firstChild); }
  var statusTimer = null;
  function say(text) {
    var s = document.getElementById("status");
    s.textContent = text;
    clearTimeout(statusTimer);
    statusTimer = setTimeout(function () { s.textContent = ""; }, 2500);
  }
