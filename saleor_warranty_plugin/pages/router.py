"""Dispatch a request that Saleor handed to the plugin's webhook to one of its pages."""

from typing import Any

from django.http import HttpResponse, HttpResponseNotFound
from django.urls import Resolver404, resolve, reverse

from ..config import WarrantyConfig

URLCONF = "saleor_warranty_plugin.pages.urls"
PREFIX = "/plugins/global/saleor.warranty"


def dispatch(request: Any, path: str | None, config: WarrantyConfig) -> HttpResponse:
    try:
        match = resolve("/" + (path or "").lstrip("/"), urlconf=URLCONF)
    except Resolver404:
        return HttpResponseNotFound()
    request.warranty_config = config
    return match.func(request, *match.args, **match.kwargs)


def page_path(route: str, *args: Any, **kwargs: Any) -> str:
    """The absolute path (from the host's root) of one of the plugin's pages."""
    return PREFIX + reverse(route, urlconf=URLCONF, args=args or None, kwargs=kwargs or None)
