"""The portal is a client like any other: it speaks the plugin's GraphQL API and Saleor's own
`/graphql/` in-process, as the customer (their token) or as a guest (the order's email), so the
same permission rules hold as for a storefront calling over HTTP."""

from typing import Any

import orjson
from django.http import HttpRequest

from ...config import WarrantyConfig

# Headers of the browser's request that an inner API call keeps: who and where, never its
# credentials or body.
_DROPPED_META = {"HTTP_AUTHORIZATION", "HTTP_AUTHORIZATION_BEARER", "HTTP_COOKIE"}
_DROPPED_PREFIXES = ("CONTENT_", "wsgi.input")


class SessionExpired(Exception):
    """The customer's token was refused (expired, revoked): they must sign in again."""


class ApiError(Exception):
    """A GraphQL error (not a payload error): `code` from extensions where there is one."""

    def __init__(self, message: str, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code


def _inner_request(request: Any, path: str, token: str | None) -> HttpRequest:
    inner = HttpRequest()
    inner.method = "POST"
    inner.path = inner.path_info = path
    inner.META = {
        key: value
        for key, value in request.META.items()
        if key not in _DROPPED_META and not key.startswith(_DROPPED_PREFIXES)
    }
    inner.META["REQUEST_METHOD"] = "POST"
    if token:
        inner.META["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return inner


def _first_error(errors: list[Any]) -> ApiError:
    error = errors[0]
    if isinstance(error, dict):
        extensions = error.get("extensions") or {}
        code = extensions.get("code") or (extensions.get("exception") or {}).get("code")
        return ApiError(str(error.get("message") or ""), code)
    extensions = getattr(error, "extensions", None) or {}
    original = getattr(error, "original_error", None)
    code = extensions.get("code") or getattr(original, "code", None)
    return ApiError(str(getattr(error, "message", error)), code and str(code))


def warranty_api(
    request: Any,
    config: WarrantyConfig,
    query: str,
    variables: dict | None = None,
    token: str | None = None,
) -> dict:
    """Run one operation of the plugin's own schema with the customer's token (or none)."""
    from ...graphql.auth import AuthenticationFailed, authenticate
    from ...graphql.view import execute
    from ..router import page_path

    inner = _inner_request(request, page_path("graphql"), token)
    try:
        context = authenticate(inner)
    except AuthenticationFailed as error:
        raise SessionExpired(str(error)) from error
    context.warranty_config = config
    try:
        result = execute(query, variables, None, context)
    finally:
        from saleor.graphql.context import clear_context

        clear_context(context)
    if result.errors:
        raise _first_error(result.errors)
    return result.data or {}


def saleor_api(request: Any, query: str, variables: dict | None = None, token: str | None = None):
    """Run one operation on Saleor's own API view (`tokenCreate`, `tokenRefresh`, `me`...)."""
    from saleor.graphql.api import API_PATH, backend, schema
    from saleor.graphql.views import GraphQLView

    inner = _inner_request(request, str(API_PATH), token)
    body = orjson.dumps({"query": query, "variables": variables or {}})
    inner._body = body
    inner.META["CONTENT_TYPE"] = "application/json"
    inner.META["CONTENT_LENGTH"] = str(len(body))
    inner.content_type = "application/json"
    inner.content_params = {}
    response = GraphQLView.as_view(backend=backend, schema=schema)(inner)
    content = orjson.loads(response.content)
    if content.get("errors"):
        error = _first_error(content["errors"])
        if error.code in {"ExpiredSignatureError", "InvalidTokenError", "DecodeError"}:
            raise SessionExpired(error.message)
        raise error
    return content.get("data") or {}
