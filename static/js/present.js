// Presenter view: the joined/answered counts and the tally update every 2 s without reloading.
(function () {
  "use strict";
  var root = document.querySelector("[data-presenter]");
  if (!root || !window.fetch) { return; }
  var version = Number(root.dataset.version);
  function tick() {
    fetch(root.dataset.tallyUrl, {credentials: "same-origin"}).then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.version !== version) { window.location.reload(); return; }  // another screen moved on
        root.querySelector("[data-joined]").textContent = data.joined;
        root.querySelector("[data-responses]").textContent = data.responses;
        var note = root.querySelector("[data-tally-note]");
        if (data.counts) {
          if (note) { note.textContent = ""; }
          root.querySelectorAll("[data-choice]").forEach(function (row) {
            row.querySelector("[data-count]").textContent = data.counts[row.dataset.choice] || 0;
          });
        }
      }).catch(function () {}).then(function () { setTimeout(tick, 2000); });
  }
  setTimeout(tick, 2000);

  // Presentation clickers send Page Down / Page Up; arrow keys do the same from a laptop keyboard.
  var keys = {PageDown: "next", ArrowRight: "next", PageUp: "previous", ArrowLeft: "previous"};
  document.addEventListener("keydown", function (event) {
    var action = keys[event.key];
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
    if (!action || typing || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var button = root.querySelector('.controls button[value="' + action + '"]');
    if (button) { event.preventDefault(); button.click(); }
  });
})();
