/* Search in the page: the correction line's "search instead" / "did you mean" links (see
   search-worker.js), and analytics: remember the query that led to an article (for the feedback
   widget) and log which result was clicked (POST /api/search/click). Never blocks navigation. */
(function () {
  "use strict";
  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (e) { return; }
  // The whole site's root (/api/, the source language's pages): partials/hc-site.html knows it on
  // every language's pages; a translation's pages live under <root><lang>/.
  var site = window.HC_SITE || {};
  var root = site.root ? new URL(site.root) : new URL(String(config.base || ".").replace(/\/?$/, "/"), location.href);
  var prefixes = (site.prefixes || []).filter(function (p) { return p; });
  var channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("hc-search") : null;

  /* Search `text` again in the open search box; `asTyped`: without correction. */
  function searchAgain(text, asTyped) {
    var input = document.querySelector("input[data-md-component=search-query]");
    if (!input) return;
    if (asTyped && channel) channel.postMessage({ exact: text });
    input.focus();
    // Material searches when the value changes: go through "" so the same text is searched again.
    ["", text].forEach(function (value) {
      input.value = value;
      input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-search-result__link");
    if (!link) return;
    var params = new URL(link.href, location.href).searchParams;
    var exact = params.get("hc-search-exact"), query = params.get("hc-search-query");
    if (exact === null && query === null) return;
    event.preventDefault();
    event.stopImmediatePropagation();  // not a result: no navigation, no click logged
    searchAgain(exact !== null ? exact : query, exact !== null);
  }, true);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-search-result__link");
    if (!link) return;
    var input = document.querySelector("input[data-md-component=search-query]");
    var query = input ? input.value.trim() : "";
    if (!query) return;
    // The search worker logs a query once it has settled (search-worker.js): clicking a result settles it.
    if (channel) channel.postMessage({ settled: true });
    try { sessionStorage.setItem("hc-last-query", query); } catch (e) { /* private mode */ }
    var url = new URL(link.href, location.href);
    var path = url.pathname.slice(root.pathname.length);
    var parts = path.split("/");
    var lang = site.source;
    if (prefixes.indexOf(parts[0] + "/") !== -1) lang = parts.shift();  // a page of /<lang>/
    var articleId = parts[0];
    if (!articleId) return;
    var links = Array.prototype.slice.call(document.querySelectorAll("a.md-search-result__link"))
      .filter(function (a) { return a.href.indexOf("hc-search-") === -1; });
    var click = {
      query: query.slice(0, 500),
      article_id: articleId,
      url: "/" + path + url.hash,
      rank: links.indexOf(link) + 1
    };
    // The language of the result clicked (a Spanish page may show English results), sent when it
    // is not the source language.
    if (lang && lang !== site.source) click.lang = lang;
    var body = JSON.stringify(click);
    try {
      fetch(new URL("api/search/click", root).href, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: body, keepalive: true
      }).catch(function () { /* analytics must never disturb the reader */ });
    } catch (e) { /* old browser without keepalive */ }
  }, true);
})();
