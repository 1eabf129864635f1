"""Dispatch a request that Saleor handed to the plugin's webhook to one of its pages.

Whatever a page meets — a body Django cannot parse, or a failure of its own — the answer is
the plugin's, never Django's HTML error page: a typed JSON error for the API, a page with a
plain message for the portal and the dashboard. Failures are logged without the request."""

import logging
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpResponse, HttpResponseNotFound, UnreadablePostError
from django.http.multipartparser import MultiPartParserError
from django.urls import Resolver404, resolve, reverse

from ..config import WarrantyConfig
from ..failures import log_unexpected

URLCONF = "saleor_warranty_plugin.pages.urls"
PREFIX = "/plugins/global/saleor.warranty"
logger = logging.getLogger(__name__)

# a body Django refuses to parse (no boundary, too many fields or files, too big, cut short)
UNREADABLE_BODY = (MultiPartParserError, SuspiciousOperation, UnreadablePostError)


def dispatch(request: Any, path: str | None, config: WarrantyConfig) -> HttpResponse:
    request.warranty_config = config
    try:
        match = resolve("/" + (path or "").lstrip("/"), urlconf=URLCONF)
    except Resolver404:
        section = (path or "").lstrip("/").split("/", 1)[0]
        if section in ("portal", "dashboard"):
            return failure(request, section, 404)  # a page's address mistyped or cut
        return HttpResponseNotFound()
    try:
        return match.func(request, *match.args, **match.kwargs)
    except UNREADABLE_BODY as error:
        logger.debug("Refused a request to %s: %s", match.view_name, type(error).__name__)
        status = 413 if isinstance(error, RequestDataTooBig) else 400
        return failure(request, match.namespace, status)
    except Exception as error:  # noqa: BLE001 - the last line before Django's HTML 500
        log_unexpected(logger, f"page {match.view_name}", error)
        return failure(request, match.namespace, 500)


def failure(request: Any, namespace: str, status: int) -> HttpResponse:
    """The answer when a page could not do its work: 404 for an address that is no page,
    400/413 for a body it could not read, 500 for its own failure."""
    if namespace == "portal":
        from .portal import base as portal

        return portal.failure_page(request, status)
    if namespace == "dashboard":
        from .dashboard import base as dashboard

        return dashboard.failure_page(status)
    from ..graphql.view import error_response, internal_error_response

    if status == 500:
        return internal_error_response()
    return error_response("Unable to read the request.", status, "BadRequest")


def page_path(route: str, *args: Any, **kwargs: Any) -> str:
    """The absolute path (from the host's root) of one of the plugin's pages."""
    return PREFIX + reverse(route, urlconf=URLCONF, args=args or None, kwargs=kwargs or None)
