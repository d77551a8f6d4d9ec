// Scenario page enhancements. Every activity also works as a plain form without this script.
(function () {
  "use strict";

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
      var link = element("a", "", "Learn more");
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
    document.querySelectorAll("[data-patch]").forEach(function (patch) {
      var hidden = post.hidden.indexOf(patch.dataset.patch) !== -1;
      patch.classList.toggle("is-shown", hidden);
      var layer = document.getElementById("d-" + patch.dataset.patch);
      if (layer) { layer.classList.toggle("is-removed", hidden); }
    });
  }

  // Fix it: the verdict and the post update as the parent edits; saving stays a form post.
  function setUpFixes() {
    var form = document.querySelector("[data-fix-form]");
    if (!form || !window.fetch) { return; }
    var box = form.querySelector("[data-live-verdict] .verdict");
    var intro = form.querySelector(".live-verdict__intro");
    var pending = 0;
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
          if (intro) { intro.textContent = "Your edited post (not saved yet):"; }
          renderVerdict(box, data);
          renderPost(data.post);
        })
        .catch(function () { /* the form still saves and shows the verdict without this preview */ });
    });
  }

  setUpFixes();
})();
