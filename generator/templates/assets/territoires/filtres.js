/* Territoire ouvert: filters and sorting of a project listing. The listing is complete without
   this script; the script shows the form, hides the cards that do not match, keeps the choice
   in the address (so a filtered view can be shared) and announces the count. */
(function () {
  "use strict";

  function init() {
    var form = document.getElementById("to-filtres");
    var list = document.getElementById("to-projets");
    if (!form || !list || form.dataset.ready) { return; }
    form.dataset.ready = "1";
    var cards = Array.prototype.slice.call(list.children);
    var order = cards.slice();
    var count = document.getElementById("to-compte");
    var none = document.getElementById("to-aucun");
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));

    var params = new URLSearchParams(window.location.search);
    selects.forEach(function (select) {
      var wanted = params.get(select.name);
      if (wanted && select.querySelector("option[value=\"" + CSS.escape(wanted) + "\"]")) {
        select.value = wanted;
      }
    });

    function matches(card) {
      return selects.every(function (select) {
        if (select.name === "tri" || !select.value) { return true; }
        return (card.getAttribute("data-" + select.name) || "").split(" ").indexOf(select.value) !== -1;
      });
    }

    function compare(key) {
      if (key === "titre") {
        return function (a, b) { return a.dataset.titre.localeCompare(b.dataset.titre, "fr"); };
      }
      return function (a, b) { return Number(b.dataset[key]) - Number(a.dataset[key]); };
    }

    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        card.hidden = !matches(card);
        if (!card.hidden) { shown += 1; }
      });
      var key = form.elements.tri.value;
      (key ? cards.slice().sort(compare(key)) : order).forEach(function (card) {
        list.appendChild(card);
      });
      count.textContent = shown + (shown > 1 ? " projets" : " projet") +
        (shown === cards.length ? "" : " sur " + cards.length);
      none.hidden = shown !== 0;
      var query = new URLSearchParams();
      selects.forEach(function (select) { if (select.value) { query.set(select.name, select.value); } });
      var search = query.toString();
      window.history.replaceState(null, "", search ? "?" + search : window.location.pathname);
    }

    form.addEventListener("change", apply);
    form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
