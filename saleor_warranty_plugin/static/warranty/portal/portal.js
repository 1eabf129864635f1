// Returns portal: progressive enhancement only. Without this script every step still works;
// with it, focus moves to errors and results, file previews and checks happen before sending,
// and the items and resolutions that fit the chosen reason are pointed out.
(function () {
  "use strict";

  function focusFirstMessage() {
    var target = document.querySelector("[data-focus]");
    if (target) { target.focus(); }
  }

  function formatSize(bytes) {
    return (bytes / (1024 * 1024)).toFixed(1) + " MB";
  }

  var ACCEPTED = /^(image\/(jpeg|png|gif|webp|heic|heif|avif)|video\/(mp4|quicktime|webm)|application\/pdf)$/;

  function setupFiles(form) {
    var input = form.querySelector("#evidence");
    var box = form.querySelector("#previews");
    if (!input || !box) { return; }
    var maxFiles = parseInt(form.getAttribute("data-max-files"), 10) || 5;
    var maxBytes = (parseInt(form.getAttribute("data-max-mb"), 10) || 10) * 1024 * 1024;
    var urls = [];
    input.addEventListener("change", function () {
      urls.forEach(function (u) { URL.revokeObjectURL(u); });
      urls = [];
      box.textContent = "";
      var problems = [];
      var files = Array.prototype.slice.call(input.files || []);
      if (files.length > maxFiles) {
        problems.push(form.getAttribute("data-msg-count"));
      }
      files.forEach(function (file) {
        var item = document.createElement("figure");
        item.className = "preview";
        var bad = "";
        if (file.type && !ACCEPTED.test(file.type)) { bad = form.getAttribute("data-msg-type"); }
        else if (file.size > maxBytes) { bad = form.getAttribute("data-msg-size"); }
        if (!bad && file.type.indexOf("image/") === 0) {
          var img = document.createElement("img");
          var url = URL.createObjectURL(file); urls.push(url);
          img.src = url; img.alt = file.name;
          item.appendChild(img);
        } else if (!bad && file.type.indexOf("video/") === 0) {
          var video = document.createElement("video");
          var vurl = URL.createObjectURL(file); urls.push(vurl);
          video.src = vurl; video.muted = true; video.setAttribute("aria-label", file.name);
          item.appendChild(video);
        }
        var caption = document.createElement("figcaption");
        caption.textContent = file.name + " (" + formatSize(file.size) + ")" + (bad ? ": " + bad : "");
        item.appendChild(caption);
        if (bad) { item.classList.add("is-bad"); problems.push(file.name + ": " + bad); }
        box.appendChild(item);
      });
      input.setCustomValidity(problems.join(" "));
      input.setAttribute("aria-invalid", problems.length ? "true" : "false");
    });
    form.addEventListener("submit", function (event) {
      if (input.validationMessage && event.submitter && event.submitter.value !== "edit") {
        event.preventDefault();
        input.reportValidity();
        input.focus();
      }
    });
  }

  function setupReasons(form) {
    var radios = form.querySelectorAll("input[name=reason]");
    var lines = form.querySelectorAll("[data-line]");
    var resolutionRows = form.querySelectorAll("[data-resolution]");
    function update() {
      var chosen = form.querySelector("input[name=reason]:checked");
      var reason = chosen ? chosen.value : "";
      var offered = {};
      lines.forEach(function (line) {
        var ok = {};
        try { ok = JSON.parse(line.getAttribute("data-ok") || "{}"); } catch (e) { ok = {}; }
        var fits = !reason || Object.prototype.hasOwnProperty.call(ok, reason);
        line.classList.toggle("is-unavailable", !fits);
        line.querySelectorAll(".option").forEach(function (option) {
          option.classList.toggle("is-current", option.getAttribute("data-reason") === reason);
        });
        (ok[reason] || []).forEach(function (r) { offered[r] = true; });
      });
      resolutionRows.forEach(function (row) {
        row.hidden = Boolean(reason) && !offered[row.getAttribute("data-resolution")];
        if (row.hidden) { row.querySelector("input").checked = false; }
      });
      if (!form.querySelector("input[name=resolution]:checked")) {
        var any = form.querySelector("#resolution-any");
        if (any) { any.checked = true; }
      }
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusFirstMessage();
    var form = document.getElementById("claim-form");
    if (form) { setupFiles(form); setupReasons(form); }
  });
})();
