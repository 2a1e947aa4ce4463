/* litgraph network page: the graph drawn with vis-network, plus legend, filters,
   search and a details panel. Every string from the data is put in the page as
   text (textContent, innerText, canvas labels), never as markup. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("litgraph-data").textContent);
  var api = (window.litgraph = { data: data, ready: false, errors: [] });
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }

  var meta = data.meta || {};
  $("size-note").textContent = meta.size_note || "";
  if (meta.cut_note) {
    $("cut-note").textContent = meta.cut_note;
    $("cut-note").hidden = false;
  }

  if (!data.nodes.length) {
    $("layout").hidden = true;
    $("empty").hidden = false;
    $("counts").textContent = "0 nodes";
    api.ready = true;
    document.body.setAttribute("data-ready", "yes");
    return;
  }

  var kinds = data.kinds;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var neighbours = {};
  data.edges.forEach(function (e) {
    (neighbours[e.from] = neighbours[e.from] || []).push({ id: e.to, kind: e.kind, dir: "out" });
    (neighbours[e.to] = neighbours[e.to] || []).push({ id: e.from, kind: e.kind, dir: "in" });
  });

  function tooltip(n) {
    var d = n.details || {};
    var lines = [n.label];
    if (d.title && d.title !== n.label) lines.push(d.title);
    var venue = [d.container, d.year || n.year].filter(Boolean).join(", ");
    if (venue) lines.push(venue);
    if (d.summary) lines.push(d.summary);
    return lines.join("\n");
  }

  function nodeColor(n, faded) {
    var c = kinds[n.kind] ? kinds[n.kind].color : "#888888";
    return faded ? { background: "#e4e6e8", border: "#d0d4d8" } : { background: c, border: "#ffffff" };
  }

  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = {
      id: n.id, label: n.short, title: tooltip(n), shape: "dot", size: n.size,
      color: nodeColor(n, false), font: { size: 12, color: "#1d232a", strokeWidth: 3, strokeColor: "#ffffff" },
      hidden: false
    };
    if (typeof n.x === "number") { item.x = n.x; item.y = n.y; }
    return item;
  }));
  var edgeColors = data.edge_colors || {};
  var edges = new vis.DataSet(data.edges.map(function (e, i) {
    return {
      id: i, from: e.from, to: e.to, arrows: { to: { enabled: true, scaleFactor: 0.4 } },
      width: 0.6 + Math.log(1 + (e.weight || 1)), title: e.kind + (e.weight > 1 ? " ×" + e.weight : ""),
      color: { color: edgeColors[e.kind] || "#b8bec4", opacity: 0.55 }, smooth: false, hidden: false
    };
  }));

  var physics = meta.layout === "physics";
  var options = {
    autoResize: true,
    layout: { improvedLayout: false, randomSeed: 7 },
    interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: data.nodes.length > 1500 },
    physics: physics ? {
      enabled: true, solver: "forceAtlas2Based",
      forceAtlas2Based: { gravitationalConstant: -40, springLength: 90, avoidOverlap: 0.4 },
      stabilization: { enabled: true, iterations: 400, updateInterval: 40, fit: true }
    } : { enabled: false },
    nodes: { borderWidth: 1 },
    edges: { selectionWidth: 1.5 }
  };
  var network = new vis.Network($("graph"), { nodes: nodes, edges: edges }, options);
  api.network = network;
  api.nodes = nodes;
  api.edges = edges;

  function markReady() {
    if (api.ready) return;
    api.ready = true;
    document.body.setAttribute("data-ready", "yes");
  }
  if (physics) {
    // Let the forces settle, then stop them so the picture holds still.
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });
      network.fit();
      markReady();
    });
  } else {
    network.once("afterDrawing", function () { network.fit(); markReady(); });
  }

  // --- filters: kinds and years ----------------------------------------------
  var kindOn = {};
  var legend = $("legend");
  Object.keys(kinds).sort(function (a, b) { return kinds[a].order - kinds[b].order; }).forEach(function (k) {
    kindOn[k] = true;
    var li = el("li");
    var label = el("label");
    var box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.dataset.kind = k;
    box.addEventListener("change", function () { kindOn[k] = box.checked; applyFilters(); });
    var sw = el("span", null, "swatch");
    sw.style.background = kinds[k].color;
    label.appendChild(box);
    label.appendChild(sw);
    label.appendChild(el("span", kinds[k].label));
    label.appendChild(el("span", kinds[k].count, "count"));
    li.appendChild(label);
    legend.appendChild(li);
  });

  var years = data.nodes.map(function (n) { return n.year; }).filter(function (y) { return typeof y === "number"; });
  var yMin = years.length ? Math.min.apply(null, years) : null;
  var yMax = years.length ? Math.max.apply(null, years) : null;
  $("year-min").value = yMin === null ? "" : yMin;
  $("year-max").value = yMax === null ? "" : yMax;
  ["year-min", "year-max", "no-year"].forEach(function (id) {
    $(id).addEventListener("change", applyFilters);
    $(id).addEventListener("input", applyFilters);
  });
  $("reset").addEventListener("click", function () {
    Object.keys(kindOn).forEach(function (k) { kindOn[k] = true; });
    Array.prototype.forEach.call(legend.querySelectorAll("input"), function (b) { b.checked = true; });
    $("year-min").value = yMin === null ? "" : yMin;
    $("year-max").value = yMax === null ? "" : yMax;
    $("no-year").checked = true;
    $("search").value = "";
    runSearch();
    applyFilters();
  });

  function shown(n) {
    if (!kindOn[n.kind]) return false;
    if (typeof n.year !== "number") return $("no-year").checked;
    var lo = parseInt($("year-min").value, 10), hi = parseInt($("year-max").value, 10);
    if (!isNaN(lo) && n.year < lo) return false;
    if (!isNaN(hi) && n.year > hi) return false;
    return true;
  }

  var visible = {};
  function applyFilters() {
    var updates = [], count = 0;
    data.nodes.forEach(function (n) {
      var show = shown(n);
      if (show) count++;
      if (visible[n.id] !== show) updates.push({ id: n.id, hidden: !show });
      visible[n.id] = show;
    });
    if (updates.length) nodes.update(updates);
    var edgeUpdates = [];
    data.edges.forEach(function (e, i) {
      var show = visible[e.from] && visible[e.to];
      edgeUpdates.push({ id: i, hidden: !show });
    });
    edges.update(edgeUpdates);
    api.shownCount = count;
    $("counts").textContent = count + " of " + data.nodes.length + " nodes shown" +
      (meta.nodes_total > data.nodes.length ? " (" + meta.nodes_total + " in the graph)" : "");
  }

  // --- search -------------------------------------------------------------------
  var haystack = {};
  data.nodes.forEach(function (n) {
    var d = n.details || {};
    haystack[n.id] = [n.label, d.title, d.container, (d.authors || []).join(" "), (d.aliases || []).join(" "), d.doi]
      .filter(Boolean).join(" ").toLowerCase();
  });
  var dimmed = {};
  var timer = null;
  $("search").addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(runSearch, 120);
  });
  $("search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter" && api.matches && api.matches.length) focus(api.matches[0]);
  });

  function runSearch() {
    var q = $("search").value.trim().toLowerCase();
    var matches = [];
    if (q) data.nodes.forEach(function (n) { if (haystack[n.id].indexOf(q) >= 0) matches.push(n.id); });
    api.matches = matches;
    var isMatch = {};
    matches.forEach(function (id) { isMatch[id] = true; });
    var updates = [];
    data.nodes.forEach(function (n) {
      var fade = !!q && !isMatch[n.id];
      if (!!dimmed[n.id] !== fade) updates.push({ id: n.id, color: nodeColor(n, fade) });
      dimmed[n.id] = fade;
    });
    if (updates.length) nodes.update(updates);
    var list = $("results");
    while (list.firstChild) list.removeChild(list.firstChild);
    $("results-box").hidden = !q;
    matches.slice(0, 60).forEach(function (id) {
      var li = el("li");
      var b = el("button", byId[id].label);
      b.type = "button";
      b.addEventListener("click", function () { focus(id); });
      li.appendChild(b);
      list.appendChild(li);
    });
    if (q && !matches.length) list.appendChild(el("li", "no match"));
    else if (matches.length > 60) list.appendChild(el("li", "… " + (matches.length - 60) + " more"));
  }

  // --- details --------------------------------------------------------------------
  function row(dl, name, value) {
    if (value === undefined || value === null || value === "" || (value.length === 0)) return;
    dl.appendChild(el("dt", name));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = Array.isArray(value) ? value.join("; ") : String(value);
    dl.appendChild(dd);
  }

  function link(href, text) {
    var a = el("a", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }

  var VERBS = { cites: ["cites", "cited by"], discusses: ["discusses", "discussed by"], studies: ["studies", "studied by"],
    originates_in: ["founded in", "founds"], revised_in: ["revised in", "revises"], revises: ["revises", "revised by"],
    derives_from: ["derives from", "source of"], related_to: ["related to", "related to"],
    uses_theory: ["explained by", "explains"], reported_in: ["reported in", "reports"],
    wrote: ["wrote", "written by"] };

  function showDetails(id) {
    var n = byId[id];
    if (!n) return;
    var d = n.details || {};
    var body = $("details-body");
    while (body.firstChild) body.removeChild(body.firstChild);
    var badge = el("span", n.kind, "kind");
    badge.style.background = kinds[n.kind] ? kinds[n.kind].color : "#888";
    body.appendChild(badge);
    body.appendChild(el("h2", d.title || n.label));
    var dl = el("dl");
    if (d.title && d.title !== n.label) row(dl, "cited as", n.label);
    row(dl, "authors", d.authors);
    row(dl, "year", d.year || n.year);
    row(dl, "venue", [d.container, d.volume ? "vol. " + d.volume : null, d.issue ? "no. " + d.issue : null,
      d.pages ? "pp. " + d.pages : null].filter(Boolean).join(", "));
    row(dl, "publisher", d.publisher);
    if (d.doi) row(dl, "DOI", link("https://doi.org/" + encodeURI(d.doi).replace(/#/g, "%23"), d.doi));
    if (d.url) row(dl, "URL", /^https?:\/\//i.test(d.url) ? link(d.url, d.url) : d.url);
    row(dl, "type", d.type);
    row(dl, "summary", d.summary);
    row(dl, "sector", d.sector);
    row(dl, "place", d.place);
    row(dl, "entry modes", d.entry_modes);
    row(dl, "markets", d.markets);
    row(dl, "aliases", d.aliases);
    row(dl, "note", d.note);
    row(dl, "cited by", typeof d.cited_by === "number" && n.kind !== "theory" && n.kind !== "case" ? d.cited_by + " papers of the corpus" : null);
    body.appendChild(dl);
    var groups = {};
    (neighbours[id] || []).forEach(function (nb) {
      var verb = (VERBS[nb.kind] || [nb.kind, nb.kind])[nb.dir === "out" ? 0 : 1];
      (groups[verb] = groups[verb] || []).push(nb.id);
    });
    Object.keys(groups).sort().forEach(function (verb) {
      body.appendChild(el("h3", verb + " (" + groups[verb].length + ")"));
      var ul = el("ul");
      groups[verb].forEach(function (other) {
        var li = el("li");
        var b = el("button", byId[other] ? byId[other].label : other, "link");
        b.type = "button";
        b.addEventListener("click", function () { focus(other); });
        li.appendChild(b);
        ul.appendChild(li);
      });
      body.appendChild(ul);
    });
    $("details").hidden = false;
    api.detailsFor = id;
  }

  function focus(id) {
    if (!visible[id]) {
      kindOn[byId[id].kind] = true;
      Array.prototype.forEach.call(legend.querySelectorAll("input"), function (b) { b.checked = kindOn[b.dataset.kind]; });
      $("no-year").checked = true;
      $("year-min").value = "";
      $("year-max").value = "";
      applyFilters();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.2, animation: { duration: 300 } });
    showDetails(id);
  }
  api.focus = focus;

  network.on("click", function (params) {
    if (params.nodes.length) showDetails(params.nodes[0]);
  });
  $("close-details").addEventListener("click", function () { $("details").hidden = true; network.unselectAll(); });

  api.drawnCount = function () { return network.body.nodeIndices.length; };
  applyFilters();
})();
