/* Territoire ouvert: the search page. The Pagefind index (pagefind/) is split in fragments:
   the browser fetches only those a query needs, and only on this page. With no words, the
   filters (territory, département, kind of page, status, theme, funder, kind of contract)
   make it a listing across every territory, loaded 20 results at a time.
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
  var filters = document.getElementById("to-recherche-filtres");
  var folder = document.getElementById("to-recherche-filtrer");
  var built = null;
  var BATCH = 20;
  var engine = null;
  var results = [];
  var shown = 0;
  var asked = 0;

  function pagefind() {
    // A large site's index comes in parts (pagefind/parties.json lists them, often none):
    // each is merged, and searched with the first part's engine.
    if (!engine) {
      var index = new URL("pagefind/", root);
      var parts = fetch(new URL("parties.json", index).href).then(function (response) {
        return response.ok ? response.json() : [];
      }).catch(function () { return []; });
      // A whole word found ranks before a longer word that starts like it: « école » before
      // « écologique » (Pagefind's default, 1, ranked them alike on a national site).
      var settings = { baseUrl: root.pathname, excerptLength: 24, ranking: { termSimilarity: 3 } };
      engine = import(new URL("pagefind.js", index).href).then(function (module) {
        return module.options(settings).then(function () {
          return parts;
        }).then(function (names) {
          return Promise.all(names.map(function (name) {
            return module.mergeIndex(new URL(name, index).pathname, settings);
          }));
        }).then(function () {
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

  function chosen() {
    var selected = {};
    Array.prototype.forEach.call(filters.querySelectorAll("select"), function (select) {
      if (select.value) { selected[select.name] = select.value; }
    });
    return selected;
  }

  var everywhere = {};
  var last = null;

  function recount(module, query, selected, search, ticket) {
    // Each list counts what choosing each of its values would show, the other lists' choices
    // kept: Pagefind counts within the current results, where a list's own choice leaves
    // every other value of that list at 0.
    var asks = Object.keys(selected).map(function (name) {
      var others = {};
      Object.keys(selected).forEach(function (key) {
        if (key !== name) { others[key] = selected[key]; }
      });
      if (!Object.keys(others).length) {
        return Promise.resolve([name, query ? search.totalFilters[name] : everywhere[name]]);
      }
      return module.search(query || null, {filters: others}).then(function (alone) {
        return [name, alone.filters[name]];
      });
    });
    return Promise.all(asks).then(function (pairs) {
      if (ticket !== asked) { return; }  // a newer choice counts its own results
      var counts = {};
      Object.keys(search.filters || {}).forEach(function (name) { counts[name] = search.filters[name]; });
      pairs.forEach(function (pair) { counts[pair[0]] = pair[1] || {}; });
      showCounts(counts);
    });
  }

  function showCounts(counts) {
    Array.prototype.forEach.call(filters.querySelectorAll("select"), function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value) {
          option.textContent = option.value + " (" + ((counts[select.name] || {})[option.value] || 0) + ")";
        }
      });
    });
  }

  function buildFilters(module, wanted) {
    // One list per filter of the index, its values in French order with their counts.
    return module.filters().then(function (available) {
      everywhere = available;
      Object.keys(available).sort(function (a, b) { return a.localeCompare(b, "fr"); })
        .forEach(function (name, index) {
          var values = Object.keys(available[name]);
          if (values.length < 2) { return; }
          var id = "to-recherche-filtre-" + index;
          var box = document.createElement("div");
          var label = document.createElement("label");
          label.htmlFor = id;
          label.textContent = name;
          var select = document.createElement("select");
          select.id = id;
          select.name = name;
          var all = document.createElement("option");
          all.value = "";
          all.textContent = "Tous";
          select.appendChild(all);
          values.sort(function (a, b) { return a.localeCompare(b, "fr"); }).forEach(function (value) {
            var option = document.createElement("option");
            option.value = value;
            option.textContent = value + " (" + available[name][value] + ")";
            select.appendChild(option);
          });
          if (wanted[name] && available[name][wanted[name]] !== undefined) { select.value = wanted[name]; }
          box.appendChild(label);
          box.appendChild(select);
          filters.appendChild(box);
        });
      folder.hidden = filters.querySelectorAll("select").length === 0;
    });
  }

  function withFilters(wanted) {
    // The filters' lists are fetched once, when a visitor opens them or the address has some;
    // opened after a search, they count its results.
    if (!built) {
      built = pagefind().then(function (module) { return buildFilters(module, wanted); })
        .then(function () { return counted(asked); });
    }
    return built;
  }

  function counted(ticket) {
    if (!last || ticket !== asked) { return undefined; }
    var current = last;
    return pagefind().then(function (module) {
      return ticket === asked ? recount(module, current.query, current.selected, current.search,
                                        ticket) : undefined;
    });
  }

  function describe(query, selected) {
    var parts = Object.keys(selected).map(function (name) { return name + " : " + selected[name]; });
    return (query ? "« " + query + " »" : "") + (query && parts.length ? ", " : "") + parts.join(", ");
  }

  function run(query) {
    var ticket = ++asked;
    var selected = chosen();
    list.textContent = "";
    list.hidden = true;
    more.hidden = true;
    if (!query && !Object.keys(selected).length) {
      state.textContent = "";
      last = null;
      showCounts(everywhere);  // nothing chosen: every value's count on the whole site
      return;
    }
    state.textContent = "Recherche en cours…";
    pagefind().then(function (module) {
      // Without words, the filters alone select: a listing across every territory.
      return module.search(query || null, {filters: selected});
    }).then(function (search) {
      if (ticket !== asked) { return undefined; }
      results = search.results;
      shown = 0;
      last = {query: query, selected: selected, search: search};
      if (built) { built.then(function () { return counted(ticket); }); }
      if (!results.length) {
        state.textContent = "Aucun résultat pour " + describe(query, selected) + ". Essayez un " +
          "autre mot ou d'autres filtres, ou parcourez les listes ci-dessous.";
        return undefined;
      }
      list.hidden = false;
      // The count is announced once the first results are on the page.
      return showMore().then(function () {
        if (ticket === asked) {
          state.textContent = plural(results.length, "résultat") + " pour " +
            describe(query, selected) + ".";
        }
      });
    }).catch(function () {
      state.textContent = "La recherche n'a pas pu se charger : rechargez la page, ou " +
        "parcourez les listes ci-dessous.";
    });
  }

  function remember(query) {
    // The address keeps the words and the filters: a result list can be shared.
    var address = new URL(window.location.pathname, window.location.href);
    if (query) { address.searchParams.set("q", query); }
    var selected = chosen();
    Object.keys(selected).forEach(function (name) { address.searchParams.set(name, selected[name]); });
    window.history.replaceState(null, "", address.href);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = field.value.trim();
    remember(query);
    run(query);
  });
  filters.addEventListener("change", function () {
    var query = field.value.trim();
    remember(query);
    run(query);
  });
  more.addEventListener("click", function () { showMore(); });

  var params = new URL(window.location.href).searchParams;
  var wanted = {};
  params.forEach(function (value, name) { if (name !== "q") { wanted[name] = value; } });
  var initial = (params.get("q") || "").trim();
  field.value = initial;
  folder.hidden = false;
  folder.addEventListener("toggle", function () {
    if (folder.open) { withFilters({}); }
  });
  var ready = Object.keys(wanted).length ? withFilters(wanted).then(function () {
    folder.open = true;
  }) : Promise.resolve();
  ready.then(function () {
    if (initial || Object.keys(chosen()).length) { run(initial); }
  }).catch(function () {
    state.textContent = "La recherche n'a pas pu se charger : rechargez la page, ou " +
      "parcourez les listes ci-dessous.";
  });
}());
