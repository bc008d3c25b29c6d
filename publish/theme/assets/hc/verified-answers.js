/* /verified-answers/: filters by article and rule, and a copy-link button per answer. Without
 * JavaScript the page is the full table; the filters and buttons stay hidden. */
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

  function copy(button) {
    var text = button.dataset.hcCopy;
    var done = function () {
      button.textContent = "Copied";
      window.setTimeout(function () { button.textContent = "Copy link"; }, 2000);
    };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () { window.prompt("Copy this link:", text); });
    } else {
      window.prompt("Copy this link:", text);
    }
  }

  function mount(root) {
    if (root.dataset.hcMounted) return;
    root.dataset.hcMounted = "true";
    root.querySelectorAll("[data-hc-filter]").forEach(function (select) {
      select.addEventListener("change", function () { filter(root); });
    });
    root.querySelectorAll("[data-hc-copy]").forEach(function (button) {
      button.addEventListener("click", function () { copy(button); });
      button.hidden = false;
    });
    root.querySelector(".hc-answers__filters").hidden = false;
    filter(root);
  }

  function mountAll() {
    document.querySelectorAll("[data-hc-answers]").forEach(mount);
  }

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
