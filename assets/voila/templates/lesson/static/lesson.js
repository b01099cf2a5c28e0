/* The lesson's page script (loaded in <head>, before Voila's own bundle).

   1. Links written in Markdown (e.g. glossary.ipynb#sciatica) do not know who the learner
      is: append this page's ?learner= and ?present= (and, presenting, the teacher's ?key=) to
      every same-origin link.
   2. When the kernel connection drops (culled kernel, server restart, laptop asleep) or the
      kernel dies and the server restarts it (a fresh kernel knows none of the page's widgets),
      also before the page has connected to it, say so and offer a Reload button; saved progress
      comes back after the reload.
   3. Back shows the page as it was left (the browser's back/forward cache), not a new run of
      the chapter: see "Back" below.
   No request leaves this server. */
(function () {
  "use strict";

  var KEEP = ["learner", "present"];
  /* A teacher presenting from the teacher page (?key=...&present=1) keeps the key from chapter to
     chapter, so the live class poll shows on every chapter. Only in presenter mode, and only on
     this server's own links. */
  var PRESENTER_KEEP = ["key"];

  function carried() {
    var here = new URLSearchParams(window.location.search);
    var out = [];
    var keep = here.get("present") === "1" ? KEEP.concat(PRESENTER_KEEP) : KEEP;
    keep.forEach(function (key) {
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

  /* The kernel can be gone before the page connects to it (shut down as "never connected" on an
     overloaded server, or by the server going away and coming back): Voila's widget manager then
     asks api/kernels/<id> once, gets 404 and gives up without a word, leaving the prose without its
     quiz. Its own requests are watched here (no request of ours), and a 404 for this page's kernel
     gives the same notice as a kernel lost later. */
  var nativeFetch = window.fetch;

  function ownKernelModel(input, init) {
    var cfg = pageConfig();
    if (!cfg.kernelId) { return false; }
    var method = (init && init.method) || (input && typeof input === "object" && input.method) || "GET";
    if (String(method).toUpperCase() !== "GET") { return false; }
    var raw = typeof input === "string" ? input : (input && input.url) || String(input);
    var url;
    try { url = new URL(raw, window.location.href); } catch (e) { return false; }
    return url.origin === window.location.origin &&
      url.pathname === kernelUrl(cfg, "api/kernels/");
  }

  if (typeof nativeFetch === "function") {
    window.fetch = function (input, init) {
      var result = nativeFetch.apply(window, arguments);
      if (ownKernelModel(input, init)) {
        result.then(function (reply) {
          if (reply.status === 404 && !leaving) { kernelGone = true; showLost(); }
        }, function () { /* no answer: the socket's close says so */ });
      }
      return result;
    };
  }

  /* A kernel that died before the page connected is restarted by the server under the same id, so
     the page connects to a fresh kernel that knows none of its widgets (and no status message says
     so): the widget manager then draws "Error displaying widget: model not found" where the quiz
     should be. A page whose widgets say so while the kernel knows no widget at all cannot work. */
  var MODEL_NOT_FOUND = /^Error displaying widget: model not found/;
  var widgetsWatched = false;

  function knowsNoWidgets() {
    var app = window.jupyterapp;
    var mgr = app && app.widgetManager;
    if (!mgr || !mgr._models) { return null; }  /* not started yet */
    return Object.keys(mgr._models).length === 0;
  }

  function showsMissingWidget() {
    var found = false;
    document.querySelectorAll(".jupyter-widgets").forEach(function (el) {
      if (!found && MODEL_NOT_FOUND.test((el.textContent || "").trim())) { found = true; }
    });
    return found;
  }

  function watchWidgets() {
    if (widgetsWatched) { return; }
    widgetsWatched = true;
    var tries = 0;
    (function check() {
      if (leaving || kernelGone) { return; }
      var none = knowsNoWidgets();
      if (none === false) { return; }  /* the kernel knows the page's widgets */
      if (none === true && showsMissingWidget()) { kernelGone = true; showLost(); return; }
      tries += 1;
      if (tries < 600) { window.setTimeout(check, 1000); }
    })();
  }

  var NativeWebSocket = window.WebSocket;
  function LessonWebSocket(url, protocols) {
    var ws = protocols === undefined ? new NativeWebSocket(url) : new NativeWebSocket(url, protocols);
    if (/\/api\/kernels\/[^/]+\/channels/.test(String(url))) {
      kernelSockets.push(ws);
      ws.addEventListener("close", function () {
        var i = kernelSockets.indexOf(ws);
        if (i >= 0) { kernelSockets.splice(i, 1); }
      });
      ws.addEventListener("open", hideLost);
      ws.addEventListener("open", watchWidgets);
      ws.addEventListener("message", onKernelMessage);
      ws.addEventListener("close", function () { if (!leaving && !ws.lessonParked) { showLost(); } });
    }
    return ws;
  }
  LessonWebSocket.prototype = NativeWebSocket.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (k) { LessonWebSocket[k] = NativeWebSocket[k]; });
  window.WebSocket = LessonWebSocket;

  /* ---- Back (issue 11) ----
     A browser can keep a page whole when it is left and show it again on Back, scrolled where it
     was, without running the chapter again (the back/forward cache). An open kernel socket keeps
     a page out of that cache, and Voila shuts the kernel down as the page is left. So Voila's
     "page left" handler is held back until pagehide says what happens to the page:
     - kept (event.persisted): close the kernel socket and *park* the kernel; the server shuts it
       down a couple of minutes later (lesson.app.speed) unless the page comes back first. On Back
       the kernel connection reconnects by itself; if the kernel is gone, the page loads again;
     - not kept (a closed tab, a reload, a page the browser will not cache): Voila's handler runs,
       and the kernel is shut down at once, as before. */
  var kernelSockets = [];
  var voilaLeave = [];
  var nativeAddListener = window.addEventListener;
  window.addEventListener = function (type, listener, options) {
    if (type === "beforeunload" && typeof listener === "function") { voilaLeave.push(listener); return; }
    return nativeAddListener.call(this, type, listener, options);
  };

  function pageConfig() {
    var el = document.getElementById("jupyter-config-data");
    try { return el ? JSON.parse(el.textContent) : {}; } catch (e) { return {}; }
  }

  function kernelUrl(cfg, path) {
    return (cfg.baseUrl || "/") + path + encodeURIComponent(cfg.kernelId);
  }

  nativeAddListener.call(window, "pagehide", function (event) {
    leaving = true;
    if (!event.persisted) {
      voilaLeave.forEach(function (f) { try { f.call(window, event); } catch (e) { /* leaving anyway */ } });
      return;
    }
    var cfg = pageConfig();
    if (cfg.kernelId && navigator.sendBeacon) {
      var form = new FormData();
      var xsrf = document.cookie.match("\\b_xsrf=([^;]*)\\b");
      form.append("_xsrf", xsrf ? xsrf[1] : "");
      navigator.sendBeacon(kernelUrl(cfg, "lesson/api/park/"), form);
    }
    kernelSockets.slice().forEach(function (ws) {
      ws.lessonParked = true;  /* closed on purpose: its close event may arrive after Back */
      try { ws.close(); } catch (e) { /* already closed */ }
    });
  });

  nativeAddListener.call(window, "pageshow", function (event) {
    if (!event.persisted) { return; }
    leaving = false;
    var cfg = pageConfig();
    if (!cfg.kernelId || typeof nativeFetch !== "function") { return; }
    nativeFetch.call(window, kernelUrl(cfg, "api/kernels/"), { credentials: "same-origin", cache: "no-store" })
      .then(function (r) { if (r.status === 404) { window.location.reload(); } })
      .catch(function () { /* the connection notice says what to do */ });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", watchLinks);
  } else {
    watchLinks();
  }
})();

/* ---- the page frame (lesson/app/chrome.py) ----
   1. A "Skip to main content" link first on the page, and the page's content as its main landmark.
   2. The contents drawer (a <details> in the top nav line) closes with Escape, a click outside
      it, or a jump to a section of this page.
   3. Glossary terms in the text (links to glossary.ipynb#term) open their meaning in a small
      pop-up next to the word instead of leaving the page. The meanings come from the page's
      footer (.lesson-term-defs). The term works as a disclosure button (Enter or Space opens and
      closes it, Escape closes it and returns to the word); the pop-up links to the full entry.
      A link opened in a new tab (Ctrl, Shift, middle button) still goes to the glossary.
   4. Voila shows the page only after running it, so the browser cannot scroll to a #term or
      #section in the address by itself: this does it once the target is on the page.
   5. Back or reload returns to the reading position (Voila scrolls a box, not the window, and
      a page that was run again is taller only once its parts are drawn). */
(function () {
  "use strict";

  var SKIP_TARGET = "lesson-main";
  var DEFS = ".lesson-term-defs .lesson-term-def";

  /* What scrolls: Voila's own front end scrolls a box (#rendered_cells); a page that scrolls as a
     page scrolls the document. */
  function scroller() {
    var cells = document.getElementById("rendered_cells");
    if (cells) {
      var overflow = getComputedStyle(cells).overflowY;
      if ((overflow === "auto" || overflow === "scroll") && cells.scrollHeight > cells.clientHeight) { return cells; }
    }
    return document.scrollingElement || document.documentElement;
  }

  function rendered() {
    var cells = document.getElementById("rendered_cells");
    if (!cells || getComputedStyle(cells).display === "none") { return false; }
    var loading = document.getElementById("loading");
    return !loading || getComputedStyle(loading).display === "none";
  }

  /* Call fn() once the page is shown and ready() holds (checked every 100 ms, for limitMs). */
  function when(ready, fn, limitMs) {
    var deadline = Date.now() + (limitMs || 60000);
    (function poll() {
      var ok = false;
      try { ok = rendered() && ready(); } catch (e) { ok = false; }
      if (ok) { fn(); return; }
      if (Date.now() < deadline) { window.setTimeout(poll, 100); }
    })();
  }

  /* ---- 1. skip link and main landmark ---- */
  function mainHeading() { return document.querySelector("#rendered_cells h1"); }

  function addSkipLink() {
    var cells = document.getElementById("rendered_cells");
    if (cells && !cells.hasAttribute("role")) { cells.setAttribute("role", "main"); }
    if (document.querySelector(".lesson-skip-link")) { return; }
    var a = document.createElement("a");
    a.className = "lesson-skip-link";
    a.href = "#" + SKIP_TARGET;
    a.textContent = "Skip to main content";
    a.addEventListener("click", function (event) {
      var target = mainHeading() || document.getElementById(SKIP_TARGET);
      if (!target) { return; }
      event.preventDefault();
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      scrollToTarget(target);
      target.focus({ preventScroll: true });
    });
    document.body.insertBefore(a, document.body.firstChild);
  }

  /* ---- 2. contents drawer ---- */
  function openDrawer() { return document.querySelector("details.lesson-contents[open]"); }

  function closeDrawer(focusToggle) {
    var drawer = openDrawer();
    if (!drawer) { return false; }
    drawer.removeAttribute("open");
    if (focusToggle) { drawer.querySelector("summary").focus(); }
    return true;
  }

  /* ---- 3. glossary pop-ups ---- */
  var openPop = null;  /* {trigger, pop} */
  var popCount = 0;

  function onThisPageGlossary() { return /\/glossary\.ipynb$/.test(window.location.pathname); }

  function termOf(a) {
    if (!a || onThisPageGlossary() || a.closest(".lesson-term-pop, .lesson-nav, .lesson-contents")) { return null; }
    var raw = a.getAttribute("href");
    if (!raw || raw.indexOf("glossary.ipynb") === -1) { return null; }
    var url;
    try { url = new URL(raw, window.location.href); } catch (e) { return null; }
    if (url.origin !== window.location.origin || !/\/glossary\.ipynb$/.test(url.pathname) || !url.hash) { return null; }
    var id = decodeURIComponent(url.hash.slice(1));
    var def = document.querySelector(DEFS + '[data-term="' + (window.CSS && CSS.escape ? CSS.escape(id) : id) + '"]');
    return def ? { id: id, def: def, url: url } : null;
  }

  function enhanceTerms(root) {
    if (!root.querySelectorAll || !document.querySelector(DEFS)) { return; }
    root.querySelectorAll("a[href*='glossary.ipynb']").forEach(function (a) {
      if (a.classList.contains("lesson-term") || !termOf(a)) { return; }
      a.classList.add("lesson-term");
      a.setAttribute("role", "button");
      a.setAttribute("aria-expanded", "false");
    });
  }

  /* The pop-up is fixed to the screen (a cell's box would cut it off), below the word, or above it
     when there is no room below; it follows the word as the page scrolls. */
  function place(trigger, pop) {
    var rects = trigger.getClientRects();
    var r = rects.length ? rects[rects.length - 1] : trigger.getBoundingClientRect();
    var vw = document.documentElement.clientWidth;
    var vh = window.innerHeight;
    var width = Math.max(160, Math.min(384, vw - 16));
    pop.style.width = width + "px";
    pop.style.left = Math.max(8, Math.min(r.left, vw - width - 8)) + "px";
    var height = pop.offsetHeight;
    var top = r.bottom + 6;
    if (top + height > vh - 8 && r.top - height - 6 >= 8) { top = r.top - height - 6; }
    pop.style.top = Math.max(8, top) + "px";
  }

  /* Scroll the page's box so that el sits just below the nav line (scrollIntoView would also
     scroll the cells' own clipped boxes). */
  function scrollToTarget(el) {
    var box = scroller();
    if (!box || !el) { return; }
    var nav = document.querySelector(".lesson-nav-top");
    var offset = (nav ? nav.getBoundingClientRect().height : 0) + 12;
    var boxTop = (box === document.scrollingElement || box === document.documentElement) ? 0 : box.getBoundingClientRect().top;
    box.scrollTop += el.getBoundingClientRect().top - boxTop - offset;
  }

  function closePop(returnFocus) {
    if (!openPop) { return false; }
    var current = openPop;
    openPop = null;
    current.trigger.setAttribute("aria-expanded", "false");
    current.trigger.removeAttribute("aria-controls");
    if (current.pop.parentNode) { current.pop.parentNode.removeChild(current.pop); }
    if (returnFocus) { current.trigger.focus(); }
    return true;
  }

  function showPop(trigger, term) {
    closePop(false);
    var name = term.def.querySelector(".lesson-term-def-name").textContent;
    var pop = document.createElement("span");
    pop.className = "lesson-term-pop";
    pop.id = "lesson-term-pop-" + (++popCount);
    pop.setAttribute("role", "group");
    pop.setAttribute("aria-label", "Meaning of " + name);
    var title = document.createElement("span");
    title.className = "lesson-term-pop-name";
    title.textContent = name;
    var text = document.createElement("span");
    text.className = "lesson-term-pop-text";
    text.textContent = term.def.querySelector(".lesson-term-def-text").textContent;
    var more = document.createElement("a");
    more.className = "lesson-term-more";
    more.href = trigger.getAttribute("href");
    more.textContent = "More in the glossary, with sources";
    var close = document.createElement("button");
    close.type = "button";
    close.className = "lesson-term-pop-close";
    close.setAttribute("aria-label", "Close the meaning of " + name);
    close.textContent = "\u00d7";
    close.addEventListener("click", function () { closePop(true); });
    pop.appendChild(title);
    pop.appendChild(text);
    pop.appendChild(more);
    pop.appendChild(close);
    trigger.insertAdjacentElement("afterend", pop);
    trigger.setAttribute("aria-expanded", "true");
    trigger.setAttribute("aria-controls", pop.id);
    openPop = { trigger: trigger, pop: pop };
    place(trigger, pop);
  }

  function toggleTerm(trigger) {
    var term = termOf(trigger);
    if (!term) { return false; }
    if (openPop && openPop.trigger === trigger) { closePop(false); } else { showPop(trigger, term); }
    return true;
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (openPop && !openPop.pop.contains(target) && !openPop.trigger.contains(target)) { closePop(false); }
    var drawer = openDrawer();
    if (drawer && !drawer.contains(target)) { closeDrawer(false); }
    if (drawer && drawer.contains(target) && target.closest && target.closest("a[href^='#']")) {
      window.setTimeout(function () { closeDrawer(false); }, 0);
    }
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey) { return; }
    var a = target.closest ? target.closest("a[href]") : null;
    if (a && termOf(a) && toggleTerm(a)) { event.preventDefault(); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" || event.key === "Esc") {
      if (closePop(true) || closeDrawer(true)) { event.preventDefault(); }
      return;
    }
    var a = event.target;
    if ((event.key === " " || event.key === "Spacebar") && a && a.classList && a.classList.contains("lesson-term")) {
      event.preventDefault();
      toggleTerm(a);
    }
  });

  /* A pop-up closes when the keyboard moves on past it. */
  document.addEventListener("focusin", function (event) {
    if (openPop && !openPop.pop.contains(event.target) && openPop.trigger !== event.target) { closePop(false); }
  });

  function follow() { if (openPop) { place(openPop.trigger, openPop.pop); } }
  window.addEventListener("resize", follow);
  document.addEventListener("scroll", follow, { capture: true, passive: true });

  /* ---- 4. land on #term / #section once it is drawn; 5. reading position on Back ---- */
  var userMoved = false;
  ["wheel", "touchmove", "keydown", "mousedown"].forEach(function (kind) {
    window.addEventListener(kind, function () { userMoved = true; }, { passive: true, capture: true });
  });

  /* Keep re-applying a scroll while the parts above it are still being drawn (charts, quizzes),
     until the reader moves on their own. */
  function settle(apply, forMs) {
    var until = Date.now() + (forMs || 4000);
    userMoved = false;
    apply();
    (function again() {
      if (userMoved || Date.now() > until) { return; }
      apply();
      window.setTimeout(again, 250);
    })();
  }

  function targetOfHash() {
    var hash = window.location.hash;
    if (!hash || hash.length < 2) { return null; }
    var id;
    try { id = decodeURIComponent(hash.slice(1)); } catch (e) { id = hash.slice(1); }
    var el = document.getElementById(id);
    /* Only once it is on the page: a part can arrive in a hidden holder before it is put in place. */
    return el && el.getClientRects().length > 0 ? el : null;
  }

  function landOnHash() {
    if (!window.location.hash || window.location.hash === "#" + SKIP_TARGET) { return; }
    when(function () { return targetOfHash() !== null; }, function () {
      var target = targetOfHash();
      target.classList.add("lesson-targeted");
      if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
      target.focus({ preventScroll: true });
      /* Voila's front end moves the page into its own frame once it starts, which drops focus. */
      settle(function () {
        var t = targetOfHash();
        if (!t) { return; }
        scrollToTarget(t);
        if (!document.activeElement || document.activeElement === document.body) { t.focus({ preventScroll: true }); }
      }, 8000);
    }, 60000);
  }

  var POSITION_KEY = "lesson-position:" + window.location.pathname + window.location.search;

  function navigationType() {
    try {
      var entry = performance.getEntriesByType("navigation")[0];
      return entry ? entry.type : "";
    } catch (e) { return ""; }
  }

  function rememberPosition() {
    try {
      var box = scroller();
      if (box) { sessionStorage.setItem(POSITION_KEY, String(Math.round(box.scrollTop))); }
    } catch (e) { /* storage may be off: nothing to remember */ }
  }

  function restorePosition() {
    var kind = navigationType();
    if (window.location.hash || (kind !== "back_forward" && kind !== "reload")) { return; }
    var saved = null;
    try { saved = sessionStorage.getItem(POSITION_KEY); } catch (e) { return; }
    var top = saved === null ? 0 : parseInt(saved, 10);
    if (!top) { return; }
    when(function () { return document.querySelector(".lesson-footer") !== null; }, function () {
      settle(function () { var box = scroller(); if (box) { box.scrollTop = top; } }, 5000);
    }, 90000);
  }

  window.addEventListener("pagehide", rememberPosition);

  function start() {
    addSkipLink();
    enhanceTerms(document);
    new MutationObserver(function (records) {
      for (var i = 0; i < records.length; i += 1) {
        var added = records[i].addedNodes;
        for (var j = 0; j < added.length; j += 1) {
          var node = added[j];
          if (node.nodeType === 1 && (node.matches(".lesson-term-defs, .lesson-footer") ||
              (node.querySelector && node.querySelector(".lesson-term-defs")))) {
            enhanceTerms(document);
            return;
          }
        }
      }
    }).observe(document.body, { childList: true, subtree: true });
    when(function () { return true; }, function () { addSkipLink(); enhanceTerms(document); }, 120000);
    landOnHash();
    restorePosition();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();

/* ---- quizzes (lesson/quiz) ----
   1. Presenter mode (?present=1): class lesson-present on <html>, so quiz text is projector-sized
      (quiz.css) even on a screen under 1600px.
   2. Number answers get a number keypad on phones (inputmode="decimal"; the field stays type=text,
      so "12 kg" or "1,5" still reach the friendly checker).
   3. Check grades the answer on screen. ipywidgets sends at most one state update per widget at a
      time and holds later ones until the kernel has processed the first, but sends a button click
      at once: at machine speed (two arrow keys, then Enter) the click overtook the held update and
      the kernel graded the previous option. Before any widget button's click is handled, every held
      update is sent now, so it reaches the kernel (which handles comm messages in order) first. */
(function () {
  "use strict";

  if (new URLSearchParams(window.location.search).get("present") === "1") {
    document.documentElement.classList.add("lesson-present");
  }

  function keypads(root) {
    if (!root.querySelectorAll) { return; }
    root.querySelectorAll(".lesson-numeric input:not([inputmode])").forEach(function (input) {
      input.setAttribute("inputmode", "decimal");
      input.setAttribute("autocomplete", "off");
    });
    /* ipywidgets writes option words with no-break spaces; a phone wraps a long chosen answer
       inside its select, so let it break between words, not inside them. */
    root.querySelectorAll(".lesson-pick option").forEach(function (option) {
      if (option.textContent.indexOf("\u00a0") >= 0) { option.textContent = option.textContent.replace(/\u00a0/g, " "); }
    });
  }

  var models = new Map(); /* model id -> resolved widget model */

  function manager() {
    var app = window.jupyterapp;
    return app && app.widgetManager && app.widgetManager._models ? app.widgetManager : null;
  }

  function learnModels() {
    var mgr = manager();
    if (!mgr) { return; }
    Object.keys(mgr._models).forEach(function (id) {
      if (models.has(id)) { return; }
      models.set(id, null);
      Promise.resolve(mgr._models[id]).then(function (m) { models.set(id, m); }, function () { models.delete(id); });
    });
  }

  function flushHeldUpdates() {
    learnModels();
    models.forEach(function (m) {
      if (!m || m._msg_buffer === null || m._msg_buffer === undefined || !m.comm_live) { return; }
      try {
        var msgId = m.send_sync_message(m._msg_buffer, m._msg_buffer_callbacks);
        if (typeof m.rememberLastUpdateFor === "function") { m.rememberLastUpdateFor(msgId); }
        m._msg_buffer = null;
        m._msg_buffer_callbacks = null;
      } catch (e) { /* leave it to ipywidgets' own throttle */ }
    });
  }

  /* Capture phase: runs before the button's own handler sends the click. */
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest(".jupyter-widgets button, button.jupyter-button")) {
      flushHeldUpdates();
    }
  }, true);
  /* Learn the models early (they resolve asynchronously), so the first click finds them. */
  ["focusin", "pointerdown", "keydown"].forEach(function (type) {
    document.addEventListener(type, learnModels, true);
  });

  /* 4. A quiz shows its first questions with the page; the rest are built when its "more" button is
        pressed (lesson/quiz/widgets.py, questions_first). Press it once the page is usable, so the
        first question does not wait for the others. A learner can still press it if this fails. */
  function spinnerGone() {
    var spin = document.getElementById("loading");
    return !spin || getComputedStyle(spin).display === "none";
  }

  function loadRest(root) {
    if (!root.querySelectorAll) { return; }
    var buttons = [];
    if (root.matches && root.matches("button.lesson-quiz-more")) { buttons.push(root); }
    root.querySelectorAll("button.lesson-quiz-more").forEach(function (b) { buttons.push(b); });
    buttons.forEach(function (button) {
      if (button.dataset.lessonPressed) { return; }
      button.dataset.lessonPressed = "1";
      var tries = 0;
      (function press() {
        if (!document.body.contains(button)) { return; }
        if (!spinnerGone() && tries < 600) { tries += 1; window.setTimeout(press, 50); return; }
        /* Not button.click(): a click that bubbles would close an open contents drawer or term
           pop-up, as a click elsewhere on the page does. The widget listens on the button itself. */
        button.dispatchEvent(new MouseEvent("click", { bubbles: false, cancelable: true }));
      })();
    });
  }

  /* A widget gets its classes after it is drawn: watch both new nodes and class changes. */
  function start() {
    keypads(document);
    loadRest(document);
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        if (r.type === "attributes") { keypads(r.target); loadRest(r.target); return; }
        r.addedNodes.forEach(function (n) {
          if (n.nodeType === 1) { keypads(n.tagName === "OPTION" ? r.target : n); loadRest(n); }
        });
      });
    }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["class"] });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
