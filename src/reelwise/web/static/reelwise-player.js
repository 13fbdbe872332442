/*! reelwise player tracker | Apache-2.0 | docs/tracking.md */
/*
 * Wraps <video data-reelwise-video="ID"> elements and sends what viewers do to the
 * reelwise collect endpoint, batched with navigator.sendBeacon.
 *
 *   <script src="/static/reelwise-player.min.js" data-reelwise-key="pk_..." defer></script>
 *   <video src="a.mp4" controls data-reelwise-video="intro" data-reelwise-variant="v16x9"
 *          data-reelwise-cta-text="Book a demo" data-reelwise-cta-url="https://example.com/demo"
 *          data-reelwise-cta-at="12"></video>
 *
 * No cookies, no storage: a session id is random per page load and video.
 * Written for the small build step in scripts/build_player_js.py: every statement ends
 * with a semicolon, and there are no regular-expression or template literals.
 */
(function (win, doc) {
  "use strict";
  var nav = win.navigator;
  var script = doc.currentScript;
  var attr = function (name) {
    return script && script.getAttribute("data-reelwise-" + name);
  };
  var key = attr("key");
  var endpoint = attr("endpoint") || (script && script.src ? new URL("/collect", script.src).href : "/collect");
  var every = +attr("flush") || 5000;
  var queue = [];
  var timer = 0;
  var BATCH = 50;

  if (!key) {
    return;
  }
  endpoint += (endpoint.indexOf("?") < 0 ? "?k=" : "&k=") + encodeURIComponent(key);

  function uuid() {
    var c = win.crypto;
    if (c && c.randomUUID) {
      return c.randomUUID();
    }
    var b = new Uint8Array(16), s = "", i;
    if (c && c.getRandomValues) {
      c.getRandomValues(b);
    } else {
      for (i = 0; i < 16; i++) {
        b[i] = Math.random() * 256;
      }
    }
    for (i = 0; i < 16; i++) {
      s += (b[i] + 256).toString(16).slice(1) + (i == 3 || i == 5 || i == 7 || i == 9 ? "-" : "");
    }
    return s;
  }

  function post(body) {
    if (!(nav.sendBeacon && nav.sendBeacon(endpoint, body)) && win.fetch) {
      win.fetch(endpoint, { method: "POST", body: body, keepalive: true, credentials: "omit" })["catch"](function () {});
    }
  }

  /* Send everything queued, in batches of at most BATCH events and 60 kB (the beacon limit is 64 kB). */
  function flush() {
    clearTimeout(timer);
    timer = 0;
    while (queue.length) {
      var n = Math.min(queue.length, BATCH), body;
      while ((body = JSON.stringify({ k: key, events: queue.slice(0, n) })).length > 6e4 && n > 1) {
        n = n >> 1;
      }
      queue.splice(0, n);
      post(body);
    }
  }

  function push(event) {
    queue.push(event);
    if (queue.length >= BATCH) {
      flush();
    } else if (!timer) {
      timer = setTimeout(flush, every);
    }
  }

  /* The page without its query string (forms put e-mail addresses there), except utm_* tags. */
  function page() {
    var url = new URL(win.location.href), tags = [];
    url.searchParams.forEach(function (value, name) {
      if (name.slice(0, 4) == "utm_") {
        tags.push(encodeURIComponent(name) + "=" + encodeURIComponent(value));
      }
    });
    return (url.origin + url.pathname + (tags.length ? "?" + tags.join("&") : "")).slice(0, 2000);
  }

  function round(x) {
    return Math.round(x * 1000) / 1000;
  }

  function track(video) {
    var data = (video && video.dataset) || {};
    var id = data.reelwiseVideo;
    if (!id || video.reelwiseTracked) {
      return;
    }
    video.reelwiseTracked = 1;
    var variant = data.reelwiseVariant || null;
    var session = uuid();
    var start = null; /* where the stretch being watched began; null when not playing */
    var next = 0; /* position of the next heartbeat */
    var last = 0; /* last position seen (the "from" of a seek) */
    var seekFrom = null;
    var cta = null, ctaAt = parseFloat(data.reelwiseCtaAt), shown = 0;

    function duration() {
      var d = video.duration;
      return d > 0 && d <= 86400 ? round(d) : null;
    }
    function position() {
      return round(video.currentTime || 0);
    }
    function send(type, from, at) {
      push({
        id: uuid(), v: id, "var": variant, s: session, t: type,
        p: at == null ? position() : at, d: duration(), f: from == null ? null : from,
        ts: Date.now(), u: page()
      });
    }
    /* Heartbeats every second of video; videos over 5 minutes every 1/300 of their length. */
    function step() {
      var d = duration();
      return d && d > 300 ? d / 300 : 1;
    }
    function begin() {
      start = position();
      next = (Math.floor(start / step()) + 1) * step();
    }
    function showCta() {
      if (cta && cta.style.display) {
        cta.style.display = "";
        if (!shown) {
          shown = 1;
          send("cta_shown");
        }
      }
    }

    function buildCta() {
      var text = data.reelwiseCtaText, href = data.reelwiseCtaUrl, url;
      if (!text || !href) {
        return;
      }
      try {
        url = new URL(href, win.location.href);
      } catch (e) {
        return;
      }
      if (url.protocol != "https:" && url.protocol != "http:") {
        return;
      }
      var box = doc.createElement("div");
      box.style.cssText = "position:relative;display:inline-block;max-width:100%";
      video.parentNode.insertBefore(box, video);
      box.appendChild(video);
      cta = doc.createElement("a");
      cta.className = "reelwise-cta";
      cta.href = url.href;
      cta.rel = "noopener";
      cta.textContent = text;
      cta.style.cssText = "display:none;position:absolute;left:50%;bottom:14%;transform:translateX(-50%);" +
        "padding:.7em 1.4em;border-radius:.4em;background:rgba(0,0,0,.8);color:#fff;font:600 1.1em sans-serif;" +
        "text-decoration:none;z-index:2";
      cta.addEventListener("click", function () {
        send("cta_clicked");
        flush();
      });
      box.appendChild(cta);
    }
    buildCta();

    video.addEventListener("play", function () {
      send("play");
      begin();
      if (cta && !(ctaAt >= 0)) {
        cta.style.display = "none";
      }
    });
    video.addEventListener("timeupdate", function () {
      var p = position();
      if (start != null && seekFrom == null && !video.paused && p >= next) {
        send("progress", start, p);
        start = p;
        next = (Math.floor(p / step()) + 1) * step();
      }
      if (ctaAt >= 0 && p >= ctaAt) {
        showCta();
      }
      if (seekFrom == null) {
        last = p;
      }
    });
    video.addEventListener("pause", function () {
      /* at the end, browsers fire pause just before ended: leave that stretch to ended */
      if (!video.ended) {
        if (start != null) {
          send("pause", start);
        }
        start = null;
      }
    });
    video.addEventListener("seeking", function () {
      if (seekFrom == null) {
        seekFrom = last;
      }
    });
    video.addEventListener("seeked", function () {
      send("seek", seekFrom == null ? last : seekFrom);
      seekFrom = null;
      last = position();
      if (start != null) {
        begin();
      }
    });
    video.addEventListener("ended", function () {
      var d = duration();
      send("ended", start, d == null ? position() : d);
      start = null;
      showCta();
    });

    if (win.IntersectionObserver) {
      var seen = new win.IntersectionObserver(function (entries) {
        if (entries[0].isIntersecting) {
          seen.disconnect();
          send("impression");
        }
      }, { threshold: 0.5 });
      seen.observe(video);
    } else {
      send("impression");
    }
  }

  function scan() {
    var list = doc.querySelectorAll("video[data-reelwise-video]"), i;
    for (i = 0; i < list.length; i++) {
      track(list[i]);
    }
  }

  doc.addEventListener("visibilitychange", function () {
    if (doc.visibilityState == "hidden") {
      flush();
    }
  });
  win.addEventListener("pagehide", flush);
  win.reelwise = { track: track, flush: flush, scan: scan };
  if (doc.readyState == "loading") {
    doc.addEventListener("DOMContentLoaded", scan);
  } else {
    scan();
  }
})(window, document);
