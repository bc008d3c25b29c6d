/* Help Center search worker: speaks Material's search worker protocol, asks GET /api/search
 * (debounced, with the visitor's audience/country/usertype) and falls back to Material's own
 * lunr worker when the API cannot be reached.
 *
 * Protocol (Material 9.x): {type: 0, data: {config, docs, options}} SETUP -> {type: 1} READY;
 * {type: 2, data: "<raw input>"} QUERY -> {type: 3, data: {items: [[doc, ...], ...]}} RESULT.
 * Titles and texts are inserted as HTML by Material, so everything from the API is escaped here
 * except the snippet, which the API already escaped (matches in <mark>).
 *
 * The worker URL carries: material (Material's worker URL, read from __config at page load),
 * api (absolute /api/search URL), the visitor's audience, country, usertype, and the page's
 * language: lang (sent to the API; absent on the source language's pages), page_lang, prefix
 * (the language's folder, "es/": result addresses are made relative to that site, whose pages
 * Material links from) and strings (the labels, in that language; see publish/locales/).
 * A result in another language than the page (an English result on a Spanish page, when the
 * API has no good match in Spanish) is labelled with its language.
 *
 * A search without a confident answer (the API's "confident": false) says so above its first result.
 *
 * Corrections are said, as a first pseudo-result (a link, so it is reached and read like any
 * result): "Search instead for <what was typed>" above results for a corrected query, or "Did you
 * mean <suggestion>?" when the words as typed found nothing. Its location is a hash the page's
 * search-clicks.js handles (?hc-search-exact=... / ?hc-search-query=...; a location without "#"
 * so that Material shows its text): it asks this worker,
 * over the "hc-search" BroadcastChannel, to search that exact text without correction, then
 * types it into the search box.
 *
 * Words that have answers in another language of the help center (the API's suggested_lang) get a
 * first pseudo-result "Search in <language>", a link to that language's site with the words in ?q=
 * (search-clicks.js loads it as a whole page: that site's search is another one). A search without a
 * confident answer ends with "Still need help? Contact support", a mailto: link to the support
 * address (HC_SITE.support) with the words as its subject. When more articles match than are
 * shown, a row after the results links the results page, which lists them all.
 */
/* eslint-env worker */
"use strict";

var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;
var DEBOUNCE_MS = 120;
var CONTACT_AFTER_MS = 900;
var contactTimer = null;
/* One or two lowercase letters are not searched yet ("ca" of "cancel": no "no match" and "contact
 * support" after the second letter); the page says "type to start searching" (search-clicks.js,
 * the same rule). Capitals or a digit are a code ("ID", "EU", "W9"), and one or two CJK characters
 * a word: those are searched. */
var MIN_LATIN_QUERY = 3;
function tooShort(query) {
  var text = query.trim();
  return text.length < MIN_LATIN_QUERY && /^[a-z\u00DF-\u00FF\s]*$/.test(text);
}
/* A last word of one or two lowercase letters after others is likely half typed ("how do i qu"):
 * searched only once the reader pauses (the results of the words before it stay shown meanwhile),
 * so no "no match" flashes before "quit" has three letters; "my va", left so, is still searched. */
var FRAGMENT_PAUSE_MS = 700;
function endsInFragment(query) {
  return /\S\s+[a-z\u00DF-\u00FF]{1,2}$/.test(query);
}
/* The API searches at most this many characters (MAX_QUERY_CHARS): a longer paste is cut at the
 * last whole word before it, not refused. */
var MAX_QUERY_CHARS = 500;
function searchable(query) {
  if (query.length <= MAX_QUERY_CHARS) return query;
  var cut = query.slice(0, MAX_QUERY_CHARS);
  if (/\s/.test(query.charAt(MAX_QUERY_CHARS))) return cut;  // the cut falls between two words
  return cut.replace(/\s+\S*$/, "") || cut;
}
var API_TIMEOUT_MS = 2500;
var RETRY_API_AFTER_MS = 30000;
/* Searches are asked as the visitor types, with log=false: only the query left unchanged this long
 * after its results are shown is logged for the report (asked again with log=true, answered from the
 * server's cache), so "how do i", "how do i en" and "how do i end" are not three searches. */
var SETTLE_MS = 1200;
var settle = null;
var unlogged = null;             // the API address of the newest answered query, until it is logged
var lastLogged = null;

var params = new URL(self.location.href).searchParams;
var MATERIAL_WORKER = params.get("material");
var API = params.get("api");
var VISITOR = { audience: params.get("audience"), country: params.get("country"), usertype: params.get("usertype") };
var LANG = params.get("lang");
var PAGE_LANG = params.get("page_lang");
var PREFIX = params.get("prefix") || "";
var STRINGS = {};
try { STRINGS = JSON.parse(params.get("strings") || "{}") || {}; } catch (e) { /* the keys, then */ }
var LANGUAGES = {};             // code -> {name: its own name, home: its site's address}, for suggested_lang
try { LANGUAGES = JSON.parse(params.get("languages") || "{}") || {}; } catch (e) { /* none offered */ }
var SUPPORT = params.get("support");
/* The words of a search shown again by Back (partials/hc-search.html): logged when first searched,
 * so not logged again when they settle now. */
var RESTORED = params.get("restored");

/* A label in the page's language, HTML-escaped, with {placeholders} filled by `values` (already HTML). */
function say(key, values) {
  return escapeHTML(STRINGS[key] || key).replace(/\{(\w+)\}/g, function (all, name) {
    return values && name in values ? values[name] : all;
  });
}

var realPost = self.postMessage.bind(self);
var materialHandler = null;      // Material's own "message" listener, captured on import
var materialReplies = [];        // resolvers for Material's replies, in order
var setupDone = null;            // promise: Material's worker has its index
var apiDownSince = 0;
var latest = 0;                  // sequence number of the newest query
var timer = null;
var exact = {};                  // raw queries to search as typed (the reader chose "search instead")

var channel = typeof BroadcastChannel !== "undefined" ? new BroadcastChannel("hc-search") : null;
if (channel) {
  channel.onmessage = function (event) {
    var data = event.data || {};
    if (typeof data.exact === "string") exact[data.exact] = true;
    if (data.settled) logNow();  // a result was clicked: the query it was found with is settled
    // The reader moved into the results: drawing the list again (to add the contact row) would take
    // the focus from under them.
    if (data.browsing) clearTimeout(contactTimer);
  };
}

/* Load Material's worker inside this one, capturing its message listener and its replies. */
function loadMaterial() {
  if (materialHandler || !MATERIAL_WORKER) return;
  // Material loads its lunr language packs (every language but English) with addresses relative to
  // its own worker ("../lunr/..."): resolve them there, not next to this file.
  var nativeImport = self.importScripts;
  self.importScripts = function () {
    var urls = Array.prototype.map.call(arguments, function (url) { return new URL(url, MATERIAL_WORKER).href; });
    return nativeImport.apply(self, urls);
  };
  var add = self.addEventListener;
  self.addEventListener = function (type, fn, options) {
    if (type === "message") materialHandler = fn;
    else add.call(self, type, fn, options);
  };
  try {
    importScripts(MATERIAL_WORKER);
  } finally {
    self.addEventListener = add;
  }
  self.postMessage = function (message) {
    var resolve = materialReplies.shift();
    if (resolve) resolve(message);
  };
}

function askMaterial(message) {
  return new Promise(function (resolve) {
    if (!materialHandler) {
      resolve({ type: RESULT, data: { items: [] } });
      return;
    }
    materialReplies.push(resolve);
    materialHandler({ data: message });
  });
}

/* The text of an escaped HTML fragment without tags (the API's snippets: "don&#x27;t" -> "don't"). */
function unescapeHTML(html) {
  return String(html).replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, function (all, name) {
    var lower = name.toLowerCase();
    if (lower[0] === "#") return String.fromCodePoint(lower[1] === "x" ? parseInt(lower.slice(2), 16) : parseInt(lower.slice(1), 10));
    return { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" }[lower];
  });
}

function escapeHTML(text) {
  return String(text == null ? "" : text)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

function badges(audience) {
  return (audience || []).map(function (a) {
    var label = say(a === "all" ? "everyone" : a);
    return '<span class="hc-search-badge hc-search-badge--' + escapeHTML(a) + '">' + label + "</span>";
  }).join(" ");
}

function explanation(matched) {
  if (!matched || !matched.length) return "";
  var first = matched[0];
  return '<p class="hc-search-synonym">' +
    say("matched_via", { query: escapeHTML(first.query), synonym: escapeHTML(first.synonym) }) + "</p>";
}

/* One API result -> one Material result group: the page, then the section it points at. */
/* A result's address ("/x/", "/es/x/", from the site's root) relative to the page's language site,
 * which Material resolves result links against: "x/" there, "../x/" for the source language's. */
function relative(url) {
  var path = String(url || "").replace(/^\//, "");
  if (!PREFIX) return path;
  return path.indexOf(PREFIX) === 0 ? path.slice(PREFIX.length) : "../" + path;
}

/* The words to highlight on a result's page (Material's search.highlight puts them in its link as
 * ?h=): those its snippet marks, which are what matched, synonyms included. Not the query's words:
 * Material marks a term anywhere, inside words too, so "how do i ..." marked every "i" of the page. */
function markedTerms(snippet) {
  var terms = {};
  String(snippet || "").replace(/<mark>([^<]*)<\/mark>/g, function (_, words) {
    unescapeHTML(words).toLowerCase().split(/\s+/).forEach(function (t) { if (t.length >= 3) terms[t] = true; });
    return "";
  });
  return terms;
}

function toGroup(result) {
  var terms = markedTerms(result.snippet);
  var location = relative(result.url);
  var page = location.split("#")[0];
  var score = Number(result.score) || 0;
  var other = result.lang && PAGE_LANG && result.lang !== PAGE_LANG;  // e.g. English results on a Spanish page
  // Its title, section and text in its own language too (a screen reader read an English snippet as
  // Spanish), as on the results page; search-clicks.js gives its links that language (hreflang).
  var lang = other ? ' lang="' + escapeHTML(result.lang) + '"' : "";
  var text = "<p" + lang + ">" + (result.snippet || "") + "</p>" + explanation(result.matched_synonyms);
  var title = (other ? "<span" + lang + ">" + escapeHTML(result.title) + "</span>" +
                       ' <span class="hc-search-lang">' + say("in_source_language") + "</span>"
                     : escapeHTML(result.title)) +
    ' <span class="hc-search-badges">' + badges(result.audience) + "</span>";
  var section = other ? "<span" + lang + ">" + escapeHTML(result.section || "") + "</span>" : escapeHTML(result.section || "");
  var article = { location: page, title: title, text: location === page ? text : "", score: score, terms: terms };
  if (location === page) return [article];
  return [article, { location: location, title: section, text: text, score: score, terms: terms }];
}

/* The pseudo-result saying what the results are for, or null. */
function correctionItem(body, typed) {
  var item = { score: 0, terms: {} };
  if (body.corrected_from) {
    item.location = "?hc-search-exact=" + encodeURIComponent(typed);
    item.title = say("search_instead", { query: escapeHTML(body.corrected_from) });
    item.text = '<p class="hc-search-correction">' +
      say("showing_results", { query: "<strong>" + escapeHTML(body.query) + "</strong>" }) + "</p>";
    return [item];
  }
  if (body.suggestion) {
    item.location = "?hc-search-query=" + encodeURIComponent(body.suggestion);
    item.title = say("did_you_mean", { query: escapeHTML(body.suggestion) });
    item.text = '<p class="hc-search-correction">' +
      say(body.results.length ? "showing_results" : "no_results_for", { query: "<strong>" + escapeHTML(body.query) + "</strong>" }) +
      "</p>";
    return [item];
  }
  return null;
}

/* The pseudo-result offering the search of the language the words have answers in, or null: a link
 * to that language's site with the words in ?q= (Material searches them on load), so it also opens
 * in a new tab or copies as a working address. */
function languageItem(body, typed) {
  var language = body.suggested_lang && LANGUAGES[body.suggested_lang];
  if (!language || !language.name || !language.home) return null;
  var home = new URL(language.home);
  home.searchParams.set("q", typed);
  var name = '<span lang="' + escapeHTML(body.suggested_lang) + '">' + escapeHTML(language.name) + "</span>";
  return [{
    location: home.href,
    title: say("search_in_language", { language: name }),
    text: '<p class="hc-search-correction">' + say("answers_in_language", { language: name }) + "</p>",
    score: 0, terms: {}
  }];
}

/* The visitor's audience, country and usertype, those known, set in `searchParams`. */
function withVisitor(searchParams) {
  ["audience", "country", "usertype"].forEach(function (axis) {
    if (VISITOR[axis]) searchParams.set(axis, VISITOR[axis]);
  });
}

/* The pseudo-result after the results when more articles match than are shown: "See all N matching
 * articles", the results page of this language's site (/search/?query=, which `helpcenter serve`
 * writes; search-clicks.js loads it as a whole page), for the same visitor. Only the API's answers
 * get it: a host of static files has no results page to show. */
function allItem(body, typed, shown) {
  if (!(body.total > shown) || !STRINGS.search_all) return null;
  var query = new URLSearchParams({ query: typed });
  withVisitor(query);
  // Searched as typed ("Search instead for"): so is the page.
  if (exact[typed]) query.set("correct", "false");
  // This search is logged here once it settles (logOnceSettled): the page does not log it again
  // (search-clicks.js lets it when the row is followed before that).
  query.set("log", "false");
  return [{
    location: "search/?" + query.toString(),
    // Marked: its icon is a list, not an article's (search.css).
    title: '<span class="hc-search-all">' + say("search_all", { total: String(Number(body.total)) }) + "</span>",
    text: "", score: 0, terms: {}
  }];
}

/* The last pseudo-result of a search without a confident answer: where to write, or null. */
function contactItem(typed) {
  if (!SUPPORT) return null;
  return [{
    location: "mailto:" + SUPPORT + "?subject=" + encodeURIComponent(typed),
    title: say("search_contact"),
    text: '<p class="hc-search-contact">' + say("search_contact_text", { email: escapeHTML(SUPPORT) }) + "</p>",
    score: 0, terms: {}
  }];
}

/* Material says "N matching documents" for the groups it is given, pseudo-results included: the
 * number of results shown, and of articles matching (the API's total), ride in the first group
 * (its last entry: the one Material draws text for), and the page's search-clicks.js says them
 * instead. */
function withCount(items, count, total) {
  if (!items.length) return items;
  var shown = items[0][items[0].length - 1];
  shown.text = '<span hidden data-hc-count="' + count + '" data-hc-total="' + (total || count) + '"></span>' + shown.text;
  return items;
}

function fromApi(query, sequence) {
  var url = new URL(API);
  url.searchParams.set("q", searchable(query));
  url.searchParams.set("log", "false");
  if (exact[query]) url.searchParams.set("correct", "false");
  if (LANG) url.searchParams.set("lang", LANG);
  withVisitor(url.searchParams);
  var controller = typeof AbortController !== "undefined" ? new AbortController() : null;
  var timeout = setTimeout(function () { if (controller) controller.abort(); }, API_TIMEOUT_MS);
  return fetch(url.href, { headers: { Accept: "application/json" }, signal: controller && controller.signal })
    .then(function (response) {
      clearTimeout(timeout);
      if (response.status === 400) {
        return response.json().catch(function () { return {}; }).then(function (body) {
          // A server that cannot search this language (an older release): the site's own index can.
          if (body && body.field === "lang") throw new Error("search API: " + body.error);
          var contact = contactItem(query);  // the query itself is unusable: say where to ask instead
          return { items: contact ? withCount([contact], 0) : [] };
        });
      }
      if (!response.ok) throw new Error("search API answered " + response.status);
      return response.json().then(function (body) {
        if (!body || !Array.isArray(body.results)) throw new Error("search API answered something else");
        logOnceSettled(url, sequence);
        var items = body.results.map(toGroup);
        // No confident answer (the API's "confident"): said above the first result, which is a lead.
        // In the group's last entry: Material draws no text for an article entry followed by its section.
        if (items.length && body.confident === false) {
          var shown = items[0][items[0].length - 1];
          shown.text = '<p class="hc-search-unsure">' + say("unsure") + "</p>" + shown.text;
        }
        var lead = [languageItem(body, query), correctionItem(body, query)].filter(Boolean);
        var contact = body.confident ? null : contactItem(query);
        // The contact row waits until the reader pauses (CONTACT_AFTER_MS): mid-word ("how do i qui")
        // the search has no confident answer yet, and offering to write to support then is noise.
        var all = allItem(body, query, items.length);
        var shown = withCount(lead.concat(items, all ? [all] : []), items.length, body.total);
        var later = !contact ? null : shown.length ? shown.concat([contact]) : withCount([contact], 0, body.total);
        return { items: shown, later: later };
      });
    });
}

function logOnceSettled(url, sequence) {
  if (sequence !== latest) return;  // a late answer to a query typed over
  clearTimeout(settle);
  unlogged = url;
  settle = setTimeout(logNow, SETTLE_MS);
}

function logNow() {
  clearTimeout(settle);
  if (!unlogged) return;
  var logged = new URL(unlogged.href);
  unlogged = null;
  logged.searchParams.set("log", "true");
  if (logged.href === lastLogged) return;  // the same search again (a letter deleted and retyped)
  var restored = RESTORED;
  RESTORED = null;  // only the first search: anything typed after it is new
  if (restored !== null && (logged.searchParams.get("q") || "").trim() === restored.trim()) {
    lastLogged = logged.href;
    return;
  }
  lastLogged = logged.href;
  // The page's "See all" row asks the results page not to log what is logged here (search-clicks.js).
  if (channel) channel.postMessage({ logged: logged.searchParams.get("q") });
  fetch(logged.href, { headers: { Accept: "application/json" }, keepalive: true })
    .catch(function () { /* analytics only */ });
}

function answer(query, sequence) {
  var useApi = API && (!apiDownSince || Date.now() - apiDownSince > RETRY_API_AFTER_MS);
  var result = useApi
    ? fromApi(query, sequence).then(function (data) { apiDownSince = 0; return { type: RESULT, data: data }; },
        function () { apiDownSince = Date.now(); return fallback(query); })
    : fallback(query);
  return result.then(function (message) {
    if (sequence !== latest) return;  // drop answers to queries typed over
    var later = message.data && message.data.later;
    if (later) delete message.data.later;
    realPost(message);
    if (later) {
      clearTimeout(contactTimer);
      contactTimer = setTimeout(function () {
        if (sequence === latest) realPost({ type: RESULT, data: { items: later } });
      }, CONTACT_AFTER_MS);
    }
  });
}

function fallback(query) {
  return (setupDone || Promise.resolve()).then(function () {
    return askMaterial({ type: QUERY, data: query });
  });
}

addEventListener("message", function (event) {
  var message = event.data || {};
  if (message.type === SETUP) {
    try { loadMaterial(); } catch (e) { /* no fallback available; the API still works */ }
    setupDone = askMaterial(message);
    // Ready at once: the API needs no index here; fallback queries wait for setupDone.
    realPost({ type: READY });
    return;
  }
  if (message.type === QUERY) {
    var query = String(message.data || "");
    var sequence = ++latest;
    clearTimeout(timer);
    clearTimeout(settle);
    unlogged = null;
    if (!query.trim() || tooShort(query)) {
      realPost({ type: RESULT, data: { items: [] } });
      return;
    }
    timer = setTimeout(function () { answer(query, sequence); }, endsInFragment(query) ? FRAGMENT_PAUSE_MS : DEBOUNCE_MS);
  }
});
