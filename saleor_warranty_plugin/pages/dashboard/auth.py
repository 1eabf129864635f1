"""The token the dashboard hands to the app's pages, verified in-process.

It is the staff member's Saleor JWT of type `thirdparty`, minted for one app: its
`permissions` are the app's permissions narrowed to the user's. A page accepts it only when
it was minted for this plugin's app; everything else the page does runs through the plugin's
GraphQL schema with the same context, hence the same permission rules as any API client.
"""

from typing import Any

import graphene
import jwt
from saleor.core.auth import get_token_from_request
from saleor.core.jwt import JWT_THIRDPARTY_ACCESS_TYPE, jwt_decode

from ...graphql.auth import AuthenticationFailed, authenticate
from .manifest import APP_IDENTIFIER


class NoAccess(Exception):
    """The page cannot act for anyone; `code` picks the message the page shows."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(detail or code)
        self.code = code
        self.detail = detail


def our_app_id() -> str | None:
    from saleor.app.models import App

    pk = (
        App.objects.not_removed()
        .filter(identifier=APP_IDENTIFIER, is_active=True)
        .values_list("pk", flat=True)
        .first()
    )
    return graphene.Node.to_global_id("App", pk) if pk else None


def verify(request: Any) -> Any:
    """Saleor's request context for the page's caller; raises NoAccess."""
    token = get_token_from_request(request)
    if not token:
        raise NoAccess("NO_TOKEN")
    try:
        payload = jwt_decode(token)
    except jwt.ExpiredSignatureError as error:
        raise NoAccess("EXPIRED") from error
    except jwt.PyJWTError as error:
        raise NoAccess("INVALID", str(error)) from error
    if payload.get("type") != JWT_THIRDPARTY_ACCESS_TYPE:
        raise NoAccess("WRONG_APP", "not a token the dashboard minted for an app")
    app_id = our_app_id()
    if app_id is None or payload.get("app") != app_id:
        raise NoAccess("WRONG_APP", "the token was minted for another app")
    try:
        context = authenticate(request)
    except AuthenticationFailed as error:
        raise NoAccess("INVALID", str(error)) from error
    user = context.requestor.user
    if user is None or not user.is_staff:
        raise NoAccess("NO_PERMISSION")
    return context
