/* Who is visiting, for the notices and the search box alike: the embedding application's
 * `window.helpcenterVisitor = {audience, country, usertype}`, else preview URL parameters
 * (`?country=US&usertype=standard&audience=freelancer`, remembered as the visitor's choice), else
 * the remembered choice (localStorage "hc-visitor"), else nobody known (every axis null). */
(function (root) {
  "use strict";
  var AXES = ["audience", "country", "usertype"];
  var KEY = "hc-visitor"; // shape {"audience", "country", "usertype"}

  function clean(raw) {
    var v = { audience: null, country: null, usertype: null };
    if (!raw || typeof raw !== "object") return v;
    AXES.forEach(function (axis) {
      var value = raw[axis];
      if (typeof value === "string" && value.trim()) {
        value = value.trim();
        v[axis] = axis === "country" ? value.toUpperCase() : value.toLowerCase();
      }
    });
    return v;
  }

  function stored() {
    try { return JSON.parse(root.localStorage.getItem(KEY)); } catch (e) { return null; }
  }

  function remember(visitor) {
    try { root.localStorage.setItem(KEY, JSON.stringify(visitor)); } catch (e) { /* private mode */ }
  }

  function current() {
    if (root.helpcenterVisitor) return clean(root.helpcenterVisitor);
    var params = new URLSearchParams(root.location.search);
    if (AXES.some(function (axis) { return params.has(axis); })) {
      var chosen = clean({
        audience: params.get("audience"), country: params.get("country"), usertype: params.get("usertype")
      });
      remember(chosen);
      return chosen;
    }
    return clean(stored());
  }

  root.HCVisitor = { AXES: AXES, KEY: KEY, clean: clean, current: current };
})(window);
