/* The lesson's page script (loaded in <head>, before Voila's own bundle).

   1. Links written in Markdown (e.g. glossary.ipynb#sciatica) do not know who the learner
      is: append this page's ?learner= and ?present= to every same-origin link.
   2. When the kernel connection drops (culled kernel, server restart, laptop asleep),
      say so and offer a Reload button; saved progress comes back after the reload.
   No request leaves this server. */
(function () {
  "use strict";

  var KEEP = ["learner", "present"];

  function carried() {
    var here = new URLSearchParams(window.location.search);
    var out = [];
    KEEP.forEach(function (key) {
      var value = here.get(key);
      if (value) { out.push([key, value]); }
    });
    return out;
  }

  function fixLink(a, params) {
    var raw = a.getAttribute("href");
    if (!raw || raw.charAt(0) === "#" || /^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.indexOf("//") === 0) {
      return;
    }
    var url;
    try { url = new URL(raw, window.location.href); } catch (e) { return; }
    if (url.origin !== window.location.origin) { return; }
    /* JupyterLab's HTML renderer opens every link of an output in a new tab; the lesson's own
       pages belong in this tab. */
    if (a.getAttribute("target") === "_blank") { a.removeAttribute("target"); a.removeAttribute("rel"); }
    var changed = false;
    params.forEach(function (pair) {
      if (!url.searchParams.has(pair[0])) { url.searchParams.set(pair[0], pair[1]); changed = true; }
    });
    if (changed) { a.setAttribute("href", url.pathname + url.search + url.hash); }
  }

  function fixLinks(root) {
    var params = carried();
    if (!root.querySelectorAll) { return; }
    root.querySelectorAll("a[href]").forEach(function (a) { fixLink(a, params); });
  }

  function watchLinks() {
    fixLinks(document);
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        r.addedNodes.forEach(function (node) {
          if (node.nodeType !== 1) { return; }
          if (node.matches && node.matches("a[href]")) { fixLink(node, carried()); }
          fixLinks(node);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }

  /* ---- lost connection ---- */
  var banner = null;

  function showLost() {
    if (banner) { banner.hidden = false; return; }
    banner = document.createElement("div");
    banner.className = "lesson-connection-lost";
    banner.setAttribute("role", "alert");
    var text = document.createElement("p");
    text.textContent = "The connection to the lesson was lost. Your saved answers are safe. " +
      "Reload the page to carry on.";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "lesson-reload";
    button.textContent = "Reload";
    button.addEventListener("click", function () { window.location.reload(); });
    banner.appendChild(text);
    banner.appendChild(button);
    document.body.insertBefore(banner, document.body.firstChild);
  }

  function hideLost() { if (banner) { banner.hidden = true; } }

  var leaving = false;
  window.addEventListener("beforeunload", function () { leaving = true; });

  var NativeWebSocket = window.WebSocket;
  function LessonWebSocket(url, protocols) {
    var ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (/\/api\/kernels\/[^/]+\/channels/.test(String(url))) {
      ws.addEventListener("open", hideLost);
      ws.addEventListener("close", function () { if (!leaving) { showLost(); } });
    }
    return ws;
  }
  LessonWebSocket.prototype = NativeWebSocket.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) { LessonWebSocket[k] = NativeWebSocket[k]; });
  window.WebSocket = LessonWebSocket;

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watchLinks);
  } else {
    watchLinks();
  }
})();
