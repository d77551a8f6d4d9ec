// A phone in the room: polls the state every 2 s (304 when nothing changed) and answers with one tap.
// Without JavaScript the page refreshes itself and answers are plain form posts.
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root || !window.fetch) { return; }
  var stateUrl = root.dataset.stateUrl, answerUrl = root.dataset.answerUrl;
  var token = document.querySelector('meta[name="csrf-token"]').content;
  // Never step back behind the version the server drew this page with: a worker's cached state may lag.
  var etag = null, lastVersion = null, answeredShown = null, floor = Number(root.dataset.version) || 0;
  var view = root.querySelector("[data-live-item]");

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  // "Keep going in the free course, at your own pace.", with the course linked, as the server renders it.
  function invite(lead) {
    var p = el("p", "lead", lead + " Keep going in the ");
    var link = el("a", "", "free course");
    link.href = root.dataset.homeUrl;
    p.appendChild(link);
    p.appendChild(document.createTextNode(", at your own pace."));
    return p;
  }

  function submissionId() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
  }

  function removeChoices() {
    root.querySelectorAll(".live-choices").forEach(function (choices) { choices.remove(); });
  }

  function send(item, choiceIds, status) {
    status.textContent = "Sending…";
    fetch(answerUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify({item_id: item.id, choice_ids: choiceIds, submission_id: item._submission})
    }).then(function (response) {
      if (response.ok) {
        return response.json().then(function (reply) {
          status.textContent = reply.first_answer_kept ?
            "You had already answered this one: your first answer is the one that counts." :
            "Thanks, your answer is in. Waiting for the others.";
          removeChoices();
        });
      }
      if (response.status === 409) {
        status.textContent = "This question is closed now. No worries: follow along on the screen.";
        removeChoices();
      } else { status.textContent = "That didn't go through. Please try again."; }
    }).catch(function () { status.textContent = "No connection. Please try again."; });
  }

  function render(state) {
    view.textContent = "";
    if (state.status === "ended") {
      view.appendChild(el("h1", "", "Thank you!"));
      view.appendChild(invite("The workshop has ended."));
      return;
    }
    var item = state.item;
    if (!item) {
      view.appendChild(el("h1", "", "You're in!"));
      view.appendChild(el("p", "lead", "Waiting for the workshop to start. Keep this page open: it follows the screen."));
      return;
    }
    view.appendChild(el("h1", "", item.title));
    if (item.kind === "slide") {
      var body = el("div", "prose live-item__body");
      body.innerHTML = item.body_html;  // sanitised on the server when content loads
      view.appendChild(body);
      return;
    }
    view.appendChild(el("p", "live-item__prompt", item.prompt));
    var status = el("p", "", "");
    status.setAttribute("role", "status");
    item._submission = submissionId();
    if (state.answered) {
      status.textContent = "Thanks, your answer is in." + (state.status === "open" ? " Waiting for the others." : "");
    } else if (state.status === "open") {
      var form = el("div", "live-choices");
      var picked = [];
      item.choices.forEach(function (choice, index) {
        var button = el("button", "big-choice big-choice--" + (index + 1));
        button.type = "button";
        var mark = el("span", "big-choice__mark", "ABCDEFGH".charAt(index));
        mark.setAttribute("aria-hidden", "true");
        button.appendChild(mark);
        button.appendChild(document.createTextNode(" " + choice.label));
        if (item.multiple) {
          button.setAttribute("aria-pressed", "false");
          button.addEventListener("click", function () {
            var on = button.getAttribute("aria-pressed") !== "true";
            button.setAttribute("aria-pressed", on ? "true" : "false");
            picked = on ? picked.concat([choice.id]) : picked.filter(function (id) { return id !== choice.id; });
          });
        } else {
          button.addEventListener("click", function () { send(item, [choice.id], status); });
        }
        form.appendChild(button);
      });
      if (item.multiple) {
        var submit = el("button", "button button--big", "Send my answer");
        submit.type = "button";
        submit.addEventListener("click", function () { if (picked.length) { send(item, picked, status); } });
        form.appendChild(submit);
      }
      view.appendChild(form);
    } else {
      status.textContent = "This question is closed now. No worries: follow along on the screen.";
    }
    view.appendChild(status);
    if (state.status === "revealed" && item.correct && item.correct.length) {
      var labels = item.choices.filter(function (c) { return item.correct.indexOf(c.id) !== -1; })
        .map(function (c) { return c.label; });
      var reveal = el("p", "live-item__reveal");
      reveal.appendChild(el("strong", "", "The answer: "));
      reveal.appendChild(document.createTextNode(labels.join(", ")));
      view.appendChild(reveal);
    }
  }

  var timer = null, following = true;
  function later(ms) { clearTimeout(timer); if (following) { timer = setTimeout(poll, ms); } }

  function gone() {
    following = false;
    view.textContent = "";
    view.appendChild(el("h1", "", "This session is no longer running"));
    view.appendChild(invite("Thanks for taking part."));
  }

  function show(state, tag) {
    if (state.version < floor || (lastVersion !== null && state.version < lastVersion)) { return; }
    etag = tag;
    if (state.version !== lastVersion || state.answered !== answeredShown) {
      lastVersion = state.version;
      answeredShown = state.answered;
      render(state);
    }
    if (state.status === "ended") { following = false; }  // nothing will change any more
  }

  // A hidden tab does not poll; it catches up the moment the parent looks again.
  function poll() {
    if (document.hidden) { return; }
    var headers = etag ? {"If-None-Match": etag} : {};
    fetch(stateUrl, {headers: headers, credentials: "same-origin", cache: "no-store"}).then(function (response) {
      if (response.status === 304) { return null; }
      if (response.status === 404) { gone(); return null; }
      if (!response.ok) { return null; }
      var tag = response.headers.get("ETag");
      return response.json().then(function (state) { return {state: state, tag: tag}; });
    }).then(function (reply) { if (reply) { show(reply.state, reply.tag); } })
      .catch(function () { /* a dropped connection: try again on the next tick */ })
      .then(function () { later(2000); });
  }
  document.addEventListener("visibilitychange", function () { if (!document.hidden) { later(0); } });
  // Enhance the server-rendered choices right away, then follow the screen.
  poll();
})();
