"""Who is calling: Saleor's own tokens (customer/staff JWTs, app tokens) at the plugin URL.

Saleor's `get_context_value` resolves app tokens only on `/graphql/`, so the app is resolved
here with Saleor's own loader before the context is built; JWTs go through Saleor's
authentication backends exactly as on `/graphql/`.
"""

from typing import Any

import jwt
from saleor.core.auth import get_token_from_request
from saleor.core.jwt import is_saleor_token
from saleor.graphql.app.dataloaders import get_app_promise
from saleor.graphql.context import get_context_value, get_user

from ..requestor import Requestor
from ..text import bad_character

APP_TOKEN_LENGTH = 30
MAX_TOKEN_LENGTH = 8_192
__all__ = ["AuthenticationFailed", "Requestor", "authenticate"]


class AuthenticationFailed(Exception):
    """A token was sent but does not identify an active user or app."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.code = code


def authenticate(request: Any) -> Any:
    """Build Saleor's request context and attach `requestor`; raise AuthenticationFailed."""
    request.dataloaders = {}
    request.allow_replica = False
    token = get_token_from_request(request)
    if token and (len(token) > MAX_TOKEN_LENGTH or bad_character(token)):
        raise AuthenticationFailed("Invalid token.", "InvalidTokenError")
    app = None
    if token and len(token) == APP_TOKEN_LENGTH and not is_saleor_token(token):
        app = get_app_promise(request).get()
        if app is None:
            raise AuthenticationFailed("Invalid or revoked app token.", "InvalidTokenError")
    request.app = app
    context = get_context_value(request)
    user = None
    if token and app is None:
        if not is_saleor_token(token):
            raise AuthenticationFailed("Invalid token.", "InvalidTokenError")
        try:
            user = get_user(context)
        except jwt.ExpiredSignatureError as error:
            raise AuthenticationFailed("Signature has expired.", "ExpiredSignatureError") from error
        except jwt.PyJWTError as error:
            raise AuthenticationFailed(
                str(error) or "Invalid token.", type(error).__name__
            ) from error
        if user is None or not user.is_active:
            raise AuthenticationFailed("Invalid token.", "InvalidTokenError")
    context.requestor = Requestor(user=user, app=app)
    return context
