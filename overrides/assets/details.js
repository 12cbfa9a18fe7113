// A link to something inside a closed <details> (a footnote, a note) opens it first, in browsers that
// do not expand <details> on fragment navigation by themselves.
(function () {
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    for (var d = el && el.closest("details"); d; d = d.parentElement && d.parentElement.closest("details")) d.open = true;
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
