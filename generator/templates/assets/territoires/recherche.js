/* Territoire ouvert: fetch the search index only when the visitor uses search.
   Material requests search/search_index.json on every page load; on a large site that file
   weighs more than the page. Its request waits here until search is opened. */
(function () {
  "use strict";
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  var released = false;
  var waiting = [];

  function release() {
    if (released) { return; }
    released = true;
    waiting.splice(0).forEach(function (start) { start(); });
  }

  XMLHttpRequest.prototype.open = function (method, url) {
    this.toSearchIndex = String(url).indexOf("search/search_index.json") !== -1;
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.toSearchIndex && !released) {
      var request = this;
      var args = arguments;
      waiting.push(function () { send.apply(request, args); });
      return undefined;
    }
    return send.apply(this, arguments);
  };

  document.addEventListener("focusin", function (event) {
    if (event.target.closest && event.target.closest(".md-search")) { release(); }
  });
  document.addEventListener("change", function (event) {
    if (event.target.id === "__search") { release(); }
  });
  document.addEventListener("keydown", function (event) {
    if (["/", "s", "S", "f", "F"].indexOf(event.key) !== -1) { release(); }
  });
}());
