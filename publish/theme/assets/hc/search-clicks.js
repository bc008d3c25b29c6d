/* Search analytics in the page: remember the query that led to an article (for the feedback
   widget) and log which result was clicked (POST /api/search/click). Never blocks navigation. */
(function () {
  "use strict";
  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (e) { return; }
  var root = new URL(String(config.base || ".").replace(/\/?$/, "/"), location.href);

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.md-search-result__link");
    if (!link) return;
    var input = document.querySelector("input[data-md-component=search-query]");
    var query = input ? input.value.trim() : "";
    if (!query) return;
    try { sessionStorage.setItem("hc-last-query", query); } catch (e) { /* private mode */ }
    var url = new URL(link.href, location.href);
    var path = url.pathname.slice(root.pathname.length);
    var articleId = path.split("/")[0];
    if (!articleId) return;
    var links = Array.prototype.slice.call(document.querySelectorAll("a.md-search-result__link"));
    var body = JSON.stringify({
      query: query.slice(0, 500),
      article_id: articleId,
      url: "/" + path + url.hash,
      rank: links.indexOf(link) + 1
    });
    try {
      fetch(new URL("api/search/click", root).href, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: body, keepalive: true
      }).catch(function () { /* analytics must never disturb the reader */ });
    } catch (e) { /* old browser without keepalive */ }
  }, true);
})();
