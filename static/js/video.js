// Click-to-load video: the player is created only after the parent presses play.
// Without JavaScript the play link reloads the page with the player in it.
(function () {
  "use strict";
  document.querySelectorAll("[data-play-video]").forEach(function (link) {
    link.addEventListener("click", function (event) {
      var facade = link.closest(".video-block__facade");
      var block = link.closest("[data-video]");
      if (!facade || !block) { return; }
      event.preventDefault();
      var frame = document.createElement("div");
      frame.className = "video-block__frame";
      var iframe = document.createElement("iframe");
      iframe.src = facade.dataset.embedUrl;
      iframe.title = facade.dataset.embedTitle;
      iframe.allow = "autoplay; fullscreen; picture-in-picture";
      iframe.allowFullscreen = true;
      iframe.referrerPolicy = "strict-origin-when-cross-origin";
      frame.appendChild(iframe);
      var picture = block.querySelector(".video-block__storyboard");
      (picture || facade).replaceWith(frame);
      if (picture) { facade.remove(); }
      iframe.focus();
    });
  });
})();
