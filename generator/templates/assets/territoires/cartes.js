/* Territoire ouvert: draw the maps of the page with Leaflet, served by the site.
   Each map is a figure holding a static drawing (shown without JavaScript, in print and until
   Leaflet is ready) and its data as JSON, in the frame's data-donnees attribute. This file loads Leaflet, its plugins and the base map
   folium defined (fond.js) one after the other when they are missing, fetches each territory's
   geometry file once (the browser caches it across pages), then draws. It works on a normal page
   load and with Material's instant navigation, which inserts the page's scripts again.
   Texts from the data are only ever set as text (textContent), never as HTML. */
(function () {
  "use strict";
  var here = document.currentScript.src;
  var base = new URL("../leaflet/", here).href;
  var files = [[base + "leaflet.js", function () { return window.L; }],
               [base + "leaflet.markercluster.js", function () { return window.L && window.L.markerClusterGroup; }],
               [base + "leaflet-gesture-handling.min.js", function () {
                 return window.L && "gestureHandling" in window.L.Map.prototype.options; }],
               [new URL("../cartes/fond.js", here).href, function () { return window.toFondDeCarte; }]];
  var geometries = window.toGeometries = window.toGeometries || {};

  function styles() {
    // Leaflet's styles only matter once Leaflet draws: linked from here, they never hold up
    // the page's first paint (the static drawing needs none of them).
    ["leaflet.css", "MarkerCluster.css", "MarkerCluster.Default.css",
     "leaflet-gesture-handling.min.css"].forEach(function (name) {
      var href = base + name;
      var present = Array.prototype.some.call(document.querySelectorAll("link[rel=stylesheet]"),
                                              function (link) { return link.href === href; });
      if (present) { return; }
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
    });
  }

  function leaflet(done, failed) {
    styles();
    load(0, done, failed || function () {});
  }

  function load(index, done, failed) {
    if (index === files.length) { done(); return; }
    if (files[index][1]()) { load(index + 1, done, failed); return; }
    var script = document.createElement("script");
    script.src = files[index][0];
    script.onload = function () { load(index + 1, done, failed); };
    script.onerror = function () { script.remove(); failed(); };
    document.head.appendChild(script);
  }

  function geometry(url) {
    if (!geometries[url]) {
      // The address carries the file's digest (?v=…): a copy the browser holds is always right.
      geometries[url] = fetch(url, {cache: "force-cache"}).then(function (answer) { return answer.json(); });
    }
    return geometries[url];
  }

  function text(tag, content) {
    var element = document.createElement(tag);
    element.textContent = content;
    return element;
  }

  function link(href, content) {
    var a = text("a", content);
    a.href = href;
    return a;
  }

  function style(layer) {
    return {color: layer.colour, weight: layer.width, dashArray: layer.dash || null,
            fillColor: layer.colour, fillOpacity: 0.08};
  }

  function unfocusable(map) {
    // One Tab stop for the map and its controls: outlines are not focusable one by one.
    map.getPanes().overlayPane.querySelectorAll("path").forEach(function (path) {
      path.setAttribute("tabindex", "-1");
      path.setAttribute("focusable", "false");
    });
  }

  function communePopup(feature, data, names) {
    var box = document.createElement("div");
    var p = feature.properties;
    box.appendChild(text("strong", p.nom + " (" + p.code + ")"));
    if (p.contrats.length) {
      box.appendChild(text("p", "Contrats :"));
      var list = document.createElement("ul");
      p.contrats.forEach(function (key) { list.appendChild(text("li", names[key] || key)); });
      box.appendChild(list);
    } else {
      box.appendChild(text("p", "Aucun contrat publié ne couvre cette commune."));
    }
    if (p.membre && data.listing) {
      var label = p.projets === 1 ? "1 projet dans cette commune" :
        p.projets + " projets dans cette commune";
      box.appendChild(p.projets ? link(data.listing + "?commune=" + p.code, label) :
        text("p", "Aucun projet publié dans cette commune."));
    }
    return box;
  }

  function zoning(map, data, collection) {
    var names = {}, overlays = {}, perimeters = {};
    data.layers.forEach(function (layer) { names[layer.key] = layer.label; });
    collection.features.forEach(function (f) {
      if (f.properties.type === "perimetre") { perimeters[f.properties.contrat] = f; }
    });
    var communes = L.geoJSON(collection, {
      filter: function (f) { return f.properties.type === "commune"; },
      style: function () { return {color: "#555555", weight: 1, fillOpacity: 0.05}; },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(text("span", f.properties.nom));
        layer.bindPopup(function () { return communePopup(f, data, names); });
      }
    }).addTo(map);
    data.layers.forEach(function (layer) {
      if (!perimeters[layer.key]) { return; }
      var drawn = L.geoJSON(perimeters[layer.key], {style: style(layer), interactive: false});
      if (layer.visible) { drawn.addTo(map); }
      var label = document.createElement("span");
      label.textContent = layer.label;
      overlays[label.outerHTML] = drawn;  // the label's HTML is built from text, escaped
    });
    communes.bringToFront();
    L.control.layers(null, overlays, {collapsed: true}).addTo(map);
  }

  function perimeter(map, data, collection) {
    var layer = data.layers[0];
    L.geoJSON(collection, {
      filter: function (f) { return f.properties.type === "territoire"; },
      style: function () { return {color: "#555555", weight: 2, dashArray: "3 6", fill: false}; },
      interactive: false
    }).addTo(map);
    var area = L.geoJSON(collection, {
      filter: function (f) { return f.properties.type === "perimetre" && f.properties.contrat === layer.key; },
      style: function () { return style(layer); },
      interactive: false
    }).addTo(map);
    if (area.getLayers().length) { map.fitBounds(area.getBounds()); }
  }

  function points(map, data, collection) {
    L.geoJSON(collection, {
      filter: function (f) { return f.properties.type === "territoire"; },
      style: function () { return {color: "#555555", weight: 2, dashArray: "3 6", fill: false}; },
      interactive: false
    }).addTo(map);
    var group = data.points.length > 1 ? L.markerClusterGroup() : map;
    var markers = data.points.map(function (p) {
      var marker = L.marker([p.lat, p.lon], {alt: p.label});
      marker.bindTooltip(text("span", p.label));
      marker.bindPopup(link(p.url, p.label));
      marker.addTo(group);
      return [new URL(p.url, window.location.href).href, marker];
    });
    if (group !== map) { group.addTo(map); }
    // The listing's filters (filtres.js) say which projects are shown: the map follows, one
    // marker or many. Only the filters of this page count (instant navigation keeps globals).
    var page = window.location.pathname;
    var follow = function () {
      var shown = window.toProjetsFiltresPage === page ? window.toProjetsFiltres : null;
      markers.forEach(function (entry) {
        var wanted = !shown || shown.indexOf(entry[0]) !== -1;
        if (wanted && !group.hasLayer(entry[1])) { group.addLayer(entry[1]); }
        if (!wanted && group.hasLayer(entry[1])) { group.removeLayer(entry[1]); }
      });
    };
    document.addEventListener("to-filtres", follow);
    follow();
    if (data.points.length === 1) { map.setView([data.points[0].lat, data.points[0].lon], 13); }
  }

  function portal(map, data, collection) {
    L.geoJSON(collection, {
      style: function () { return {color: "#0072B2", weight: 1.5, fillOpacity: 0.1}; },
      onEachFeature: function (f, layer) {
        layer.bindTooltip(text("span", f.properties.nom));
        layer.bindPopup(function () { return link(data.root + f.properties.url, f.properties.nom); });
      }
    }).addTo(map);
  }

  var drawers = {zonage: zoning, contrat: perimeter, projets: points, projet: points, portail: portal};

  function draw(frame) {
    var data = JSON.parse(frame.getAttribute("data-donnees"));
    var holder = document.createElement("div");
    holder.className = "to-carte-leaflet";
    holder.id = frame.getAttribute("data-carte") + "-leaflet";
    frame.appendChild(holder);
    var map = window.toFondDeCarte(holder.id);
    L.control.zoom({zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer"}).addTo(map);
    L.control.scale({imperial: false}).addTo(map);
    map.attributionControl.setPrefix("Leaflet");
    map.fitBounds(data.bounds);
    frame.setAttribute("data-dessinee", "oui");
    (window.toCartesDessinees = window.toCartesDessinees || {})[holder.id] = map;
    geometry(data.geometry).then(function (collection) {
      drawers[data.kind](map, data, collection);
      unfocusable(map);
      frame.classList.add("to-carte-prete");  // the static drawing steps aside
    });
  }

  function onDemand(frame) {
    // A map whose data weighs more than the page (the portal of hundreds of territories):
    // drawn when asked, Leaflet and the outlines fetched then.
    var button = frame.parentNode.querySelector(".to-carte-charger");
    if (!button || button.getAttribute("data-pret")) { return; }
    button.setAttribute("data-pret", "oui");
    button.hidden = false;
    button.addEventListener("click", function () {
      button.disabled = true;
      button.textContent = "Chargement de la carte…";
      leaflet(function () {
        if (!document.contains(frame)) { return; }  // the visitor went to another page
        draw(frame);
        button.hidden = true;
        frame.parentNode.classList.remove("to-carte--a-la-demande");  // its notes apply now
      }, function () {
        button.disabled = false;
        button.textContent = "La carte n'a pas pu se charger : réessayer";
      });
    });
  }

  var frames = document.querySelectorAll(".to-carte-cadre[data-carte]:not([data-dessinee])");
  var now = Array.prototype.filter.call(frames, function (frame) {
    return !frame.hasAttribute("data-a-la-demande");
  });
  Array.prototype.forEach.call(frames, function (frame) {
    if (frame.hasAttribute("data-a-la-demande")) { onDemand(frame); }
  });
  if (now.length) {
    leaflet(function () { now.forEach(draw); });
  }
}());
