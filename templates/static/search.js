// Client-side search over the prebuilt index (search/search-index.js sets window.RS2RDF_SEARCH).
(function () {
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-root")) || "../";
  var data = window.RS2RDF_SEARCH || [];
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  var KIND = { project: "事業", ministry: "府省庁", unit: "部局", recipient: "支出先", law: "法令" };
  function norm(s) { return (s || "").normalize("NFKC").toLowerCase(); }
  var rows = data.map(function (r) { return { r: r, text: norm(r[1] + " " + r[2] + " " + r[4]) }; });
  function run(q) {
    list.textContent = "";
    var terms = norm(q).split(/\s+/).filter(Boolean);
    if (!terms.length) { status.textContent = data.length + " 件の索引"; return; }
    var hits = rows.filter(function (x) { return terms.every(function (t) { return x.text.indexOf(t) >= 0; }); });
    status.textContent = hits.length + " 件" + (hits.length > 200 ? "（先頭200件を表示）" : "");
    hits.slice(0, 200).forEach(function (x) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind"; kind.textContent = KIND[x.r[0]] || x.r[0];
      var a = document.createElement("a");
      a.href = root + x.r[3].split("/").map(encodeURIComponent).join("/");
      a.textContent = x.r[1];
      li.appendChild(kind); li.appendChild(a);
      if (x.r[4]) { var ex = document.createElement("span"); ex.className = "muted"; ex.textContent = " " + x.r[4]; li.appendChild(ex); }
      list.appendChild(li);
    });
  }
  var q = new URLSearchParams(location.search).get("q") || "";
  input.value = q;
  run(q);
  input.addEventListener("input", function () { run(input.value); });
})();
