// Check a photo, on this device only: read what the file carries, add stickers, make a clean copy, check a
// caption. Nothing is sent anywhere and nothing is stored: no fetch, no storage, object URLs revoked.
(function () {
  "use strict";
  var root = document.querySelector("[data-photo-check]");
  if (!root || !window.exifr || !window.createImageBitmap || !window.Promise) return; // the by-hand text stays

  // The page's words in its language: the server puts the translations in #page-strings; English is the fallback.
  var WORDS = (function () { var n = document.getElementById("page-strings"); return n ? JSON.parse(n.textContent) : {}; })();
  function t(text, values) {
    var out = WORDS[text] || text;
    Object.keys(values || {}).forEach(function (key) { out = out.split("%(" + key + ")s").join(values[key]); });
    return out;
  }
  var rules = JSON.parse(document.getElementById("photo-check-rules").textContent);
  var metres = root.getAttribute("data-metres") || "meters";
  var locale = root.getAttribute("data-locale") || undefined;
  var MAX_BYTES = 80 * 1024 * 1024;
  var MAX_PIXELS = 40e6; // phones cannot redraw more; a larger photo's copy is made smaller, and the page says so
  var READ_LIMIT = 32 * 1024 * 1024; // PNG and WebP details are read from at most this much of the file
  var EXIF_OPTIONS = { ifd0: true, exif: true, gps: true, ifd1: false, interop: false, makerNote: false,
    userComment: true, xmp: false, iptc: false, icc: false, jfif: false, ihdr: false };
  var TAGS = { make: 271, model: 272, description: 270, artist: 315, copyright: 33432, owner: 42032,
    serial: 42033, taken: 36867, digitised: 36868, modified: 306, userComment: 37510, xpTitle: 40091,
    xpComment: 40092, xpAuthor: 40093, xpKeywords: 40094, xpSubject: 40095, gpsError: 31 };
  var WORD_FIELDS = [["description", t("Caption")], ["xpTitle", t("Title")], ["xpSubject", t("Subject")],
    ["xpComment", t("Comment")], ["userComment", t("Comment")], ["xpKeywords", t("Tags")], ["artist", t("Author")],
    ["xpAuthor", t("Author")], ["owner", t("Camera owner")], ["copyright", t("Copyright")],
    ["serial", t("Camera serial number")]];

  var $ = function (selector) { return root.querySelector(selector); };
  var input = $("#photo-file");
  var canvas = $("[data-preview]");
  var stage = $("[data-stage]");
  var stickerSource = $("[data-sticker-source]");
  var state = null; // { file, bitmap, found, name }
  var stickers = [];
  var selected = null;
  var copyUrl = null;

  root.hidden = false;
  document.querySelector("[data-no-script]").hidden = true;

  function say(text, isProblem) {
    var status = $("[data-status]");
    status.textContent = text;
    status.classList.toggle("is-problem", !!isProblem);
  }

  function show(selector, visible) { $(selector).hidden = !visible; }

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // ---- what kind of file this is, from its first bytes (never from its name)
  function kindOf(bytes) {
    var ascii = function (from, to) { return String.fromCharCode.apply(null, bytes.slice(from, to)); };
    if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "jpeg";
    if (bytes[0] === 0x89 && ascii(1, 4) === "PNG") return "png";
    if (ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "webp";
    if (ascii(4, 8) === "ftyp" && /^(hei[cxms]|hev[cx]|mif1|msf1)$/.test(ascii(8, 12))) return "heic";
    return null;
  }

  // ---- reading the details
  function readMetadata(file, kind) {
    if (kind === "jpeg") return exifr.parse(file, EXIF_OPTIONS).then(function (tags) { return { tags: tags || {}, texts: [] }; });
    return file.slice(0, Math.min(file.size, READ_LIMIT)).arrayBuffer().then(function (buffer) {
      var parts = kind === "png" ? pngParts(new DataView(buffer)) : webpParts(new DataView(buffer));
      if (!parts.tiff) return { tags: {}, texts: parts.texts };
      return exifr.parse(asJpeg(parts.tiff), EXIF_OPTIONS).then(function (tags) { return { tags: tags || {}, texts: parts.texts }; });
    });
  }

  function text(view, from, to) {
    return new TextDecoder("utf-8").decode(new Uint8Array(view.buffer, from, Math.max(0, to - from)));
  }

  // PNG: eXIf holds EXIF; tEXt and iTXt hold "keyword, text" pairs such as Author or Description.
  function pngParts(view) {
    var parts = { tiff: null, texts: [] };
    for (var at = 8; at + 12 <= view.byteLength;) {
      var length = view.getUint32(at), type = text(view, at + 4, at + 8), start = at + 8, end = start + length;
      if (end > view.byteLength) break; // truncated: keep what was read
      if (type === "eXIf") parts.tiff = new Uint8Array(view.buffer, start, length);
      if (type === "tEXt" || type === "iTXt") parts.texts.push(pngText(view, type, start, end));
      if (type === "zTXt") parts.texts.push(["Note", t("(a compressed note)")]);
      if (type === "IEND") break;
      at = end + 4;
    }
    return parts;
  }

  function pngText(view, type, start, end) {
    var bytes = new Uint8Array(view.buffer, start, end - start), zero = bytes.indexOf(0);
    var keyword = text(view, start, start + zero), at = start + zero + 1;
    if (type === "iTXt") { // compression flag, method, then language and translated keyword, each ending in 0
      if (bytes[zero + 1] !== 0) return [keyword, t("(a compressed note)")];
      at += 2;
      for (var n = 0; n < 2; n++) { while (at < end && view.getUint8(at) !== 0) at++; at++; }
    }
    return [keyword, text(view, at, end)];
  }

  // WebP: RIFF chunks; EXIF holds EXIF (sometimes after "Exif\0\0"), "XMP " holds XMP text.
  function webpParts(view) {
    var parts = { tiff: null, texts: [] };
    for (var at = 12; at + 8 <= view.byteLength;) {
      var type = text(view, at, at + 4), length = view.getUint32(at + 4, true), start = at + 8;
      if (start + length > view.byteLength) break;
      if (type === "EXIF") {
        var skip = text(view, start, start + 4) === "Exif" ? 6 : 0;
        parts.tiff = new Uint8Array(view.buffer, start + skip, length - skip);
      }
      if (type === "XMP ") parts.texts.push(["XMP", text(view, start, start + length)]);
      at = start + length + (length % 2);
    }
    return parts;
  }

  // exifr's small build reads EXIF from JPEG files: give it the EXIF of a PNG or WebP inside a minimal one.
  function asJpeg(tiff) {
    var length = tiff.length + 8, out = new Uint8Array(tiff.length + 14);
    out.set([0xff, 0xd8, 0xff, 0xe1, length >> 8, length & 0xff, 0x45, 0x78, 0x69, 0x66, 0, 0]);
    out.set(tiff, 12);
    out.set([0xff, 0xd9], tiff.length + 12);
    return out;
  }

  // ---- turning tags into sentences
  function describe(read) {
    var tags = read.tags, found = { place: null, time: null, camera: null, words: [] };
    if (isFinite(tags.latitude) && isFinite(tags.longitude) && !(tags.latitude === 0 && tags.longitude === 0)) {
      found.place = { metres: accuracy(tags) };
    }
    var taken = tags[TAGS.taken] || tags[TAGS.digitised] || tags[TAGS.modified];
    if (taken) found.time = when(taken);
    var make = clean(tags[TAGS.make]), model = clean(tags[TAGS.model]);
    if (make || model) found.camera = model && make && model.toLowerCase().indexOf(make.toLowerCase()) === 0 ? model : [make, model].filter(Boolean).join(" ");
    WORD_FIELDS.forEach(function (field) {
      var value = clean(tags[TAGS[field[0]]]);
      if (value) found.words.push([field[1], value]);
    });
    read.texts.forEach(function (pair) {
      if (pair[0] === "XMP" || pair[0] === "XML:com.adobe.xmp") return xmpInto(found, pair[1]);
      if (clean(pair[1])) found.words.push([pair[0] === "Note" ? t("Note") : pair[0], clean(pair[1])]);
    });
    return found;
  }

  function accuracy(tags) {
    var error = Number(tags[TAGS.gpsError]);
    if (error > 0) return round(error);
    var seconds = (tags[2] || [])[2]; // latitude as degrees, minutes, seconds
    var decimals = String(seconds).split(".")[1];
    return round(decimals ? Math.max(1, 31 / Math.pow(10, decimals.length)) : 31);
  }

  function round(metresAway) {
    if (metresAway < 10) return Math.max(1, Math.round(metresAway));
    if (metresAway < 100) return Math.round(metresAway / 5) * 5;
    return Math.round(metresAway / 50) * 50;
  }

  function when(value) {
    var parts = String(value).match(/(\d{4})\D(\d\d)\D(\d\d)\D+(\d\d)\D(\d\d)/);
    if (!parts) return clean(value);
    var date = new Date(+parts[1], parts[2] - 1, +parts[3], +parts[4], +parts[5]);
    return isNaN(date) ? clean(value) : date.toLocaleString(locale, { dateStyle: "long", timeStyle: "short" });
  }

  function clean(value) {
    if (value == null) return "";
    if (typeof value !== "string") {
      var bytes = value instanceof Uint8Array ? value : Array.isArray(value) ? Uint8Array.from(value) : null;
      if (!bytes) return typeof value === "number" ? "" : String(value).trim();
      var head = String.fromCharCode.apply(null, bytes.slice(0, 8));
      value = /^(ASCII|UNICODE|JIS)/.test(head) ? new TextDecoder(head.indexOf("UNICODE") === 0 ? "utf-16le" : "utf-8").decode(bytes.slice(8))
        : new TextDecoder("utf-16le").decode(bytes); // the XP fields are UTF-16
    }
    return value.replace(/\u0000/g, "").trim().slice(0, 300);
  }

  function xmpInto(found, xmp) {
    var pick = function (pattern) { var m = xmp.match(pattern); return m ? m[1].replace(/<[^>]+>/g, " ").replace(/\s+/g, " ").trim() : ""; };
    if (!found.place && /GPSLatitude/.test(xmp)) found.place = { metres: 31 };
    var created = pick(/(?:CreateDate|DateCreated|DateTimeOriginal)[=">\s]+"?([0-9T:+\-]{10,25})/);
    if (!found.time && created) found.time = when(created);
    var model = pick(/tiff:Model[=">\s]+"?([^"<]+)/);
    if (!found.camera && model) found.camera = model;
    var caption = pick(/<dc:description>([\s\S]*?)<\/dc:description>/), author = pick(/<dc:creator>([\s\S]*?)<\/dc:creator>/);
    if (caption) found.words.push([t("Caption"), caption]);
    if (author) found.words.push([t("Author"), author]);
  }

  // ---- showing what was found
  function render(found, broken) {
    var list = $("[data-findings]");
    list.textContent = "";
    var add = function (title, body, risky) {
      var item = el("li", null, risky ? "is-risky" : "");
      item.appendChild(el("strong", title));
      item.appendChild(el("span", " " + body));
      list.appendChild(item);
    };
    if (found.place) add(t("Where it was taken."), t("This photo records where it was taken, to within about %(distance)s. Anyone who saves the file could find that place, and a photo taken at home can show your address.", { distance: found.place.metres + " " + metres }), true);
    if (found.time) add(t("When."), t("It records the date and time: %(when)s.", { when: found.time }), false);
    if (found.camera) add(t("Camera or phone."), t("It names the device: %(device)s.", { device: found.camera }), false);
    found.words.forEach(function (pair) { add(pair[0] + ".", t("It carries these words: “%(words)s”.", { words: pair[1] }), false); });
    if (broken) add(t("Damaged details."), t("Part of the hidden details could not be read, so there may be more. The clean copy leaves all of them out."), true);
    if (!list.children.length) add(t("Nothing hidden found."), t("This photo carries no place, date, camera or caption that this page can find. Still look at the picture itself, and at your caption."), false);
    show("[data-found]", true);
  }

  function compareRows(found, copy) {
    var rows = [
      [t("Place"), found.place ? t("To within about %(distance)s", { distance: found.place.metres + " " + metres }) : t("None found")],
      [t("Date and time"), found.time || t("None found")],
      [t("Camera or phone"), found.camera || t("None found")],
      [t("Words in the file"), found.words.length ? t("%(count)s found", { count: found.words.length }) : t("None found")]
    ];
    var body = $("[data-compare]");
    body.textContent = "";
    rows.forEach(function (row) {
      var tr = el("tr");
      tr.appendChild(el("th", row[0])).setAttribute("scope", "row");
      tr.appendChild(el("td", row[1]));
      tr.appendChild(el("td", t("None")));
      body.appendChild(tr);
    });
    var size = el("tr");
    size.appendChild(el("th", t("Size"))).setAttribute("scope", "row");
    size.appendChild(el("td", state.bitmap.width + " × " + state.bitmap.height));
    size.appendChild(el("td", copy.width + " × " + copy.height + (copy.smaller ? " " + t("(made smaller to fit this device)") : "")));
    body.appendChild(size);
  }

  // ---- choosing a photo
  function reset() {
    stickers.forEach(function (s) { s.node.remove(); });
    stickers = [];
    select(null);
    if (copyUrl) URL.revokeObjectURL(copyUrl);
    copyUrl = null;
    if (state && state.bitmap) state.bitmap.close();
    state = null;
    ["[data-found]", "[data-editor]", "[data-clean]", "[data-result]"].forEach(function (s) { show(s, false); });
  }

  function check(file) {
    reset();
    if (file.size > MAX_BYTES) return say(t("This file is very large (%(size)s MB). Choose a photo under 80 MB, or a smaller copy of it.", { size: Math.round(file.size / 1048576) }), true);
    say(t("Checking your photo on this device…"));
    file.slice(0, 16).arrayBuffer().then(function (head) {
      var kind = kindOf(new Uint8Array(head));
      if (kind === "heic") throw new Problem(t("This is a HEIC photo, a format many iPhones use. This browser can't open it. Save or export a copy as JPEG (most phones and computers can), then choose that copy here."));
      if (!kind) throw new Problem(t("This file doesn't look like a photo this page can read. Choose a JPEG, PNG or WebP photo."));
      return readMetadata(file, kind).then(function (read) { return [read, false]; }, function () { return [{ tags: {}, texts: [] }, true]; })
        .then(function (result) {
          var found = describe(result[0]);
          render(found, result[1]);
          return createImageBitmap(file).then(function (bitmap) {
            state = { file: file, bitmap: bitmap, found: found, kind: kind };
            drawPreview();
            show("[data-editor]", true);
            show("[data-clean]", true);
            say(t("Checked. Your photo has not left this device."));
          }, function () {
            throw new Problem(file.size > 20 * 1048576
              ? t("This photo is too big for this device to open, so no clean copy can be made here. Try a smaller copy of it.")
              : t("This photo seems damaged: its picture can't be opened, so no clean copy can be made. Try another copy of it."));
          });
        });
    }).catch(function (error) {
      say(error instanceof Problem ? error.message : t("Something went wrong reading this file. Try another photo."), true);
    });
  }

  function Problem(message) { this.message = message; }

  input.addEventListener("change", function () { if (input.files[0]) check(input.files[0]); });
  var drop = $("[data-drop]");
  drop.addEventListener("dragover", function (event) { event.preventDefault(); drop.classList.add("is-over"); });
  drop.addEventListener("dragleave", function () { drop.classList.remove("is-over"); });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    drop.classList.remove("is-over");
    if (event.dataTransfer.files[0]) check(event.dataTransfer.files[0]);
  });

  // ---- preview and stickers (positions are fractions of the picture, so any size of copy gets them right)
  function drawPreview() {
    var bitmap = state.bitmap, scale = Math.min(1, 1200 / Math.max(bitmap.width, bitmap.height));
    canvas.width = Math.max(1, Math.round(bitmap.width * scale));
    canvas.height = Math.max(1, Math.round(bitmap.height * scale));
    canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  }

  function stickerRatio() { return (stickerSource.naturalHeight || 150) / (stickerSource.naturalWidth || 240); }

  function addSticker() {
    var node = el("button", null, "photo-check__sticker");
    node.type = "button";
    var image = stickerSource.cloneNode();
    image.hidden = false;
    node.appendChild(image);
    var sticker = { node: node, x: 0.5, y: 0.4, w: 0.35 };
    node.setAttribute("aria-label", t("Privacy Please sticker %(number)s. Arrow keys move it; plus and minus change its size; Delete removes it.", { number: stickers.length + 1 }));
    node.addEventListener("keydown", function (event) { keyMove(sticker, event); });
    node.addEventListener("pointerdown", function (event) { dragStart(sticker, event); });
    node.addEventListener("focus", function () { select(sticker); });
    stickers.push(sticker);
    stage.appendChild(node);
    place(sticker);
    node.focus();
  }

  function place(sticker) {
    var height = sticker.w * stickerRatio() * (canvas.width / canvas.height);
    sticker.x = Math.min(1, Math.max(0, sticker.x));
    sticker.y = Math.min(1, Math.max(0, sticker.y));
    sticker.node.style.left = (sticker.x - sticker.w / 2) * 100 + "%";
    sticker.node.style.top = (sticker.y - height / 2) * 100 + "%";
    sticker.node.style.width = sticker.w * 100 + "%";
  }

  function resize(sticker, factor) {
    sticker.w = Math.min(1, Math.max(0.08, sticker.w * factor));
    place(sticker);
  }

  function removeSticker(sticker) {
    sticker.node.remove();
    stickers = stickers.filter(function (s) { return s !== sticker; });
    select(null);
    $("[data-add-sticker]").focus();
  }

  function select(sticker) {
    selected = sticker;
    stickers.forEach(function (s) { s.node.classList.toggle("is-selected", s === sticker); });
    ["[data-bigger]", "[data-smaller]", "[data-remove]"].forEach(function (s) { $(s).disabled = !sticker; });
  }

  function keyMove(sticker, event) {
    var step = event.shiftKey ? 0.1 : 0.02, moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[event.key]) {
      sticker.x += moves[event.key][0];
      sticker.y += moves[event.key][1];
      place(sticker);
    } else if (event.key === "+" || event.key === "=") resize(sticker, 1.15);
    else if (event.key === "-" || event.key === "_") resize(sticker, 1 / 1.15);
    else if (event.key === "Delete" || event.key === "Backspace") removeSticker(sticker);
    else return;
    event.preventDefault();
  }

  function dragStart(sticker, event) {
    event.preventDefault();
    sticker.node.focus();
    sticker.node.setPointerCapture(event.pointerId);
    var box = canvas.getBoundingClientRect(), startX = event.clientX, startY = event.clientY, fromX = sticker.x, fromY = sticker.y;
    var move = function (e) {
      sticker.x = fromX + (e.clientX - startX) / box.width;
      sticker.y = fromY + (e.clientY - startY) / box.height;
      place(sticker);
    };
    var end = function () {
      sticker.node.removeEventListener("pointermove", move);
      sticker.node.removeEventListener("pointerup", end);
      sticker.node.removeEventListener("pointercancel", end);
    };
    sticker.node.addEventListener("pointermove", move);
    sticker.node.addEventListener("pointerup", end);
    sticker.node.addEventListener("pointercancel", end);
  }

  $("[data-add-sticker]").addEventListener("click", addSticker);
  $("[data-bigger]").addEventListener("click", function () { if (selected) { resize(selected, 1.15); selected.node.focus(); } });
  $("[data-smaller]").addEventListener("click", function () { if (selected) { resize(selected, 1 / 1.15); selected.node.focus(); } });
  $("[data-remove]").addEventListener("click", function () { if (selected) removeSticker(selected); });

  // ---- the clean copy: the picture redrawn (upright, as the photo shows it) with its stickers, and nothing else
  $("[data-make-copy]").addEventListener("click", function () {
    var bitmap = state.bitmap, scale = Math.min(1, Math.sqrt(MAX_PIXELS / (bitmap.width * bitmap.height)));
    var out = document.createElement("canvas");
    out.width = Math.round(bitmap.width * scale);
    out.height = Math.round(bitmap.height * scale);
    var context = out.getContext("2d");
    context.drawImage(bitmap, 0, 0, out.width, out.height);
    stickers.forEach(function (s) {
      var width = s.w * out.width, height = width * stickerRatio();
      context.drawImage(stickerSource, s.x * out.width - width / 2, s.y * out.height - height / 2, width, height);
    });
    var type = state.kind === "png" ? "image/png" : "image/jpeg";
    var copyStatus = $("[data-copy-status]");
    copyStatus.textContent = t("Making the clean copy…");
    out.toBlob(function (blob) {
      if (!blob) { copyStatus.textContent = t("This device could not make the copy. Try a smaller photo."); return; }
      if (copyUrl) URL.revokeObjectURL(copyUrl);
      copyUrl = URL.createObjectURL(blob);
      var name = state.file.name.replace(/\.[^.]+$/, "") + "-clean." + (type === "image/png" ? "png" : "jpg");
      var link = $("[data-download]");
      link.href = copyUrl;
      link.download = name;
      var copyFile = new File([blob], name, { type: type });
      var share = $("[data-share]");
      share.hidden = !(navigator.canShare && navigator.canShare({ files: [copyFile] }));
      share.onclick = function () { navigator.share({ files: [copyFile] }).catch(function () {}); };
      compareRows(state.found, { width: out.width, height: out.height, smaller: scale < 1 });
      show("[data-result]", true);
      copyStatus.textContent = stickers.length ? t("Your clean copy is ready. It has no hidden details, and your stickers are in it.") : t("Your clean copy is ready. It has no hidden details.");
    }, type, 0.92);
  });

  window.addEventListener("pagehide", function () { if (copyUrl) URL.revokeObjectURL(copyUrl); });

  // ---- the caption check
  var caption = $("[data-caption]");
  var risky = new Set(rules.hashtags);
  var NOT_NAMES = new Set(("happy birthday first day last merry christmas good morning night new year mother mother's " +
    "father father's easter sunday monday tuesday wednesday thursday friday saturday summer winter spring fall autumn " +
    "the our my we i a so what love family team grandma grandpa mom mum dad baby little big best").split(" "));

  function flag(check, match) {
    return { label: check.label, match: match, reason: check.reason.replace("{match}", match), lesson: check.lesson, lessonTitle: check.lesson_title };
  }

  function captionFindings(textValue) {
    var found = [];
    var tags = textValue.match(/#[\p{L}\p{N}_]+/gu) || [];
    tags.forEach(function (tag) {
      if (risky.has(tag.slice(1).toLowerCase())) found.push(flag(rules.special["risky-hashtag"], tag));
    });
    if (tags.length && !found.length) found.push(flag(rules.special.hashtags, tags.join(" ")));
    var name = fullName(textValue);
    if (name) found.push(flag(rules.special["full-name"], name));
    rules.checks.forEach(function (check) {
      var match = textValue.match(new RegExp(check.pattern, "iu"));
      if (match) found.push(flag(check, match[0]));
    });
    return found;
  }

  function fullName(textValue) {
    var pairs = textValue.match(/\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?\s+\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)?/gu) || [];
    return pairs.filter(function (pair) {
      return pair.split(/\s+/).every(function (word) { return !NOT_NAMES.has(word.toLowerCase()); });
    })[0] || "";
  }

  var lessonLinks = {};
  document.querySelectorAll("a[href^='/lessons/']").forEach(function (a) { lessonLinks[a.getAttribute("href").split("/")[2]] = a.getAttribute("href"); });

  function renderCaption() {
    var result = $("[data-caption-result]");
    result.textContent = "";
    var value = caption.value.trim();
    if (!value) return;
    var found = captionFindings(value);
    if (!found.length) return result.appendChild(el("p", t("Nothing in this caption stands out. Keep the post to people you know."), "photo-check__ok"));
    var list = el("ul", null, "photo-check__flags");
    found.forEach(function (flag) {
      var item = el("li");
      item.appendChild(el("strong", flag.label + ": "));
      item.appendChild(el("q", flag.match));
      item.appendChild(el("span", ". " + flag.reason + " "));
      var link = el("a", t("Lesson: %(title)s", { title: flag.lessonTitle }));
      link.href = lessonLinks[flag.lesson] || "/lessons/" + flag.lesson;
      item.appendChild(link);
      list.appendChild(item);
    });
    result.appendChild(list);
  }

  var timer = null;
  caption.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(renderCaption, 300); });
})();
