// Runs the player tracker under a tiny DOM shim in node and prints what it sent, as JSON.
// usage: node player_harness.js <tracker.js> <scenario>
"use strict";
const fs = require("fs");
const vm = require("vm");
const { webcrypto } = require("crypto");

const [scriptPath, scenario] = process.argv.slice(2);

class Element {
  constructor(tag, attrs = {}) {
    this.tagName = tag.toUpperCase();
    this.attrs = { ...attrs };
    this.dataset = {};
    for (const [k, v] of Object.entries(attrs)) {
      if (k.startsWith("data-")) {
        const camel = k.slice(5).replace(/-([a-z])/g, (_, c) => c.toUpperCase());
        this.dataset[camel] = v;
      }
    }
    this.style = { cssText: "", display: "" };
    this.children = [];
    this.parentNode = null;
    this.listeners = {};
    this.textContent = "";
  }
  getAttribute(name) {
    return name in this.attrs ? this.attrs[name] : null;
  }
  addEventListener(type, fn) {
    (this.listeners[type] = this.listeners[type] || []).push(fn);
  }
  dispatch(type) {
    for (const fn of this.listeners[type] || []) fn({ type, target: this });
  }
  appendChild(child) {
    if (child.parentNode) child.parentNode.children = child.parentNode.children.filter((c) => c !== child);
    child.parentNode = this;
    this.children.push(child);
    return child;
  }
  insertBefore(child, ref) {
    child.parentNode = this;
    const i = this.children.indexOf(ref);
    this.children.splice(i < 0 ? this.children.length : i, 0, child);
    return child;
  }
}

// cssText in the tracker sets display:none; reflect that in style.display like a browser.
function styled(el) {
  let css = "";
  Object.defineProperty(el.style, "cssText", {
    get: () => css,
    set: (v) => {
      css = v;
      const m = /display:([a-z-]+)/.exec(v);
      if (m && m[1] === "none") el.style.display = "none";
    },
  });
  return el;
}

let now = 1_717_000_000_000;
let timers = [];
let nextTimer = 1;
const setTimeoutFake = (fn, ms) => {
  const id = nextTimer++;
  timers.push({ id, at: now + ms, fn });
  return id;
};
const clearTimeoutFake = (id) => {
  timers = timers.filter((t) => t.id !== id);
};
function advance(ms) {
  const until = now + ms;
  for (;;) {
    timers.sort((a, b) => a.at - b.at);
    const t = timers[0];
    if (!t || t.at > until) break;
    timers.shift();
    now = t.at;
    t.fn();
  }
  now = until;
}

const beacons = [];
const fetches = [];
let beaconAccepts = true;
const observers = [];
const body = new Element("body");
const videos = [];
function addVideo(attrs, duration) {
  const v = new Element("video", attrs);
  v.currentTime = 0;
  v.duration = duration;
  v.paused = true;
  v.ended = false;
  body.appendChild(v);
  videos.push(v);
  return v;
}

const script = new Element("script", {
  src: "https://stats.example.org/static/reelwise-player.min.js",
  "data-reelwise-key": "pk_testkey_123",
});
script.src = script.attrs.src; // a property in browsers
const docListeners = {};
const document = {
  currentScript: script,
  readyState: "complete",
  visibilityState: "visible",
  createElement: (tag) => styled(new Element(tag)),
  querySelectorAll: (sel) => (sel === "video[data-reelwise-video]" ? videos.filter((v) => v.dataset.reelwiseVideo) : []),
  addEventListener: (type, fn) => (docListeners[type] = docListeners[type] || []).push(fn),
};
const winListeners = {};
const window = {
  navigator: {
    sendBeacon: (url, data) => {
      if (!beaconAccepts) return false;
      beacons.push({ url, body: JSON.parse(data), bytes: Buffer.byteLength(data) });
      return true;
    },
  },
  fetch: (url, init) => {
    fetches.push({ url, body: JSON.parse(init.body), keepalive: init.keepalive, credentials: init.credentials });
    return Promise.resolve({ ok: true });
  },
  crypto: webcrypto,
  location: { href: "https://shop.example.com/landing?email=a%40b.c&utm_source=tiktok#top" },
  IntersectionObserver: class {
    constructor(cb, opts) {
      this.cb = cb;
      this.opts = opts;
      this.targets = [];
      observers.push(this);
    }
    observe(t) {
      this.targets.push(t);
    }
    disconnect() {
      this.targets = [];
    }
  },
  addEventListener: (type, fn) => (winListeners[type] = winListeners[type] || []).push(fn),
};

const v1 = addVideo(
  {
    "data-reelwise-video": "intro",
    "data-reelwise-variant": "v16x9",
    "data-reelwise-cta-text": "Book a <b>demo</b>",
    "data-reelwise-cta-url": "https://shop.example.com/demo",
  },
  12.5,
);
const v2 = addVideo({ "data-reelwise-video": "teaser" }, 30);
const v3 = addVideo(
  { "data-reelwise-video": "evil", "data-reelwise-cta-text": "x", "data-reelwise-cta-url": "javascript:alert(1)" },
  5,
);
addVideo({}, 10); // not tracked: no data-reelwise-video

const sandbox = {
  window,
  document,
  URL,
  setTimeout: setTimeoutFake,
  clearTimeout: clearTimeoutFake,
  Date: { now: () => now },
  console,
};
vm.createContext(sandbox);
vm.runInContext(fs.readFileSync(scriptPath, "utf8"), sandbox, { filename: scriptPath });

function tick(v, to, stepS = 0.25) {
  while (v.currentTime + 1e-9 < to) {
    v.currentTime = Math.min(to, Math.round((v.currentTime + stepS) * 1000) / 1000);
    now += stepS * 1000;
    v.dispatch("timeupdate");
  }
}
function play(v) {
  v.paused = false;
  v.ended = false;
  v.dispatch("play");
}
function pause(v) {
  v.paused = true;
  v.dispatch("pause");
}
function seek(v, to) {
  v.dispatch("seeking");
  v.currentTime = to;
  v.dispatch("timeupdate");
  v.dispatch("seeked");
}
function end(v) {
  tick(v, v.duration);
  v.paused = true;
  v.ended = true;
  v.dispatch("pause");
  v.dispatch("ended");
}
const ctaOf = (v) => v.parentNode.children.find((c) => c.className === "reelwise-cta");

const result = { scenario };
if (scenario === "watch") {
  // v1 enters the viewport; v2 never does.
  observers.find((o) => o.targets.includes(v1)).cb([{ isIntersecting: true, target: v1 }]);
  play(v1);
  tick(v1, 3.0);
  pause(v1);
  seek(v1, 10);
  play(v1);
  end(v1);
  const cta = ctaOf(v1);
  result.cta = { text: cta.textContent, href: cta.href, display: cta.style.display, rel: cta.rel };
  result.evilCta = Boolean(v3.parentNode.children.find((c) => c.className === "reelwise-cta"));
  result.beforeClick = beacons.length;
  cta.dispatch("click"); // sends at once: the page is about to navigate
  result.afterClick = beacons.length;
} else if (scenario === "timer") {
  observers.find((o) => o.targets.includes(v2)).cb([{ isIntersecting: true, target: v2 }]);
  play(v2);
  tick(v2, 2.0);
  result.beforeTimer = beacons.length;
  advance(5000);
  result.afterTimer = beacons.length;
  tick(v2, 2.5);
  document.visibilityState = "hidden";
  for (const fn of docListeners.visibilitychange || []) fn();
  result.afterHidden = beacons.length;
} else if (scenario === "fallback") {
  beaconAccepts = false;
  play(v2);
  for (const fn of winListeners.pagehide || []) fn();
} else if (scenario === "batching") {
  play(v2);
  for (let i = 0; i < 120; i++) seek(v2, (i % 29) + 0.5);
  for (const fn of winListeners.pagehide || []) fn();
  result.pendingTimers = timers.length;
} else {
  throw new Error("unknown scenario " + scenario);
}
result.beacons = beacons;
result.fetches = fetches;
result.tracked = videos.map((v) => Boolean(v.reelwiseTracked));
process.stdout.write(JSON.stringify(result));
