/* Territoire ouvert: the search page. The Pagefind index (pagefind/) is split in fragments:
   the browser fetches only those a query needs, and only on this page, once a query is made.
   Results are built as DOM nodes; the excerpt's text is never parsed as HTML, only its
   <mark> highlights are kept. */
(function () {
  "use strict";
  var form = document.getElementById("to-recherche");
  if (!form || !window.URL || !window.Promise) { return; }
  var root = new URL(form.getAttribute("data-racine") || "./", window.location.href);
  var field = document.getElementById("to-recherche-champ");
  var state = document.getElementById("to-recherche-etat");
  var list = document.getElementById("to-recherche-resultats");
  var more = document.getElementById("to-recherche-plus");
  var BATCH = 20;
  var engine = null;
  var results = [];
  var shown = 0;
  var asked = 0;

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (module) {
        return module.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          return module;
        });
      });
    }
    return engine;
  }

  function plural(count, word) {
    return count + " " + word + (count > 1 ? "s" : "");
  }

  function excerpt(html) {
    // Pagefind's excerpt is the page's text with <mark> around the words found; the text is
    // written back as text (entities decoded), so nothing in it can become markup.
    var paragraph = document.createElement("p");
    var decoder = document.createElement("textarea");
    html.split(/(<mark>|<\/mark>)/).reduce(function (marked, piece) {
      if (piece === "<mark>") { return true; }
      if (piece === "</mark>") { return false; }
      decoder.innerHTML = piece.replace(/</g, "&lt;");
      var text = document.createTextNode(decoder.value);
      if (marked) {
        var mark = document.createElement("mark");
        mark.appendChild(text);
        paragraph.appendChild(mark);
      } else {
        paragraph.appendChild(text);
      }
      return marked;
    }, false);
    return paragraph;
  }

  function item(data) {
    var entry = document.createElement("li");
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = (data.meta && data.meta.title) || data.url;
    var heading = document.createElement("h2");
    heading.appendChild(link);
    entry.appendChild(heading);
    var meta = data.meta || {};
    var facts = [meta.type, meta.territoire, meta.statut].filter(Boolean);
    if (facts.length) {
      var line = document.createElement("p");
      line.className = "to-note";
      line.textContent = facts.join(" · ");
      entry.appendChild(line);
    }
    entry.appendChild(excerpt(data.excerpt || ""));
    return entry;
  }

  function showMore() {
    var ticket = asked;
    var batch = results.slice(shown, shown + BATCH);
    shown += batch.length;
    more.hidden = shown >= results.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (found) {
      if (ticket !== asked) { return; }  // a newer query has replaced this one's list
      found.forEach(function (data) { list.appendChild(item(data)); });
    });
  }

  function run(query) {
    var ticket = ++asked;
    list.textContent = "";
    list.hidden = true;
    more.hidden = true;
    if (!query) {
      state.textContent = "";
      return;
    }
    state.textContent = "Recherche en cours…";
    pagefind().then(function (module) {
      return module.search(query);
    }).then(function (search) {
      if (ticket !== asked) { return undefined; }
      results = search.results;
      shown = 0;
      if (!results.length) {
        state.textContent = "Aucun résultat pour « " + query + " ». Essayez un autre mot, " +
          "ou parcourez les listes ci-dessous.";
        return undefined;
      }
      list.hidden = false;
      // The count is announced once the first results are on the page.
      return showMore().then(function () {
        if (ticket === asked) {
          state.textContent = plural(results.length, "résultat") + " pour « " + query + " ».";
        }
      });
    }).catch(function () {
      state.textContent = "La recherche n'a pas pu se charger : rechargez la page, ou " +
        "parcourez les listes ci-dessous.";
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = field.value.trim();
    var address = new URL(window.location.href);
    if (query) { address.searchParams.set("q", query); } else { address.searchParams.delete("q"); }
    window.history.replaceState(null, "", address.href);
    run(query);
  });
  more.addEventListener("click", function () { showMore(); });

  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) {
    field.value = initial;
    run(initial.trim());
  }
}());
