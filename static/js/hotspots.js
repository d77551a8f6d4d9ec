// Hotspots on an illustration are buttons that mirror a checkbox or radio button in a plain list.
// Without JavaScript the buttons stay hidden and the list does the same job.
(function () {
  "use strict";
  function bind(root) {
    var buttons = root.querySelectorAll("[data-hotspot-input]");
    function syncAll() {
      buttons.forEach(function (button) {
        var input = document.getElementById(button.dataset.hotspotInput);
        if (input) { button.setAttribute("aria-pressed", input.checked ? "true" : "false"); }
      });
    }
    buttons.forEach(function (button) {
      var input = document.getElementById(button.dataset.hotspotInput);
      button.hidden = !input;
      if (!input) { return; }
      root.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
      button.addEventListener("click", function () {
        input.checked = input.type === "radio" ? true : !input.checked;
        input.dispatchEvent(new Event("change", {bubbles: true}));
        syncAll();
      });
      input.addEventListener("change", syncAll);
    });
    syncAll();
  }
  window.bindHotspots = bind;  // pages that redraw part of themselves bind the new part again
  bind(document);
})();
