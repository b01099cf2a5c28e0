/* The lesson's page script (loaded in <head>, before Voila's own bundle).

   1. Links written in Markdown (e.g. glossary.ipynb#sciatica) do not know who the learner
      is: append this page's ?learner= and ?present= to every same-origin link.
   2. When the kernel connection drops (culled kernel, server restart, laptop asleep) or the
      kernel dies and the server restarts it (a fresh kernel knows none of the page's widgets),
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

  /* A reconnect to a restarted kernel opens the socket again, but the page stays dead: once the
     kernel is gone, the notice stays until the page is reloaded. */
  var kernelGone = false;
  function hideLost() { if (banner && !kernelGone) { banner.hidden = true; } }

  var leaving = false;
  window.addEventListener("beforeunload", function () { leaving = true; });

  /* The server tells the page about a restarted or dead kernel with a small status message
     (JSON text, or the binary v1 websocket protocol). Large messages (widget state) are skipped. */
  var GONE = /"execution_state"\s*:\s*"(restarting|autorestarting|dead)"/;
  var SMALL = 4096;

  function checkStatus(text) {
    if (GONE.test(text)) { kernelGone = true; showLost(); }
  }

  function onKernelMessage(event) {
    if (leaving || kernelGone) { return; }
    var data = event.data;
    if (typeof data === "string") {
      if (data.length <= SMALL) { checkStatus(data); }
    } else if (data instanceof ArrayBuffer) {
      if (data.byteLength <= SMALL) { checkStatus(new TextDecoder().decode(data)); }
    } else if (data && typeof data.size === "number" && data.size <= SMALL && data.text) {
      data.text().then(checkStatus, function () { /* unreadable: not a status message */ });
    }
  }

  var NativeWebSocket = window.WebSocket;
  function LessonWebSocket(url, protocols) {
    var ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (/\/api\/kernels\/[^/]+\/channels/.test(String(url))) {
      ws.addEventListener("open", hideLost);
      ws.addEventListener("message", onKernelMessage);
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
