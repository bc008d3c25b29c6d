/* /verified-answers/: filters by article and rule, and a copy-link button per answer. Without
 * JavaScript the page is the full table; the filters and buttons stay hidden. An answer's row is
 * reached by its id as well as by its row's: /verified-answers/#end-a-contract/diary-locks (what
 * support agents quote) goes to the row of answer-end-a-contract--diary-locks, shown even when the
 * filters hid it, and marked. */
(function () {
  "use strict";
  if (window.hcVerifiedAnswers) return;

  function filter(root) {
    var article = root.querySelector('[data-hc-filter="article"]').value;
    var rule = root.querySelector('[data-hc-filter="rule"]').value;
    var rows = root.querySelectorAll("tbody tr");
    var shown = 0;
    rows.forEach(function (row) {
      var match = (!article || row.dataset.hcArticle === article) &&
                  (!rule || (" " + row.dataset.hcRules + " ").indexOf(" " + rule + " ") !== -1);
      row.hidden = !match;
      if (match) shown += 1;
    });
    root.querySelector(".hc-answers__count").textContent = shown + " of " + rows.length + " answers shown";
  }

  /* The button's name starts with what it shows ("Copy link to <answer>": a voice user says what
     they see), and "Copied" is also said in a status, for a screen reader. */
  function copy(button, root) {
    var text = button.dataset.hcCopy;
    var label = button.dataset.hcLabel || (button.dataset.hcLabel = button.getAttribute("aria-label"));
    var status = root.querySelector("[data-hc-copied]");
    var done = function () {
      button.textContent = "Copied";
      button.setAttribute("aria-label", label.replace(/^Copy link/, "Copied link"));
      if (status) status.textContent = label.replace(/^Copy link/, "Copied the link") + ".";
      // Said until the focus or the pointer moves on (a timer could take it back before it was
      // read; Safari does not focus a clicked button, so the pointer leaving counts too).
      var restore = function () {
        button.removeEventListener("blur", restore);
        button.removeEventListener("mouseleave", restore);
        button.textContent = "Copy link";
        button.setAttribute("aria-label", label);
        if (status) status.textContent = "";
      };
      button.addEventListener("blur", restore);
      button.addEventListener("mouseleave", restore);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { window.prompt("Copy this link:", text); });
    } else {
      window.prompt("Copy this link:", text);
    }
  }

  /* The row at the top, and kept there while the page's layout settles (for a second, until the
   * reader scrolls, taps, clicks or types): a page swapped in by Material's instant navigation is not
   * laid out as it ends up until Material's own handlers of the new page have run, a frame or two
   * later (on a phone its table was 1,000 px taller at first, and the row ended 700 px above the
   * screen). */
  var settling = null;
  function keepInView(row) {
    if (settling) settling();
    var until = Date.now() + 1000;
    var place = function () { if (Date.now() < until) row.scrollIntoView({ block: "start" }); };
    if (!window.ResizeObserver) { place(); return; }
    var observer = new ResizeObserver(place);  // called once at first, then on each change of size
    var inputs = ["wheel", "touchstart", "mousedown", "keydown"];
    var stop = function () {
      observer.disconnect();
      inputs.forEach(function (name) { window.removeEventListener(name, stop, true); });
      if (settling === stop) settling = null;
    };
    inputs.forEach(function (name) { window.addEventListener(name, stop, { capture: true, passive: true }); });
    observer.observe(document.body);
    window.setTimeout(stop, 1000);
    settling = stop;
  }

  /* ``swapped``: the page was put in by Material's instant navigation (it fetches the page again on
   * the first change of the address's hash, by a script or the address bar, and swaps it in): the
   * scroll it left is not the row's place, so the row is scrolled to even by its own id. */
  function reveal(root, swapped) {
    var wanted = "";
    try { wanted = decodeURIComponent(location.hash.slice(1)); } catch (e) { /* no row has it */ }
    var row = wanted && Array.prototype.filter.call(root.querySelectorAll("tbody tr"), function (tr) {
      return tr.id === wanted || tr.dataset.hcAnswer === wanted;
    })[0];
    root.querySelectorAll(".hc-answers__row--target").forEach(function (tr) { tr.classList.remove("hc-answers__row--target"); });
    if (!row) return;
    var hidden = row.hidden;
    if (hidden) {
      root.querySelectorAll("[data-hc-filter]").forEach(function (select) { select.value = ""; });
      filter(root);
    }
    row.classList.add("hc-answers__row--target");
    // The browser scrolls to a row's own id, unless the row was hidden when it tried.
    if (swapped) {
      keepInView(row);
    } else if (row.id !== wanted || hidden) {
      row.scrollIntoView({ block: "start" });
    }
  }

  function mount(root) {
    if (root.dataset.hcMounted) return;
    root.dataset.hcMounted = "true";
    root.querySelectorAll("[data-hc-filter]").forEach(function (select) {
      select.addEventListener("change", function () { filter(root); });
    });
    root.querySelectorAll("[data-hc-copy]").forEach(function (button) {
      button.addEventListener("click", function () { copy(button, root); });
      button.hidden = false;
    });
    root.querySelector(".hc-answers__filters").hidden = false;
    filter(root);
    reveal(root, pagesMounted > 1);
  }

  var pagesMounted = 0;
  function mountAll() {
    pagesMounted += 1;  // the first is the page the browser loaded
    document.querySelectorAll("[data-hc-answers]").forEach(mount);
  }

  // Before Material's own hashchange handler (capture runs first on window), which scrolls to the
  // row too: the row is shown by then, so both scroll to the same place.
  window.addEventListener("hashchange", function () {
    document.querySelectorAll("[data-hc-answers]").forEach(reveal);
  }, true);
  // A link to the answer already in the address changes no hash: shown again all the same.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href*='#']");
    if (!link || link.href !== location.href) return;
    window.setTimeout(function () { document.querySelectorAll("[data-hc-answers]").forEach(reveal); }, 0);
  });

  function start() {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(mountAll);
    } else {
      mountAll();
    }
  }

  window.hcVerifiedAnswers = { mount: mountAll };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
