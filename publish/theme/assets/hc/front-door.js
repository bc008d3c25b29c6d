/* The big search box of the home, 404 and results pages (partials/hc-search-box.html) drives the
 * header's search dialog, so both run the same search (assets/hc/search-worker.js) and show the
 * same results (without JavaScript the form loads the results page, /search/?query=). Also here:
 * the page-wide keyboard and focus fixes of Material's header, menu, language switcher and instant navigation. */
(function () {
  "use strict";
  if (window.hcFrontDoor) return;
  window.hcFrontDoor = true;

  /* The page's language's strings (partials/hc-site.html, from publish/locales/). */
  function t(key, values) { return window.HC_SITE ? window.HC_SITE.t(key, values) : key; }

  /* Open the header's search with ``text``; ``from``, the big box typed in, gets the words and the
   * focus back on Escape (search-clicks.js, hcSearch.returnTo). */
  function openSearch(text, from) {
    var toggle = document.getElementById("__search");
    var input = document.querySelector(".md-search__input");
    if (!toggle || !input) return false;
    if (!toggle.checked) {
      toggle.checked = true;
      toggle.dispatchEvent(new Event("change"));
    }
    input.value = text;
    input.focus();
    try { input.setSelectionRange(text.length, text.length); } catch (e) { /* not a text input */ }
    // Material reads the query on keyup (and on focus).
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    input.dispatchEvent(new Event("input", { bubbles: true }));
    if (from) (window.hcSearch = window.hcSearch || {}).returnTo = from;
    return true;
  }

  /* A table wider than the screen scrolls sideways: make its scroll box reachable by keyboard
   * and name it (WCAG: scrollable regions must be focusable). */
  function labelScrollingTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        wrap.setAttribute("aria-label", t("table_scrolls"));
      } else {
        wrap.removeAttribute("tabindex");
      }
    });
  }

  /* Material's menu and search buttons in the header are <label>s: no Tab stop, no Enter. Put a
   * real button in front of each (on a phone they are the only way to the menu and the search),
   * which flips the same checkbox, so Material opens the drawer or the search as on a tap. */
  var HEADER_BUTTONS = { __drawer: "open_menu", __search: "open_search" };

  function keyboardHeaderButtons() {
    document.querySelectorAll("label.md-header__button[for]").forEach(function (label) {
      var name = HEADER_BUTTONS[label.htmlFor];
      if (!name || label.dataset.hcReplaced) return;
      label.dataset.hcReplaced = "true";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-header__button md-icon hc-header-button";
      button.setAttribute("data-hc-for", label.htmlFor);
      button.setAttribute("aria-label", t(name));
      button.innerHTML = label.innerHTML; // Material's own icon (static SVG from the template)
      button.addEventListener("click", function () {
        var toggle = document.getElementById(label.htmlFor);
        if (!toggle) return;
        toggle.click();
        if (label.htmlFor === "__drawer") openedDrawer(toggle);
        if (label.htmlFor === "__search" && toggle.checked) {
          // Into the search box at once (Material leaves the focus on this button, now under the
          // dialog, until one types); Escape gives it back (search-clicks.js).
          var input = document.querySelector(".md-search__input");
          if (input) input.focus();  // in the tap's own handler: iOS shows the keyboard only then
        }
      });
      if (label.htmlFor === "__drawer") {
        button.setAttribute("aria-expanded", "false");
        button.setAttribute("aria-controls", "__drawer");
      }
      label.parentNode.insertBefore(button, label);
    });
  }

  /* On a phone the open search dialog's only way back is Material's arrow, a <label> with no name
   * that no keyboard or screen reader can use as a button: a real button stands in front of it,
   * named "Close the search", and flips the same checkbox (on a wide screen the label is the
   * magnifier inside the box, not a control, and stays). */
  function searchBackButton() {
    var label = document.querySelector("label.md-search__icon[for=__search]");
    if (!label || label.dataset.hcReplaced) return;
    label.dataset.hcReplaced = "true";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "md-search__icon md-icon hc-search-back";
    button.setAttribute("aria-label", t("close_search"));
    button.innerHTML = label.innerHTML;  // Material's own icons (static SVG from the template)
    button.addEventListener("click", function () {
      var toggle = document.getElementById("__search");
      if (toggle && toggle.checked) toggle.click();
      var opener = document.querySelector(".hc-header-button[data-hc-for=__search]");
      if (opener) opener.focus();
    });
    label.parentNode.insertBefore(button, label);
  }

  /* The phone's menu (Material's drawer) slides over the page: the focus goes into it, Tab and
   * Shift+Tab stay in it, and Escape (or the overlay) closes it and gives the focus back to the
   * menu button. The focus stayed on the button, now under the drawer, and Tab went on to the page
   * behind the overlay. Its Tab stops are those shown, without the logo (the link home for the
   * mouse only, tabindex=-1: partials/nav.html). */
  function drawerLinks() {
    var drawer = document.querySelector(".md-sidebar--primary");
    return drawer ? Array.prototype.filter.call(drawer.querySelectorAll("a[href], button, summary"),
      function (el) { return el.offsetParent !== null && el.tabIndex >= 0; }) : [];
  }
  function openedDrawer(toggle) {
    var first = toggle.checked && drawerLinks()[0];
    if (first) first.focus();
  }
  function closeDrawer(toggle, button) {
    toggle.click();  // its change event says so (below)
    button.focus();
  }
  document.addEventListener("keydown", function (event) {
    var toggle = document.getElementById("__drawer");
    var button = document.querySelector("button[data-hc-for=__drawer]");
    if (!toggle || !toggle.checked || !button || button.offsetParent === null) return;
    if (event.key === "Escape") {
      event.preventDefault();
      closeDrawer(toggle, button);
    } else if (event.key === "Tab") {
      var links = drawerLinks();
      if (!links.length) return;
      var here = links.indexOf(document.activeElement);
      var next = here === -1 ? 0 : (here + (event.shiftKey ? -1 : 1) + links.length) % links.length;
      event.preventDefault();
      links[next].focus();
    }
  });
  document.addEventListener("change", function (event) {
    // Opened or closed, whichever way (the button, Escape, the overlay, a link followed by instant
    // navigation): the button says so, and gets the focus back when it was in the closed drawer.
    if (!event.target || event.target.id !== "__drawer") return;
    var button = document.querySelector("button[data-hc-for=__drawer]");
    if (!button) return;
    button.setAttribute("aria-expanded", String(event.target.checked));
    if (event.target.checked) return;
    var drawer = document.querySelector(".md-sidebar--primary");
    if (drawer && drawer.contains(document.activeElement) && button.offsetParent !== null) button.focus();
  });

  /* The language switcher (partials/alternate.html) lives in the header, which instant navigation
   * keeps: take the new page's list from its <template>. Escape or a click elsewhere closes it. */
  function languageSwitcher() {
    var panel = document.querySelector("[data-hc-languages-list]");
    var page = document.querySelector("template[data-hc-languages-page]");
    if (panel && page) {
      panel.textContent = "";
      panel.appendChild(page.content.cloneNode(true));
    }
    var menu = document.querySelector(".hc-languages__menu");
    if (menu) menu.open = false;
  }

  document.addEventListener("keydown", function (event) {
    var menu = document.querySelector(".hc-languages__menu[open]");
    if (event.key !== "Escape" || !menu) return;
    menu.open = false;
    menu.querySelector("summary").focus();
  });
  document.addEventListener("click", function (event) {
    var menu = document.querySelector(".hc-languages__menu[open]");
    if (menu && !menu.contains(event.target)) menu.open = false;
  });
  // Tabbed out of: closed, or on a phone its panel stayed over what took the focus next.
  document.addEventListener("focusout", function (event) {
    var menu = event.target.closest && event.target.closest(".hc-languages__menu[open]");
    if (menu && event.relatedTarget && !menu.contains(event.relatedTarget)) menu.open = false;
  });

  // Not found at an address typed with capitals (/End-A-Contract/) on a host that tells case apart
  // (nginx, a CDN): the site's addresses are all lower case, so the lower-case one is tried, once.
  // `helpcenter serve` redirects such an address itself (helpcenter/web.py, ReleaseStatic).
  function lowerCaseAddress() {
    var path = location.pathname;
    if (path === path.toLowerCase() || !document.querySelector("[data-hc-not-found]")) return false;
    location.replace(path.toLowerCase() + location.search + location.hash);
    return true;
  }

  /* Material's instant navigation swaps the page in place and left the focus on <body>: nothing was
   * announced, and Tab went on from the sidebar. Focus the new page as a page load would place the
   * reader: on the section a link named (#anchor), else on its heading, without scrolling. */
  var pagesShown = 0;
  function focusNewPage() {
    if (pagesShown++ === 0) return;  // the first page is a real load: the browser's own focus
    var id = "";
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { /* a malformed %: no section */ }
    var target = (id && document.getElementById(id)) || document.querySelector(".hc-hero h1, .md-main h1");
    if (!target || target.contains(document.activeElement) && document.activeElement !== document.body) return;
    if (!target.hasAttribute("tabindex") && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) {
      target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
  }

  /* Back to a page a search result was opened from (search-clicks.js remembered it with ?q=):
   * the search is shown again with its words. On a page load Material does this itself; Back by
   * instant navigation swaps the page in place and closes the search, so the page is loaded (from
   * the browser's cache, revalidated) instead. Returns whether it is. */
  function searchAgainAfterBack() {
    if (pagesShown < 2 || !new URL(location.href).searchParams.get("q")) {
      if (pagesShown === 1) scrollBackToWhereTheSearchWasLeft();
      return false;
    }
    location.replace(location.href);
    return true;
  }

  /* Loaded again that way (or by the browser's own Back): the page where the reader was, under
   * the search (search-clicks.js noted the place when the result was opened). */
  function scrollBackToWhereTheSearchWasLeft() {
    var left = null;
    try { left = JSON.parse(sessionStorage.getItem("hc-search-back") || "null"); } catch (e) { return; }
    if (!left || left.url !== location.href) return;
    try { sessionStorage.removeItem("hc-search-back"); } catch (e) { /* private mode */ }
    window.scrollTo(0, left.y || 0);
    // On a phone the open search holds the page still, and Material puts it back where it was
    // when the search closes: there, once.
    var toggle = document.getElementById("__search");
    if (!toggle) return;
    toggle.addEventListener("change", function back() {
      if (toggle.checked) return;
      toggle.removeEventListener("change", back);
      setTimeout(function () { window.scrollTo(0, left.y || 0); }, 100);  // after Material restores its own
    });
  }

  /* The not-found page's own skip link (404.html) sits outside what instant navigation replaces:
   * gone from the next page, which has Material's. */
  function dropNotFoundSkipLink() {
    var own = document.querySelectorAll('a.md-skip[href$="#hc-not-found-title"]');
    if (!document.querySelector("[data-hc-not-found]")) {
      own.forEach(function (a) { a.remove(); });
      return;
    }
    // First on the page, where Material keeps its own (the template can only put it after the notices).
    var skip = document.querySelector("[data-md-component=skip]");
    if (skip && own.length && !skip.contains(own[0])) skip.appendChild(own[0]);
  }

  /* The results page as `helpcenter serve` writes it (templates/search-results.html marks it
   * data-hc-served): its box is a plain form, which loads the results of the words submitted
   * (driving the dialog, Enter opened the dialog's first article). */
  function servedResultsPage() {
    return !!document.querySelector("[data-hc-search-page][data-hc-served]");
  }

  /* The results page's words. Written by the server and opened from the dialog's "See all" (whose
   * search the dialog logged): the address loses log=false, so copied, bookmarked or shared it is a
   * search of its own. Served as built by a host of static files: searched in the dialog. */
  function resultsPageWords() {
    if (!document.querySelector("[data-hc-search-page]")) return;
    var address = new URL(location.href);
    if (servedResultsPage()) {
      if (address.searchParams.get("log") !== "false") return;
      address.searchParams.delete("log");
      try { history.replaceState(history.state, "", address.href); } catch (e) { /* a sandboxed page */ }
      return;
    }
    var words = (address.searchParams.get("query") || "").trim();
    if (words) openSearch(words, document.querySelector("[data-hc-search-box] input[name=query]"));
  }

  function mount() {
    if (lowerCaseAddress()) return;
    dropNotFoundSkipLink();
    focusNewPage();
    if (searchAgainAfterBack()) return;
    labelScrollingTables();
    keyboardHeaderButtons();
    searchBackButton();
    languageSwitcher();
    document.querySelectorAll("[data-hc-search-box]").forEach(function (form) {
      if (form.dataset.hcMounted || servedResultsPage()) return;
      form.dataset.hcMounted = "true";
      var box = form.querySelector("input[name=query]");
      form.addEventListener("submit", function (event) {
        if (openSearch(box.value.trim(), box)) event.preventDefault();
      });
      // Typing here moves on into the dialog, where the results appear as you type; Escape brings
      // the words back here (search-clicks.js).
      box.addEventListener("input", function () {
        var text = box.value;
        if (text.trim() && openSearch(text, box)) box.value = "";
      });
    });
    resultsPageWords();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(mount);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
  else mount();
})();
