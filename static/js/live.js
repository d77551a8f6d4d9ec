// A phone in the room: polls the state every 2 s (304 when nothing changed) and answers with one tap.
// Without JavaScript the page refreshes itself and answers are plain form posts.
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root || !window.fetch) { return; }
  var stateUrl = root.dataset.stateUrl, answerUrl = root.dataset.answerUrl;
  // Joining shows the room in the reply to the join form: give the address bar the room's own address,
  // so a reload or a shared link opens the room instead of posting the form again.
  if (window.history && history.replaceState && location.pathname !== root.dataset.roomUrl) {
    history.replaceState(null, "", root.dataset.roomUrl);
  }
  var token = document.querySelector('meta[name="csrf-token"]').content;
  // Never step back behind the version the server drew this page with: a worker's cached state may lag.
  var etag = null, lastVersion = null, answeredShown = null, floor = Number(root.dataset.version) || 0;
  var view = root.querySelector("[data-live-item]");
  // The page's words in its language: the server puts the translations in #page-strings; English is the fallback.
  var WORDS = (function () { var n = document.getElementById("page-strings"); return n ? JSON.parse(n.textContent) : {}; })();
  function t(text, values) {
    var out = WORDS[text] || text;
    Object.keys(values || {}).forEach(function (key) { out = out.split("%(" + key + ")s").join(values[key]); });
    return out;
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text) { node.textContent = text; }
    return node;
  }

  // "Keep going in the free course, at your own pace.", with the course linked, as the server renders it.
  function invite(lead) {
    var parts = t("Keep going in the %(course)s, at your own pace.").split("%(course)s");
    var p = el("p", "lead", lead + " " + parts[0]);
    var link = el("a", "", t("free course"));
    link.href = root.dataset.homeUrl;
    p.appendChild(link);
    p.appendChild(document.createTextNode(parts[1] || ""));
    return p;
  }

  // The scenario's picture (the browser fetches it once and caches it); with `spots`, a button on each
  // detail that toggles the same choice as the list.
  function picture(item, spots) {
    var figure = el("figure", "live-picture"), frame = el("div", "live-picture__frame");
    var img = el("img");
    img.src = item.image.url; img.alt = item.image.alt; img.width = 400; img.height = 300;
    frame.appendChild(img);
    (item.hotspots || []).forEach(function (spot) {
      var revealed = spots === "reveal" && item.correct && item.correct.indexOf(spot.id) !== -1;
      if (spots === "answer") {
        var button = el("button", "hotspot " + spot.classes);
        button.type = "button";
        button.dataset.hotspotFor = spot.id;
        button.setAttribute("aria-pressed", "false");
        button.appendChild(el("span", "visually-hidden", t("Mark as risky:") + " "));
        button.appendChild(el("span", "hotspot__name", labelOf(item, spot.id)));
        frame.appendChild(button);
      } else if (revealed) {
        var mark = el("span", "hotspot hotspot--revealed " + spot.classes);
        mark.appendChild(el("span", "hotspot__name", labelOf(item, spot.id)));
        frame.appendChild(mark);
      }
    });
    figure.appendChild(frame);
    return figure;
  }

  function labelOf(item, id) {
    var found = item.choices.filter(function (c) { return c.id === id; })[0];
    return found ? found.label : "";
  }

  // A one-answer question may have two careful answers (share privately, or edit first): "A or B".
  function labels(item, ids, either) {
    return item.choices.filter(function (c) { return ids.indexOf(c.id) !== -1; })
      .map(function (c) { return c.label; }).join(either ? " " + t("or") + " " : ", ");
  }

  function revealBox(state) {
    var item = state.item, box = el("div", "live-item__reveal");
    function line(strong, text, cls) {
      var p = el("p", cls || "");
      if (strong) { p.appendChild(el("strong", "", strong)); p.appendChild(document.createTextNode(" ")); }
      p.appendChild(document.createTextNode(text));
      box.appendChild(p);
    }
    if (state.chosen && state.chosen.length) { line(t("You chose:"), labels(item, state.chosen)); }
    line(t("The careful answer:"), labels(item, item.correct, !item.multiple));
    if (item.reason) { line("", item.reason, "live-item__reason"); }
    return box;
  }

  function submissionId() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID() : String(Date.now()) + Math.random();
  }

  function removeChoices() {
    root.querySelectorAll(".live-choices").forEach(function (choices) { choices.remove(); });
  }

  function send(item, choiceIds, status) {
    status.textContent = t("Sending…");
    fetch(answerUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": token},
      body: JSON.stringify({item_id: item.id, choice_ids: choiceIds, submission_id: item._submission})
    }).then(function (response) {
      if (response.ok) {
        return response.json().then(function (reply) {
          status.textContent = reply.first_answer_kept ?
            t("You had already answered this one: your first answer is the one that counts.") :
            t("Thanks, your answer is in. Waiting for the others.");
          removeChoices();
        });
      }
      if (response.status === 409) {
        status.textContent = t("This question is closed now. No worries: follow along on the screen.");
        removeChoices();
      } else if (response.status === 403) {
        status.textContent = t("This page is out of date. Please reload it, then answer again.");
      } else { status.textContent = t("That didn't go through. Please try again."); }
    }).catch(function () { status.textContent = t("No connection. Please try again."); });
  }

  function render(state) {
    view.textContent = "";
    if (state.status === "ended") {
      view.appendChild(el("h1", "", t("Thank you!")));
      view.appendChild(invite(t("The workshop has ended.")));
      return;
    }
    var item = state.item;
    if (!item) {
      view.appendChild(el("h1", "", t("You're in!")));
      view.appendChild(el("p", "lead", t("Waiting for the workshop to start. Keep this page open: it follows the screen.")));
      return;
    }
    view.appendChild(el("h1", "", item.title));
    if (item.kind === "slide") {
      var body = el("div", "prose live-item__body");
      body.innerHTML = item.body_html;  // sanitised on the server when content loads
      view.appendChild(body);
      return;
    }
    var answering = state.status === "open" && !state.answered;
    if (item.image) { view.appendChild(picture(item, answering ? "answer" : (state.status === "revealed" ? "reveal" : ""))); }
    view.appendChild(el("p", "live-item__prompt", item.prompt));
    var status = el("p", "", "");
    status.setAttribute("role", "status");
    item._submission = submissionId();
    if (state.answered) {
      status.textContent = state.status === "open" ? t("Thanks, your answer is in. Waiting for the others.") : t("Thanks, your answer is in.");
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
          button.dataset.choice = choice.id;
          button.addEventListener("click", function () { toggle(choice.id); });
        } else {
          button.addEventListener("click", function () { send(item, [choice.id], status); });
        }
        form.appendChild(button);
      });
      // A detail tapped on the picture and its button in the list are one choice, pressed or not together.
      var toggle = function (id) {
        var on = picked.indexOf(id) === -1;
        picked = on ? picked.concat([id]) : picked.filter(function (other) { return other !== id; });
        view.querySelectorAll('[data-choice="' + id + '"], [data-hotspot-for="' + id + '"]').forEach(function (node) {
          node.setAttribute("aria-pressed", on ? "true" : "false");
        });
      };
      view.querySelectorAll("[data-hotspot-for]").forEach(function (spot) {
        spot.addEventListener("click", function () { toggle(spot.dataset.hotspotFor); });
      });
      if (item.multiple) {
        var submit = el("button", "button button--big", t("Send my answer"));
        submit.type = "button";
        submit.addEventListener("click", function () { if (picked.length) { send(item, picked, status); } });
        form.appendChild(submit);
      }
      view.appendChild(form);
    } else {
      status.textContent = t("This question is closed now. No worries: follow along on the screen.");
    }
    view.appendChild(status);
    if (state.status === "revealed" && item.correct && item.correct.length) { view.appendChild(revealBox(state)); }
  }

  var timer = null, following = true;
  function later(ms) { clearTimeout(timer); if (following) { timer = setTimeout(poll, ms); } }

  function gone() {
    following = false;
    view.textContent = "";
    view.appendChild(el("h1", "", t("This session is no longer running")));
    view.appendChild(invite(t("Thanks for taking part.")));
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
