// Waiting-room tablet: after a quiet spell, ask "Are you still there?", then start over for the next person.
(function () {
  "use strict";
  // The attract screen shows its pictures in turn, to catch an eye across the room (not for reduced motion).
  var pictures = document.querySelectorAll("[data-attract-pictures] img");
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  if (pictures.length > 1 && !still) {
    var shown = 0;
    setInterval(function () {
      pictures[shown].hidden = true;
      shown = (shown + 1) % pictures.length;
      pictures[shown].hidden = false;
    }, 6000);
  }

  var dialog = document.querySelector("[data-kiosk-idle]");
  if (!dialog) { return; }
  var limit = Number(dialog.dataset.seconds) * 1000, warnAt = Math.max(limit - 15000, limit / 2);
  var warnTimer, resetTimer, returnFocusTo = null;
  var behind = Array.prototype.filter.call(document.body.children, function (node) { return node !== dialog; });
  function reset() { window.location.href = dialog.dataset.resetUrl; }
  function setBehindInert(on) { behind.forEach(function (node) { node.inert = on; }); }
  function warn() {
    returnFocusTo = document.activeElement;
    setBehindInert(true);  // a modal dialog: the page behind it can't be reached until it closes
    dialog.hidden = false;
    dialog.querySelector("[data-kiosk-stay]").focus();
    resetTimer = setTimeout(reset, limit - warnAt);
  }
  function activity() {
    clearTimeout(warnTimer); clearTimeout(resetTimer);
    if (!dialog.hidden) {
      dialog.hidden = true;
      setBehindInert(false);
      if (returnFocusTo && returnFocusTo.focus) { returnFocusTo.focus(); }
    }
    warnTimer = setTimeout(warn, warnAt);
  }
  ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
    window.addEventListener(name, activity, {passive: true});
  });
  dialog.querySelector("[data-kiosk-stay]").addEventListener("click", activity);
  activity();
})();
