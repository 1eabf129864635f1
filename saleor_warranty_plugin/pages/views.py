"""Views for the plugin's own endpoints (GraphQL, evidence links, static files, manifest)."""

from typing import Any

from django.http import HttpResponse
from django.http.response import HttpResponseBase

from . import static as static_files


def graphql(request: Any) -> HttpResponse:
    from ..graphql.view import handle_graphql_request

    return handle_graphql_request(request, request.warranty_config)


def evidence(request: Any, token: str) -> HttpResponse:
    from ..evidence import serve_signed

    return serve_signed(request, token)


def static(request: Any, version: str, name: str) -> HttpResponseBase:
    return static_files.serve(request, version, name)


def manifest(request: Any) -> HttpResponse:
    from .dashboard.manifest import manifest_response

    return manifest_response(request)


def register(request: Any) -> HttpResponse:
    from .dashboard.manifest import register_response

    return register_response(request)
