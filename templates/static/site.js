// Remembers the language switch across pages; the switch itself works without JavaScript.
(function () {
  var box = document.getElementById("lang-en");
  if (!box) return;
  try {
    if (localStorage.getItem("rs2rdf-lang") === "en") box.checked = true;
    box.addEventListener("change", function () {
      localStorage.setItem("rs2rdf-lang", box.checked ? "en" : "ja");
      document.documentElement.lang = box.checked ? "en" : "ja";
    });
    document.documentElement.lang = box.checked ? "en" : "ja";
  } catch (e) { /* storage unavailable (file:// in some browsers): the switch still works per page */ }
})();
