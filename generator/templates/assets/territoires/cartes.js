/* Territoire ouvert: load Leaflet (served by the site), then draw the maps of the page.
   Each map's script only queues its drawing function. This file loads Leaflet and its marker
   clustering one after the other when they are missing, then draws. It works on a normal page
   load and with Material's instant navigation, which inserts the page's scripts again and lets
   them run in whatever order they finish loading. */
(function () {
  "use strict";
  var base = new URL("../leaflet/", document.currentScript.src).href;
  var files = [["leaflet.js", function () { return window.L; }],
               ["leaflet.markercluster.js", function () { return window.L && window.L.markerClusterGroup; }],
               ["leaflet-gesture-handling.min.js", function () {
                 return window.L && "gestureHandling" in window.L.Map.prototype.options; }]];

  function load(index) {
    if (index === files.length) {
      var queue = window.toCartes || [];
      while (queue.length) { queue.shift()(); }
      return;
    }
    if (files[index][1]()) { load(index + 1); return; }
    var script = document.createElement("script");
    script.src = base + files[index][0];
    script.onload = function () { load(index + 1); };
    document.head.appendChild(script);
  }

  load(0);
}());
