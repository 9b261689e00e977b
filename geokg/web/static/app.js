/* geokg dashboard: the actor network (Cytoscape.js), filters, actor profiles and dyad events.
 *
 * Every piece of text that comes from the store (actor names, article titles, evidence sentences)
 * is inserted with textContent / createTextNode, never as HTML; links to articles are kept only
 * when they are http(s) URLs. The page talks only to this server's /api.
 */
(function () {
  "use strict";

  var NET_LIMITS = { max_nodes: 120, max_edges: 500 };   // what the browser draws; the rest is summarised
  var KIND_COLOURS = {
    state: "#3b6fb6", organisation: "#8e5bb5", group: "#d9822b", person: "#4a9d9c",
    media: "#7f8c8d", other: "#9aa0a6"
  };
  var SIGN_COLOURS = { "1": "#2a9d4b", "-1": "#d62828", "0": "#9aa0a6" };
  var DAY = 86400000;

  // Exposed for tests and for people poking at the page from the console.
  var state = window.geokg = {
    renders: 0, firstRenderMs: null, lastRenderMs: null, loading: false, error: null,
    meta: null, network: null, selection: null, panelLoads: 0
  };

  var $ = function (id) { return document.getElementById(id); };

  // -- DOM helpers: text only ---------------------------------------------------------------------

  function el(tag, props) {
    var node = document.createElement(tag);
    if (props) {
      Object.keys(props).forEach(function (k) {
        var v = props[k];
        if (v === null || v === undefined) return;
        if (k === "class") node.className = v;
        else if (k === "text") node.textContent = String(v);
        else if (k === "title") node.title = String(v);
        else if (k === "onclick") node.addEventListener("click", v);
        else node.setAttribute(k, String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  // append(node, child, ...): elements as they are, anything else as a text node. Returns the last child
  // appended (or node when there is none), so that `var box = append(panel, el("div"))` holds the div.
  function append(node) {
    var last = node;
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); continue; }
      last = typeof child === "object" ? child : document.createTextNode(String(child));
      node.appendChild(last);
    }
    return last;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

  var SVG_NS = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG_NS, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, String(attrs[k])); });
    return node;
  }

  function safeUrl(u) {
    if (!u) return null;
    try {
      var url = new URL(u, window.location.href);
      return (url.protocol === "http:" || url.protocol === "https:") ? url.href : null;
    } catch (e) { return null; }
  }

  function fmt(x, digits) {
    if (x === null || x === undefined || isNaN(x)) return "–";
    return Number(x).toFixed(digits === undefined ? 2 : digits);
  }

  function signClass(x) { return x > 0 ? "pos" : (x < 0 ? "neg" : "neutral"); }

  // "Georgia police (COP)": the CAMEO sector code tells the parts of one country apart (police
  // against opposition), which a name alone may not when names are shortened or alike.
  function actorLabel(name, sector) { return sector ? name + " (" + sector + ")" : name; }

  // "police" for COP, from /api/meta (the code itself when the page has not heard of it).
  function sectorName(code) {
    var list = (state.meta && state.meta.sectors) || [];
    for (var i = 0; i < list.length; i++) if (list[i].code === code) return list[i].name;
    return code;
  }

  // The hover text of a node: who it is, what part of which country, how active in view.
  function nodeTip(d) {
    var facts = [d.kind, d.country && d.country !== d.id ? d.country : null,
      d.sector ? sectorName(d.sector) : null].filter(Boolean).join(" · ");
    return actorLabel(d.name, d.sector) + (facts ? "\n" + facts : "") + "\n" + d.events + " events, " + d.degree +
      " partners in view";
  }

  // -- API ----------------------------------------------------------------------------------------

  function qs(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      var v = params[k];
      if (v === null || v === undefined || v === "") return;
      parts.push(encodeURIComponent(k) + "=" + encodeURIComponent(v));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  function api(path, params) {
    return fetch(path + qs(params || {}), { headers: { Accept: "application/json" } }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (body) {
        if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
        return body;
      });
    });
  }

  // -- dates and filters --------------------------------------------------------------------------

  var period = { first: null, days: 0 };

  function dayToIso(i) { return new Date(period.first + i * DAY).toISOString().slice(0, 10); }
  function isoToDay(s) { return Math.round((Date.parse(s + "T00:00:00Z") - period.first) / DAY); }

  function filters() {
    var f = {};
    if (period.first !== null) {
      var a = Number($("since").value), b = Number($("until").value);
      if (a > 0) f.since = dayToIso(a);
      if (b < period.days) f.until = dayToIso(b);
    }
    if ($("root").value) f.root = $("root").value;
    if ($("quad").value) f.quad_class = $("quad").value;
    if ($("factuality").value) f.factuality = $("factuality").value;
    var m = parseInt($("min-events").value, 10);
    if (m > 1) f.min_events = m;
    return f;
  }

  function updatePeriodLabels() {
    if (period.first === null) return;
    var a = Number($("since").value), b = Number($("until").value);
    $("since-label").textContent = dayToIso(a);
    $("until-label").textContent = dayToIso(b);
  }

  // Sets filters from code (tests, links): {since, until, root, quad_class, factuality, min_events}.
  state.setFilters = function (f) {
    if (f.since !== undefined && period.first !== null) $("since").value = f.since ? isoToDay(f.since) : 0;
    if (f.until !== undefined && period.first !== null) $("until").value = f.until ? isoToDay(f.until) : period.days;
    if (f.root !== undefined) $("root").value = f.root || "";
    if (f.quad_class !== undefined) $("quad").value = f.quad_class || "";
    if (f.factuality !== undefined) $("factuality").value = f.factuality || "";
    if (f.min_events !== undefined) $("min-events").value = f.min_events || 1;
    updatePeriodLabels();
    return loadNetwork();
  };

  function setupFilters(meta) {
    (meta.cameo_roots || []).forEach(function (r) {
      $("root").appendChild(el("option", { value: r.code, text: r.code + " " + r.name.toLowerCase() }));
    });
    (meta.quad_classes || []).forEach(function (q) {
      $("quad").appendChild(el("option", { value: q.code, text: q.code + " " + q.name }));
    });
    (meta.factualities || []).forEach(function (f) {
      $("factuality").appendChild(el("option", { value: f, text: f }));
    });
    if (meta.first_date && meta.last_date) {
      period.first = Date.parse(meta.first_date + "T00:00:00Z");
      period.days = Math.max(0, isoToDay(meta.last_date));
      ["since", "until"].forEach(function (id) { $(id).max = period.days; });
      $("since").value = 0;
      $("until").value = period.days;
    } else {
      $("since").disabled = $("until").disabled = true;
    }
    updatePeriodLabels();

    var timer = null;
    function later() { clearTimeout(timer); timer = setTimeout(loadNetwork, 120); }
    $("since").addEventListener("input", function () {
      if (Number($("since").value) > Number($("until").value)) $("until").value = $("since").value;
      updatePeriodLabels();
    });
    $("until").addEventListener("input", function () {
      if (Number($("until").value) < Number($("since").value)) $("since").value = $("until").value;
      updatePeriodLabels();
    });
    ["since", "until", "root", "quad", "factuality", "min-events"].forEach(function (id) {
      $(id).addEventListener("change", later);
    });
    $("min-events").addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(loadNetwork, 400);   // typing "15" is one reload, not two
    });
    $("reset").addEventListener("click", function () {
      state.setFilters({ since: null, until: null, root: "", quad_class: "", factuality: "", min_events: 1 });
    });
  }

  // -- the network --------------------------------------------------------------------------------

  var cy = null;
  var netSeq = 0;

  function initGraph() {
    cy = window.cy = cytoscape({
      container: $("cy"),
      elements: [],
      minZoom: 0.05,
      maxZoom: 4,
      textureOnViewport: true,
      hideEdgesOnViewport: false,
      style: [
        { selector: "node", style: {
          "width": "data(size)", "height": "data(size)", "background-color": "data(colour)",
          "label": "data(label)", "font-size": 10, "min-zoomed-font-size": 7, "text-valign": "bottom",
          "text-margin-y": 2, "color": "#1f2328", "text-outline-color": "#fff", "text-outline-width": 2,
          "border-width": 1, "border-color": "#fff" } },
        { selector: "edge", style: {
          "width": "data(width)", "line-color": "data(colour)", "opacity": 0.7, "curve-style": "haystack",
          "haystack-radius": 0 } },
        { selector: "node:selected", style: { "border-width": 3, "border-color": "#0969da", "label": "data(shown)",
          "z-index": 10 } },
        { selector: "edge:selected", style: { "opacity": 1, "underlay-color": "#0969da", "underlay-opacity": 0.35,
          "underlay-padding": 3 } },
        { selector: ".faded", style: { "opacity": 0.15 } }
      ]
    });
    cy.on("tap", "node", function (evt) { selectActor(evt.target.id(), true); });
    // A native tooltip: the container's title shows over the canvas it holds.
    cy.on("mouseover", "node", function (evt) { $("cy").title = nodeTip(evt.target.data()); });
    cy.on("mouseout", "node", function () { $("cy").title = ""; });
    cy.on("tap", "edge", function (evt) { selectDyad(evt.target.id()); });
  }

  var LABELLED = 40;   // with more actors than this, only the most central ones are labelled

  function elementsOf(net) {
    var maxW = net.max_weight || 1;
    var cs = net.nodes.map(function (n) { return n.centrality; });
    var minC = Math.min.apply(null, cs.concat([0])), maxC = Math.max.apply(null, cs.concat([0]));
    var big = net.nodes.length > 100;
    var labelled = {};
    net.nodes.slice().sort(function (a, b) { return b.centrality - a.centrality || b.events - a.events; })
      .slice(0, LABELLED).forEach(function (n) { labelled[n.id] = true; });
    var els = [];
    net.nodes.forEach(function (n) {
      var t = maxC > minC ? (n.centrality - minC) / (maxC - minC) : 1;
      var shown = actorLabel(n.name, n.sector);
      els.push({ group: "nodes", data: {
        id: n.id, label: (net.nodes.length <= LABELLED || labelled[n.id]) ? shown : "", name: n.name, shown: shown,
        kind: n.kind, country: n.country, sector: n.sector, events: n.events, degree: n.degree,
        centrality: n.centrality,
        size: (big ? 7 : 12) + (big ? 24 : 44) * Math.sqrt(t), colour: KIND_COLOURS[n.kind] || KIND_COLOURS.other } });
    });
    net.edges.forEach(function (e) {
      els.push({ group: "edges", data: {
        id: e.id, source: e.source, target: e.target, events: e.events, events_ab: e.events_ab,
        events_ba: e.events_ba, goldstein_mean: e.goldstein_mean, sign: e.sign, cooperative: e.cooperative,
        conflictual: e.conflictual, width: 1 + 9 * Math.sqrt(e.events / maxW),
        colour: SIGN_COLOURS[String(e.sign)] } });
    });
    return els;
  }

  function setStatus(text, isError) {
    var s = $("status");
    s.textContent = text;
    s.className = isError ? "error" : "";
  }

  function loadNetwork() {
    var seq = ++netSeq;
    var f = filters();
    state.loading = true;
    setStatus("Loading the network…");
    var params = Object.assign({}, f, NET_LIMITS);
    var t0 = performance.now(), t1, t2;
    return api("/api/network", params).then(function (net) {
      if (seq !== netSeq) return;
      t1 = performance.now();
      state.network = net;
      var els = elementsOf(net);
      var n = net.nodes.length;
      cy.batch(function () {
        cy.elements().remove();
        cy.add(els);
      });
      t2 = performance.now();
      // cose, cooled faster on big networks: 150 iterations whose temperature reaches the minimum by the
      // last one lay out 150 actors in a few hundred ms; small networks get the full 1,000.
      var big = n > 60;
      var layout = cy.layout({
        name: "cose", animate: false, randomize: true, fit: true, padding: 30,
        numIter: big ? 150 : 1000, initialTemp: big ? 200 : 1000, coolingFactor: big ? 0.965 : 0.99,
        nodeRepulsion: function () { return big ? 30000 : 9000; },
        idealEdgeLength: function () { return big ? 80 : 70; },
        edgeElasticity: function (e) { return 60 / Math.sqrt(e.data("events")); },
        gravity: big ? 1 : 0.6, componentSpacing: 60, nodeDimensionsIncludeLabels: false
      });
      return new Promise(function (resolve) {
        layout.one("layoutstop", function () {
          requestAnimationFrame(function () {
            requestAnimationFrame(function () {
              if (seq !== netSeq) { resolve(); return; }
              var ms = Math.round(performance.now());
              state.timings = { start: Math.round(t0), api: Math.round(t1 - t0), add: Math.round(t2 - t1),
                                layout_and_paint: Math.round(ms - t2) };
              if (state.firstRenderMs === null) state.firstRenderMs = ms;
              state.lastRenderMs = ms;
              state.renderedFilters = f;
              state.renders += 1;
              state.loading = false;
              state.error = null;
              var msg = n + " actors, " + net.edges.length + " dyads";
              if (net.truncated) {
                msg = "Showing the " + n + " most active of " + net.total_nodes + " actors and " +
                  net.edges.length + " of " + net.total_edges + " dyads (narrow the period or raise min. events" +
                  " to see others)";
              }
              if (!n) msg = "No events match these filters.";
              setStatus(msg);
              reselect();
              resolve();
            });
          });
        });
        layout.run();
      });
    }).catch(function (err) {
      if (seq !== netSeq) return;
      state.loading = false;
      state.error = err.message;
      setStatus("Could not load the network: " + err.message, true);
    });
  }

  function reselect() {
    var sel = state.selection;
    if (!sel) return;
    var ele = cy.getElementById(sel.id);
    cy.elements().unselect();
    if (ele.nonempty()) ele.select();
    if (sel.type === "actor") showActor(sel.id);
    else if (ele.nonempty()) showDyad(ele.data());
    else showPanelMessage("The selected dyad has no events under these filters.");
  }

  // -- the side panel -----------------------------------------------------------------------------

  var panelSeq = 0;

  function panel() { return clear($("panel")); }

  function showPanelMessage(text) {
    append(panel(), el("p", { class: "hint", text: text }));
  }

  function panelError(where, err) {
    append(where, el("p", { class: "error", text: err.message || String(err) }));
  }

  function nodeName(id) {
    var n = cy.getElementById(id);
    return n.nonempty() ? n.data("shown") : id;
  }

  function selectActor(id, fromGraph) {
    state.selection = { type: "actor", id: id };
    var n = cy.getElementById(id);
    if (!fromGraph) {
      cy.elements().unselect();
      if (n.nonempty()) {
        n.select();
        cy.animate({ center: { eles: n }, duration: 200 });
      }
    }
    return showActor(id);
  }

  function selectDyad(id) {
    state.selection = { type: "dyad", id: id };
    var e = cy.getElementById(id);
    return showDyad(e.nonempty() ? e.data() : { id: id, source: id.split("|")[0], target: id.split("|")[1] });
  }
  state.selectDyad = selectDyad;
  state.selectActor = function (id) { return selectActor(id, false); };

  function showActor(id) {
    var seq = ++panelSeq;
    var p = panel();
    var node = cy.getElementById(id);
    var d = node.nonempty() ? node.data() : { name: id };
    var heading = append(p, el("h2", { text: actorLabel(d.name || id, d.sector) }));
    var facts = [d.kind, d.country && d.country !== id ? d.country : null, d.sector ? sectorName(d.sector) : null, id]
      .filter(Boolean).join(" · ");
    append(p, el("div", { class: "muted", text: facts }));
    if (node.nonempty()) {
      append(p, el("div", { class: "muted", text: "centrality " + fmt(d.centrality, 3) + " · " + d.degree +
        " partners · " + d.events + " events in view" }));
    } else {
      append(p, el("div", { class: "muted", text: "Not in the network as filtered now." }));
    }
    var chartBox = append(p, el("div", { class: "chart" }));
    var profileBox = append(p, el("div", { class: "profile" }));
    append(chartBox, el("h3", { text: "Goldstein time line" }));
    append(profileBox, el("p", { class: "hint", text: "Loading the profile…" }));
    var f = filters();
    var span = f.since && f.until ? (Date.parse(f.until) - Date.parse(f.since)) / DAY : Infinity;
    var freq = span <= 62 ? "day" : "month";
    var series = api("/api/queries/goldstein_series", { actor: id, freq: freq, since: f.since, until: f.until })
      .then(function (s) { if (seq === panelSeq) drawChart(chartBox, s.rows, freq); })
      .catch(function (err) { if (seq === panelSeq) panelError(chartBox, err); });
    var profile = api("/api/queries/actor_profile", { actor: id, since: f.since, until: f.until, top: 8 })
      .then(function (r) {
        if (seq !== panelSeq) return;
        // An actor outside the drawn network is known by its id until its profile names it.
        if (!node.nonempty() && r.name) heading.textContent = actorLabel(r.name, r.sector);
        drawProfile(clear(profileBox), r);
      })
      .catch(function (err) { if (seq === panelSeq) panelError(clear(profileBox), err); });
    return Promise.all([series, profile]).then(function () { if (seq === panelSeq) state.panelLoads += 1; });
  }

  function drawProfile(box, r) {
    var rows = r.rows || [];
    var totals = rows.filter(function (x) { return x.section === "total"; });
    append(box, el("h3", { text: "Profile" }));
    var t = el("table", null, el("thead", null, el("tr", null,
      el("th", { text: "" }), el("th", { class: "num", text: "events" }), el("th", { class: "num", text: "mean G." }),
      el("th", { class: "num", text: "coop." }), el("th", { class: "num", text: "conf." }))));
    var labels = { both: "all", out: "by it", "in": "to it" };
    var tb = el("tbody");
    totals.forEach(function (x) {
      tb.appendChild(el("tr", null, el("td", { text: labels[x.direction] || x.direction }),
        el("td", { class: "num", text: x.events }), el("td", { class: "num", text: fmt(x.goldstein_mean) }),
        el("td", { class: "num", text: x.cooperative }), el("td", { class: "num", text: x.conflictual })));
    });
    t.appendChild(tb);
    append(box, t);

    ["out", "in"].forEach(function (dir) {
      var partners = rows.filter(function (x) { return x.section === "partner" && x.direction === dir; });
      if (!partners.length) return;
      append(box, el("h3", { text: dir === "out" ? "It acts on" : "Acted on by" }));
      var ul = el("table");
      var body = el("tbody");
      partners.forEach(function (x) {
        var btn = el("button", { class: "link", type: "button", text: x.label || x.key,
          onclick: function () { selectActor(x.key, false); } });
        body.appendChild(el("tr", null, el("td", null, btn), el("td", { class: "num", text: x.events + " ev." }),
          el("td", { class: "num" }, el("span", { class: "tag " + signClass(x.goldstein_mean),
            text: "G " + fmt(x.goldstein_mean, 1) }))));
      });
      ul.appendChild(body);
      append(box, ul);
    });

    var roots = rows.filter(function (x) { return x.section === "root" && x.direction === "out"; })
      .sort(function (a, b) { return b.events - a.events; }).slice(0, 6);
    if (roots.length) {
      append(box, el("h3", { text: "What it does most (CAMEO roots)" }));
      var tr = el("tbody");
      roots.forEach(function (x) {
        tr.appendChild(el("tr", null, el("td", { text: x.key + " " + String(x.label || "").toLowerCase() }),
          el("td", { class: "num", text: x.events })));
      });
      append(box, el("table", null, tr));
    }
    var id = r.actor || (r.params && r.params.actor);
    if (id) {
      append(box, el("p", { class: "muted" }, "Data: ",
        el("a", { href: "/api/queries/actor_profile" + qs({ actor: id, format: "csv" }), text: "profile CSV" }), " · ",
        el("a", { href: "/api/queries/top_events" + qs({ actor: id, limit: 100, format: "csv" }),
          text: "top events CSV" })));
    }
  }

  // A small SVG chart: mean Goldstein per period (line and dots, -10..10), events as grey bars.
  function drawChart(box, rows, freq) {
    var W = 380, H = 170, L = 28, R = 8, T = 8, B = 22;
    var pts = rows || [];
    if (!pts.length) { append(box, el("p", { class: "hint", text: "No dated events in this period." })); return; }
    var s = svg("svg", { viewBox: "0 0 " + W + " " + H, role: "img", "aria-label": "Goldstein time line" });
    var title = svg("title");
    title.textContent = "Mean Goldstein score per " + freq;
    s.appendChild(title);
    var n = pts.length;
    var x = function (i) { return L + (n === 1 ? (W - L - R) / 2 : i * (W - L - R) / (n - 1)); };
    var y = function (g) { return T + (10 - g) * (H - T - B) / 20; };
    var maxEv = Math.max.apply(null, pts.map(function (p) { return p.events; })) || 1;
    var bw = Math.max(1, (W - L - R) / n * 0.7);
    pts.forEach(function (p, i) {
      if (!p.events) return;
      var h = (p.events / maxEv) * (H - T - B) * 0.35;
      s.appendChild(svg("rect", { class: "bar", x: x(i) - bw / 2, y: H - B - h, width: bw, height: h }));
    });
    s.appendChild(svg("line", { class: "axis", x1: L, y1: T, x2: L, y2: H - B }));
    s.appendChild(svg("line", { class: "axis", x1: L, y1: H - B, x2: W - R, y2: H - B }));
    s.appendChild(svg("line", { class: "zero", x1: L, y1: y(0), x2: W - R, y2: y(0) }));
    [10, 0, -10].forEach(function (g) {
      var t = svg("text", { x: L - 4, y: y(g) + 3, "text-anchor": "end" });
      t.textContent = (g > 0 ? "+" : "") + g;
      s.appendChild(t);
    });
    var d = "", pen = false;
    pts.forEach(function (p, i) {
      if (p.goldstein_mean === null || p.goldstein_mean === undefined) { pen = false; return; }
      d += (pen ? " L" : " M") + x(i).toFixed(1) + " " + y(p.goldstein_mean).toFixed(1);
      pen = true;
    });
    if (d) s.appendChild(svg("path", { class: "line", d: d.trim() }));
    pts.forEach(function (p, i) {
      if (p.goldstein_mean === null || p.goldstein_mean === undefined) return;
      var cls = p.goldstein_mean > 0 ? "pos" : (p.goldstein_mean < 0 ? "neg" : "zero-dot");
      var c = svg("circle", { class: "dot " + cls, cx: x(i), cy: y(p.goldstein_mean), r: 2.5 });
      var tip = svg("title");
      tip.textContent = p.period + ": mean " + fmt(p.goldstein_mean) + " over " + p.events + " events";
      c.appendChild(tip);
      s.appendChild(c);
    });
    var first = svg("text", { x: L, y: H - 6, "text-anchor": "start" });
    first.textContent = pts[0].period;
    var last = svg("text", { x: W - R, y: H - 6, "text-anchor": "end" });
    last.textContent = pts[n - 1].period;
    s.appendChild(first);
    s.appendChild(last);
    append(box, s);
  }

  function showDyad(d) {
    var seq = ++panelSeq;
    var p = panel();
    var a = d.source, b = d.target;
    var an = nodeName(a), bn = nodeName(b);
    append(p, el("h2", { text: an + " — " + bn }));
    if (d.events !== undefined) {
      append(p, el("div", { class: "muted" },
        d.events + " events in view (" + an + " → " + bn + ": " + d.events_ab + ", " + bn + " → " + an + ": " +
        d.events_ba + ") · mean Goldstein ",
        el("span", { class: "tag " + signClass(d.goldstein_mean), text: fmt(d.goldstein_mean) }),
        " · " + d.cooperative + " cooperative, " + d.conflictual + " conflictual"));
    }
    var box = append(p, el("div", { class: "dyad-events" }));
    append(box, el("p", { class: "hint", text: "Loading the events…" }));
    var f = filters();
    return api("/api/queries/dyad_timeline", { actor: a, partner: b, since: f.since, until: f.until, codes: f.root,
      limit: 300, evidence: 3 })
      .then(function (t) {
        if (seq !== panelSeq) return;
        clear(box);
        var rows = (t.rows || []).filter(function (r) {
          return (!f.quad_class || String(r.quad_class) === String(f.quad_class)) &&
            (!f.factuality || r.factuality === f.factuality);
        });
        append(box, el("h3", { text: "Events (" + rows.length + (t.total > (t.rows || []).length ?
          " of the first " + t.rows.length + " of " + t.total : "") + ")" }));
        var names = {};
        Object.keys(t.names || {}).forEach(function (k) { names[k] = actorLabel(t.names[k], (t.sectors || {})[k]); });
        var ol = el("ol", { class: "events" });
        rows.forEach(function (r) { ol.appendChild(eventItem(r, names)); });
        append(box, ol);
        state.panelLoads += 1;
      })
      .catch(function (err) { if (seq === panelSeq) panelError(clear(box), err); });
  }

  function eventItem(r, names) {
    var src = r.source ? (names[r.source] || nodeName(r.source)) : "?";
    var tgt = r.target ? (names[r.target] || nodeName(r.target)) : "?";
    var li = el("li", { class: "event", "data-event-id": r.id });
    append(li, el("div", { class: "event-head" },
      el("span", { class: "date", text: r.date || "undated" }), src + " → " + tgt + ": " + (r.event || r.cameo)));
    append(li, el("div", { class: "event-meta" },
      "CAMEO " + r.cameo + " · " + r.plover + " · ",
      el("span", { class: "tag " + signClass(r.goldstein), text: "Goldstein " + fmt(r.goldstein, 1) }),
      " · " + r.factuality + " · " + r.mention_count + " report" + (r.mention_count === 1 ? "" : "s") +
      " in " + r.source_count + " article" + (r.source_count === 1 ? "" : "s")));
    var ev = el("div", { class: "evidence-list" });
    (r.evidence || []).forEach(function (m) { append(ev, evidenceItem(m)); });
    append(li, ev);
    if (r.mention_count > (r.evidence || []).length) {
      var more = el("button", { class: "link", type: "button",
        text: "show all " + r.mention_count + " reports" });
      more.addEventListener("click", function () {
        more.disabled = true;
        api("/api/events/" + encodeURIComponent(r.id)).then(function (detail) {
          clear(ev);
          detail.mentions.forEach(function (m) { append(ev, evidenceItem(m)); });
          more.remove();
        }).catch(function (err) { panelError(ev, err); more.disabled = false; });
      });
      append(li, more);
    }
    return li;
  }

  function evidenceItem(m) {
    var frag = document.createDocumentFragment();
    frag.appendChild(el("blockquote", { class: "evidence", text: m.text }));
    var cite = el("div", { class: "cite" });
    var title = m.title || m.article_id;
    var href = safeUrl(m.url);
    append(cite, "— ", href ? el("a", { href: href, target: "_blank", rel: "noopener noreferrer", text: title })
      : el("span", { class: "article-title", text: title }));
    append(cite, (m.published ? ", " + m.published : "") + " (" + m.factuality + ")");
    if (m.title && m.title !== m.article_id) append(cite, " · ", el("span", { class: "muted", text: m.article_id }));
    frag.appendChild(cite);
    return frag;
  }

  // -- actor search -------------------------------------------------------------------------------

  function setupSearch() {
    var input = $("search"), list = $("search-results");
    var timer = null, seq = 0;
    function hide() { list.hidden = true; clear(list); }
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (!q) { hide(); return; }
      timer = setTimeout(function () {
        var my = ++seq;
        api("/api/actors", { q: q, limit: 15 }).then(function (res) {
          if (my !== seq) return;
          clear(list);
          if (!res.rows.length) {
            list.appendChild(el("li", { class: "muted", text: "No actor in the store matches " + q }));
          }
          res.rows.forEach(function (h) {
            var sub = [h.kind, h.country, h.sector ? sectorName(h.sector) : null,
              h.node !== h.id ? "counts under " + h.node : null,
              h.matched ? "matched “" + h.matched + "”" + (h.lang ? " (" + h.lang + ")" : "") : null]
              .filter(Boolean).join(" · ");
            var btn = el("button", { type: "button", "data-node": h.node },
              el("span", { class: "name", text: actorLabel(h.name, h.sector) }),
              el("span", { class: "sub", text: sub }));
            btn.addEventListener("click", function () {
              hide();
              input.value = h.name;
              selectActor(h.node, false);
            });
            list.appendChild(el("li", null, btn));
          });
          list.hidden = false;
        }).catch(function (err) {
          if (my !== seq) return;
          clear(list);
          list.appendChild(el("li", { class: "error", text: err.message }));
          list.hidden = false;
        });
      }, 180);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "Escape") hide();
      if (e.key === "Enter") {
        var first = list.querySelector("button");
        if (first) first.click();
      }
    });
    document.addEventListener("click", function (e) {
      if (!$("search-box").contains(e.target)) hide();
    });
  }

  // -- start --------------------------------------------------------------------------------------

  function start() {
    initGraph();
    setupSearch();
    // The first network needs no filter, so it is fetched while the filters are being set up.
    loadNetwork();
    api("/api/meta").then(function (meta) {
      state.meta = meta;
      $("store-info").textContent = meta.store + " store" + (meta.first_date ? ", events " + meta.first_date +
        " to " + meta.last_date : "");
      setupFilters(meta);
    }).catch(function (err) {
      state.error = err.message;
      setStatus("Could not reach the API: " + err.message, true);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
