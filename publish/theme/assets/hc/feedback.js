/* "Was this article helpful?": posts the reader's answer to /api/feedback (partials/hc-feedback.html). */
(function () {
  "use strict";
  // Instant navigation may run this file again: mount once, on every page Material shows.
  if (window.hcFeedback) return;

  var ENDPOINT = "/api/feedback";
  var MAX_QUERY = 500;
  var MAX_TEXT = 1000;

  /* The page's language's strings (partials/hc-site.html, from publish/locales/). */
  function t(key) { return window.HC_SITE ? window.HC_SITE.t(key) : key; }

  /* The language of the page answered on, sent when it is not the source language's. */
  function withLanguage(body) {
    var site = window.HC_SITE;
    if (site && site.lang && site.lang !== site.source) body.lang = site.lang;
    return body;
  }

  /* The search that led here: the search page's ?q=, else what the search box remembered. */
  function lastQuery() {
    var query = null;
    try {
      query = new URLSearchParams(window.location.search).get("q");
    } catch (e) { /* very old browser: no URLSearchParams */ }
    if (!query) {
      try {
        query = window.sessionStorage.getItem("hc-last-query");
      } catch (e) { /* storage disabled */ }
    }
    query = query ? String(query).trim() : "";
    return query ? query.slice(0, MAX_QUERY) : null;
  }

  function setStatus(form, text, isError) {
    var status = form.querySelector(".hc-feedback__status");
    status.textContent = text;
    status.classList.toggle("hc-feedback__status--error", !!isError);
  }

  function failureMessage(response) {
    if (response && response.status === 429) {
      return t("feedback_busy");
    }
    return t("feedback_failed");
  }

  function send(form, body, done) {
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (b) { b.disabled = true; });
    setStatus(form, t("sending"), false);
    fetch(ENDPOINT, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(withLanguage(body)),
      credentials: "omit",
    }).then(function (response) {
      if (response.status !== 201) throw response;
      done();
    }).catch(function (failure) {
      buttons.forEach(function (b) { b.disabled = false; });
      setStatus(form, failureMessage(failure instanceof Response ? failure : null), true);
    });
  }

  function thank(form) {
    form.querySelector(".hc-feedback__ask").hidden = true;
    form.querySelector(".hc-feedback__why").hidden = true;
    form.classList.add("hc-feedback--sent");
    setStatus(form, t("feedback_thanks"), false);
    // The focused button is now hidden: keep the keyboard where the reader is, on the thanks.
    var status = form.querySelector(".hc-feedback__status");
    status.setAttribute("tabindex", "-1");
    status.focus();
  }

  function mount(form) {
    if (form.dataset.hcMounted) return;
    form.dataset.hcMounted = "true";
    var article = form.dataset.hcArticle;
    // Read now: Material's search takes ?q= out of the address once it has opened the dialog.
    var shownFor = lastQuery();
    function query() { return shownFor || lastQuery(); }
    var why = form.querySelector(".hc-feedback__why");

    form.querySelectorAll(".hc-feedback__answer").forEach(function (button) {
      button.addEventListener("click", function () {
        form.querySelectorAll(".hc-feedback__answer").forEach(function (b) {
          b.setAttribute("aria-pressed", String(b === button));
        });
        if (button.dataset.hcHelpful === "true") {
          why.hidden = true;
          send(form, { article_id: article, helpful: true, query: query() }, function () { thank(form); });
        } else {
          why.hidden = false;
          setStatus(form, "", false);
          var first = why.querySelector("input");
          if (first) first.focus();
        }
      });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var picked = form.querySelector('input[name="reason"]:checked');
      var text = form.querySelector('textarea[name="text"]').value.trim().slice(0, MAX_TEXT);
      var body = { article_id: article, helpful: false, query: query() };
      if (picked) body.reason = picked.value;
      if (text) body.text = text;
      send(form, body, function () { thank(form); });
    });

    form.hidden = false;
  }

  function mountAll() {
    document.querySelectorAll("form.hc-feedback").forEach(mount);
  }

  function start() {
    // Material's document$ emits for the first page and after every instant navigation.
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(mountAll);
    } else {
      mountAll();
    }
  }

  window.hcFeedback = { mount: mountAll, lastQuery: lastQuery };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
