/* Territoire ouvert: filters and sorting of a project listing. The listing is complete without
   this script; the script shows the form, hides the cards that do not match, keeps the choice
   in the address (so a filtered view can be shared), announces the count, and makes what the
   filters touch follow them: the count beside each option (what choosing it would show), the
   totals above the list (same rules as the page: an unknown cost is never a zero, abandoned
   projects are outside the amounts) and the map's markers. */
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

    function has(card, name, value) {
      return (card.getAttribute("data-" + name) || "").split(" ").indexOf(value) !== -1;
    }

    // A card matches every chosen filter, the one being counted (`skipped`) aside.
    function matches(card, skipped) {
      return selects.every(function (select) {
        return select === skipped || select.name === "tri" || !select.value ||
          has(card, select.name, select.value);
      });
    }

    function compare(key) {
      if (key === "titre") {
        return function (a, b) { return a.dataset.titre.localeCompare(b.dataset.titre, "fr"); };
      }
      return function (a, b) { return Number(b.dataset[key]) - Number(a.dataset[key]); };
    }

    var totals = document.getElementById("to-totaux");
    var NNBSP = "\u202f";

    function updateOptions() {
      selects.forEach(function (select) {
        if (select.name === "tri") { return; }
        var pool = cards.filter(function (card) { return matches(card, select); });
        Array.prototype.forEach.call(select.options, function (option) {
          if (!option.value) { return; }
          var n = pool.filter(function (card) { return has(card, select.name, option.value); }).length;
          option.textContent = option.getAttribute("data-libelle") + " (" + n + ")";
          option.disabled = n === 0 && !option.selected;  // a choice that would show nothing
        });
      });
    }

    function group(units) {
      return String(units).replace(/\B(?=(\d{3})+(?!\d))/g, NNBSP);
    }

    function units(cents) {
      // Whole euros rounded half to even, as Python's Decimal formatting does.
      var whole = Math.floor(cents / 100);
      var rest = cents - whole * 100;
      return rest > 50 || (rest === 50 && whole % 2 === 1) ? whole + 1 : whole;
    }

    function euros(cents, qualifier) {
      // As generator/formats.euros: cents only when exact and not whole.
      var exactCents = !qualifier && cents % 100 !== 0;
      var text = exactCents ? group(Math.floor(cents / 100)) + "," + String(cents % 100).padStart(2, "0")
        : group(units(cents));
      return (qualifier ? qualifier + " " : "") + text + NNBSP + "€";
    }

    function qualifier(found) {
      // As catalog._qualifier: « environ » as soon as one is, « au moins » if all are.
      if (found.indexOf("environ") !== -1) { return "environ"; }
      return found.length ? "au moins" : "";
    }

    function plural(n, word) { return n + " " + word + (n > 1 ? "s" : ""); }

    function updateTotals(visible) {
      if (!totals) { return; }
      var counted = visible.filter(function (card) { return card.dataset.compte === "oui"; });
      var known = counted.filter(function (card) { return card.dataset.centimesCout !== ""; });
      var sum = function (list, key) {
        return list.reduce(function (total, card) { return total + Number(card.dataset[key]); }, 0);
      };
      var flags = function (list, key) {
        return list.map(function (card) { return card.dataset[key]; }).filter(Boolean);
      };
      var cost = sum(known, "centimesCout");
      // As the cout macro: with no project counted, the (empty) total is complete.
      var costText = counted.length && !known.length ? "coût non communiqué"
        : euros(cost, qualifier(flags(known, "qualifCout"))) + (known.length === counted.length
          ? " de coût total" : " de coût connu pour " + plural(known.length, "projet") + " sur " + counted.length);
      var plans = counted.filter(function (card) { return card.dataset.plan === "oui"; }).length;
      var fundingText = euros(sum(counted, "centimesAccorde"), qualifier(flags(counted, "qualifAccorde"))) +
        " de financements accordés" + (plans < counted.length ? (plans ? " (plans de financement publiés pour " +
          plural(plans, "projet") + " sur " + counted.length + ")" : " (aucun plan de financement publié)") : "");
      var n = visible.length;
      totals.textContent = plural(n, "projet") + " " + (n > 1 ? "publiés" : "publié") +
        (n === cards.length ? "" : " sur " + cards.length + " correspondant aux filtres") +
        ". Hors projets abandonnés : " + costText + " et " + fundingText + ".";
    }

    function updateMap(visible) {
      // cartes.js shows only these projects' markers, now or once the map is drawn.
      window.toProjetsFiltres = visible.map(function (card) { return card.querySelector("h2 a").href; });
      window.toProjetsFiltresPage = window.location.pathname;
      document.dispatchEvent(new CustomEvent("to-filtres"));
    }

    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        card.hidden = !matches(card);
        if (!card.hidden) { shown += 1; }
      });
      var visible = cards.filter(function (card) { return !card.hidden; });
      updateOptions();
      updateTotals(visible);
      updateMap(visible);
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
