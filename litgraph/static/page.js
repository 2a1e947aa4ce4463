/* litgraph network page: the graph drawn by sigma.js (WebGL) over graphology, plus legend,
   colour by kind or cluster, filters that refit the view, search, a details panel, a network
   and a timeline view, and "export this view". Every string from the data reaches the page as
   text (textContent, canvas and SVG text nodes), never as markup. */
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("litgraph-data").textContent);
  var api = (window.litgraph = { data: data, ready: false, view: "network" });
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) e.textContent = String(text);
    if (cls) e.className = cls;
    return e;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function markReady() {
    if (api.ready) return;
    api.ready = true;
    document.body.setAttribute("data-ready", "yes");
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
    $("views").hidden = true;
    $("export").hidden = true;
    markReady();
    return;
  }

  var kinds = data.kinds, clusters = data.clusters || {}, timeline = data.timeline || { lanes: [], axis: [], notes: [] };
  var hasClusters = Object.keys(clusters).length > 0;
  var byId = {};
  data.nodes.forEach(function (n) { byId[n.id] = n; });

  // --- neighbours: each other node once, with every kind of edge between the two ---------------
  var VERBS = { cites: ["cites", "cited by"], discusses: ["discusses", "discussed by"], studies: ["studies", "studied by"],
    originates_in: ["founded in", "founds"], revised_in: ["revised in", "revises"], revises: ["revises", "revised by"],
    derives_from: ["derives from", "source of"], related_to: ["related to", "related to"],
    uses_theory: ["explained by", "explains"], reported_in: ["reported in", "reports"],
    wrote: ["wrote", "written by"] };
  var adjacency = {};
  function link(a, b, verb) {
    var m = (adjacency[a] = adjacency[a] || {});
    (m[b] = m[b] || {})[verb] = true;
  }
  data.edges.forEach(function (e) {
    var v = VERBS[e.kind] || [e.kind, e.kind];
    link(e.from, e.to, v[0]);
    link(e.to, e.from, v[1]);
  });
  function neighbours(id) {
    var m = adjacency[id] || {};
    return Object.keys(m).map(function (other) { return { id: other, verbs: Object.keys(m[other]).sort() }; });
  }
  api.neighbours = neighbours;

  // --- colours -------------------------------------------------------------------------------------
  var colourBy = "kind";
  function colourOf(n) {
    if (colourBy === "cluster") {
      var c = n.cluster !== undefined ? clusters[n.cluster] : null;
      return c ? c.color : "#d5d9dd";
    }
    return kinds[n.kind] ? kinds[n.kind].color : "#868e96";
  }

  // --- the graph and the renderer ------------------------------------------------------------------
  var G = new graphology.Graph({ multi: true, type: "directed", allowSelfLoops: true });
  var LABELLED = meta.labelled || 24;
  // Many nodes, smaller discs: the picture stays legible at 5,000 and 20,000 nodes.
  var shrink = Math.max(0.35, Math.min(1, Math.sqrt(800 / data.nodes.length)));
  data.nodes.forEach(function (n) {
    G.addNode(n.id, { x: 0, y: 0, size: Math.max(2, n.size * shrink), label: n.short,
      forceLabel: n.rank < LABELLED, color: colourOf(n) });
  });
  (function seed() {
    // A deterministic start for the forces that already follows the links: nodes in rank order, each
    // at the middle of its neighbours placed before it (a little off), or, with none, on the next
    // turn of a golden-angle spiral. The forces then have far less to untangle.
    var order = data.nodes.slice().sort(function (a, b) { return a.rank - b.rank; });
    var placed = {}, spiral = 0, lonely = 0;
    order.forEach(function (n) {
      var sx = 0, sy = 0, k = 0;
      Object.keys(adjacency[n.id] || {}).forEach(function (m) {
        if (placed[m]) { sx += placed[m].x; sy += placed[m].y; k++; }
      });
      var p;
      if (k) {
        var a = n.rank * 2.399963, r = 4 + 6 * ((n.rank * 7919) % 13) / 13;
        p = { x: sx / k + r * Math.cos(a), y: sy / k + r * Math.sin(a) };
      } else {
        // Nodes without any edge share a tight spiral in the middle; the forces push them to a halo.
        var alone = !adjacency[n.id], step = alone ? lonely++ : spiral++;
        var rr = (alone ? 5 : 40) * Math.sqrt(step + 1), aa = step * 2.399963;
        p = { x: rr * Math.cos(aa), y: rr * Math.sin(aa) };
      }
      placed[n.id] = p;
    });
    // Two sweeps to the middle of all neighbours pull in the nodes whose links came later in the order.
    for (var sweep = 0; sweep < 2; sweep++) {
      order.forEach(function (n) {
        var others = Object.keys(adjacency[n.id] || {});
        if (!others.length) return;
        var sx = 0, sy = 0;
        others.forEach(function (m) { sx += placed[m].x; sy += placed[m].y; });
        var a = n.rank * 2.399963, r = 3 + 5 * ((n.rank * 7919) % 11) / 11;
        placed[n.id] = { x: 0.5 * placed[n.id].x + 0.5 * sx / others.length + r * Math.cos(a),
          y: 0.5 * placed[n.id].y + 0.5 * sy / others.length + r * Math.sin(a) };
      });
    }
    order.forEach(function (n) { G.mergeNodeAttributes(n.id, placed[n.id]); });
  })();
  var edgeColors = data.edge_colors || {};
  // Co-authorship and co-occurrence links have no direction: no arrowheads on them.
  var arrows = !meta.undirected && data.edges.length <= 20000;
  data.edges.forEach(function (e, i) {
    if (e.from === e.to) return;
    G.addEdgeWithKey(String(i), e.from, e.to, { size: Math.min(3, 0.5 + 0.4 * Math.log(1 + (e.weight || 1))),
      color: edgeColors[e.kind] || "#b8bec4", type: arrows ? "arrow" : "line" });
  });

  var visible = {}, faded = {}, searching = false, selected = null, toLabel = {};
  var LABEL_FAMILY = "system-ui, -apple-system, Segoe UI, Roboto, sans-serif", LABEL_FONT = "12px " + LABEL_FAMILY;
  var renderer = new Sigma(G, $("sigma"), {
    renderLabels: true,
    labelRenderedSizeThreshold: Math.max(5, 11 * shrink),
    labelDensity: 0.6,
    labelGridCellSize: 110,
    labelSize: 12,
    labelFont: LABEL_FAMILY,
    labelColor: { color: "#1d232a" },
    // While the camera moves on a big graph, labels and edges wait until it stops (see "frames while
    // the camera moves" below); they are back 160 ms after.
    hideEdgesOnMove: data.edges.length > 2000,
    hideLabelsOnMove: data.nodes.length > 500,
    zIndex: true,
    minCameraRatio: 0.005,
    maxCameraRatio: 4,
    stagePadding: 24,
    nodeReducer: function (id, attrs) {
      var out = Object.assign({}, attrs);
      var n = byId[id];
      if (!visible[id] || (api.view === "timeline" && n.year === null)) { out.hidden = true; return out; }
      out.forceLabel = !!toLabel[id];
      // Uncoloured nodes (no cluster) under the coloured ones.
      out.zIndex = colourBy === "cluster" && n.cluster === undefined ? 0 : 1;
      if (searching && faded[id]) {
        out.color = "#e4e6e8";
        out.label = null;
        out.forceLabel = false;
        out.zIndex = 0;
      }
      if (api.view === "timeline") out.size = Math.min(attrs.size, 7);  // a year's cell is small
      if (id === selected) { out.highlighted = true; out.forceLabel = true; out.zIndex = 2; }
      return out;
    },
    edgeReducer: function (id, attrs) {
      var out = Object.assign({}, attrs);
      var src = G.source(id), dst = G.target(id);
      if (api.view === "timeline" || !visible[src] || !visible[dst]) out.hidden = true;
      else if (searching && (faded[src] || faded[dst])) out.color = "#eef0f2";
      return out;
    }
  });
  api.renderer = renderer;
  api.graph = G;

  // --- frames while the camera moves ---------------------------------------------------------------
  // Measured in headless Chromium with software WebGL (SwiftShader, bench/network_page.py): a frame
  // that changes a WebGL canvas costs the GPU process 100-300 ms whatever it holds (one that only
  // clears it costs as much) and ~2 s of CPU with sigma's 20,000 discs, so sigma cannot redraw a big
  // graph on every camera step there. While the camera moves on a graph of more than a few hundred
  // nodes (on any graph under software WebGL), the page therefore draws each frame itself, on the
  // CPU: every node at its place for the camera of that frame, as a disc of its colour and size
  // written straight into the pixels of one canvas (4-15 ms of CPU for 20,000 nodes, by zoom level),
  // the edges too while they are few, and the labels of the last
  // full frame; sigma's WebGL layers are hidden meanwhile, and sigma draws the whole picture (edges,
  // labels, anti-aliased discs) once the camera stops. Small graphs on a GPU are redrawn by sigma on
  // every step.
  var captor = renderer.getMouseCaptor(), fullRender = renderer.render, base = null, instant = false;
  // With software WebGL (SwiftShader, llvmpipe: no GPU, as in headless browsers and many virtual
  // machines) even a 200-node frame costs sigma ~100 ms, so there every graph gets motion frames.
  var softwareGL = (function () {
    try {
      var gl = renderer.webGLContexts.nodes, info = gl.getExtension("WEBGL_debug_renderer_info");
      return /swiftshader|llvmpipe|softpipe|software/i.test(String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)));
    } catch (err) { return false; }
  })();
  var sliding = softwareGL || data.nodes.length > 500 || data.edges.length > 2000;
  api.softwareGL = softwareGL;
  var MOTION_EDGES = 6000;  // above this many edges drawn, edges wait for the camera to stop
  var motionCanvas = $("motion"), motionCtx = null, motionImage = null, motionPixels = null;
  var sigmaLayers = ["edges", "nodes", "labels", "hovers", "hoverNodes"].map(function (k) { return renderer.elements[k]; });
  renderer.elements.edgeLabels.style.display = "none";  // the page draws no edge labels
  function cameraMoving() {
    return renderer.getCamera().isAnimated() || captor.isMoving || !!captor.draggedEvents || !!captor.currentWheelDirection;
  }

  // What sigma draws, as flat arrays in "framed graph" coordinates, in graph order, and the order
  // sigma draws them in (later on top). Kept in step with sigma's data:
  // all of it again after a full refresh, only the nodes named after a partial one (a click).
  var nodeIds = G.nodes(), nodeIndex = {}, N = nodeIds.length;  // the page never adds or removes nodes
  nodeIds.forEach(function (id, i) { nodeIndex[id] = i; });
  var snap = { xs: new Float64Array(N), ys: new Float64Array(N), ss: new Float64Array(N), cs: new Uint32Array(N),
    on: new Uint8Array(N), order: new Int32Array(N), vx: new Float64Array(N), vy: new Float64Array(N),
    from: null, to: null, ecol: null };
  var dirtyAll = true, dirtyOrder = true, dirtyNodes = [];
  var refreshSigma = renderer.refresh;
  renderer.refresh = function (opts) {
    if (opts && opts.partialGraph) dirtyNodes.push.apply(dirtyNodes, opts.partialGraph.nodes || []);
    else dirtyAll = true;
    if (opts && opts.partialGraph && opts.partialGraph.edges) dirtyAll = true;
    return refreshSigma.call(renderer, opts);
  };
  renderer.on("afterProcess", function () { dirtyAll = true; });
  var colourCache = {}, parseCanvas = document.createElement("canvas").getContext("2d");
  function rgba32(css) {
    // A CSS colour as one little-endian RGBA pixel (alpha always opaque: the discs are drawn solid).
    var v = colourCache[css];
    if (v !== undefined) return v;
    parseCanvas.fillStyle = "#000";
    parseCanvas.fillStyle = css;
    var c = parseCanvas.fillStyle, r = 0, g = 0, b = 0;
    if (c.charAt(0) === "#") { var x = parseInt(c.slice(1, 7), 16); r = x >> 16; g = (x >> 8) & 255; b = x & 255; }
    else { var m = c.match(/[\d.]+/g) || [0, 0, 0]; r = +m[0]; g = +m[1]; b = +m[2]; }
    return (colourCache[css] = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0);
  }
  function takeNode(i, d) {
    snap.on[i] = d && !d.hidden ? 1 : 0;
    if (snap.on[i]) { snap.xs[i] = d.x; snap.ys[i] = d.y; snap.ss[i] = d.size; snap.cs[i] = rgba32(d.color); }
  }
  function snapshot() {
    if (renderer.needToProcess) { renderer.process(); renderer.needToProcess = false; }
    var cache = renderer.nodeDataCache, i;
    if (dirtyAll) {
      for (i = 0; i < N; i++) takeNode(i, cache[nodeIds[i]]);
      dirtyOrder = true;  // sigma has processed the graph again
      // Edges only where a motion frame may draw them (few enough); else they wait for the camera to stop.
      snap.from = snap.to = snap.ecol = null;
      if (api.view === "network" && G.size <= 4 * MOTION_EDGES) {
        var from = [], to = [], ecol = [], ecache = renderer.edgeDataCache;
        G.forEachEdge(function (id, a, src, dst) {
          var e = ecache[id];
          if (!e || e.hidden) return;
          from.push(nodeIndex[src]); to.push(nodeIndex[dst]); ecol.push(rgba32(e.color));
        });
        if (from.length <= MOTION_EDGES) { snap.from = Int32Array.from(from); snap.to = Int32Array.from(to); snap.ecol = Uint32Array.from(ecol); }
      }
    } else {
      dirtyNodes.forEach(function (id) { if (nodeIndex[id] !== undefined) takeNode(nodeIndex[id], cache[id]); });
    }
    dirtyAll = false;
    dirtyNodes = [];
    if (dirtyOrder) {
      // Sigma's own order: the place of each node in its WebGL program, set when it last processed
      // the graph (by zIndex); a click's partial refresh keeps it, and so does this.
      var where = renderer.nodeProgramIndex, keys = new Float64Array(N), idx = [];
      for (i = 0; i < N; i++) { keys[i] = where[nodeIds[i]] === undefined ? Infinity : where[nodeIds[i]]; idx.push(i); }
      idx.sort(function (a, b) { return keys[a] - keys[b] || a - b; });
      snap.order.set(idx);
      dirtyOrder = false;
    }
    return snap;
  }
  function affine(state) {
    // framed graph -> viewport for a camera state (no rotation in this page, but any affine map works).
    var o = { cameraState: state };
    var p0 = renderer.framedGraphToViewport({ x: 0, y: 0 }, o), px = renderer.framedGraphToViewport({ x: 1, y: 0 }, o),
      py = renderer.framedGraphToViewport({ x: 0, y: 1 }, o);
    return { x: p0.x, y: p0.y, xx: px.x - p0.x, xy: py.x - p0.x, yx: px.y - p0.y, yy: py.y - p0.y };
  }
  // Where the overlay (timeline lanes, burst marks) draws while a motion frame is on screen.
  var motionView = null;
  function toViewport(p) {
    if (!motionView) return renderer.graphToViewport(p);
    var q = renderer.normalizationFunction(p), m = motionView;
    return { x: m.x + m.xx * q.x + m.xy * q.y, y: m.y + m.yx * q.x + m.yy * q.y };
  }
  function drawMotion(state) {
    var s = snapshot(), dim = renderer.getDimensions(), W = Math.max(1, Math.floor(dim.width)), H = Math.max(1, Math.floor(dim.height));
    if (!motionCtx || motionCanvas.width !== W || motionCanvas.height !== H) {
      // One CSS pixel per canvas pixel (a HiDPI screen gets its full resolution back when the camera
      // stops), a canvas the CPU draws into (willReadFrequently: no GPU round trip for it).
      motionCanvas.width = W; motionCanvas.height = H;
      motionCanvas.style.width = W + "px"; motionCanvas.style.height = H + "px";
      motionCtx = motionCanvas.getContext("2d", { alpha: false, willReadFrequently: true });
      motionImage = motionCtx.createImageData(W, H);
      motionPixels = new Uint32Array(motionImage.data.buffer);
    }
    var m = affine(state), k = renderer.scaleSize(1, state.ratio), u = motionPixels;
    var xs = s.xs, ys = s.ys, ss = s.ss, cs = s.cs, on = s.on, vx = s.vx, vy = s.vy, order = s.order, i, j, n = 0;
    u.fill(0xffffffff);
    for (i = 0; i < N; i++) { vx[i] = m.x + m.xx * xs[i] + m.xy * ys[i]; vy[i] = m.y + m.yx * xs[i] + m.yy * ys[i]; }
    var edges = s.from ? s.from.length : 0;
    for (var e = 0; e < edges; e++) line(u, W, H, vx[s.from[e]], vy[s.from[e]], vx[s.to[e]], vy[s.to[e]], s.ecol[e]);
    for (j = 0; j < N; j++) { i = order[j]; if (on[i]) { disc(u, W, H, vx[i], vy[i], Math.max(0.5, ss[i] * k), cs[i]); n++; } }
    // The selected node over the others, as sigma draws it (its highlight layer).
    i = selected === null || selected === undefined ? undefined : nodeIndex[selected];
    if (i !== undefined && on[i]) disc(u, W, H, vx[i], vy[i], Math.max(0.5, ss[i] * k), cs[i]);
    motionCtx.putImageData(motionImage, 0, 0);
    // The labels sigma showed last, where their nodes are now (each label's text drawn once into a
    // small canvas and copied from there: fillText itself cost ~2 ms a frame for 40 labels).
    var labels = renderer.getNodeDisplayedLabels();
    if (labels.size && labels.size <= 200) {
      labels.forEach(function (id) {
        var t = nodeIndex[id];
        if (t === undefined || !s.on[t]) return;
        var text = renderer.nodeDataCache[id].label, lx = vx[t] + ss[t] * k + 3, ly = vy[t] + 4;
        if (text && lx < W && ly > 0 && ly - 12 < H) motionCtx.drawImage(labelImage(text), Math.round(lx), Math.round(ly) - 13);
      });
    }
    api.motionFrames = (api.motionFrames || 0) + 1;
    api.motionView = { nodes: n, edges: edges, labels: labels.size };
    return m;
  }
  var labelImages = {}, labelCount = 0;
  function labelImage(text) {
    var c = labelImages[text];
    if (c) return c;
    if (++labelCount > 2000) { labelImages = {}; labelCount = 1; }  // labels change as one zooms: keep a few
    c = document.createElement("canvas");
    var ctx = c.getContext("2d");
    ctx.font = LABEL_FONT;
    c.width = Math.max(1, Math.ceil(ctx.measureText(text).width) + 2);
    c.height = 17;
    ctx.font = LABEL_FONT;
    ctx.fillStyle = "#1d232a";
    ctx.fillText(text, 0, 13);
    return (labelImages[text] = c);
  }
  function disc(u, W, H, x, y, r, col) {
    // A solid disc: the pixels whose centres lie within r of (x, y); at least its centre pixel.
    if (x + r < 0 || y + r < 0 || x - r >= W || y - r >= H) return;
    var y0 = Math.max(0, Math.ceil(y - r - 0.5)), y1 = Math.min(H - 1, Math.floor(y + r - 0.5));
    if (y1 < y0 || r < 0.75) {
      var px = Math.floor(x), py = Math.floor(y);
      if (px >= 0 && px < W && py >= 0 && py < H) u[py * W + px] = col;
      return;
    }
    var r2 = r * r;
    for (var py2 = y0; py2 <= y1; py2++) {
      var dy = py2 + 0.5 - y, w = Math.sqrt(Math.max(0, r2 - dy * dy));
      var a = Math.max(0, Math.ceil(x - w - 0.5)), b = Math.min(W - 1, Math.floor(x + w - 0.5)), row = py2 * W;
      if (b - a > 24) u.fill(col, row + a, row + b + 1);  // a native fill beats the loop on long rows
      else for (var px2 = a; px2 <= b; px2++) u[row + px2] = col;
    }
  }
  function line(u, W, H, x0, y0, x1, y1, col) {
    // A one-pixel line (DDA), clipped to the canvas.
    var dx = x1 - x0, dy = y1 - y0, steps = Math.ceil(Math.max(Math.abs(dx), Math.abs(dy)));
    if (!(steps > 0) || steps > 8 * (W + H)) return;
    if ((x0 < 0 && x1 < 0) || (y0 < 0 && y1 < 0) || (x0 >= W && x1 >= W) || (y0 >= H && y1 >= H)) return;
    var sx = dx / steps, sy = dy / steps, x = x0, y = y0;
    for (var i = 0; i <= steps; i++, x += sx, y += sy) {
      if (x >= 0 && y >= 0 && x < W && y < H) u[(y | 0) * W + (x | 0)] = col;
    }
  }
  api.snapshot = snapshot;
  function showMotion(on) {
    motionCanvas.hidden = !on;
    sigmaLayers.forEach(function (c) { c.style.visibility = on ? "hidden" : ""; });
  }
  renderer.render = function () {
    if (sliding && !instant && cameraMoving()) {
      if (renderer.renderFrame) { cancelAnimationFrame(renderer.renderFrame); renderer.renderFrame = null; }
      var t0 = performance.now();
      motionView = drawMotion(renderer.getCamera().getState());
      drawOverlay();
      motionView = null;
      if (!api.sliding) showMotion(true);
      api.sliding = true;
      api.motionMs = (api.motionMs || 0) + performance.now() - t0;
      return renderer;
    }
    var t1 = performance.now();
    fullRender.call(renderer);
    if (api.sliding) { showMotion(false); api.sliding = false; }
    base = renderer.getCamera().getState();
    api.fullRenders = (api.fullRenders || 0) + 1;
    api.fullMs = (api.fullMs || 0) + performance.now() - t1;
    return renderer;
  };
  // Which node is under the pointer, found on the CPU from the same arrays (sigma reads a pixel back
  // from a picking frame on the GPU, which waits for every frame queued before it: seconds at 20,000
  // nodes in software). The topmost disc containing the point wins, as in sigma's picking.
  captor.removeListener("wheel", renderer.activeListeners.handleWheel);
  function nodeAt(p) {
    var s = snapshot(), m = affine(renderer.getCamera().getState()), k = renderer.scaleSize(1, renderer.getCamera().ratio);
    for (var j = N - 1; j >= 0; j--) {
      var i = s.order[j];
      if (!s.on[i]) continue;
      var dx = m.x + m.xx * s.xs[i] + m.xy * s.ys[i] - p.x, dy = m.y + m.yx * s.xs[i] + m.yy * s.ys[i] - p.y, r = s.ss[i] * k;
      if (dx * dx + dy * dy <= r * r) return nodeIds[i];
    }
    return null;
  }
  renderer.getNodeAtPosition = function (p) { return captor.isMoving ? null : nodeAt(p); };
  // Sigma's picking frames are no longer read: not drawing them halves the GPU work of a full frame.
  Object.keys(renderer.nodePrograms).forEach(function (k) {
    var prog = renderer.nodePrograms[k];
    if (prog.pickProgram) { prog.pickProgram.gl.deleteProgram(prog.pickProgram.program); prog.pickProgram = null; }
  });
  if (renderer.pickingLayers && renderer.pickingLayers.clear) renderer.pickingLayers.clear();

  // The details panel opening or closing resizes the drawing: keep the canvases (and hit-testing) in step.
  if (window.ResizeObserver) new ResizeObserver(function () { renderer.resize(); renderer.refresh({ skipIndexation: true }); }).observe($("sigma"));

  // --- positions and the camera --------------------------------------------------------------------
  var netPos = null, yScale = 1;
  function toFramed(p) { return renderer.viewportToFramedGraph(renderer.graphToViewport(p)); }
  function fit(duration, ids) {
    ids = ids || data.nodes.filter(function (n) { return isDrawn(n.id); }).map(function (n) { return n.id; });
    if (!ids.length) return;
    var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
    ids.forEach(function (id) {
      var p = toFramed(G.getNodeAttributes(id));
      if (p.x < x0) x0 = p.x; if (p.x > x1) x1 = p.x;
      if (p.y < y0) y0 = p.y; if (p.y > y1) y1 = p.y;
    });
    var state = { x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio: Math.max(0.04, Math.max(x1 - x0, y1 - y0) * 1.15), angle: 0 };
    // animate() also cancels a running animation (a wheel zoom), which would undo a bare setState.
    renderer.getCamera().animate(state, { duration: Math.max(1, duration || 0) });
    if (!duration) {
      // An instant fit is drawn by sigma at once (labels placed, its matrix current), not as a motion frame.
      renderer.getCamera().setState(state);
      instant = true;
      renderer.render();
      instant = false;
    }
    return state;
  }

  // --- labels at the overview ------------------------------------------------------------------------
  // The top nodes by score are labelled, best first, each only where its label and disc overlap no
  // label placed before it (for the view the camera is going to): forced labels would otherwise pile
  // up in a dense middle. Sigma's label grid adds others where there is room, more as one zooms in.
  var measure = document.createElement("canvas").getContext("2d");
  function placeLabels(state) {
    measure.font = "12px system-ui, -apple-system, Segoe UI, Roboto, sans-serif";
    var cam = { cameraState: state || renderer.getCamera().getState() }, ratio = cam.cameraState.ratio, boxes = [];
    toLabel = {};
    var count = 0;
    data.nodes.filter(function (n) { return isDrawn(n.id); }).sort(function (a, b) { return a.rank - b.rank; })
      .slice(0, LABELLED * 4).forEach(function (n) {
        if (count >= LABELLED) return;
        var p = renderer.graphToViewport(G.getNodeAttributes(n.id), cam);
        var r = renderer.scaleSize(G.getNodeAttribute(n.id, "size"), ratio), h = Math.max(r, 8);
        var box = { x0: p.x - r - 2, x1: p.x + r + 5 + measure.measureText(n.short).width, y0: p.y - h - 2, y1: p.y + h + 2 };
        if (boxes.some(function (b) { return b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1; })) return;
        boxes.push(box);
        toLabel[n.id] = true;
        count++;
      });
    api.forcedLabels = Object.keys(toLabel);
    renderer.refresh();
  }
  api.fit = function (duration) { fit(duration || 0); };
  // Where a node is on screen for the camera as it is now (sigma's own matrix is that of its last full
  // frame, which waits for the camera to stop).
  function viewportNow(p) { return renderer.graphToViewport(p, { cameraState: renderer.getCamera().getState() }); }
  api.screenPosition = function (id) {
    var p = viewportNow(G.getNodeAttributes(id));
    var box = $("sigma").getBoundingClientRect();
    return { x: p.x + box.left, y: p.y + box.top };
  };

  function runLayout(done) {
    var fa = graphologyLibrary.layoutForceAtlas2;
    var n = G.order;
    var settings = fa.inferSettings(G);
    settings.barnesHutOptimize = n > 1000;
    settings.adjustSizes = false;
    settings.slowDown = 1 + Math.log(n) / 4;
    settings.gravity = n > 2000 ? 2 : 1;
    var target = n <= 1500 ? 500 : n <= 5000 ? 250 : 120;
    var budget = n <= 1500 ? 4000 : 8000;  // ms: the forces stop then, settled or not
    var t0 = performance.now(), doneIts = 0, chunk = 1;
    $("layout-status").hidden = false;
    function step() {
      var s = performance.now();
      fa.assign(G, { iterations: chunk, settings: settings, getEdgeWeight: null });
      doneIts += chunk;
      var per = (performance.now() - s) / chunk;
      chunk = Math.max(1, Math.min(50, Math.floor(40 / Math.max(per, 0.01))));
      $("layout-status").textContent = "arranging the network… " + Math.round(100 * doneIts / target) + "%";
      if (doneIts < target && performance.now() - t0 < budget) {
        renderer.refresh();
        requestAnimationFrame(step);
      } else {
        $("layout-status").hidden = true;
        api.layoutIterations = doneIts;
        done();
      }
    }
    if (n <= 2) { $("layout-status").hidden = true; done(); return; }
    requestAnimationFrame(step);
  }

  function setView(view) {
    if (!netPos || view === api.view) return;  // the network's layout first

    if (api.view === "network" && netPos) {
      G.forEachNode(function (id, a) { netPos[id] = { x: a.x, y: a.y }; });
    }
    api.view = view;
    if (view === "timeline") {
      // Stretch the lanes so the timeline fills the screen's shape instead of a thin strip.
      var ax = timeline.axis, lanes = timeline.lanes, dim = renderer.getDimensions();
      var w = ax.length ? ax[ax.length - 1].x + 24 : 1, h = lanes.length ? lanes[lanes.length - 1].y1 + 24 : 1;
      yScale = Math.max(1, Math.min(20, 0.8 * w * dim.height / Math.max(dim.width, 1) / h));
    }
    G.updateEachNodeAttributes(function (id, a) {
      var n = byId[id];
      if (view === "timeline") {
        if (typeof n.tx === "number") { a.x = n.tx; a.y = -n.ty * yScale; }
      } else if (netPos && netPos[id]) { a.x = netPos[id].x; a.y = netPos[id].y; }
      return a;
    });
    $("view-network").setAttribute("aria-pressed", String(view === "network"));
    $("view-timeline").setAttribute("aria-pressed", String(view === "timeline"));
    $("timeline-box").hidden = view !== "timeline";
    renderer.refresh();
    updateCounts();
    placeLabels(fit(0));
  }
  $("view-network").addEventListener("click", function () { setView("network"); });
  $("view-timeline").addEventListener("click", function () { setView("timeline"); });
  api.setView = setView;

  // --- the overlay: timeline axis, lanes and arcs; burst markers --------------------------------------
  var overlay = $("overlay");
  var bursts = data.nodes.filter(function (n) { return n.burst; });
  var arcs = data.edges.filter(function (e) { return e.kind === "cites" && byId[e.from].year !== null && byId[e.to].year !== null; });
  var moving = false, moveTimer = null, overlayEmpty = false;
  renderer.getCamera().on("updated", function () {
    moving = true;
    clearTimeout(moveTimer);
    // The frame after the camera stops draws everything again (the wheel's last frame still counts as moving).
    moveTimer = setTimeout(settle, 160);
  });
  function settle() {
    if (cameraMoving()) { moveTimer = setTimeout(settle, 100); return; }
    moving = false;
    var c = renderer.getCamera().getState();
    if (api.sliding || (sliding && base && (c.x !== base.x || c.y !== base.y || c.ratio !== base.ratio))) renderer.scheduleRender();
    else drawOverlay();
  }
  function yearX(year) {
    // The x of a year on the timeline axis (years between columns are interpolated).
    var ax = timeline.axis;
    if (!ax.length) return 0;
    if (year <= ax[0].year) return ax[0].x;
    for (var i = 1; i < ax.length; i++) {
      if (year <= ax[i].year) {
        var a = ax[i - 1], b = ax[i];
        return a.x + (b.x - a.x) * (year - a.year) / (b.year - a.year);
      }
    }
    return ax[ax.length - 1].x;
  }
  function radius(id) {
    var d = renderer.getNodeDisplayData(id);
    return d ? renderer.scaleSize(d.size) : 4;
  }
  function drawOverlay() {
    var dim = renderer.getDimensions(), ratio = window.devicePixelRatio || 1;
    if (overlay.width !== dim.width * ratio || overlay.height !== dim.height * ratio) {
      overlay.width = dim.width * ratio;
      overlay.height = dim.height * ratio;
      overlay.style.width = dim.width + "px";
      overlay.style.height = dim.height + "px";
    }
    var shapes = sceneOverlay(dim);
    if (!shapes.length && overlayEmpty) return;  // an untouched canvas costs nothing to composite
    var ctx = overlay.getContext("2d");
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, dim.width, dim.height);
    shapes.forEach(function (s) { paint(ctx, s); });
    overlayEmpty = !shapes.length;
  }
  api.drawOverlay = drawOverlay;

  // What the overlay shows, as plain shapes, so the page, the PNG and the SVG draw the same thing.
  function sceneOverlay(dim) {
    var out = [];
    if (api.view === "timeline") {
      var vp = function (x, y) { return toViewport({ x: x, y: y }); };
      timeline.lanes.forEach(function (ln, i) {
        var a = vp(0, -ln.y0 * yScale), b = vp(0, -ln.y1 * yScale);
        if (i % 2 === 0) out.push({ t: "rect", x: 0, y: Math.min(a.y, b.y) - 14, w: dim.width, h: Math.abs(b.y - a.y) + 28, fill: "rgba(52,81,178,0.04)" });
        out.push({ t: "text", x: 8, y: Math.min(a.y, b.y) - 2, text: ln.label, fill: ln.color, size: 12, bold: true });
      });
      var lastX = -Infinity;
      timeline.axis.forEach(function (t) {
        var p = vp(t.x, 0);
        if (p.x - lastX < 38) return;
        lastX = p.x;
        out.push({ t: "line", x1: p.x, y1: 0, x2: p.x, y2: dim.height, stroke: "rgba(0,0,0,0.06)", width: 1 });
        out.push({ t: "text", x: p.x + 2, y: dim.height - 6, text: String(t.year), fill: "#5f6b76", size: 11 });
      });
      if (!moving || arcs.length < 4000) {
        arcs.forEach(function (e) {
          if (!isDrawn(e.from) || !isDrawn(e.to)) return;
          var p = toViewport(G.getNodeAttributes(e.from)), q = toViewport(G.getNodeAttributes(e.to));
          var f = searching && (faded[e.from] || faded[e.to]);
          out.push({ t: "arc", x1: p.x, y1: p.y, x2: q.x, y2: q.y, stroke: f ? "rgba(0,0,0,0.04)" : "rgba(70,80,95,0.22)", width: 1 });
        });
      }
      bursts.forEach(function (n) {
        if (!isDrawn(n.id)) return;
        var y = toViewport(G.getNodeAttributes(n.id)).y;
        var a = vp(yearX(n.burst.start), 0).x, b = vp(yearX(n.burst.end), 0).x;
        out.push({ t: "rect", x: a, y: y + radius(n.id) + 1, w: Math.max(3, b - a), h: 3, fill: "#e03131" });
      });
    } else {
      bursts.forEach(function (n) {
        if (!isDrawn(n.id)) return;
        var p = toViewport(G.getNodeAttributes(n.id));
        out.push({ t: "ring", x: p.x, y: p.y, r: radius(n.id) + 3, stroke: "#e03131", width: 2 });
      });
    }
    return out;
  }
  function paint(ctx, s) {
    if (s.t === "rect") { ctx.fillStyle = s.fill; ctx.fillRect(s.x, s.y, s.w, s.h); }
    else if (s.t === "line" || s.t === "arc") {
      ctx.strokeStyle = s.stroke; ctx.lineWidth = s.width; ctx.beginPath(); ctx.moveTo(s.x1, s.y1);
      if (s.t === "arc") { var c = arcControl(s); ctx.quadraticCurveTo(c.x, c.y, s.x2, s.y2); } else ctx.lineTo(s.x2, s.y2);
      ctx.stroke();
    } else if (s.t === "ring") {
      ctx.strokeStyle = s.stroke; ctx.lineWidth = s.width; ctx.beginPath(); ctx.arc(s.x, s.y, s.r, 0, 2 * Math.PI); ctx.stroke();
    } else if (s.t === "circle") {
      ctx.fillStyle = s.fill; ctx.beginPath(); ctx.arc(s.x, s.y, s.r, 0, 2 * Math.PI); ctx.fill();
      if (s.stroke) { ctx.strokeStyle = s.stroke; ctx.lineWidth = 1; ctx.stroke(); }
    } else if (s.t === "text") {
      ctx.font = (s.bold ? "600 " : "") + s.size + "px system-ui, sans-serif";
      if (s.halo) { ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.lineWidth = 3; ctx.strokeText(s.text, s.x, s.y); }
      ctx.fillStyle = s.fill; ctx.fillText(s.text, s.x, s.y);
    }
  }
  function arcControl(s) {
    // Citations bow upwards from the later (citing) work to the earlier one: a historiograph's arcs.
    var mx = (s.x1 + s.x2) / 2, my = (s.y1 + s.y2) / 2, dx = s.x2 - s.x1, dy = s.y2 - s.y1;
    var k = 0.25;
    return { x: mx + dy * k, y: my - Math.abs(dx) * k };
  }
  renderer.on("afterRender", drawOverlay);

  // --- filters: kinds, clusters, years --------------------------------------------------------------
  var kindOn = {}, clusterOn = {};
  function legendItem(list, key, colour, name, count, onChange, attr) {
    var li = el("li"), label = el("label"), box = el("input");
    box.type = "checkbox";
    box.checked = true;
    box.setAttribute(attr, key);
    box.addEventListener("change", function () { onChange(box.checked); });
    var sw = el("span", null, "swatch");
    sw.style.background = colour;
    label.appendChild(box);
    label.appendChild(sw);
    label.appendChild(el("span", name, "name"));
    label.appendChild(el("span", count, "count"));
    li.appendChild(label);
    list.appendChild(li);
  }
  Object.keys(kinds).sort(function (a, b) { return kinds[a].order - kinds[b].order; }).forEach(function (k) {
    kindOn[k] = true;
    legendItem($("legend"), k, kinds[k].color, kinds[k].label, kinds[k].count,
      function (on) { kindOn[k] = on; applyFilters(true); }, "data-kind");
  });
  Object.keys(clusters).sort(function (a, b) { return clusters[a].order - clusters[b].order; }).forEach(function (c) {
    clusterOn[c] = true;
    var info = clusters[c];
    legendItem($("cluster-legend"), c, info.color, info.label,
      info.size !== info.shown ? info.shown + " of " + info.size : info.shown,
      function (on) { clusterOn[c] = on; applyFilters(true); }, "data-cluster");
  });
  $("clusters-box").hidden = !hasClusters;
  if (hasClusters) {
    var via = data.nodes.some(function (n) { return n.cluster_via; });
    $("clusters-help").textContent = "Co-citation clusters, named by their distinctive words. " +
      (via ? "Papers take the cluster most of the works they cite belong to. " : "") + "Grey: no cluster.";
  }
  if (!hasClusters) {
    var radio = document.querySelector("#colour-by input[value=cluster]");
    radio.disabled = true;
    $("cluster-note").textContent = "No clusters to colour by: the nodes carry no cluster attribute " +
      "(litgraph's cluster analysis adds one).";
    $("cluster-note").hidden = false;
  }
  Array.prototype.forEach.call(document.querySelectorAll("#colour-by input"), function (r) {
    r.addEventListener("change", function () { if (r.checked) setColour(r.value); });
  });
  function setColour(mode) {
    colourBy = mode === "cluster" && hasClusters ? "cluster" : "kind";
    G.updateEachNodeAttributes(function (id, a) { a.color = colourOf(byId[id]); return a; });
    renderer.refresh();
  }
  api.setColour = setColour;
  if (hasClusters) {
    document.querySelector("#colour-by input[value=cluster]").checked = true;
    setColour("cluster");
  }

  var years = data.nodes.map(function (n) { return n.year; }).filter(function (y) { return typeof y === "number"; });
  var yMin = years.length ? Math.min.apply(null, years) : null;
  var yMax = years.length ? Math.max.apply(null, years) : null;
  $("year-min").value = yMin === null ? "" : yMin;
  $("year-max").value = yMax === null ? "" : yMax;
  ["year-min", "year-max", "no-year"].forEach(function (id) {
    $(id).addEventListener("change", function () { applyFilters(true); });
    $(id).addEventListener("input", function () { applyFilters(true); });
  });
  function resetFilters() {
    Object.keys(kindOn).forEach(function (k) { kindOn[k] = true; });
    Object.keys(clusterOn).forEach(function (c) { clusterOn[c] = true; });
    Array.prototype.forEach.call(document.querySelectorAll(".legend input"), function (b) { b.checked = true; });
    $("year-min").value = yMin === null ? "" : yMin;
    $("year-max").value = yMax === null ? "" : yMax;
    $("no-year").checked = true;
  }
  $("reset").addEventListener("click", function () {
    resetFilters();
    $("search").value = "";
    runSearch();
    applyFilters(true);
  });

  function shown(n) {
    if (!kindOn[n.kind]) return false;
    if (hasClusters && n.cluster !== undefined && clusterOn[n.cluster] === false) return false;
    if (typeof n.year !== "number") return $("no-year").checked;
    var lo = parseInt($("year-min").value, 10), hi = parseInt($("year-max").value, 10);
    if (!isNaN(lo) && n.year < lo) return false;
    if (!isNaN(hi) && n.year > hi) return false;
    return true;
  }
  function isDrawn(id) { return !!visible[id] && (api.view !== "timeline" || byId[id].year !== null); }

  function updateCounts() {
    var count = 0;
    data.nodes.forEach(function (n) { if (isDrawn(n.id)) count++; });
    api.shownCount = count;
    $("counts").textContent = count + " of " + data.nodes.length + " nodes shown" +
      (meta.nodes_total > data.nodes.length ? " (" + meta.nodes_total + " in the graph)" : "");
  }
  function applyFilters(refit) {
    data.nodes.forEach(function (n) { visible[n.id] = shown(n); });
    renderer.refresh();
    updateCounts();
    if (refit && api.ready) placeLabels(fit(300));
  }
  api.drawnCount = function () {
    var count = 0;
    G.forEachNode(function (id) { var d = renderer.getNodeDisplayData(id); if (d && !d.hidden) count++; });
    return count;
  };

  // --- search ---------------------------------------------------------------------------------------
  var haystack = {};
  data.nodes.forEach(function (n) {
    var d = n.details || {};
    haystack[n.id] = [n.label, d.title, d.container, (d.authors || []).join(" "), (d.aliases || []).join(" "), d.doi]
      .filter(Boolean).join(" ").toLowerCase();
  });
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
    searching = !!q;
    faded = {};
    if (q) {
      var isMatch = {};
      matches.forEach(function (id) { isMatch[id] = true; });
      data.nodes.forEach(function (n) { if (!isMatch[n.id]) faded[n.id] = true; });
    }
    renderer.refresh();
    var list = $("results");
    clear(list);
    $("results-box").hidden = !q;
    matches.sort(function (a, b) { return byId[a].rank - byId[b].rank; });
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

  // --- details --------------------------------------------------------------------------------------
  function row(dl, name, value) {
    if (value === undefined || value === null || value === "" || (value.length === 0)) return;
    dl.appendChild(el("dt", name));
    var dd = el("dd");
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = Array.isArray(value) ? value.join("; ") : String(value);
    dl.appendChild(dd);
  }
  function anchor(href, text) {
    var a = el("a", text);
    a.href = href;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    return a;
  }
  function showDetails(id) {
    var n = byId[id];
    if (!n) return;
    var d = n.details || {};
    var body = $("details-body");
    clear(body);
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
    if (d.doi) row(dl, "DOI", anchor("https://doi.org/" + encodeURI(d.doi).replace(/#/g, "%23"), d.doi));
    if (d.url) row(dl, "URL", /^https?:\/\//i.test(d.url) ? anchor(d.url, d.url) : d.url);
    row(dl, "type", d.type);
    row(dl, "summary", d.summary);
    row(dl, "sector", d.sector);
    row(dl, "place", d.place);
    row(dl, "entry modes", d.entry_modes);
    row(dl, "markets", d.markets);
    row(dl, "aliases", d.aliases);
    row(dl, "note", d.note);
    row(dl, "cited by", typeof d.cited_by === "number" && n.kind !== "theory" && n.kind !== "case" ? d.cited_by + " papers of the corpus" : null);
    if (n.cluster !== undefined) row(dl, n.cluster_via ? "cites mostly" : "cluster", clusters[n.cluster] ? clusters[n.cluster].label : n.cluster);
    row(dl, "coupling", n.coupling);
    if (n.burst) {
      var b = el("span", "citation burst " + n.burst.start + "–" + n.burst.end + ", strength " + n.burst.strength, "burst");
      row(dl, "burst", b);
    }
    body.appendChild(dl);
    // Each neighbour once, under the kinds of edge that join the two ("source of · related to").
    var groups = {};
    neighbours(id).forEach(function (nb) {
      var key = nb.verbs.join(" · ");
      (groups[key] = groups[key] || []).push(nb.id);
    });
    Object.keys(groups).sort().forEach(function (verb) {
      body.appendChild(el("h3", verb + " (" + groups[verb].length + ")"));
      var ul = el("ul");
      groups[verb].sort(function (a, b) { return byId[a].rank - byId[b].rank; }).forEach(function (other) {
        var li = el("li");
        var btn = el("button", byId[other] ? byId[other].label : other, "link");
        btn.type = "button";
        btn.addEventListener("click", function () { focus(other); });
        li.appendChild(btn);
        ul.appendChild(li);
      });
      body.appendChild(ul);
    });
    $("details").hidden = false;
    api.detailsFor = id;
  }
  function select(id) {
    // Only the two nodes whose look changes are reprocessed: a click stays fast at 20,000 nodes.
    var changed = [selected, id].filter(function (x) { return x !== null && x !== undefined && G.hasNode(x); });
    selected = id;
    renderer.refresh({ partialGraph: { nodes: changed }, skipIndexation: true, schedule: true });
  }
  function focus(id) {
    if (!isDrawn(id)) {
      if (api.view === "timeline" && byId[id].year === null) setView("network");
      resetFilters();
      applyFilters(false);
    }
    select(id);
    var p = toFramed(G.getNodeAttributes(id));
    renderer.getCamera().animate({ x: p.x, y: p.y, ratio: Math.min(renderer.getCamera().ratio, 0.4) }, { duration: 300 });
    showDetails(id);
  }
  api.focus = focus;
  renderer.on("clickNode", function (ev) { showDetails(ev.node); select(ev.node); });
  renderer.on("clickStage", function () { if (selected) select(null); });
  $("close-details").addEventListener("click", function () { $("details").hidden = true; select(null); });

  // --- tooltip ------------------------------------------------------------------------------------------
  function tooltipText(n) {
    var d = n.details || {};
    var lines = [n.label];
    if (d.title && d.title !== n.label) lines.push(d.title);
    var venue = [d.container, d.year || n.year].filter(Boolean).join(", ");
    if (venue) lines.push(venue);
    if (d.summary) lines.push(d.summary);
    if (n.burst) lines.push("citation burst " + n.burst.start + "–" + n.burst.end);
    return lines.join("\n");
  }
  renderer.on("enterNode", function (ev) {
    var tip = $("tooltip"), n = byId[ev.node];
    tip.textContent = tooltipText(n);
    var p = viewportNow(G.getNodeAttributes(ev.node));
    tip.style.left = Math.min(p.x + 14, renderer.getDimensions().width - 300) + "px";
    tip.style.top = (p.y + 14) + "px";
    tip.hidden = false;
    api.tooltipFor = ev.node;
  });
  renderer.on("leaveNode", function () { $("tooltip").hidden = true; });

  // --- export this view ---------------------------------------------------------------------------------
  function viewScene() {
    // Everything visible in the current view, in viewport pixels: edges, overlay, nodes, the labels drawn.
    var dim = renderer.getDimensions(), shapes = [];
    var inView = function (p, r) { return p.x + r >= 0 && p.y + r >= 0 && p.x - r <= dim.width && p.y - r <= dim.height; };
    if (api.view === "network") {
      G.forEachEdge(function (id, a, src, dst) {
        if (!isDrawn(src) || !isDrawn(dst)) return;
        var p = renderer.graphToViewport(G.getNodeAttributes(src)), q = renderer.graphToViewport(G.getNodeAttributes(dst));
        if (!inView(p, 0) && !inView(q, 0)) return;
        shapes.push({ t: "line", x1: p.x, y1: p.y, x2: q.x, y2: q.y, stroke: a.color, width: Math.max(0.5, a.size * 0.6) });
      });
    }
    var over = sceneOverlay(dim);
    over.filter(function (s) { return s.t !== "ring"; }).forEach(function (s) { shapes.push(s); });
    var order = data.nodes.filter(function (n) { return isDrawn(n.id); }).sort(function (a, b) { return b.rank - a.rank; });
    order.forEach(function (n) {
      var p = renderer.graphToViewport(G.getNodeAttributes(n.id)), r = radius(n.id);
      if (!inView(p, r)) return;
      shapes.push({ t: "circle", x: p.x, y: p.y, r: r, fill: searching && faded[n.id] ? "#e4e6e8" : colourOf(n), stroke: "#ffffff", id: n.id });
    });
    over.filter(function (s) { return s.t === "ring"; }).forEach(function (s) { shapes.push(s); });
    renderer.getNodeDisplayedLabels().forEach(function (id) {
      var p = renderer.graphToViewport(G.getNodeAttributes(id));
      if (inView(p, 0)) shapes.push({ t: "text", x: p.x + radius(id) + 3, y: p.y + 4, text: byId[id].short, fill: "#1d232a", size: 12, halo: true });
    });
    return { width: dim.width, height: dim.height, shapes: shapes };
  }
  function toSVG(scene) {
    var NS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(NS, "svg");
    svg.setAttribute("xmlns", NS);
    svg.setAttribute("width", scene.width);
    svg.setAttribute("height", scene.height);
    svg.setAttribute("viewBox", "0 0 " + scene.width + " " + scene.height);
    var bg = document.createElementNS(NS, "rect");
    bg.setAttribute("width", "100%"); bg.setAttribute("height", "100%"); bg.setAttribute("fill", "#ffffff");
    svg.appendChild(bg);
    var title = document.createElementNS(NS, "title");
    title.textContent = meta.title || "litgraph";
    svg.appendChild(title);
    var r2 = function (v) { return String(Math.round(v * 100) / 100); };
    scene.shapes.forEach(function (s) {
      var e;
      if (s.t === "line") {
        e = document.createElementNS(NS, "line");
        e.setAttribute("x1", r2(s.x1)); e.setAttribute("y1", r2(s.y1)); e.setAttribute("x2", r2(s.x2)); e.setAttribute("y2", r2(s.y2));
        e.setAttribute("stroke", s.stroke); e.setAttribute("stroke-width", r2(s.width));
      } else if (s.t === "arc") {
        var c = arcControl(s);
        e = document.createElementNS(NS, "path");
        e.setAttribute("d", "M" + r2(s.x1) + " " + r2(s.y1) + " Q" + r2(c.x) + " " + r2(c.y) + " " + r2(s.x2) + " " + r2(s.y2));
        e.setAttribute("fill", "none"); e.setAttribute("stroke", s.stroke); e.setAttribute("stroke-width", r2(s.width));
      } else if (s.t === "rect") {
        e = document.createElementNS(NS, "rect");
        e.setAttribute("x", r2(s.x)); e.setAttribute("y", r2(s.y)); e.setAttribute("width", r2(s.w)); e.setAttribute("height", r2(s.h));
        e.setAttribute("fill", s.fill);
      } else if (s.t === "circle" || s.t === "ring") {
        e = document.createElementNS(NS, "circle");
        e.setAttribute("cx", r2(s.x)); e.setAttribute("cy", r2(s.y)); e.setAttribute("r", r2(s.r));
        e.setAttribute("fill", s.t === "ring" ? "none" : s.fill);
        if (s.stroke) { e.setAttribute("stroke", s.stroke); e.setAttribute("stroke-width", String(s.width || 1)); }
      } else if (s.t === "text") {
        e = document.createElementNS(NS, "text");
        e.setAttribute("x", r2(s.x)); e.setAttribute("y", r2(s.y)); e.setAttribute("font-size", String(s.size));
        e.setAttribute("font-family", "system-ui, sans-serif"); e.setAttribute("fill", s.fill);
        if (s.bold) e.setAttribute("font-weight", "600");
        if (s.halo) { e.setAttribute("stroke", "#ffffff"); e.setAttribute("stroke-width", "3"); e.setAttribute("paint-order", "stroke"); }
        e.textContent = s.text;
      }
      if (e) svg.appendChild(e);
    });
    return new XMLSerializer().serializeToString(svg);
  }
  function toPNG(scene, done) {
    var scale = 2, canvas = document.createElement("canvas");
    canvas.width = scene.width * scale;
    canvas.height = scene.height * scale;
    var ctx = canvas.getContext("2d");
    ctx.scale(scale, scale);
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, scene.width, scene.height);
    scene.shapes.forEach(function (s) { paint(ctx, s); });
    canvas.toBlob(done, "image/png");
  }
  function subgraphJSON() {
    var ids = data.nodes.filter(function (n) { return isDrawn(n.id); });
    var keep = {};
    ids.forEach(function (n) { keep[n.id] = true; });
    var out = {
      generator: meta.generator, title: meta.title, view: api.view, colour_by: colourBy,
      filters: { kinds: Object.keys(kindOn).filter(function (k) { return kindOn[k]; }),
        clusters: hasClusters ? Object.keys(clusterOn).filter(function (c) { return clusterOn[c]; }) : null,
        year_min: parseInt($("year-min").value, 10) || null, year_max: parseInt($("year-max").value, 10) || null,
        without_year: $("no-year").checked, search: $("search").value || null },
      nodes: ids.map(function (n) {
        var o = { id: n.id, kind: n.kind, label: n.label, year: n.year };
        if (n.cluster !== undefined) o.cluster = n.cluster;
        if (n.burst) o.burst = n.burst;
        Object.keys(n.details || {}).forEach(function (k) { if (!(k in o)) o[k] = n.details[k]; });
        return o;
      }),
      edges: data.edges.filter(function (e) { return keep[e.from] && keep[e.to]; })
    };
    return JSON.stringify(out, null, 1);
  }
  function download(blob, name) {
    var a = document.createElement("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function exportView(format) {
    var base = "litgraph-" + api.view;
    if (format === "json") {
      var text = subgraphJSON();
      api.lastExport = { format: "json", text: text };
      download(new Blob([text], { type: "application/json" }), base + ".json");
    } else if (format === "svg") {
      var svg = toSVG(viewScene());
      api.lastExport = { format: "svg", text: svg };
      download(new Blob([svg], { type: "image/svg+xml" }), base + ".svg");
    } else {
      toPNG(viewScene(), function (blob) {
        api.lastExport = { format: "png", size: blob.size };
        download(blob, base + ".png");
      });
    }
  }
  api.exportView = exportView;
  $("export-button").addEventListener("click", function () {
    var menu = $("export-menu");
    menu.hidden = !menu.hidden;
    $("export-button").setAttribute("aria-expanded", String(!menu.hidden));
  });
  Array.prototype.forEach.call(document.querySelectorAll("#export-menu button"), function (b) {
    b.addEventListener("click", function () {
      $("export-menu").hidden = true;
      $("export-button").setAttribute("aria-expanded", "false");
      exportView(b.getAttribute("data-format"));
    });
  });

  // --- timeline notes and the start ---------------------------------------------------------------------
  $("timeline-help").textContent = "Works by year, left to right, in lanes by " +
    (timeline.by === "cluster" ? "cluster" : "kind") + "; arcs are citations (" + timeline.arcs + " here)" +
    (bursts.length ? "; red bars mark citation bursts (" + bursts.length + ")." : ".");
  var notes = (timeline.notes || []).slice();
  if (!bursts.length) notes.push("No citation bursts to mark: the nodes carry no burst attribute.");
  notes.forEach(function (t) { $("timeline-notes").appendChild(el("li", t)); });
  if (!timeline.axis.length) $("view-timeline").title = timeline.notes[0] || "";
  $("label-note").textContent = "Labels: the top-scoring nodes (up to " + Math.min(LABELLED, data.nodes.length) +
    ") where their labels do not overlap, others where there is room; more as you zoom in or point at them.";



  applyFilters(false);
  runLayout(function () {
    netPos = {};
    G.forEachNode(function (id, a) { netPos[id] = { x: a.x, y: a.y }; });
    placeLabels(fit(0));
    markReady();
  });
})();
