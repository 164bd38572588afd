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
      if (svg) {
        svg.dataset.width = svg.viewBox.baseVal.width || svg.getBBox().width;
        // The text size of the drawing at its natural width, to keep it readable when it is fitted.
        var label = svg.querySelector(".nodeLabel, .er.entityLabel, text");
        var rect = svg.getBoundingClientRect(), box = label && label.getBoundingClientRect();
        var px = label ? parseFloat(getComputedStyle(label).fontSize) || 14 : 14;
        svg.dataset.font = String(rect.width && box ? px * (Number(svg.dataset.width) / rect.width) : px);
        fit(canvas); link(svg, stubs || []);
      }
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
  // Text is never drawn smaller than this many CSS pixels when a diagram opens or is fitted.
  var MIN_TEXT_PX = 12;
  function fit(canvas) {
    var svg = canvas.querySelector("svg"); if (!svg) return;
    var natural = Number(svg.dataset.width) || 800, room = canvas.clientWidth - 24;
    var font = Number(svg.dataset.font) || 14, readable = natural * MIN_TEXT_PX / font;
    // Mermaid's natural size is large; 75% matches the page's text. Wide diagrams shrink to the
    // column, but never below the width at which their text is 12 px: wider still, they scroll.
    if (canvas.parentNode.classList.contains("lone")) { setWidth(svg, Math.max(natural * 0.75, readable)); return; }
    setWidth(svg, Math.max(Math.min(natural * 0.75, room), readable));
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
  // Search: every word must occur in the table's name, model, comment or column names. Matches are
  // ranked across all domains in one list (each with its domain beside it): the table (or model)
  // named exactly, then names starting with the query, then names with a word starting with it,
  // then the rest. An empty query puts every table back under its domain.
  var search = document.getElementById("search"), count = document.getElementById("match-count");
  var results = document.getElementById("search-results"), resultList = results.querySelector("ul");
  var items = Array.prototype.slice.call(document.querySelectorAll("#table-list .nav-domain li"));
  var homes = items.map(function (li) { return li.parentNode; });
  items.forEach(function (li, i) { li.dataset.order = String(i); });
  var domains = Array.prototype.slice.call(document.querySelectorAll(".nav-domain"));
  function rank(li, q) {
    if (!q) return 3;
    var names = li.dataset.names.split(" ");
    if (names.indexOf(q) >= 0) return 0;
    if (names.some(function (n) { return n.indexOf(q) === 0; })) return 1;
    if (names.some(function (n) { return n.split(/[_.@]/).some(function (w) { return w.indexOf(q) === 0; }); })) return 2;
    return 3;
  }
  var best = null;
  function filter() {
    var q = search.value.toLowerCase().trim(), words = q.split(/\s+/).filter(Boolean), shown = 0;
    best = null;
    items.forEach(function (li) {
      var hay = li.dataset.search, ok = words.every(function (w) { return hay.indexOf(w) >= 0; });
      li.hidden = !ok; if (ok) shown++;
      li.dataset.rank = String(ok ? rank(li, q) : 9);
    });
    if (words.length) {
      var ranked = items.filter(function (li) { return !li.hidden; });
      ranked.sort(function (a, b) { return a.dataset.rank - b.dataset.rank || a.dataset.order - b.dataset.order; });
      ranked.forEach(function (li) { resultList.appendChild(li); });
      best = ranked[0] || null;
      results.hidden = !best;
      domains.forEach(function (d) { d.hidden = true; });
    } else {
      items.forEach(function (li, i) { homes[i].appendChild(li); });
      results.hidden = true;
      domains.forEach(function (d) { d.hidden = false; });
    }
    count.textContent = words.length ? shown + " of " + items.length + " tables" : items.length + " tables";
  }
  search.addEventListener("input", filter);
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var first = best && best.querySelector("a"); if (first) location.hash = first.getAttribute("href");
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && document.activeElement !== search) { ev.preventDefault(); search.focus(); }
  });
  filter();
})();
`;
