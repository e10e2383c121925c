// sitegen serve: the live-reload client. The dev server adds this script to
// every HTML page it serves (never to the built files). It listens for build
// news on a WebSocket: after a good build the page reloads, keeping its
// scroll position; after a failed one it shows the errors in an overlay and
// keeps the last good page readable. It is a same-origin file that builds
// the overlay with DOM calls and styles it from a same-origin stylesheet,
// so it passes the pages' Content-Security-Policy (no inline script or style).
(function () {
  "use strict";

  var script = document.currentScript;
  var pageBuild = script ? new URL(script.src).searchParams.get("build") || "" : "";
  var scrollKey = "sitegen-scroll:" + location.pathname;
  var overlayId = "sitegen-overlay";
  var dismissed = null;

  restoreScroll();
  connect(0);

  function connect(attempt) {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + location.host + "/__sitegen/events");
    socket.onopen = function () { attempt = 0; };
    socket.onmessage = function (event) { update(JSON.parse(event.data)); };
    socket.onclose = function () {
      // The server stopped or restarted: try again, more slowly each time.
      setTimeout(function () { connect(attempt + 1); }, Math.min(500 * (attempt + 1), 5000));
    };
  }

  // state: {build: token of the last good build ("" before one), errors: [lines]}
  function update(state) {
    if (state.build && state.build !== pageBuild) {
      reload();
      return;
    }
    if (state.errors.length) {
      showErrors(state.errors);
    } else {
      removeOverlay();
    }
  }

  function reload() {
    try {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
    } catch (e) { /* storage disabled: reload without keeping the position */ }
    location.reload();
  }

  function restoreScroll() {
    var saved = null;
    try {
      saved = sessionStorage.getItem(scrollKey);
      sessionStorage.removeItem(scrollKey);
    } catch (e) { return; }
    if (!saved) return;
    var xy = JSON.parse(saved);
    if ("scrollRestoration" in history) history.scrollRestoration = "manual";
    var go = function () { window.scrollTo(xy[0], xy[1]); };
    go();
    if (document.readyState !== "complete") window.addEventListener("load", go, { once: true });
  }

  function removeOverlay() {
    var host = document.getElementById(overlayId);
    if (host) host.remove();
    dismissed = null;
  }

  function showErrors(errors) {
    var key = errors.join("\n");
    if (key === dismissed) return;
    var host = document.getElementById(overlayId);
    if (host && host.dataset.errors === key) return;
    if (host) host.remove();

    host = document.createElement("div");
    host.id = overlayId;
    host.dataset.errors = key;
    // A shadow root keeps the site's styles out of the overlay and the overlay's out of the site.
    var root = host.attachShadow({ mode: "open" });
    var sheet = document.createElement("link");
    sheet.rel = "stylesheet";
    sheet.href = "/__sitegen/overlay.css";
    root.appendChild(sheet);

    var panel = element("section", "panel");
    panel.setAttribute("role", "alert");
    panel.setAttribute("aria-label", "sitegen build errors");
    var head = element("div", "head");
    var title = element("h2", "title");
    title.textContent = "sitegen: the last build failed (" + errors.length +
      (errors.length === 1 ? " error" : " errors") + "); this page is the last good build";
    var close = element("button", "close");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", function () {
      dismissed = key;
      host.remove();
    });
    head.appendChild(title);
    head.appendChild(close);
    panel.appendChild(head);

    var list = element("ul", "errors");
    errors.forEach(function (line) {
      var item = element("li", "error");
      item.textContent = line;
      list.appendChild(item);
    });
    panel.appendChild(list);
    var hint = element("p", "hint");
    hint.textContent = "Fix the file and save: the page reloads by itself.";
    panel.appendChild(hint);
    root.appendChild(panel);
    (document.body || document.documentElement).appendChild(host);
  }

  function element(tag, className) {
    var node = document.createElement(tag);
    node.className = className;
    return node;
  }
})();
