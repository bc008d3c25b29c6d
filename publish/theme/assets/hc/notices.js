/* Help center notices: which notices this visitor sees now, shown in Material's banner area.
 *
 * The server decides at request time (GET /api/notices). When no API answers (static hosting),
 * the same decision is made here from the site's assets/hc/notices.json, with rules that mirror
 * core/targeting.py exactly: a window is `start <= t < end` with open ends, an axis set to "all"
 * matches everyone, a listed axis needs a known visitor value in the list. tests/test_targeting.py
 * runs the shared vectors (tests/targeting_vectors.json) against both, so they cannot disagree.
 */
(function (root) {
  "use strict";

  var ALL = "all";
  var GLOBAL_ID = "global";
  var DISMISSED_KEY = "hc-dismissed-notices";
  var AXES = ["audience", "country", "usertype"];

  /* Microseconds since the epoch as a BigInt: Date keeps only milliseconds, and a notice may
   * start or end between two milliseconds (Python datetimes carry microseconds). */
  var ISO = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?)(?:\.(\d+))?(Z|z|[+-]\d{2}:?\d{2})?)?$/;

  function toMicros(value) {
    if (value instanceof Date) return BigInt(value.getTime()) * 1000n;
    if (typeof value === "number") return BigInt(Math.floor(value)) * 1000n;
    var m = ISO.exec(String(value).trim());
    if (!m) throw new Error("expected an ISO 8601 date or datetime, got " + JSON.stringify(value));
    var time = m[2] || "00:00:00";
    if (time.length === 5) time += ":00";
    var zone = (m[4] || "Z").toUpperCase();
    var ms = Date.parse(m[1] + "T" + time + (zone === "Z" ? "Z" : zone.replace(/^([+-]\d{2})(\d{2})$/, "$1:$2")));
    if (isNaN(ms)) throw new Error("expected an ISO 8601 date or datetime, got " + JSON.stringify(value));
    var micros = ((m[3] || "") + "000000").slice(0, 6);
    return BigInt(ms) * 1000n + BigInt(parseInt(micros, 10));
  }

  function windowContains(notice, at) {
    var t = toMicros(at);
    return (notice.start == null || toMicros(notice.start) <= t) && (notice.end == null || t < toMicros(notice.end));
  }

  function axisMatches(allowed, value) {
    if (allowed === ALL) return true;
    if (value == null || value === "") return false; // unknown sees only what targets everyone
    return allowed.indexOf(value) !== -1;
  }

  function targetingMatches(notice, visitor) {
    visitor = visitor || {};
    return AXES.every(function (axis) { return axisMatches(notice[axis], visitor[axis]); });
  }

  /* The notices (dicts as in notices.json) this visitor sees at `at`, the global one first. */
  function visibleNotices(notices, visitor, at) {
    var shown = notices.filter(function (n) { return windowContains(n, at) && targetingMatches(n, visitor); });
    return shown.filter(function (n) { return n.id === GLOBAL_ID; })
      .concat(shown.filter(function (n) { return n.id !== GLOBAL_ID; }));
  }

  /* ---- The visitor: assets/hc/visitor.js (shared with the search box). */

  function currentVisitor() {
    return root.HCVisitor ? root.HCVisitor.current() : { audience: null, country: null, usertype: null };
  }

  function storage() {
    try { return root.localStorage; } catch (e) { return null; }
  }

  function readJSON(key) {
    var s = storage();
    if (!s) return null;
    try { return JSON.parse(s.getItem(key)); } catch (e) { return null; }
  }

  function writeJSON(key, value) {
    var s = storage();
    if (!s) return;
    try { s.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: keep going */ }
  }

  function dismissed() {
    var list = readJSON(DISMISSED_KEY);
    return Array.isArray(list) ? list : [];
  }

  function dismiss(id) {
    var list = dismissed();
    if (list.indexOf(id) === -1) list.push(id);
    writeJSON(DISMISSED_KEY, list);
  }

  /* ---- Fetching: the request-time decision, or the static copy decided here. */

  /* The site's root, where /api/ and assets/hc/notices.json are: partials/hc-site.html knows it
   * for every language's pages (/es/ is a site of its own); else Material's base. */
  function siteBase() {
    if (root.HC_SITE && root.HC_SITE.root) return new URL(root.HC_SITE.root);
    var config = document.getElementById("__config");
    var base = ".";
    try { base = JSON.parse(config.textContent).base || "."; } catch (e) { /* default */ }
    return new URL(base.replace(/\/?$/, "/"), root.location.href);
  }

  function fetchJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        // An error's body is read too, so that the request ends (and the page's network goes idle).
        if (!response.ok) return response.text().then(function () { throw new Error("HTTP " + response.status); });
        return response.json();
      });
  }

  function loadNotices(visitor) {
    var base = siteBase();
    var api = new URL("api/notices", base);
    AXES.forEach(function (axis) { if (visitor[axis]) api.searchParams.set(axis, visitor[axis]); });
    var site = root.HC_SITE;  // notices in the page's language (English when one has no translation)
    var lang = site && site.lang && site.lang !== site.source ? site.lang : null;
    if (lang) api.searchParams.set("lang", lang);
    return fetchJSON(api).then(function (body) {
      if (!body || !Array.isArray(body.notices)) throw new Error("unexpected answer");
      return body.notices;
    }).catch(function () {
      return fetchJSON(new URL("assets/hc/notices.json", base)).then(function (all) {
        return visibleNotices(all, visitor, new Date()).map(function (notice) { return inLanguage(notice, lang, site); });
      });
    });
  }

  /* The static copy keeps every language's HTML under `translations`: the page's, else the source's
   * (as GET /api/notices?lang= answers, with `lang` saying which). */
  function inLanguage(notice, lang, site) {
    if (!lang) return notice;
    var translated = notice.translations && typeof notice.translations[lang] === "string";
    var shown = {};
    Object.keys(notice).forEach(function (key) { shown[key] = notice[key]; });
    shown.html = translated ? notice.translations[lang] : notice.html;
    shown.lang = translated ? lang : site.source;
    return shown;
  }

  /* ---- Rendering: only the server-sanitised `html` field is inserted as HTML. */

  function iconFor(container, name) {
    var templates = container.querySelectorAll("template[data-hc-icon]");
    for (var i = 0; i < templates.length; i++) {
      if (templates[i].getAttribute("data-hc-icon") === name) return templates[i].content.cloneNode(true);
    }
    return null;
  }

  function render(container, notices) {
    var list = container.querySelector("[data-hc-notices-list]");
    var hidden = dismissed();
    list.textContent = "";
    list.style.minHeight = ""; // the room kept while loading (partials/hc-notices.html) is not needed now
    notices.filter(function (n) { return hidden.indexOf(n.id) === -1; }).forEach(function (notice) {
      var item = document.createElement("div");
      item.className = "hc-notice hc-notice--" + String(notice.icon).replace(/[^a-z-]/g, "");
      item.setAttribute("data-hc-notice", notice.id);

      var icon = document.createElement("span");
      icon.className = "hc-notice__icon";
      icon.setAttribute("data-hc-notice-icon", notice.icon);
      var svg = iconFor(container, notice.icon);
      if (svg) icon.appendChild(svg);

      var message = document.createElement("span");
      message.className = "hc-notice__message";
      message.innerHTML = notice.html; // sanitised by core.notices.render_message (bleach)
      // A notice not translated into the page's language is shown in the source language: say so.
      var pageLang = document.documentElement.lang;
      if (notice.lang && pageLang && notice.lang !== pageLang) message.setAttribute("lang", notice.lang);

      var close = document.createElement("button");
      close.type = "button";
      close.className = "hc-notice__dismiss";
      close.setAttribute("aria-label", window.HC_SITE ? window.HC_SITE.t("dismiss_notice") : "dismiss_notice");
      close.setAttribute("data-hc-dismiss", notice.id);
      close.textContent = "\u00d7";
      close.addEventListener("click", function () {
        dismiss(notice.id);
        var next = item.nextElementSibling || item.previousElementSibling;
        item.remove();
        setEmpty(container);
        focusAfterDismiss(next);
      });

      item.appendChild(icon);
      item.appendChild(message);
      item.appendChild(close);
      list.appendChild(item);
    });
    setEmpty(container);
  }

  /* The dismissed notice took the focus with it: go to the next notice's ×, else to the page's
   * heading, where the reader was (focusing the whole content scrolled it to its top, past the home
   * page's search box, with a focus ring outside the screen). Nothing scrolls. */
  function focusAfterDismiss(next) {
    var target = next && next.querySelector("[data-hc-dismiss]");
    if (!target) {
      target = document.querySelector(".hc-hero h1, .md-main h1") || document.querySelector("main");
      if (!target) return;
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    }
    target.focus({ preventScroll: true });
  }

  function setEmpty(container) {
    var empty = !container.querySelector("[data-hc-notice]");
    var s = storage();
    // Read by the partial on the next page: keep room for notices only if some showed here.
    try {
      if (s) {
        s.setItem("hc-notices-last-count", String(container.querySelectorAll("[data-hc-notice]").length));
        // And the room they took at this width: the next page keeps as much while its notices load.
        var list = container.querySelector("[data-hc-notices-list]");
        if (!empty && list) s.setItem("hc-notices-last-room", JSON.stringify({ w: root.innerWidth, h: list.getBoundingClientRect().height }));
      }
    } catch (e) { /* full */ }
    if (empty) container.setAttribute("data-hc-empty", "");
    else container.removeAttribute("data-hc-empty");
  }

  var generation = 0;

  function refresh() {
    var container = document.querySelector("[data-hc-notices]");
    if (!container) return;
    var mine = ++generation;
    container.setAttribute("data-hc-state", "loading");
    var visitor = currentVisitor();
    loadNotices(visitor).then(function (notices) {
      // A newer page (instant navigation) may have replaced the banner meanwhile.
      if (mine !== generation || !document.body.contains(container)) return;
      render(container, notices);
      container.setAttribute("data-hc-state", "ready");
    }).catch(function () {
      if (mine === generation) container.setAttribute("data-hc-state", "failed");
    });
  }

  root.HCNotices = {
    toMicros: toMicros,
    windowContains: windowContains,
    targetingMatches: targetingMatches,
    visibleNotices: visibleNotices,
    currentVisitor: currentVisitor,
    refresh: refresh
  };

  if (typeof document === "undefined" || root.HCNotices_started) return;
  root.HCNotices_started = true;

  function start() {
    // Material's instant navigation replaces the banner on every page: re-render on each one.
    if (root.document$ && typeof root.document$.subscribe === "function") root.document$.subscribe(refresh);
    else refresh();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})(window);
