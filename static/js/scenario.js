// Scenario page enhancements. Every activity also works as a plain form without this script.
(function () {
  "use strict";
  var pending = 0;  // the latest preview or redraw: older replies are ignored
  // The page's words in its language: the server puts the translations in #page-strings; English is the fallback.
  var WORDS = (function () { var n = document.getElementById("page-strings"); return n ? JSON.parse(n.textContent) : {}; })();
  function t(text, values) {
    var out = WORDS[text] || text;
    Object.keys(values || {}).forEach(function (key) { out = out.split("%(" + key + ")s").join(values[key]); });
    return out;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  function renderVerdict(box, data) {
    box.className = "verdict verdict--" + data.verdict;
    box.querySelector(".verdict__label").lastChild.textContent = " " + data.label;
    box.querySelector(".verdict__icon").textContent = data.icon;
    box.querySelector(".verdict__advice").textContent = data.advice;
    var holder = box.querySelector(".verdict__reasons");
    holder.textContent = "";
    if (!data.reasons.length) { return; }  // the advice already says that nothing gives the child away
    var list = element("ul", "reasons");
    data.reasons.forEach(function (reason) {
      var item = element("li");
      item.appendChild(element("strong", "", reason.name + "."));
      item.appendChild(document.createTextNode(" " + reason.explain + " "));
      var link = element("a", "", t("Learn more"));
      link.href = reason.lesson_url;
      item.appendChild(link);
      list.appendChild(item);
    });
    holder.appendChild(list);
  }

  function renderPost(post) {
    var caption = document.querySelector("[data-post-caption]");
    if (caption) { caption.textContent = post.caption; }
    document.querySelectorAll("[data-post-tag]").forEach(function (tag) {
      tag.hidden = post.hashtags.indexOf(tag.dataset.postTag) === -1;
    });
    var place = document.querySelector("[data-post-location]");
    if (place) { place.hidden = !post.location; }
    var audience = document.querySelector("[data-post-audience] span");
    var choice = document.querySelector('input[name="audience"][value="' + post.audience + '"]');
    if (audience && choice) { audience.textContent = choice.dataset.label; }
    var picture = document.querySelector("[data-post] svg");
    var blur = picture && picture.querySelector("filter");
    document.querySelectorAll("[data-hotspot-input]").forEach(function (spot) {
      var id = spot.dataset.hotspotInput.replace(/^spot-/, ""), kind = post.edits[id];
      var layer = document.getElementById("d-" + id);
      if (layer) {
        layer.classList.toggle("is-removed", kind === "crop");
        if (kind === "blur" && blur) { layer.setAttribute("filter", "url(#" + blur.id + ")"); }
        else { layer.removeAttribute("filter"); }
      }
    });
    document.querySelectorAll("[data-patch]").forEach(function (patch) {
      patch.classList.toggle("is-shown", post.edits[patch.dataset.patch] === patch.dataset.kind);
    });
  }

  // Fix it: the verdict and the post update as the parent edits; saving stays a form post.
  function setUpFixes() {
    var form = document.querySelector("[data-fix-form]");
    if (!form || !window.fetch) { return; }
    var box = form.querySelector("[data-live-verdict] .verdict");
    var intro = form.querySelector(".live-verdict__intro");
    form.addEventListener("change", function () {
      var query = new URLSearchParams();
      form.querySelectorAll('input[name="fix"]:checked').forEach(function (input) { query.append("fix", input.value); });
      var audience = form.querySelector('input[name="audience"]:checked');
      if (audience) { query.append("audience", audience.value); }
      var ticket = ++pending;
      fetch(form.dataset.assessUrl + "?" + query.toString(), {headers: {"Accept": "application/json"}})
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (data) {
          if (ticket !== pending) { return; }
          if (intro) { intro.textContent = t("Your edited post (not saved yet):"); }
          renderVerdict(box, data);
          renderPost(data.post);
        })
        .catch(function () { /* the form still saves and shows the verdict without this preview */ });
    });
  }

  // Each step is a form post; with this script it is sent in the background and only the scenario
  // is redrawn, so the next step appears at once without a page load.
  function setUpSteps() {
    if (!window.fetch || !window.DOMParser) { return; }
    var scenario = document.querySelector("[data-scenario]");
    if (!scenario) { return; }
    scenario.addEventListener("submit", function (event) {
      var form = event.target;
      if (!form.matches("[data-step-form]")) { return; }
      event.preventDefault();
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; }
      var anchor = form.action.split("#")[1] || "decide";
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin"})
        .then(function (response) {
          // The step may be stored already: whatever goes wrong from here, show the page as the server has it.
          var fresh = null;
          return response.text().then(function (html) {
            if (response.ok) {
              fresh = new DOMParser().parseFromString(html, "text/html").querySelector("[data-scenario]");
            }
            if (!fresh) { location.assign(response.url.split("#")[0] + "#" + anchor); return null; }
            return fresh;
          });
        }, function () { form.submit(); return null; })  // no connection: let the browser post it the ordinary way
        .then(function (fresh) {
          if (!fresh) { return; }
          pending++;  // a preview still in flight belongs to the old page
          scenario.className = fresh.className;
          scenario.innerHTML = fresh.innerHTML;
          window.bindHotspots(scenario);
          setUpFixes();
          var target = document.getElementById(anchor);
          if (target) {
            if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
            target.focus();
            target.scrollIntoView({block: "start"});
          }
        });
    });
  }

  setUpFixes();
  setUpSteps();
})();
