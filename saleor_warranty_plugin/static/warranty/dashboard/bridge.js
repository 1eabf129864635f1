// The page's side of the Saleor Dashboard's App Bridge (postMessage), in plain JS.
// It keeps the token the dashboard hands over (handshake, tokenRefresh), adds it to every
// htmx request, follows the dashboard's theme and locale, and relays the server's
// HX-Trigger events (notifications, refresh, close, resize) to the dashboard as actions.
(function () {
  "use strict";
  var token = null;
  var ready = false;
  var root = document.documentElement;
  var params = new URLSearchParams(window.location.search);
  var embedded = window.parent && window.parent !== window;

  function applyTheme(theme) {
    root.dataset.theme = theme === "dark" ? "dark" : "light";
  }
  function applyLocale(locale) {
    if (locale) root.lang = String(locale).replace("_", "-");
    formatAll(document);
  }
  function actionId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function post(type, payload) {
    if (!embedded) return;
    var body = Object.assign({}, payload || {}, { actionId: actionId() });
    window.parent.postMessage({ type: type, payload: body }, "*");
  }
  function start() {
    if (ready) return;
    ready = true;
    document.body.dispatchEvent(new CustomEvent("warranty:ready", { bubbles: true }));
  }

  // Dates and amounts rendered by the server carry machine values; show them in the
  // dashboard's locale.
  function formatAll(scope) {
    var locale = root.lang || "en";
    scope.querySelectorAll("time[datetime]").forEach(function (el) {
      var value = new Date(el.getAttribute("datetime"));
      if (isNaN(value)) return;
      var opts = el.dataset.dateOnly ? { dateStyle: "medium" } : { dateStyle: "medium", timeStyle: "short" };
      try { el.textContent = new Intl.DateTimeFormat(locale, opts).format(value); } catch (e) { /* keep server text */ }
    });
    scope.querySelectorAll("[data-amount][data-currency]").forEach(function (el) {
      try {
        el.textContent = new Intl.NumberFormat(locale, { style: "currency", currency: el.dataset.currency })
          .format(Number(el.dataset.amount));
      } catch (e) { /* keep server text */ }
    });
  }

  applyTheme(params.get("theme"));
  if (params.get("locale")) applyLocale(params.get("locale"));

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !event.data || typeof event.data !== "object") return;
    var payload = event.data.payload || {};
    switch (event.data.type) {
      case "handshake":
        token = payload.token || "";
        start();
        break;
      case "tokenRefresh":
        if (payload.token) token = payload.token;
        break;
      case "theme":
        applyTheme(payload.theme);
        break;
      case "localeChanged":
        applyLocale(payload.locale);
        break;
      case "redirect":
        if (payload.path && window.htmx) navigate(payload.path);
        break;
    }
  });

  function appBase() {
    var marker = "/dashboard/";
    var path = window.location.pathname;
    return path.slice(0, path.indexOf(marker) + marker.length - 1);
  }
  function navigate(path) {
    var url = appBase() + path + (path.indexOf("?") < 0 ? window.location.search : "");
    window.htmx.ajax("GET", url, { target: "#page", swap: "innerHTML" });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    body.addEventListener("htmx:configRequest", function (event) {
      if (token) event.detail.headers["Authorization"] = "Bearer " + token;
    });
    body.addEventListener("htmx:afterSwap", function (event) { formatAll(event.detail.target); });
    // A page that could not do its work answers 4xx/5xx with a message: show it.
    body.addEventListener("htmx:beforeSwap", function (event) {
      var xhr = event.detail.xhr;
      if (xhr.status >= 400 && (xhr.getResponseHeader("Content-Type") || "").indexOf("text/html") === 0) {
        event.detail.shouldSwap = true;
        event.detail.isError = false;
      }
    });
    // Events the server names in HX-Trigger headers.
    // (htmx adds the element to an event's detail: only plain values cross postMessage)
    body.addEventListener("warranty:notify", function (event) {
      var d = event.detail || {};
      post("notification", { status: d.status || "info", title: d.title || "", text: d.text || "" });
    });
    body.addEventListener("warranty:refresh", function () { post("refreshEntity"); });
    body.addEventListener("warranty:close", function () { post("popupClose"); });
    body.addEventListener("warranty:route", function (event) {
      post("updateRouting", { newRoute: String(event.detail.route || "") });
    });
    // Links to the dashboard's own pages (an order) ask the dashboard to navigate.
    body.addEventListener("click", function (event) {
      if (event.target.closest && event.target.closest("[data-popup-close]")) post("popupClose");
      var link = event.target.closest && event.target.closest("a[data-dashboard]");
      if (!link || !embedded) return;
      event.preventDefault();
      post("redirect", { to: link.getAttribute("data-dashboard"), newContext: false });
    });
    if (body.dataset.kind === "widget" && window.ResizeObserver) {
      var last = 0;
      new ResizeObserver(function () {
        var height = Math.ceil(document.documentElement.scrollHeight);
        if (height !== last) { last = height; post("widgetResize", { height: height }); }
      }).observe(body);
    }
    if (embedded) {
      post("notifyReady");
    } else {
      token = "";
      start();
    }
  });
})();
