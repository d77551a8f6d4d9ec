// The console and the audience screen: counts and the tally update every 2 s without reloading, and
// either window reloads as soon as the session moves on (a clicker, another window, another laptop).
(function () {
  "use strict";
  var root = document.querySelector("[data-presenter]");
  if (!root || !window.fetch) { return; }
  var version = Number(root.dataset.version), threshold = Number(root.dataset.threshold);
  // The page's words in its language: the server puts the translations in #page-strings; English is the fallback.
  var WORDS = (function () { var n = document.getElementById("page-strings"); return n ? JSON.parse(n.textContent) : {}; })();
  function t(text, values) {
    var out = WORDS[text] || text;
    Object.keys(values || {}).forEach(function (key) { out = out.split("%(" + key + ")s").join(values[key]); });
    return out;
  }

  function setText(selector, text) {
    root.querySelectorAll(selector).forEach(function (node) { node.textContent = text; });
  }

  function tick() {
    fetch(root.dataset.tallyUrl, {credentials: "same-origin", cache: "no-store"})
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.version !== version) { window.location.reload(); return; }
        setText("[data-joined]", data.joined);
        setText("[data-responses]", data.responses);
        if (data.counts) {
          setText("[data-tally-note]", "");
          root.querySelectorAll("[data-choice]").forEach(function (row) {
            row.querySelector("[data-count]").textContent = data.counts[row.dataset.choice] || 0;
          });
        } else if (data.item_id) {
          setText("[data-tally-note]", data.needed > 0 ?
            t("Totals appear after %(threshold)s answers, so nobody can be singled out: %(needed)s more to go.",
              {threshold: threshold, needed: data.needed}) :
            t("Totals appear after %(threshold)s answers, so nobody can be singled out.", {threshold: threshold}));
        }
      }).catch(function () {}).then(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 2000);

  // Presentation clickers send Page Down / Page Up; arrow keys do the same from a laptop keyboard.
  var keys = {PageDown: "next", ArrowRight: "next", PageUp: "previous", ArrowLeft: "previous"};
  function sendFromScreen(action) {
    var body = new FormData();
    body.append("action", action);
    body.append("csrf_token", document.querySelector('meta[name="csrf-token"]').content);
    fetch(root.dataset.controlUrl, {method: "POST", body: body, credentials: "same-origin"})
      .then(function () { window.location.reload(); });
  }
  document.addEventListener("keydown", function (event) {
    var action = keys[event.key];
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
    if (!action || typing || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    if (root.hasAttribute("data-screen")) { event.preventDefault(); sendFromScreen(action); return; }
    var button = root.querySelector('.controls button[value="' + action + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
