// reelwise: small page helpers. No inline scripts anywhere (strict CSP).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  document.addEventListener("htmx:configRequest", function (event) {
    if (meta) { event.detail.headers["X-CSRF-Token"] = meta.getAttribute("content"); }
  });
  // Charts: every element with data-vega-spec holds a URL of a Vega-Lite spec (JSON).
  function renderCharts(root) {
    if (!window.vegaEmbed) { return; }
    root.querySelectorAll("[data-vega-spec]").forEach(function (el) {
      if (el.dataset.rendered) { return; }
      el.dataset.rendered = "1";
      fetch(el.dataset.vegaSpec, { credentials: "same-origin" })
        .then(function (r) { return r.json(); })
        .then(function (spec) {
          return window.vegaEmbed(el, spec, { actions: false, ast: true, expr: window.vega.expressionInterpreter, renderer: "svg" });
        })
        .then(function () { el.setAttribute("data-chart-ready", "1"); })
        .catch(function (err) { el.textContent = String(err); el.setAttribute("data-chart-error", "1"); });
    });
  }
  document.addEventListener("DOMContentLoaded", function () { renderCharts(document); });
  document.addEventListener("htmx:afterSwap", function (e) { renderCharts(e.target); });
})();
