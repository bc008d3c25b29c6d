/* Who is visiting, for the notices and the search box alike: the embedding application's
 * `window.helpcenterVisitor = {audience, country, usertype}`, else preview URL parameters
 * (`?country=US&usertype=standard&audience=freelancer`, remembered as the visitor's choice), else
 * the remembered choice (localStorage "hc-visitor"), else nobody known (every axis null).
 *
 * A value outside core's vocabulary (`window.HC_VISITOR_VALUES`, written into every page by the
 * build) is ignored as if absent, and a remembered one is forgotten: `/?country=ZZ` once must not
 * make every later search fail. */
(function (root) {
  "use strict";
  var AXES = ["audience", "country", "usertype"];
  var KEY = "hc-visitor"; // shape {"audience", "country", "usertype"}
  var VALUES = root.HC_VISITOR_VALUES || null; // {axis: [allowed values]}; null: accept any

  function known(axis, value) {
    var allowed = VALUES && VALUES[axis];
    return !allowed || allowed.indexOf(value) !== -1;
  }

  function clean(raw) {
    var v = { audience: null, country: null, usertype: null };
    if (!raw || typeof raw !== "object") return v;
    AXES.forEach(function (axis) {
      var value = raw[axis];
      if (typeof value === "string" && value.trim()) {
        value = value.trim();
        value = axis === "country" ? value.toUpperCase() : value.toLowerCase();
        if (known(axis, value)) v[axis] = value;
      }
    });
    return v;
  }

  function same(a, b) {
    return AXES.every(function (axis) { return (a && a[axis]) === (b && b[axis]); });
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
    var remembered = stored();
    var valid = clean(remembered);
    if (remembered && !same(remembered, valid)) remember(valid); // forget what is not (or no longer) valid
    return valid;
  }

  root.HCVisitor = { AXES: AXES, KEY: KEY, clean: clean, current: current };
})(window);
