// Hotspots on an illustration are buttons that mirror a checkbox or radio button in a plain list.
// Without JavaScript the buttons stay hidden and the list does the same job.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-hotspot-input]");
  if (buttons.length) {
    document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  }
  function syncAll() {
    buttons.forEach(function (button) {
      var input = document.getElementById(button.dataset.hotspotInput);
      if (input) { button.setAttribute("aria-pressed", input.checked ? "true" : "false"); }
    });
  }
  buttons.forEach(function (button) {
    var input = document.getElementById(button.dataset.hotspotInput);
    if (!input) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      input.checked = input.type === "radio" ? true : !input.checked;
      input.dispatchEvent(new Event("change", {bubbles: true}));
      syncAll();
    });
    input.addEventListener("change", syncAll);
  });
  syncAll();
})();
