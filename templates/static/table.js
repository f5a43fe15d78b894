// Filtering, sorting and CSV export for the explorer and the contracts list.
// The page works without this script (static, paginated tables); with it, one page filters every
// row of window.RS2RDF_TABLE, and the view's state lives in the URL (#… or ?…) so it can be shared.
(function () {
  var data = window.RS2RDF_TABLE;
  var box = document.getElementById("table-app");
  if (!data || !box) return;
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "../";
  var en = function () { return document.documentElement.lang === "en"; };
  var PAGE = 100;
  var KINDS = {
    projects: {
      cols: [
        { i: 0, ja: "レビュー年度", en: "Review year", t: "year" },
        { i: 1, ja: "府省庁", en: "Ministry", t: "text", href: 10, en_i: 11 },
        { i: 2, ja: "事業番号", en: "Number", t: "text" },
        { i: 3, ja: "事業名", en: "Project", t: "text", href: 9 },
        { i: 5, ja: "当初予算", en: "Initial", t: "money" },
        { i: 6, ja: "歳出予算現額", en: "Current budget", t: "money" },
        { i: 7, ja: "執行額", en: "Executed", t: "money" },
        { i: 8, ja: "執行率", en: "Rate", t: "rate" }
      ],
      filters: ["ministry:1", "year:0", "money:6", "rate:8", "text:1,2,3"],
      sort: { i: 6, desc: true },
      csv: { name: "projects.csv", head: data.csv, cols: [0, 1, 2, 3, 4, 5, 6, 7, 8] }
    },
    contracts: {
      cols: [
        { i: 0, ja: "レビュー年度", en: "Review year", t: "year" },
        { i: 1, ja: "府省庁", en: "Ministry", t: "text", en_i: 15 },
        { i: 2, ja: "事業", en: "Project", t: "text", href: 12 },
        { i: 3, ja: "契約概要", en: "Contract", t: "text" },
        { i: 4, ja: "契約先", en: "Contractor", t: "text", href: 13 },
        { i: 5, ja: "金額", en: "Amount", t: "money" },
        { i: 6, ja: "契約方式", en: "Method", t: "text", en_i: 14 },
        { i: 7, ja: "入札者数", en: "Bidders", t: "int" },
        { i: 8, ja: "落札率", en: "Winning rate", t: "pct" }
      ],
      filters: ["ministry:1", "year:0", "method:6", "flags", "money:5", "text:2,3,4"],
      sort: { i: 5, desc: true },
      csv: { name: "contracts.csv", head: ["reviewYear", "ministry", "project", "summary", "contractor", "amount", "method", "bidders", "winningBidRatePercent", "singleBid", "negotiated", "obligation"], cols: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] }
    }
  };
  var kind = KINDS[data.kind];
  var rows = data.rows;
  var UNITS = [["兆", 1e12], ["千億", 1e11], ["億", 1e8], ["千万", 1e7], ["百万", 1e6], ["万", 1e4], ["千", 1e3]];
  // "5,074.75億円", "300百万円", "2兆", "1.5億" → yen; a bare number is yen.
  function parseYen(s) {
    s = (s || "").normalize("NFKC").replace(/[,\s円]/g, "");
    if (!s) return null;
    var total = 0, rest = s, found = false;
    UNITS.forEach(function (u) {
      var k = rest.indexOf(u[0]);
      if (k > 0) { var n = parseFloat(rest.slice(0, k)); if (!isNaN(n)) { total += n * u[1]; found = true; } rest = rest.slice(k + u[0].length); }
    });
    if (rest) { var n = parseFloat(rest); if (isNaN(n)) return found ? total : null; total += n; }
    return total;
  }
  function fmt(v) {
    if (v === "" || v === null || v === undefined) return "—";
    var n = Number(v), a = Math.abs(n), sign = n < 0 ? "-" : "";
    if (en()) {
      if (a >= 1e12) return sign + "¥" + (a / 1e12).toFixed(2) + "tn";
      if (a >= 1e9) return sign + "¥" + (a / 1e9).toFixed(2) + "bn";
      if (a >= 1e6) return sign + "¥" + (a / 1e6).toFixed(2) + "m";
      return sign + "¥" + a.toLocaleString("en");
    }
    if (a >= 1e12) { var oku = Math.round(a / 1e8); var c = Math.floor(oku / 10000), o = oku % 10000; return sign + c.toLocaleString("ja") + "兆" + (o ? o.toLocaleString("ja") + "億" : "") + "円"; }
    if (a >= 1e8) return sign + (Math.round(a / 1e7) / 10).toLocaleString("ja") + "億円";
    if (a >= 1e4) return sign + Math.round(a / 1e4).toLocaleString("ja") + "万円";
    return sign + a.toLocaleString("ja") + "円";
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function distinct(i) {
    var seen = {};
    rows.forEach(function (r) { if (r[i] !== "" && r[i] !== null) seen[r[i]] = true; });
    return Object.keys(seen).sort();
  }
  // --- state ---------------------------------------------------------------------------------
  var state = {};
  function readState() {
    var q = new URLSearchParams(location.hash.replace(/^#/, "") || location.search.replace(/^\?/, ""));
    state = {};
    q.forEach(function (v, k) { state[k] = v; });
  }
  function writeState() {
    var q = new URLSearchParams();
    Object.keys(state).sort().forEach(function (k) { if (state[k] !== "" && state[k] !== undefined) q.set(k, state[k]); });
    var s = q.toString();
    try { history.replaceState(null, "", s ? "#" + s : location.pathname + location.search); }
    catch (e) { location.replace("#" + s); }
  }
  readState();
  // --- controls ------------------------------------------------------------------------------
  var form = el("form", { "class": "filters", role: "search" });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  function field(label, input) {
    var w = el("label", { "class": "field" });
    w.appendChild(el("span", {}, label));
    w.appendChild(input);
    form.appendChild(w);
    return input;
  }
  function bind(input, key) {
    input.value = state[key] || "";
    input.addEventListener(input.tagName === "SELECT" ? "change" : "input", function () { state[key] = input.value; state.page = ""; update(); });
  }
  function select(key, label, values) {
    var s = el("select", { name: key });
    s.appendChild(el("option", { value: "" }, "すべて / all"));
    values.forEach(function (v) { s.appendChild(el("option", { value: v }, v)); });
    bind(field(label, s), key);
  }
  kind.filters.forEach(function (f) {
    var parts = f.split(":"), what = parts[0], i = parts[1] ? Number(parts[1].split(",")[0]) : null;
    if (what === "ministry") select("ministry", "府省庁 / Ministry", distinct(i));
    else if (what === "year") select("year", "レビュー年度 / Review year", distinct(i).reverse());
    else if (what === "method") select("method", "契約方式 / Method", distinct(i));
    else if (what === "money") {
      var lo = el("input", { name: "min", inputmode: "decimal", placeholder: "例 10億 / 500百万", size: "12" });
      var hi = el("input", { name: "max", inputmode: "decimal", placeholder: "例 1兆", size: "12" });
      bind(field("金額の下限 / min (億円・百万円)", lo), "min");
      bind(field("上限 / max", hi), "max");
    } else if (what === "rate") {
      bind(field("執行率 下限 % / min rate", el("input", { name: "rmin", inputmode: "decimal", size: "5" })), "rmin");
      bind(field("上限 % / max", el("input", { name: "rmax", inputmode: "decimal", size: "5" })), "rmax");
    } else if (what === "flags") {
      var fl = el("select", { name: "flag" });
      [["", "すべて / all"], ["single", "一者応札 / single bid"], ["negotiated", "随意契約 / negotiated"], ["obligation", "国庫債務負担行為 / multi-year"]].forEach(function (o) { fl.appendChild(el("option", { value: o[0] }, o[1])); });
      bind(field("注意 / Flag", fl), "flag");
    } else if (what === "text") {
      bind(field("キーワード / Keyword", el("input", { name: "q", type: "search", size: "18" })), "q");
    }
  });
  var csvButton = el("button", { type: "button", "class": "csv" }, "CSV をダウンロード / Download CSV");
  form.appendChild(csvButton);
  var status = el("p", { "class": "status", "aria-live": "polite" });
  var table = el("table", { "class": "data" });
  var wrap = el("div", { "class": "scroll" });
  wrap.appendChild(table);
  var pager = el("nav", { "class": "pager", "aria-label": "ページ" });
  // --- filtering -----------------------------------------------------------------------------
  function norm(s) { return String(s === null || s === undefined ? "" : s).normalize("NFKC").toLowerCase(); }
  function filtered() {
    var lo = parseYen(state.min), hi = parseYen(state.max);
    var rlo = state.rmin ? Number(state.rmin) / 100 : null, rhi = state.rmax ? Number(state.rmax) / 100 : null;
    var terms = norm(state.q).split(/\s+/).filter(Boolean);
    var moneyCol = kind.cols.filter(function (c) { return c.t === "money"; }).pop().i;
    var textCols = (kind.filters.filter(function (f) { return f.indexOf("text:") === 0; })[0] || "text:").slice(5).split(",").map(Number);
    return rows.filter(function (r) {
      if (state.ministry && r[1] !== state.ministry) return false;
      if (state.year && String(r[0]) !== state.year) return false;
      if (state.method && r[6] !== state.method) return false;
      if (state.flag === "single" && !r[9]) return false;
      if (state.flag === "negotiated" && !r[10]) return false;
      if (state.flag === "obligation" && !r[11]) return false;
      if (lo !== null || hi !== null) {
        if (r[moneyCol] === "") return false;
        var v = Number(r[moneyCol]);
        if (lo !== null && v < lo) return false;
        if (hi !== null && v > hi) return false;
      }
      if (rlo !== null || rhi !== null) {
        if (r[8] === "") return false;
        if (rlo !== null && Number(r[8]) < rlo) return false;
        if (rhi !== null && Number(r[8]) > rhi) return false;
      }
      if (terms.length) {
        var text = norm(textCols.map(function (i) { return r[i]; }).join(" "));
        if (!terms.every(function (t) { return text.indexOf(t) >= 0; })) return false;
      }
      return true;
    });
  }
  function sorted(list) {
    var i = state.sort !== undefined && state.sort !== "" ? Number(state.sort) : kind.sort.i;
    var desc = state.dir ? state.dir === "desc" : (state.sort === undefined || state.sort === "" ? kind.sort.desc : false);
    var col = kind.cols.filter(function (c) { return c.i === i; })[0] || kind.cols[0];
    var num = col.t !== "text";
    return list.slice().sort(function (a, b) {
      var x = a[i], y = b[i];
      var ex = x === "" || x === null, ey = y === "" || y === null;
      if (ex || ey) return ex === ey ? 0 : ex ? 1 : -1;  // unknown last, whatever the direction
      var c = num ? Number(x) - Number(y) : String(x).localeCompare(String(y), "ja");
      return desc ? -c : c;
    });
  }
  // --- drawing -------------------------------------------------------------------------------
  function cellText(c, r) {
    var v = r[c.i];
    if (c.en_i !== undefined && en() && r[c.en_i]) return String(r[c.en_i]);  // the English label the data carries
    if (c.t === "money") return fmt(v);
    if (c.t === "rate") return v === "" ? "—" : (Number(v) * 100).toFixed(1) + "%";
    if (c.t === "pct") return v === "" ? "—" : v + "%";
    if (c.t === "int") return v === "" ? "—" : Number(v).toLocaleString("ja");
    if (c.t === "year") return en() ? "FY" + v : v + "年度";
    return v === "" || v === null ? "—" : String(v);
  }
  function draw() {
    var list = sorted(filtered());
    var pages = Math.max(1, Math.ceil(list.length / PAGE));
    var page = Math.min(pages, Math.max(1, Number(state.page) || 1));
    var sum = 0, unknown = 0, moneyCol = kind.cols.filter(function (c) { return c.t === "money"; }).pop().i;
    list.forEach(function (r) { if (r[moneyCol] === "") unknown++; else sum += Number(r[moneyCol]); });
    status.textContent = list.length.toLocaleString("ja") + " 件 / rows · 合計 total " + fmt(sum) +
      (unknown ? "（うち " + unknown + " 件未確定 / not known）" : "") + (pages > 1 ? " · " + page + "/" + pages : "");
    table.textContent = "";
    var head = el("thead"), tr = el("tr");
    kind.cols.forEach(function (c) {
      var th = el("th", { scope: "col", "class": c.t === "text" || c.t === "year" ? "" : "num" });
      var b = el("button", { type: "button", "class": "sort" }, en() ? c.en : c.ja);
      var active = String(state.sort) === String(c.i);
      if (active) th.setAttribute("aria-sort", state.dir === "desc" ? "descending" : "ascending");
      b.addEventListener("click", function () {
        if (String(state.sort) === String(c.i)) state.dir = state.dir === "desc" ? "asc" : "desc";
        else { state.sort = String(c.i); state.dir = c.t === "text" ? "asc" : "desc"; }
        update();
      });
      th.appendChild(b); tr.appendChild(th);
    });
    head.appendChild(tr); table.appendChild(head);
    var body = el("tbody");
    list.slice((page - 1) * PAGE, page * PAGE).forEach(function (r) {
      var row = el("tr");
      kind.cols.forEach(function (c) {
        var td = el("td", { "class": c.t === "text" || c.t === "year" ? "" : "num" });
        var text = cellText(c, r);
        if (c.href !== undefined && r[c.href]) {
          var a = el("a", { href: root + r[c.href].split("/").map(encodeURIComponent).join("/") }, text);
          td.appendChild(a);
        } else td.textContent = text;
        if (c.t === "money" && r[c.i] !== "") td.title = Number(r[c.i]).toLocaleString("ja") + "円";
        if (data.kind === "contracts" && c.i === 7 && r[9]) td.appendChild(el("span", { "class": "flag" }, en() ? "single bid" : "一者応札"));
        if (data.kind === "contracts" && c.i === 6 && r[10]) td.appendChild(el("span", { "class": "flag" }, en() ? "negotiated" : "随意契約"));
        row.appendChild(td);
      });
      body.appendChild(row);
    });
    table.appendChild(body);
    pager.textContent = "";
    if (pages > 1) {
      [["←", page - 1], ["→", page + 1]].forEach(function (p) {
        if (p[1] < 1 || p[1] > pages) return;
        var b = el("button", { type: "button" }, p[0]);
        b.addEventListener("click", function () { state.page = String(p[1]); update(); });
        pager.appendChild(b);
      });
    }
    return list;
  }
  var current = [];
  function update() { writeState(); current = draw(); }
  csvButton.addEventListener("click", function () {
    var q = function (v) { v = v === null || v === undefined ? "" : String(v); return /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v; };
    var lines = [kind.csv.head.join(",")];
    current.forEach(function (r) { lines.push(kind.csv.cols.map(function (i) { return q(r[i]); }).join(",")); });
    var blob = new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
    var a = el("a", { href: URL.createObjectURL(blob), download: kind.csv.name });
    document.body.appendChild(a); a.click(); a.remove();
  });
  var fallback = document.getElementById("static-table");
  if (fallback) fallback.hidden = true;
  box.appendChild(form); box.appendChild(status); box.appendChild(wrap); box.appendChild(pager);
  box.hidden = false;
  var lang = document.getElementById("lang-en");
  if (lang) lang.addEventListener("change", function () { setTimeout(function () { current = draw(); }, 0); });
  current = draw();
})();
