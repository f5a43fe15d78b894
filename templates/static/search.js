// Client-side search over the prebuilt index: names first (search/search-index.js), then the long
// texts (purpose, issues, overview) from shards loaded on the first query. ?q=… opens with results.
(function () {
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "../";
  var index = window.RS2RDF_SEARCH || { entries: [], shards: 0 };
  var data = index.entries || [];
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var KIND = { sheet: ["事業", "Project"], ministry: ["府省庁", "Ministry"], unit: ["部局", "Unit"], recipient: ["支出先", "Recipient"], law: ["法令", "Law"] };
  var MAX = 200;
  function en() { return document.documentElement.lang === "en"; }
  function norm(s) { return (s || "").normalize("NFKC").toLowerCase(); }
  var rows = data.map(function (r) { return { r: r, text: norm([r[1], r[2], r[4], r[5]].join(" ")) }; });
  var texts = {};  // entry number → normalised long text
  var raw = {};    // entry number → long text as written (for the snippet)
  var loaded = 0, loading = false;
  function loadShards(done) {
    if (loading || !index.shards) { if (!index.shards) done(); return; }
    loading = true;
    for (var n = 0; n < index.shards; n++) {
      var s = document.createElement("script");
      s.src = root + "search/text-" + n + ".js";
      s.onload = s.onerror = function () {
        loaded++;
        if (loaded === index.shards) {
          var all = window.RS2RDF_TEXT || {};
          Object.keys(all).forEach(function (k) { all[k].forEach(function (x) { raw[x[0]] = x[1]; texts[x[0]] = norm(x[1]); }); });
          done();
        }
      };
      document.head.appendChild(s);
    }
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
  function snippet(i, term) {
    var t = raw[i] || "", k = norm(t).indexOf(term);
    if (k < 0) return "";
    var a = Math.max(0, k - 30), b = Math.min(t.length, k + term.length + 50);
    return (a ? "…" : "") + t.slice(a, b) + (b < t.length ? "…" : "");
  }
  function run(q) {
    list.textContent = "";
    var terms = norm(q).split(/\s+/).filter(Boolean);
    if (!terms.length) { status.textContent = data.length.toLocaleString("ja") + " 件の索引 / entries"; return; }
    var hits = [];
    rows.forEach(function (x, i) {
      var inName = terms.every(function (t) { return x.text.indexOf(t) >= 0; });
      var body = texts[i];
      var inText = !inName && body !== undefined && terms.every(function (t) { return x.text.indexOf(t) >= 0 || body.indexOf(t) >= 0; });
      if (inName || inText) hits.push({ x: x, i: i, text: inText });
    });
    hits.sort(function (a, b) { return (a.text - b.text) || (Number(b.x.r[7] || 0) - Number(a.x.r[7] || 0)); });
    status.textContent = hits.length.toLocaleString("ja") + " 件 / results" + (hits.length > MAX ? "（先頭" + MAX + "件 / first " + MAX + "）" : "") +
      (index.shards && loaded < index.shards ? " · 本文を読み込み中… / loading texts…" : "");
    hits.slice(0, MAX).forEach(function (h) {
      var r = h.x.r;
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind"; kind.textContent = (KIND[r[0]] || [r[0], r[0]])[en() ? 1 : 0];
      var a = document.createElement("a");
      var path = r[3].split("#");
      a.href = root + path[0].split("/").map(encodeURIComponent).join("/") + (path[1] ? "#" + path[1] : "");
      a.textContent = en() && r[2] ? r[2] : r[1];
      li.appendChild(kind); li.appendChild(a);
      var meta = [r[5], r[6] ? (en() ? "FY" : "") + r[6] + (en() ? "" : "年度") : "", money(r[7]), r[4]].filter(Boolean).join(" · ");
      if (meta) { var ex = document.createElement("span"); ex.className = "muted"; ex.textContent = " " + meta; li.appendChild(ex); }
      if (h.text) {
        var term = terms.filter(function (t) { return h.x.text.indexOf(t) < 0; })[0] || terms[0];
        var p = document.createElement("p"); p.className = "snippet"; p.textContent = snippet(h.i, term); li.appendChild(p);
      }
      list.appendChild(li);
    });
  }
  var params = new URLSearchParams(location.search);
  var q = params.get("q") || new URLSearchParams(location.hash.replace(/^#/, "")).get("q") || "";
  input.value = q;
  run(q);
  var started = false;
  function more() { if (!started) { started = true; loadShards(function () { run(input.value); }); } }
  if (q) more();
  input.addEventListener("input", function () { more(); run(input.value); });
})();
