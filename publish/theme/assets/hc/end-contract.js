/* "What happens if the contract ends?" (partials/hc-end-contract.html): asks POST /api/rules/end-contract
 * and shows the verified consequences with their links. Hidden unless the API answers; the address
 * can pre-fill it (?hc-type=hourly&hc-hours=12.5&hc-rate=35.50&hc-ended-by=client&hc-ended-at=...). */
(function () {
  "use strict";
  if (window.hcEndContract) return;

  var ENDPOINT = "/api/rules/end-contract";
  var HEALTH = "/api/health";

  /* The page's language's strings (partials/hc-site.html, from publish/locales/). */
  function t(key, values) { return window.HC_SITE ? window.HC_SITE.t(key, values) : key; }

  /* The API answers in the page's language (?lang=, sent when it is not the source language). */
  function endpoint() {
    var site = window.HC_SITE;
    return site && site.lang && site.lang !== site.source ? ENDPOINT + "?lang=" + encodeURIComponent(site.lang) : ENDPOINT;
  }

  // Query parameter -> form field; the same names make the shareable link.
  var PARAMS = { "hc-type": "type", "hc-provider": "provider", "hc-hours": "hours", "hc-rate": "rate",
                 "hc-escrow": "escrow", "hc-released": "released", "hc-ended-by": "ended_by", "hc-ended-at": "ended_at" };

  function field(form, name) { return form.elements.namedItem(name); }

  function value(form, name) {
    var item = field(form, name);
    if (!item) return "";
    if (item instanceof RadioNodeList || (item.length && !item.tagName)) {
      var checked = Array.prototype.find.call(item, function (r) { return r.checked; });
      return checked ? checked.value : "";
    }
    return String(item.value || "").trim();
  }

  function setValue(form, name, text) {
    var item = field(form, name);
    if (!item) return;
    if (item.length && !item.tagName) {
      Array.prototype.forEach.call(item, function (r) { r.checked = r.value === text; });
    } else {
      item.value = text;
    }
  }

  function zone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC"; } catch (e) { return "UTC"; }
  }

  /* A datetime-local value ("2026-11-25T10:00") as ISO 8601 with this browser's offset. */
  function withOffset(local) {
    var when = new Date(local);
    if (isNaN(when.getTime())) return local; // the API names the field and what to write
    var minutes = -when.getTimezoneOffset();
    var sign = minutes >= 0 ? "+" : "-";
    var abs = Math.abs(minutes);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return local.length === 16 ? local + ":00" + sign + two(Math.floor(abs / 60)) + ":" + two(abs % 60)
                               : local + sign + two(Math.floor(abs / 60)) + ":" + two(abs % 60);
  }

  /* An amount or a number of hours as the API reads it: "40,00" (a comma before the cents, as
     Spanish and French readers write it) is 40.00. */
  function number(form, name) { return value(form, name).replace(",", "."); }

  var AMOUNT = /^\d+(?:[.,]\d{1,2})?$/;
  var HOURS = /^\d+(?:[.,]\d{1,2})?$/;  // "1,000" is no thousand hours, nor one: asked again

  /* What the reader must correct before asking, in the page's language: [input, message] or null. */
  function mistake(form) {
    var type = value(form, "type");
    var checks = type === "hourly"
      ? [["hours", HOURS, "hours_invalid"], ["rate", AMOUNT, "amount_invalid", "rate_needed"]]  // in the form's order
      : [["escrow", AMOUNT, "amount_invalid"], ["released", AMOUNT, "amount_invalid"]];
    for (var i = 0; i < checks.length; i++) {
      var name = checks[i][0], text = value(form, name);
      if (!text && checks[i][3]) return [field(form, name), t(checks[i][3])];
      if (text && !checks[i][1].test(text)) return [field(form, name), t(checks[i][2])];
      if (name === "rate" && Number(number(form, name)) === 0) return [field(form, name), t("rate_zero")];
      if (name === "hours" && Number(number(form, name)) > 168) return [field(form, name), t("hours_too_many")];
      if (name === "hours" && value(form, "provider") !== "agency") {
        // A freelancer logs no more than the time passed in the billing week (as the API checks).
        var ended = value(form, "ended_at") ? new Date(value(form, "ended_at")) : new Date();
        var passed = isNaN(ended.getTime()) ? Infinity : hoursIntoBillingWeek(ended);
        if (Number(number(form, name)) > passed) return [field(form, name), hoursPassedMessage(passed)];
      }
    }
    return null;
  }

  /* "The billing week began 9 h before": the page's check and the API's refusal say it the same way. */
  function hoursPassedMessage(passed) {
    var shown = String(Math.floor(passed * 10) / 10);  // as the page's hints write numbers
    if (document.documentElement.lang === "fr") shown = shown.replace(".", ",");
    return t("hours_more_than_passed", { hours: shown });
  }

  /* Hours from the start of the billing week (Monday 00:00 UTC) to `when`. */
  function hoursIntoBillingWeek(when) {
    var day = (when.getUTCDay() + 6) % 7;  // Monday 0
    var start = Date.UTC(when.getUTCFullYear(), when.getUTCMonth(), when.getUTCDate() - day);
    return (when.getTime() - start) / 3600000;
  }

  /* The API's errors name a field in its own terms: the reader reads what to write there instead. */
  var FIELD_MESSAGES = { rate: "amount_invalid", escrow: "amount_invalid", released: "amount_invalid",
                         hours: "hours_invalid", ended_at: "when_invalid" };

  function scenario(form, asker) {
    var type = value(form, "type");
    var provider = value(form, "provider") || "freelancer";
    var contract = { type: type, provider: provider };
    if (type === "hourly") {
      contract.hourly_rate = number(form, "rate");
      var hours = number(form, "hours");
      contract.logged_hours = hours ? [{ hours: hours }] : [];
    } else {
      var escrow = number(form, "escrow");
      if (escrow) contract.escrow_balance = escrow;
      var released = number(form, "released");
      contract.milestones = released && Number(released) !== 0
        ? [{ name: "Released earlier", amount: released, status: "released" }] : [];
    }
    var endedBy = value(form, "ended_by") === "client" ? "client" : provider;
    var endedAt = value(form, "ended_at");
    return {
      contract: contract,
      ended_by: endedBy,
      asked_by: asker === "client" ? "client" : provider,
      ended_at: endedAt ? withOffset(endedAt) : "now",
      timezone: zone(),
    };
  }

  function showType(form) {
    var type = value(form, "type");
    form.querySelectorAll("[data-hc-for]").forEach(function (set) { set.hidden = set.dataset.hcFor !== type; });
  }

  function clearErrors(form) {
    form.querySelectorAll("[aria-invalid]").forEach(function (input) { input.removeAttribute("aria-invalid"); });
    form.querySelectorAll(".hc-end-contract__error").forEach(function (p) { p.textContent = ""; });
  }

  /* The input the API's error names (its "field"), else none: the message is shown for the form. */
  function inputFor(form, path) {
    if (!path) return null;
    var found = null;
    form.querySelectorAll("[data-hc-field]").forEach(function (input) {
      if (!found && (path === input.dataset.hcField || path.indexOf(input.dataset.hcField) === 0)) found = input;
    });
    if (!found && path.indexOf("contract.logged_hours") === 0) found = field(form, "hours");
    if (!found && path.indexOf("contract.milestones") === 0) found = field(form, "released");
    return found;
  }

  /* The link to this answer: the values of the contract type shown (not those of the other type's
   * hidden fields), opening the page at the form. */
  function shareLink(form) {
    var url = new URL(window.location.href);
    Object.keys(PARAMS).forEach(function (param) {
      var input = field(form, PARAMS[param]);
      var set = input && input.closest ? input.closest("[data-hc-for]") : null;
      var text = set && set.hidden ? "" : value(form, PARAMS[param]);
      if (text) url.searchParams.set(param, text); else url.searchParams.delete(param);
    });
    url.hash = "hc-end-contract";
    return url.toString();
  }

  function render(answer, explained, link) {
    answer.textContent = "";
    var heading = document.createElement("p");
    heading.className = "hc-end-contract__headline";
    heading.textContent = explained.headline;
    answer.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "hc-end-contract__points";
    explained.points.forEach(function (point) {
      var item = document.createElement("li");
      item.appendChild(document.createTextNode(point.sentence + " "));
      if (point.link) {
        var a = document.createElement("a");
        a.href = point.link.url;
        a.textContent = t("verified_answer");
        a.title = point.link.title;
        item.appendChild(a);
      }
      list.appendChild(item);
    });
    answer.appendChild(list);
    var share = document.createElement("p");
    var a = document.createElement("a");
    a.className = "hc-end-contract__share";
    a.href = link;
    a.textContent = t("answer_link");
    share.appendChild(a);
    answer.appendChild(share);
  }

  function showError(form, answer, input, message) {
    if (input) {
      input.setAttribute("aria-invalid", "true");
      var error = document.getElementById(input.getAttribute("aria-describedby"));
      if (error) error.textContent = message;
      input.focus();
    }
    answer.textContent = message;
  }

  function ask(section) {
    var form = section.querySelector("form");
    var answer = section.querySelector(".hc-end-contract__answer");
    clearErrors(form);
    var wrong = mistake(form);
    if (wrong) {
      showError(form, answer, wrong[0], wrong[1]);
      return;
    }
    answer.textContent = t("working");
    fetch(endpoint(), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(scenario(form, section.dataset.hcAsker)),
      credentials: "omit",
    }).then(function (response) {
      return response.json().then(function (body) { return { status: response.status, body: body }; });
    }).then(function (result) {
      if (result.status === 200) {
        render(answer, result.body, shareLink(form));
        return;
      }
      var input = inputFor(form, result.body && result.body.field);
      var said = String((result.body && result.body.error) || "");
      var passed = /expected at most ([\d.]+) hours/.exec(said);  // the API's billing-week check
      if (passed) {
        showError(form, answer, input, hoursPassedMessage(Number(passed[1])));
        return;
      }
      var key = /too large/.test(said) ? "too_large" : /more than zero/.test(said) ? "rate_zero"
        : (input && FIELD_MESSAGES[input.name]) || "form_error";
      showError(form, answer, input, t(key));
    }).catch(function () {
      answer.textContent = t("explain_failed");
    });
  }

  function prefill(form) {
    var params = new URLSearchParams(window.location.search);
    var any = false;
    Object.keys(PARAMS).forEach(function (param) {
      if (params.has(param)) { setValue(form, PARAMS[param], params.get(param)); any = true; }
    });
    return any;
  }

  function mount(section) {
    if (section.dataset.hcMounted) return;
    section.dataset.hcMounted = "true";
    var form = section.querySelector("form");
    form.querySelectorAll('input[name="type"]').forEach(function (radio) {
      radio.addEventListener("change", function () { showType(form); });
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      ask(section);
    });
    var prefilled = prefill(form);
    showType(form);
    // Shown only when the API answers: on a static host the form would only ever fail.
    fetch(HEALTH, { credentials: "omit" }).then(function (response) {
      if (!response.ok) return;
      section.hidden = false;
      // Opened from a link to this answer (#hc-end-contract): the browser could not scroll to the
      // form while it was hidden, so the page stayed at its top, thousands of pixels away.
      if (location.hash === "#" + section.id) {
        var title = section.querySelector("h2");
        section.scrollIntoView();
        if (title) {
          title.setAttribute("tabindex", "-1");
          title.focus({ preventScroll: true });
        }
      }
      if (prefilled) ask(section);
    }).catch(function () { /* no API: stay hidden */ });
  }

  function mountAll() {
    document.querySelectorAll("section.hc-end-contract").forEach(mount);
  }

  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(mountAll);
    } else {
      mountAll();
    }
  }

  window.hcEndContract = { mount: mountAll, scenario: scenario };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
