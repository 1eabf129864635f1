"""A page standing in for the Saleor Dashboard 3.23 around an app extension's iframe.

It lives on its own origin (`http://localhost:1`, served by Playwright's request
routing), frames the plugin's page with the dashboard's sandbox and query string, sends the
handshake with a real token on `load` and again in reply to `notifyReady`, answers every
action with a `response`, and records the actions for the test in `window.actions`.
"""

import json
from typing import Any
from urllib.parse import urlencode

# A second loopback origin (the live server is 127.0.0.1), as a local dashboard would be.
HARNESS_ORIGIN = "http://localhost:1"
SANDBOX = "allow-same-origin allow-forms allow-scripts allow-downloads allow-popups"

HTML = """<!doctype html>
<html><head><meta charset="utf-8"><title>Dashboard harness</title>
<style>body{margin:0;background:#eee} iframe{border:0;display:block;background:#fff}</style>
</head><body>
<iframe id="app" title="app" sandbox="%(sandbox)s" style="width:%(width)spx;height:%(height)spx"></iframe>
<script>
const cfg = %(config)s;
const frame = document.getElementById("app");
const appOrigin = new URL(cfg.src).origin;
window.actions = [];
window.token = cfg.token;
window.send = (message) => frame.contentWindow.postMessage(message, appOrigin);
const handshake = () => window.send({type: "handshake", payload: {
  token: window.token, version: 1, saleorVersion: "3.23.28", dashboardVersion: "3.23.27"}});
frame.addEventListener("load", handshake);
window.addEventListener("message", (event) => {
  if (event.source !== frame.contentWindow || event.origin !== appOrigin) return;
  const action = event.data;
  if (!action || !action.payload || !action.payload.actionId) return;
  window.actions.push(action);
  window.send({type: "response", payload: {actionId: action.payload.actionId, ok: true}});
  if (action.type === "notifyReady") handshake();
  if (action.type === "widgetResize" && cfg.autosize) frame.style.height = action.payload.height + "px";
});
frame.src = cfg.src;
</script></body></html>"""


def open_in_dashboard(
    page: Any,
    live_server_url: str,
    path: str,
    token: str | None,
    *,
    params: dict[str, str] | None = None,
    theme: str = "light",
    width: int = 1280,
    height: int = 800,
    autosize: bool = False,
) -> Any:
    """Open the plugin page at `path` (after the plugin prefix) inside the harness; return
    the iframe's FrameLocator."""
    from saleor_warranty_plugin.pages.router import PREFIX

    query = {
        "domain": live_server_url.split("//", 1)[1],
        "saleorApiUrl": f"{live_server_url}/graphql/",
        "id": "QXBwOjE=",
        "theme": theme,
        **(params or {}),
    }
    src = f"{live_server_url}{PREFIX}/{path.lstrip('/')}?{urlencode(query)}"
    config = {"src": src, "token": token or "", "autosize": autosize}
    html = HTML % {
        "sandbox": SANDBOX,
        "width": width,
        "height": height,
        "config": json.dumps(config),
    }
    page.route(
        f"{HARNESS_ORIGIN}/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body=html),
    )
    page.goto(f"{HARNESS_ORIGIN}/harness")
    return page.frame_locator("#app")


def actions(page: Any, kind: str | None = None) -> list[dict]:
    recorded = page.evaluate("window.actions")
    return [a for a in recorded if kind is None or a["type"] == kind]
