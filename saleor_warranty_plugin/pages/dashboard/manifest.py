"""The dashboard app's manifest: one function builds it for the install command and for
`app/manifest` (installs by URL), so both describe the same app."""

from typing import Any

from django.http import HttpResponse, JsonResponse

from ... import __version__
from ..router import PREFIX

APP_IDENTIFIER = "saleor.warranty"
APP_NAME = "Returns & warranty"
# The app's permissions cap what any staff member can do through its pages (the dashboard's
# token carries the intersection of the app's and the user's permissions).
APP_PERMISSIONS = ["MANAGE_ORDERS", "HANDLE_PAYMENTS", "MANAGE_GIFT_CARD", "MANAGE_SETTINGS"]


def build_manifest(base_url: str) -> dict[str, Any]:
    """`base_url` is the plugin's absolute URL prefix, ending in `/`."""
    from ...compat import manifest_requires_token_target_url

    if not base_url.endswith("/"):
        base_url += "/"
    app_url = base_url + "dashboard/"
    manifest: dict[str, Any] = {
        "id": APP_IDENTIFIER,
        "name": APP_NAME,
        "version": __version__,
        "about": (
            "Claims against your return and warranty policy: a queue, each claim with its "
            "verdicts and actions, what an order may still claim, and the policy per channel."
        ),
        "author": "saleor-warranty-plugin",
        "permissions": list(APP_PERMISSIONS),
        "appUrl": app_url,
        "extensions": [
            {
                # APP_PAGE: relative to appUrl (the dashboard requires a leading slash)
                "identifier": "claims-queue",
                "label": "Returns & warranty",
                "mount": "NAVIGATION_ORDERS",
                "target": "APP_PAGE",
                "url": "/claims/",
                "permissions": ["MANAGE_ORDERS"],
            },
            {
                "identifier": "return-policy",
                "label": "Return policy",
                "mount": "NAVIGATION_ORDERS",
                "target": "APP_PAGE",
                "url": "/policy/",
                "permissions": ["MANAGE_SETTINGS"],
            },
            {
                # widgets and popups get absolute URLs: Saleor and the dashboard join
                # relative ones differently
                "identifier": "order-claims-widget",
                "label": "Returns & warranty",
                "mount": "ORDER_DETAILS_WIDGETS",
                "target": "WIDGET",
                "url": app_url + "orders/widget/",
                "permissions": ["MANAGE_ORDERS"],
                "options": {"widgetTarget": {"method": "GET"}},
            },
            {
                "identifier": "order-open-claim",
                "label": "Open a return or warranty claim",
                "mount": "ORDER_DETAILS_MORE_ACTIONS",
                "target": "POPUP",
                "url": app_url + "orders/claim/",
                "permissions": ["MANAGE_ORDERS"],
            },
        ],
    }
    if manifest_requires_token_target_url():
        manifest["tokenTargetUrl"] = base_url + "app/register"
    return manifest


def public_base_url(public_url: str | None = None) -> str:
    """The plugin's absolute prefix: from `public_url` if given, else Saleor's PUBLIC_URL or
    the Site's domain (as Saleor builds its own absolute URLs)."""
    if public_url:
        return public_url.rstrip("/") + PREFIX + "/"
    from saleor.core.utils import build_absolute_uri

    return build_absolute_uri(PREFIX + "/")


def manifest_response(request: Any) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["GET"])
    response = JsonResponse(build_manifest(request.build_absolute_uri(PREFIX + "/")))
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "no-cache"
    return response


def register_response(request: Any) -> HttpResponse:
    """Where Saleor 3.22 posts the app's token when the app is installed by URL (its manifest
    must name such a URL). The pages act with the dashboard's tokens inside Saleor's own
    process, so the app's token is not kept; answering 200 lets the install complete."""
    if request.method != "POST":
        from django.http import HttpResponseNotAllowed

        return HttpResponseNotAllowed(["POST"])
    return JsonResponse({"success": True})
