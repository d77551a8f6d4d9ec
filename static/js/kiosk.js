// Waiting-room tablet: after a quiet spell, ask "Are you still there?", then start over for the next person.
(function () {
  "use strict";
  var dialog = document.querySelector("[data-kiosk-idle]");
  if (!dialog) { return; }
  var limit = Number(dialog.dataset.seconds) * 1000, warnAt = Math.max(limit - 15000, limit / 2);
  var warnTimer, resetTimer;
  function reset() { window.location.href = dialog.dataset.resetUrl; }
  function warn() {
    dialog.hidden = false;
    dialog.querySelector("[data-kiosk-stay]").focus();
    resetTimer = setTimeout(reset, limit - warnAt);
  }
  function activity() {
    clearTimeout(warnTimer); clearTimeout(resetTimer);
    dialog.hidden = true;
    warnTimer = setTimeout(warn, warnAt);
  }
  ["pointerdown", "keydown", "touchstart", "scroll"].forEach(function (name) {
    window.addEventListener(name, activity, {passive: true});
  });
  dialog.querySelector("[data-kiosk-stay]").addEventListener("click", activity);
  activity();
})();
