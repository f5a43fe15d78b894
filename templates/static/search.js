// Client-side search over the prebuilt index. search/search-index.js (projects, ministries,
// units, laws) loads with the page; the recipients and the long texts (purpose, issues, overview)
// come in shards on the first query. ?q=… opens with the results for that query.
(function () {
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "../";
  var index = window.RS2RDF_SEARCH || { entries: [], shards: 0, recipients: 0, ministries: [], count: 0 };
  var ministries = index.ministries || [];
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var KIND = { sheet: ["事業", "Project"], ministry: ["府省庁", "Ministry"], unit: ["部局", "Unit"], recipient: ["支出先", "Recipient"], law: ["法令", "Law"] };
  var MAX = 200;
  function en() { return document.documentElement.lang === "en"; }
  function norm(s) { return (s || "").normalize("NFKC").toLowerCase(); }
  function ministryNames(field) { return (field || "").split(" ").filter(Boolean).map(function (i) { return ministries[Number(i)] || ""; }); }
  var rows = [];
  function add(pairs) {
    pairs.forEach(function (p) {
      var r = p[1], names = ministryNames(r[5]);
      rows.push({ n: p[0], r: r, ministries: names, text: norm([r[1], r[2], r[4], names.join(" ")].join(" ")) });
    });
  }
  add(index.entries || []);
  var texts = {}, raw = {};
  var pending = (index.shards || 0) + (index.recipients || 0), started = false;
  function loadShards(done) {
    if (started) return;
    started = true;
    if (!pending) { done(); return; }
    function one(src) {
      var s = document.createElement("script");
      s.src = root + src;
      s.onload = s.onerror = function () { pending--; if (!pending) finish(); };
      document.head.appendChild(s);
    }
    function finish() {
      var rec = window.RS2RDF_RECIPIENTS || {};
      Object.keys(rec).sort(function (a, b) { return a - b; }).forEach(function (k) { add(rec[k]); });
      var all = window.RS2RDF_TEXT || {};
      Object.keys(all).forEach(function (k) { all[k].forEach(function (x) { raw[x[0]] = x[1]; texts[x[0]] = norm(x[1]); }); });
      done();
    }
    for (var n = 0; n < (index.recipients || 0); n++) one("search/recipients-" + n + ".js");
    for (var m = 0; m < (index.shards || 0); m++) one("search/text-" + m + ".js");
  }
  function money(v) {
    if (!v) return "";
    var n = Number(v), a = Math.abs(n);
    if (en()) return a >= 1e9 ? "¥" + (n / 1e9).toFixed(2) + "bn" : a >= 1e6 ? "¥" + (n / 1e6).toFixed(2) + "m" : "¥" + n.toLocaleString("en");
    if (a >= 1e12) { var oku = Math.round(a / 1e8); return Math.floor(oku / 10000).toLocaleString("ja") + "兆" + (oku % 10000 ? (oku % 10000).toLocaleString("ja") + "億" : "") + "円"; }
    if (a >= 1e8) return (Math.round(n / 1e7) / 10).toLocaleString("ja") + "億円";
    if (a >= 1e4) return Math.round(n / 1e4).toLocaleString("ja") + "万円";
    return n.toLocaleString("ja") + "円";
  }
  function snippet(n, term) {
    var t = raw[n] || "", k = norm(t).indexOf(term);
    if (k < 0) return "";
    var a = Math.max(0, k - 30), b = Math.min(t.length, k + term.length + 50);
    return (a ? "…" : "") + t.slice(a, b) + (b < t.length ? "…" : "");
  }
  function href(link) {
    var parts = link.split("#"), page = parts[0];
    if (!page || page.charAt(page.length - 1) === "/") page += "index.html";
    return root + page.split("/").map(encodeURIComponent).join("/") + (parts[1] ? "#" + parts[1] : "");
  }
  function run(q) {
    list.textContent = "";
    var terms = norm(q).split(/\s+/).filter(Boolean);
    if (!terms.length) { status.textContent = (index.count || rows.length).toLocaleString("ja") + " 件の索引 / entries"; return; }
    var hits = [];
    rows.forEach(function (x) {
      var inName = terms.every(function (t) { return x.text.indexOf(t) >= 0; });
      var body = texts[x.n];
      var inText = !inName && body !== undefined && terms.every(function (t) { return x.text.indexOf(t) >= 0 || body.indexOf(t) >= 0; });
      if (inName || inText) hits.push({ x: x, text: inText });
    });
    hits.sort(function (a, b) { return (a.text - b.text) || (Number(b.x.r[7] || 0) - Number(a.x.r[7] || 0)); });
    status.textContent = hits.length.toLocaleString("ja") + " 件 / results" + (hits.length > MAX ? "（先頭" + MAX + "件 / first " + MAX + "）" : "") +
      (pending ? " · 支出先と本文を読み込み中… / loading recipients and texts…" : "");
    hits.slice(0, MAX).forEach(function (h) {
      var r = h.x.r;
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind"; kind.textContent = (KIND[r[0]] || [r[0], r[0]])[en() ? 1 : 0];
      var a = document.createElement("a");
      a.href = href(r[3]);
      a.textContent = en() && r[2] ? r[2] : r[1];
      li.appendChild(kind); li.appendChild(a);
      var meta = [h.x.ministries.join("・"), r[6] ? (en() ? "FY" : "") + r[6] + (en() ? "" : "年度") : "", money(r[7]), r[4]].filter(Boolean).join(" · ");
      if (meta) { var ex = document.createElement("span"); ex.className = "muted"; ex.textContent = " " + meta; li.appendChild(ex); }
      if (h.text) {
        var term = terms.filter(function (t) { return h.x.text.indexOf(t) < 0; })[0] || terms[0];
        var p = document.createElement("p"); p.className = "snippet"; p.textContent = snippet(h.x.n, term); li.appendChild(p);
      }
      list.appendChild(li);
    });
  }
  var q = new URLSearchParams(location.search).get("q") || new URLSearchParams(location.hash.replace(/^#/, "")).get("q") || "";
  input.value = q;
  run(q);
  function more() { loadShards(function () { run(input.value); }); }
  if (q) more();
  input.addEventListener("input", function () { more(); run(input.value); });
  var lang = document.getElementById("lang-en");  // the results follow the language switch (site.js sets <html lang> first)
  if (lang) lang.addEventListener("change", function () { setTimeout(function () { run(input.value); }, 0); });
})();
