// Sign-translation lookup: filters the tables that are already on the page (works offline,
// and without this script every term stays listed). Matches Chinese, English, or pinyin with
// or without tones; the rows carry their own normalised search keys in data-keys.
(function () {
  var form = document.querySelector(".sign-lookup");
  if (!form) return;
  var input = document.getElementById("sign-q");
  var sector = document.getElementById("sign-sector");
  var count = document.getElementById("sign-count");
  var rows = Array.prototype.slice.call(document.querySelectorAll("table.sign-terms tbody tr"));
  var tones = { "ā": "a", "á": "a", "ǎ": "a", "à": "a", "ē": "e", "é": "e", "ě": "e", "è": "e",
    "ī": "i", "í": "i", "ǐ": "i", "ì": "i", "ō": "o", "ó": "o", "ǒ": "o", "ò": "o", "ū": "u",
    "ú": "u", "ǔ": "u", "ù": "u", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v", "ü": "v" };
  function normalise(text) {
    return text.toLowerCase().replace(/[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]/g, function (c) { return tones[c]; })
      .replace(/([a-zv])[1-5](?=\s|$)/g, "$1").trim(); // tone numbers (dong1), not "3rd"
  }
  function update() {
    var q = normalise(input.value);
    var compact = q.replace(/\s+/g, "");
    var wanted = sector.value;
    var shown = 0;
    rows.forEach(function (row) {
      var keys = row.getAttribute("data-keys");
      var inSector = !wanted || row.closest("table").getAttribute("data-sector") === wanted;
      var match = inSector && (!q || keys.indexOf(q) !== -1 || keys.indexOf(compact) !== -1);
      row.hidden = !match;
      if (match) shown++;
    });
    document.querySelectorAll("table.sign-terms").forEach(function (table) {
      var any = table.querySelector("tbody tr:not([hidden])");
      var wrap = table.closest(".table-wrap");
      wrap.hidden = !any;
      var heading = wrap.previousElementSibling;
      if (heading && /^H[23]$/.test(heading.tagName)) heading.hidden = !any;
    });
    count.textContent = shown + " " + form.getAttribute("data-results-label");
  }
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("input", update);
  sector.addEventListener("change", update);
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) { input.value = initial; }
  update();
})();
