// Sign-translation lookup across every sector. The terms of all sectors (sign-terms/lookup.json,
// built from data/sign-terms/) load on first use: first focus of the box, or a ?q= in the address.
// Without this script the form stays hidden and every term is listed on its sector's page.
// Matches Chinese, English, or pinyin with or without tones, spaces or tone numbers.
(function () {
  var form = document.querySelector(".sign-lookup");
  if (!form || !window.fetch) return;
  var input = document.getElementById("sign-q");
  var sector = document.getElementById("sign-sector");
  var count = document.getElementById("sign-count");
  var list = document.getElementById("sign-results");
  var tpl = document.getElementById("sign-result");
  var base = form.getAttribute("data-base");
  var names = {};
  Array.prototype.forEach.call(sector.options, function (o) { names[o.value] = o.textContent; });
  var terms = null, loading = null;
  var tones = { "ā": "a", "á": "a", "ǎ": "a", "à": "a", "ē": "e", "é": "e", "ě": "e", "è": "e",
    "ī": "i", "í": "i", "ǐ": "i", "ì": "i", "ō": "o", "ó": "o", "ǒ": "o", "ò": "o", "ū": "u",
    "ú": "u", "ǔ": "u", "ù": "u", "ǖ": "v", "ǘ": "v", "ǚ": "v", "ǜ": "v", "ü": "v" };
  function normalise(text) {
    return text.toLowerCase().replace(/[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]/g, function (c) { return tones[c]; })
      .replace(/([a-zv])[1-5](?=\s|$)/g, "$1").trim(); // tone numbers (dong1), not "3rd"
  }
  function load() {
    if (!loading) {
      count.textContent = form.getAttribute("data-loading");
      loading = fetch(form.getAttribute("data-src"))
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (data) { terms = data; update(); })
        .catch(function () { loading = null; count.textContent = form.getAttribute("data-failed"); });
    }
    return loading;
  }
  function update() {
    var q = normalise(input.value), compact = q.replace(/\s+/g, ""), wanted = sector.value;
    if (!q && !wanted) { list.textContent = ""; list.hidden = true; count.textContent = ""; return; }
    if (!terms) { load(); return; }
    var found = document.createDocumentFragment(), shown = 0;
    terms.forEach(function (t) { // [id, sector, zh, pinyin, en, search keys]
      if (wanted && t[1] !== wanted) return;
      if (q && t[5].indexOf(q) === -1 && t[5].indexOf(compact) === -1) return;
      var li = tpl.content.firstElementChild.cloneNode(true);
      li.querySelector("a").href = base + t[1] + "/#term-" + t[0];
      li.querySelector(".zh").textContent = t[2];
      li.querySelector(".py").textContent = t[3];
      li.querySelector(".en").textContent = t[4];
      li.querySelector(".sector").textContent = names[t[1]] || t[1];
      li.setAttribute("data-term", t[0]);
      found.appendChild(li);
      shown++;
    });
    list.textContent = "";
    list.appendChild(found);
    list.hidden = !shown;
    count.textContent = shown + " " + form.getAttribute("data-results-label");
  }
  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  input.addEventListener("focus", load);
  input.addEventListener("input", update);
  sector.addEventListener("change", update);
  var initial = new URLSearchParams(location.search).get("q");
  if (initial) input.value = initial;
  if (input.value || sector.value) update(); // a ?q= link, or typed before this script arrived
})();
