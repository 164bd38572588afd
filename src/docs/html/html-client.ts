/**
 * The page's script (plain browser JavaScript, no dependencies besides the inlined Mermaid):
 * filters the table list, draws the domain diagrams one after another, draws a table's
 * neighbourhood diagram when its <details> is opened, and zooms diagrams.
 */
export const CLIENT_SCRIPT = String.raw`
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("diagram-data").textContent);
  mermaid.initialize({
    startOnLoad: false, securityLevel: "strict", theme: "neutral", maxTextSize: 5000000, maxEdges: 100000,
    fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif",
    er: { useMaxWidth: false, diagramPadding: 16 }
  });
  var seq = 0;
  function draw(text, canvas, stubs) {
    var id = "mmd-" + (++seq);
    return mermaid.render(id, text).then(function (r) {
      canvas.innerHTML = r.svg;
      var svg = canvas.querySelector("svg");
      if (svg) { svg.dataset.width = svg.viewBox.baseVal.width || svg.getBBox().width; fit(canvas); link(svg, stubs || []); }
    }, function (e) {
      canvas.innerHTML = "";
      var p = document.createElement("p"); p.className = "error"; p.textContent = "Could not draw this diagram: " + e.message;
      canvas.appendChild(p);
      throw e;
    });
  }
  // A click on a table's box opens its details; stub tables (drawn in another diagram) look faded.
  function link(svg, stubs) {
    svg.querySelectorAll("g.node").forEach(function (g) {
      var label = g.querySelector(".nodeLabel, text"), name = label && label.textContent.trim();
      if (!name || !data.anchors[name]) return;
      g.classList.add("table-node");
      if (stubs.indexOf(name) >= 0) g.classList.add("stub");
      g.addEventListener("click", function () { location.hash = data.anchors[name]; });
    });
  }
  function fit(canvas) {
    var svg = canvas.querySelector("svg"); if (!svg) return;
    var natural = Number(svg.dataset.width) || 800, room = canvas.clientWidth - 24;
    // Mermaid's natural size is large; 75% matches the page's text. Wide diagrams shrink to the
    // column, but never below a third: wider still, they scroll instead of turning to dust.
    if (canvas.parentNode.classList.contains("lone")) { setWidth(svg, natural * 0.75); return; }
    setWidth(svg, Math.max(Math.min(natural * 0.75, room), natural / 3));
    canvas.scrollLeft = (canvas.scrollWidth - canvas.clientWidth) / 2;
  }
  function setWidth(svg, w) { svg.style.width = Math.round(w) + "px"; svg.style.maxWidth = "none"; }
  document.addEventListener("click", function (ev) {
    var b = ev.target.closest && ev.target.closest("button[data-zoom]"); if (!b) return;
    b.closest("figure").querySelectorAll(".canvas.main").forEach(function (canvas) {
      var svg = canvas.querySelector("svg"); if (!svg) return;
      var w = parseFloat(svg.style.width) || svg.getBoundingClientRect().width;
      if (b.dataset.zoom === "fit") fit(canvas); else setWidth(svg, w * (b.dataset.zoom === "in" ? 1.25 : 0.8));
    });
  });
  // Domain diagrams, one at a time, each in its own task so that the page shows and stays
  // responsive while they are drawn; body[data-drawn] marks the end.
  function nextTask() { return new Promise(function (resolve) { setTimeout(resolve, 0); }); }
  var jobs = [];
  data.diagrams.forEach(function (d) {
    var fig = document.getElementById(d.id);
    var mains = fig.querySelectorAll(".canvas.main");
    d.groups.forEach(function (text, i) { jobs.push([text, mains[i], d.stubs]); });
    var cells = fig.querySelectorAll(".lone .canvas");
    d.lone.forEach(function (text, i) { jobs.push([text, cells[i], []]); });
  });
  jobs.reduce(function (p, job) {
    return p.then(nextTask).then(function () { return draw(job[0], job[1], job[2]); });
  }, Promise.resolve()).then(function () { document.body.dataset.drawn = "ok"; },
    function (e) { document.body.dataset.drawn = "error"; console.error(e); });
  document.addEventListener("toggle", function (ev) {
    var det = ev.target;
    if (!det.classList || !det.classList.contains("neighbours") || !det.open || det.dataset.drawn) return;
    det.dataset.drawn = "1";
    draw(data.neighbours[det.dataset.table], det.querySelector(".canvas")).catch(function (e) { console.error(e); });
  }, true);
  // Search: every word must occur in the table's name, model, comment or column names.
  var search = document.getElementById("search"), count = document.getElementById("match-count");
  var items = Array.prototype.slice.call(document.querySelectorAll("#table-list li"));
  function filter() {
    var words = search.value.toLowerCase().split(/\s+/).filter(Boolean), shown = 0;
    items.forEach(function (li) {
      var hay = li.dataset.search, ok = words.every(function (w) { return hay.indexOf(w) >= 0; });
      li.hidden = !ok; if (ok) shown++;
    });
    document.querySelectorAll(".nav-domain").forEach(function (d) { d.hidden = !d.querySelector("li:not([hidden])"); });
    count.textContent = words.length ? shown + " of " + items.length + " tables" : items.length + " tables";
  }
  search.addEventListener("input", filter);
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var first = document.querySelector("#table-list li:not([hidden]) a"); if (first) location.hash = first.getAttribute("href");
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && document.activeElement !== search) { ev.preventDefault(); search.focus(); }
  });
  filter();
})();
`;
