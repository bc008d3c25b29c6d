/* Search in the page: the pseudo-results of search-worker.js ("search instead" / "did you mean",
   "search in <language>", "contact support") and the number of results it found; and analytics:
   remember the query that led to an article (for the feedback widget) and log which result was
   clicked (POST /api/search/click). Never blocks navigation. */
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
  // The query the search worker logged last (it says so on the channel when it does).
  var loggedQuery = null;
  if (channel) channel.addEventListener("message", function (event) {
    if (event.data && typeof event.data.logged === "string") loggedQuery = event.data.logged;
  });
  // Where a pseudo-result leads (a whole page load, or the mail program): one place to watch it.
  var hcSearch = window.hcSearch = window.hcSearch || {};
  hcSearch.go = function (href) { location.assign(href); };

  /* A contact or language row's address without the highlight parameter (h) Material adds to
     every row: as opened, copied or shown. */
  function withoutHighlight(url) {
    url.searchParams.delete("h");
    return url.protocol === "mailto:" ? url.href.replace(/\+/g, "%20") : url.href;
  }

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
    var url = new URL(link.href, location.href);
    if (url.protocol === "mailto:") {
      // "Contact support": Material adds its highlight parameter (h) to every result's address.
      event.preventDefault();
      event.stopImmediatePropagation();
      // Enter in the search input "clicks" the best row (Material, a click of its own, untrusted):
      // never the mail program.
      if (!event.isTrusted) return;
      hcSearch.go(withoutHighlight(url));
      return;
    }
    var params = url.searchParams;
    if (params.has("q") || params.has("query")) {
      // "Search in <language>": that language's site with the words (results never carry ?q=);
      // "See all N matching articles": the results page (/search/?query=).
      // Loaded as a whole page, not by instant navigation: that site's search is another one. A
      // click for a new tab or window is the browser's.
      event.stopImmediatePropagation();  // not a result: no click logged
      if (params.has("query")) {
        // "See all" followed before the worker logged its search (it does once the words settle):
        // the results page logs it instead.
        if (params.get("log") === "false" && (params.get("query") || "").trim() !== (loggedQuery || "").trim()) {
          params.delete("log");
          link.href = withoutHighlight(url);
        }
        rememberSearch(params.get("query").trim());  // Back from the results page: this search again
      }
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      hcSearch.go(withoutHighlight(url));
      return;
    }
    var exact = params.get("hc-search-exact"), query = params.get("hc-search-query");
    if (exact === null && query === null) return;
    event.preventDefault();
    event.stopImmediatePropagation();  // not a result: no navigation, no click logged
    searchAgain(exact !== null ? exact : query, exact !== null);
  }, true);

  /* Tab moves through the search dialog (the input, its clear button, the results) and stays in it
     while it is open with something typed; Material closed the dialog on Tab, so a keyboard user
     who did not know the arrow keys lost the results. Escape still closes it. Before Material's
     own keydown handler, which listens on window as the event bubbles. */
  window.addEventListener("keydown", function (event) {
    var toggle = document.getElementById("__search");
    var input = document.querySelector("input[data-md-component=search-query]");
    // With nothing typed there is nothing to move through: Tab leaves (Material closes the dialog),
    // so a keyboard user passing through the header is never held in its search.
    if (!toggle || !toggle.checked || !input || !input.value.trim()) return;
    // Material sends the focus back to the input on any other key, Shift (of Shift+Tab) included.
    if (event.key === "Shift") { event.stopPropagation(); return; }
    if (event.key !== "Tab" || event.altKey || event.ctrlKey || event.metaKey) return;
    var dialog = input.closest(".md-search");
    // The phone's "Close the search" button (front-door.js) first, as it stands before the input.
    var back = Array.prototype.filter.call(dialog.querySelectorAll(".hc-search-back"),
      function (el) { return el.offsetParent !== null; });
    var stops = back.concat([input], Array.prototype.filter.call(
      dialog.querySelectorAll("button[type=reset], .md-search-result :not(details) > [href], .md-search-result summary"),
      function (el) { return el.offsetParent !== null; }));
    var here = stops.indexOf(document.activeElement);
    var next = (Math.max(here, 0) + (event.shiftKey ? -1 : 1) + stops.length) % stops.length;
    if (here === -1) next = event.shiftKey ? stops.length - 1 : stops.indexOf(input);
    event.preventDefault();
    event.stopPropagation();
    stops[next].focus();
  }, true);

  /* Escape closes the search dialog and leaves the focus where the reader can go on: back in the
     home page's big search box with the words typed there (front-door.js sets hcSearch.returnTo),
     else in the input where it stays on screen (the desktop header), as a combobox does, or on the
     header's search button that replaces it on a phone. Material blurred the input, so the focus fell to <body> and
     a screen reader announced the whole document. Typing, an arrow key or a click in the input
     opens the dialog again. Material opens it when the input gains the focus (it hears focusin and
     focusout on <body>): those of this one move are stopped on their way down. */
  var refocusing = false;
  ["focusin", "focusout"].forEach(function (type) {
    window.addEventListener(type, function (event) { if (refocusing) event.stopPropagation(); }, true);
  });
  function shown(el) { return !!el && el.offsetParent !== null && el.getBoundingClientRect().width > 0; }
  window.addEventListener("keydown", function (event) {
    var toggle = document.getElementById("__search");
    var input = document.querySelector("input[data-md-component=search-query]");
    if (event.key !== "Escape" || !toggle || !toggle.checked || !input) return;
    var dialog = input.closest(".md-search");
    setTimeout(function () {  // after Material's own handler has closed the dialog and blurred it
      var active = document.activeElement;
      // the focus fell to <body>, or stayed on a result now hidden with the dialog
      if (toggle.checked || (active && active !== document.body && !dialog.contains(active))) return;
      var back = hcSearch.returnTo;
      hcSearch.returnTo = null;
      if (shown(back)) {
        back.value = input.value;
        back.focus();
        return;
      }
      var button = document.querySelector("button[data-hc-for=__search]");  // a phone's header
      if (shown(button)) {
        button.focus();
        return;
      }
      refocusing = true;
      try { input.focus(); } finally { refocusing = false; }
    }, 0);
  }, true);
  document.addEventListener("change", function (event) {
    // Closed another way (the overlay): the next search opened from the header goes back to it.
    if (event.target && event.target.id === "__search" && !event.target.checked) {
      setTimeout(function () { hcSearch.returnTo = null; }, 50);
    }
  });
  function reopen(event) {
    var toggle = document.getElementById("__search");
    if (!toggle || toggle.checked || event.target !== document.activeElement) return;
    if (event.type === "keydown" && (event.key === "Escape" || event.key === "Tab" || event.key === "Shift"
        || event.altKey || event.ctrlKey || event.metaKey)) return;
    toggle.click();  // as Material opens it (its setToggle clicks the checkbox)
  }
  document.addEventListener("keydown", function (event) {
    if (event.target.matches && event.target.matches("input[data-md-component=search-query]")) reopen(event);
  }, true);
  document.addEventListener("click", function (event) {
    if (event.target.matches && event.target.matches("input[data-md-component=search-query]")) reopen(event);
  }, true);

  /* Moving into the results (arrow keys, Tab): the search worker then keeps the list as it is. */
  document.addEventListener("focusin", function (event) {
    if (channel && event.target.closest && event.target.closest(".md-search-result")) channel.postMessage({ browsing: true });
  });

  /* Material counts the groups it was given, pseudo-results included ("Did you mean", "Contact
     support"): say the number of results the search worker put in the first group instead, and of
     the articles matching when there are more. */
  var translations = config.translations || {};
  function countResults(list, meta) {
    // A row in another language than the page (an English result on /es/, "Search in Français"):
    // its links say the language they lead to (hreflang), as on the results page. search-worker.js
    // marks the words of its title with it (<span lang="en">).
    list.querySelectorAll("a.md-search-result__link:not([hreflang])").forEach(function (link) {
      var marked = link.querySelector("h1 > [lang], h2 > [lang]");
      var lang = marked && marked.getAttribute("lang");
      if (lang && lang !== document.documentElement.lang) link.setAttribute("hreflang", lang);
    });
    // The rows' icons (the article's, the "See all" row's list: search.css) are pictures only.
    list.querySelectorAll(".md-search-result__icon:not([aria-hidden])").forEach(function (icon) {
      icon.setAttribute("aria-hidden", "true");
    });
    // The contact and language rows' addresses, as copied or opened in a new tab: without the
    // highlight parameter (h) Material adds to every row.
    list.querySelectorAll("a.md-search-result__link[href^='mailto:'], a.md-search-result__link[href*='?q=']")
      .forEach(function (link) {
        var url = new URL(link.href);
        if (url.searchParams.has("h")) link.href = withoutHighlight(url);
      });
    var input = document.querySelector("input[data-md-component=search-query]");
    var typed = input ? input.value.trim() : "";
    // Too short to be searched yet (search-worker.js, tooShort): not "no matching documents".
    var site = window.HC_SITE;
    if (!typed || (typed.length < 3 && /^[a-z\u00DF-\u00FF\s]*$/.test(typed))) {
      var waiting = site ? site.t("search_waiting") : String(translations["search.result.placeholder"] || "");
      if (waiting && meta.textContent !== waiting) meta.textContent = waiting;
      return;
    }
    var marker = list.querySelector("[data-hc-count]");
    // Without a marker, Material's own search answered (the API was slow or away): its count is
    // right (it draws 10 rows and more as the list scrolls), but "no match" is said in our words.
    var empty = !marker && !list.querySelector(".md-search-result__item");
    if (!marker && !(empty && site)) return;
    var count = marker ? Number(marker.getAttribute("data-hc-count")) || 0 : 0;
    var total = marker ? Math.max(Number(marker.getAttribute("data-hc-total")) || 0, count) : 0;
    // Articles, and how many of how many when the list stops before the last match ("10 matching
    // documents" was said when 17 articles matched).
    var text;
    if (site) {  // in the site's own words (Material's Spanish was formal: "Teclee", "documentos")
      text = site.t(count === 0 ? "search_count_none" : total > count ? "search_count_more"
                    : count === 1 ? "search_count_one" : "search_count_other", { count: count, total: total });
    } else {
      var key = count === 0 ? "search.result.none" : count === 1 ? "search.result.one" : "search.result.other";
      text = String(translations[key] || "").replace("#", String(count));
    }
    if (text && meta.textContent !== text) meta.textContent = text;
  }
  function watchCount() {
    var list = document.querySelector(".md-search-result__list");
    var meta = document.querySelector(".md-search-result__meta");
    if (!list || !meta || list.dataset.hcCounted || typeof MutationObserver === "undefined") return;
    list.dataset.hcCounted = "true";
    var recount = function () { countResults(list, meta); };
    new MutationObserver(recount).observe(list, { childList: true });
    new MutationObserver(recount).observe(meta, { childList: true, characterData: true, subtree: true });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(watchCount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watchCount);
  else watchCount();

  var openedAt = 0;  // where the page was when the search opened
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "__search" && event.target.checked) openedAt = window.scrollY;
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
    rememberSearch(query);
    var links = Array.prototype.slice.call(document.querySelectorAll("a.md-search-result__link"))
      .filter(function (a) { return a.href.indexOf("hc-search-") === -1; });
    logClick(query, link, links.indexOf(link) + 1);
  }, true);

  /* Back from a result (or from the results page) comes back to this search: the page left is
     remembered with ?q= (front-door.js opens the search with it; Material does on a load). */
  function rememberSearch(query) {
    try {
      var here = new URL(location.href);
      here.searchParams.set("q", query);
      history.replaceState(history.state, "", here.href);
      // And where the reader was on it (front-door.js scrolls back there): on a phone the open
      // search holds the page at 0, so the place it was opened at.
      sessionStorage.setItem("hc-search-back", JSON.stringify({ url: here.href, y: window.scrollY || openedAt }));
    } catch (e) { /* a sandboxed page */ }
  }

  /* A result of the results page (/search/?query=, written by the server: templates/search-results.html). */
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-hc-served] a[data-hc-result]");
    if (!link) return;
    var query = link.closest("[data-hc-served]").getAttribute("data-hc-query") || "";
    if (!query.trim()) return;
    try { sessionStorage.setItem("hc-last-query", query.trim()); } catch (e) { /* private mode */ }
    logClick(query.trim(), link, Number(link.getAttribute("data-hc-result")) || 1);
  }, true);

  /* POST /api/search/click: the result ``link`` at ``rank`` was opened from the search ``query``. */
  function logClick(query, link, rank) {
    var url = new URL(link.href, location.href);
    var path = url.pathname.slice(root.pathname.length);
    var parts = path.split("/");
    var lang = site.source;
    if (prefixes.indexOf(parts[0] + "/") !== -1) lang = parts.shift();  // a page of /<lang>/
    var articleId = parts[0];
    if (!articleId) return;
    var click = {
      query: query.slice(0, 500),
      article_id: articleId,
      url: "/" + path + url.hash,
      rank: rank
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
  }
})();
