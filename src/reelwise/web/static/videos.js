// reelwise video page: seek from the timeline, a playhead, and a friendlier upload.
// No inline scripts (strict CSP); everything is delegated, so swapped-in HTML works too.
(function () {
  "use strict";

  function player() { return document.querySelector("video[data-player]"); }

  // Click a shot, a mark or a moment's time: the player jumps there.
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-seek]") : null;
    var video = player();
    if (!target || !video) { return; }
    var t = parseFloat(target.getAttribute("data-seek"));
    if (isNaN(t)) { return; }
    video.currentTime = t;
    video.scrollIntoView({ block: "nearest", behavior: "smooth" });
  });

  // The playhead on the scene strip follows the player.
  document.addEventListener("timeupdate", function (event) {
    var video = event.target;
    if (!video.matches || !video.matches("video[data-player]") || !video.duration) { return; }
    var x = Math.min(100, (video.currentTime / video.duration) * 100).toFixed(2) + "%";
    document.querySelectorAll(".vc-playhead").forEach(function (line) {
      line.setAttribute("x1", x);
      line.setAttribute("x2", x);
      line.classList.add("on");
    });
  }, true);

  function tooLarge(form) {
    var limit = parseInt(form.getAttribute("data-max-bytes") || "0", 10);
    var input = form.querySelector("input[type=file]");
    var file = input && input.files && input.files[0];
    return Boolean(limit && file && file.size > limit);
  }

  function refuse(form, event) {
    var note = form.querySelector(".vc-too-large");
    if (note) { note.hidden = false; }
    event.preventDefault();
  }

  // Refuse a file past the limit before sending it (the server refuses it too).
  document.addEventListener("htmx:beforeRequest", function (event) {
    var form = event.detail.elt;
    if (form && form.matches && form.matches("form[data-max-bytes]")) {
      if (tooLarge(form)) { refuse(form, event); return; }
      var note = form.querySelector(".vc-too-large");
      if (note) { note.hidden = true; }
      var bar = form.querySelector(".vc-sending");
      if (bar) { bar.hidden = false; bar.value = 0; }
      form.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches && form.matches("form[data-max-bytes]") && tooLarge(form)) { refuse(form, event); }
  }, true);

  // Upload progress while the file is on its way.
  document.addEventListener("htmx:xhr:progress", function (event) {
    var form = event.detail.elt;
    var bar = form && form.querySelector ? form.querySelector(".vc-sending") : null;
    if (bar && event.detail.lengthComputable) {
      bar.value = Math.round((event.detail.loaded / event.detail.total) * 100);
    }
  });

  // A refused upload answers 4xx with the page: show its message in place.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    var elt = event.detail.requestConfig && event.detail.requestConfig.elt;
    if (elt && elt.matches && elt.matches("form[data-max-bytes]") && [400, 409, 413, 415].indexOf(status) >= 0) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
