/* The link chart: Cytoscape.js over the JSON block of the page (no inline script, CSP). */
(function () {
  "use strict";
  var box = document.getElementById("cy");
  var source = document.getElementById("network-data");
  if (!box || !source || typeof cytoscape === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var elements = data.elements || { nodes: [], edges: [] };
  if (!elements.nodes.length) {
    box.textContent = box.dataset.emptyLabel;
    return;
  }
  var COUNTRY = { MX: "#2e7d32", US: "#1565c0" };
  var PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#46f0f0", "#f032e6",
    "#bcf60c", "#008080", "#9a6324", "#800000", "#808000", "#000075", "#808080"];
  var EDGE = { call: "#6a1b9a", payment: "#ef6c00", membership: "#9e9e9e", family: "#c62828",
    associate: "#455a64", meeting: "#00838f", co_defendant: "#5d4037" };

  function range(key) {
    var values = elements.nodes.map(function (n) { return n.data[key] || 0; });
    return [Math.min.apply(null, values), Math.max.apply(null, values)];
  }

  var cy = cytoscape({
    container: box,
    elements: elements,
    wheelSensitivity: 0.3,
    style: [
      { selector: "node", style: {
        "label": "data(label)", "font-size": 9, "text-valign": "bottom", "text-margin-y": 2,
        "background-color": "#9e9e9e", "width": 18, "height": 18, "border-width": 1,
        "border-color": "#333" } },
      { selector: "node[schema = 'Organization'], node[schema = 'Company']", style: {
        "shape": "round-rectangle" } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#fbc02d" } },
      { selector: "node:locked", style: { "border-style": "double", "border-width": 5 } },
      { selector: "edge", style: { "width": "mapData(weight, 1, 20, 1, 6)", "line-color": "#bdbdbd",
        "curve-style": "haystack", "opacity": 0.7 } }
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 8000 }
  });
  window.vinculoCy = cy;

  function restyle() {
    var size = document.getElementById("size-by").value;
    var colour = document.getElementById("colour-by").value;
    var r = range(size);
    cy.nodes().forEach(function (n) {
      var v = n.data(size) || 0;
      var s = r[1] > r[0] ? 14 + 46 * (v - r[0]) / (r[1] - r[0]) : 20;
      var c = colour === "country" ? (COUNTRY[n.data("country")] || "#9e9e9e")
        : PALETTE[(n.data("community") || 0) % PALETTE.length];
      n.style({ "width": s, "height": s, "background-color": c });
    });
    cy.edges().forEach(function (e) { e.style("line-color", EDGE[e.data("type")] || "#bdbdbd"); });
  }

  function layout(name) {
    var opts = { name: name, animate: false, fit: true };
    if (name === "concentric") {
      opts.concentric = function (n) { return n.data("betweenness") || 0; };
      opts.levelWidth = function () { return 0.05; };
    }
    cy.elements().not(":locked").layout(opts).run();
  }

  function showPanel(node) {
    var panel = document.getElementById("node-panel");
    var facts = document.getElementById("node-facts");
    document.getElementById("node-title").textContent = node.data("label");
    facts.innerHTML = "";
    ["schema", "country", "position", "indictment", "extradition", "known_by", "degree",
      "betweenness"].forEach(function (key) {
      var v = node.data(key);
      if (v === undefined || v === null || v === "") { return; }
      var dt = document.createElement("dt");
      var dd = document.createElement("dd");
      dt.textContent = key === "known_by" ? box.dataset.knownLabel : key;
      dd.textContent = typeof v === "number" ? (Math.round(v * 1000) / 1000) : v;
      facts.appendChild(dt);
      facts.appendChild(dd);
    });
    var link = document.getElementById("node-open");
    link.href = box.dataset.entityUrl + encodeURIComponent(node.data("entity") || node.id());
    panel.hidden = false;
  }

  cy.on("tap", "node", function (evt) { showPanel(evt.target); });

  document.getElementById("layout").addEventListener("change", function (e) {
    layout(e.target.value);
  });
  document.getElementById("size-by").addEventListener("change", restyle);
  document.getElementById("colour-by").addEventListener("change", restyle);
  document.getElementById("tie-filter").addEventListener("change", function (e) {
    var t = e.target.value;
    cy.edges().forEach(function (edge) {
      var types = edge.data("types") || "";
      edge.style("display", !t || String(types).indexOf(t) >= 0 ? "element" : "none");
    });
  });
  document.getElementById("pin").addEventListener("click", function () {
    cy.nodes(":selected").forEach(function (n) { if (n.locked()) { n.unlock(); } else { n.lock(); } });
  });
  document.getElementById("fit").addEventListener("click", function () { cy.fit(); });
  document.getElementById("png").addEventListener("click", function (e) {
    e.currentTarget.href = cy.png({ full: true, scale: 2, bg: "#ffffff" });
  });
  document.getElementById("expand").addEventListener("click", function () {
    var chosen = cy.nodes(":selected");
    chosen.forEach(function (n) {
      var url = box.dataset.expandUrl + "?hops=1&entity=" + encodeURIComponent(n.id());
      fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); })
        .then(function (more) {
          var add = [];
          (more.elements.nodes || []).forEach(function (m) {
            if (cy.getElementById(m.data.id).empty()) { add.push({ group: "nodes", data: m.data }); }
          });
          (more.elements.edges || []).forEach(function (m) {
            var exists = cy.edges().some(function (e) {
              return (e.data("source") === m.data.source && e.data("target") === m.data.target) ||
                (e.data("source") === m.data.target && e.data("target") === m.data.source);
            });
            if (!exists) {
              m.data.id = "x" + n.id() + "-" + m.data.id;
              add.push({ group: "edges", data: m.data });
            }
          });
          var added = cy.add(add);
          elements.nodes = elements.nodes.concat(add.filter(function (a) { return a.group === "nodes"; }));
          restyle();
          added.nodes().positions(function () { return n.position(); });
          layout(document.getElementById("layout").value);
        });
    });
  });
  restyle();
  box.dataset.ready = "1";
})();
