"""What every dashboard page shares: the shell the iframe loads first, the token check on
each request the page's script makes, and GraphQL run in-process with the caller's context.

A page is loaded twice: the iframe's GET (no token yet: the dashboard hands it over by
postMessage) returns the shell; once the bridge has the token, htmx fetches the page body
with `Authorization: Bearer <token>` and every action posts the same way.
"""

import functools
import json
from collections.abc import Callable
from typing import Any

from django.http import HttpResponse
from saleor.graphql.context import clear_context
from saleor.permission.enums import OrderPermissions

from ...graphql.view import execute, format_errors
from ..templates import render
from .auth import NoAccess, verify

NO_ACCESS_MESSAGES = {
    "NO_TOKEN": (
        "No access",
        "The dashboard gave this page no token: your account lacks a permission this page "
        "needs (Manage orders), or the page was opened outside the dashboard.",
    ),
    "EXPIRED": ("Session expired", "Your dashboard session expired. Reload the page."),
    "INVALID": ("No access", "The dashboard's token was not accepted."),
    "WRONG_APP": ("No access", "This token was issued for another app."),
    "NO_PERMISSION": (
        "No access",
        "Your account (or this app) lacks the permission this page needs.",
    ),
}


class GraphQLFailure(Exception):
    def __init__(self, errors: list[dict[str, Any]]):
        super().__init__("; ".join(str(e.get("message")) for e in errors))
        self.errors = errors


def run(context: Any, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
    """Execute one operation of the plugin's schema as the page's caller."""
    context.dataloaders = {}  # a fresh read after each mutation
    result = execute(query, variables, None, context)
    if result.errors:
        errors = format_errors(result.errors)
        codes = {(e.get("extensions") or {}).get("exception", {}).get("code") for e in errors}
        if "PermissionDenied" in codes:
            raise NoAccess("NO_PERMISSION")
        raise GraphQLFailure(errors)
    return result.data or {}


def trigger(**events: Any) -> dict[str, str]:
    """An `HX-Trigger` header: the page's script relays these events to the dashboard."""
    return {"HX-Trigger": json.dumps(events)}


def query_params(request: Any) -> dict[str, str]:
    return {
        "theme": "dark" if request.GET.get("theme") == "dark" else "light",
        "locale": (request.GET.get("locale") or "en")[:16],
    }


def dashboard_page(
    title: str, kind: str = "page", permission: Any = OrderPermissions.MANAGE_ORDERS
) -> Callable[..., Any]:
    """Wrap a view `(request, context, **kwargs) -> HttpResponse` into a dashboard page.
    `kind` is `page`, `widget` or `popup` (widgets report their height to the dashboard);
    the caller's token must carry `permission` (the API checks each operation again)."""

    def wrap(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def handler(request: Any, **kwargs: Any) -> HttpResponse:
            if request.method == "GET" and not request.headers.get("HX-Request"):
                return render(
                    "warranty/dashboard/shell.html",
                    {
                        "title": title,
                        "kind": kind,
                        "url": request.get_full_path(),
                        **query_params(request),
                    },
                )
            try:
                context = verify(request)
                if not context.requestor.has_perm(permission):
                    clear_context(context)
                    raise NoAccess("NO_PERMISSION")
            except NoAccess as error:
                return no_access(error)
            try:
                return view(request, context, **kwargs)
            except NoAccess as error:
                return no_access(error)
            except GraphQLFailure as failure:  # input the API refused where the page did not ask
                return refused(failure)
            finally:
                clear_context(context)

        return handler

    return wrap


FAILURES = {
    404: ("Not found", "This page does not exist. Open it again from the dashboard."),
    400: (
        "Could not read the form",
        "What was sent could not be read. Reload the page and try again.",
    ),
    413: ("Too much sent", "What was sent is too large. Shorten it and try again."),
    500: (
        "Something went wrong",
        "The page could not do this. Try again; if it persists, see the server log.",
    ),
}


def refused(failure: GraphQLFailure) -> HttpResponse:
    """The API's refusal of what the page was asked for (an id of nothing, a bad filter)."""
    messages = [str(e.get("message") or "") for e in failure.errors]
    codes = {(e.get("extensions") or {}).get("code") for e in failure.errors}
    if "INTERNAL_ERROR" in codes:
        return failure_page(500)
    return render(
        "warranty/dashboard/no_access.html",
        {"heading": "Not accepted", "message": " ".join(messages), "code": "REFUSED"},
        status=404 if codes == {"NOT_FOUND"} else 400,
        headers={"HX-Retarget": "#page", "HX-Reswap": "innerHTML"},
    )


FAILURE_CODES = {404: "NOT_FOUND", 500: "INTERNAL_ERROR"}


def failure_page(status: int) -> HttpResponse:
    """A page that could not do its work, said in plain words where the page's body goes."""
    heading, message = FAILURES.get(status, FAILURES[500])
    return render(
        "warranty/dashboard/no_access.html",
        {
            "heading": heading,
            "message": message,
            "code": FAILURE_CODES.get(status, "BAD_REQUEST"),
        },
        status=status,
        headers={"HX-Retarget": "#page", "HX-Reswap": "innerHTML"},
    )


def no_access(error: NoAccess) -> HttpResponse:
    heading, message = NO_ACCESS_MESSAGES.get(error.code, NO_ACCESS_MESSAGES["INVALID"])
    return render(
        "warranty/dashboard/no_access.html",
        {"heading": heading, "message": message, "code": error.code},
        headers={"HX-Retarget": "#page", "HX-Reswap": "innerHTML"},
    )
