"""What every portal page shares: the view decorator, rendering, redirects, the customer's
token and the look-up page that many failures fall back to."""

import functools
import logging
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.utils import translation
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _

from ...config import WarrantyConfig
from ..static import static_path
from ..templates import render
from . import PORTAL_URL, language_for, queries
from .client import ApiError, SessionExpired, saleor_api, warranty_api
from .forms import (
    FormError,
)
from .session import (
    PortalSession,
    load_session,
    save_session,
)
from .words import ERRORS

logger = logging.getLogger(__name__)

CSP = (
    "default-src 'self'; img-src 'self' https: http: data: blob:; media-src 'self' blob:; "
    "style-src 'self' 'unsafe-inline'; script-src 'self'; form-action 'self'; base-uri 'none'"
)


def portal_page(view: Any) -> Any:
    """A portal view: called as `view(request, **url_kwargs)` with the plugin's configuration
    on `request.warranty_config`, rendered in the customer's language."""

    @functools.wraps(view)
    def wrapper(request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(language_for(request)):
            return view(request, request.warranty_config, *args, **kwargs)

    return wrapper


class Values(dict):
    """Form values for the templates: a field never entered reads as empty."""

    def __missing__(self, key: str) -> str:
        return ""


# --- helpers -------------------------------------------------------------------------------


def portal_url(**params: str) -> str:
    query = {k: v for k, v in params.items() if v}
    return PORTAL_URL + (f"?{urlencode(query)}" if query else "")


def claim_url(claim_id: str, **params: str) -> str:
    query = {k: v for k, v in params.items() if v}
    return f"{PORTAL_URL}claims/{claim_id}/" + (f"?{urlencode(query)}" if query else "")


def respond(
    request: Any,
    session: PortalSession,
    config: WarrantyConfig,
    template: str,
    context: dict,
    status: int = 200,
) -> HttpResponse:
    base = {
        "portal_url": PORTAL_URL,
        "css_url": static_path("warranty/portal/portal.css"),
        "js_url": static_path("warranty/portal/portal.js"),
        "csrf_token": get_token(request),
        "brand_color": config.brand_color,
        "logo_url": config.brand_logo_url,
        "signed_in": session.signed_in,
        "customer_email": session.email,
        "errors": [],
        "notice": "",
        "title": _("Returns and repairs"),
    }
    base.update(context)
    response = render(
        f"warranty/portal/{template}",
        base,
        status=status,
        headers={"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff"},
    )
    save_session(request, response, session)
    return response


def redirect(request: Any, session: PortalSession, location: str) -> HttpResponse:
    response = HttpResponse(status=303)
    response["Location"] = location
    response["Cache-Control"] = "no-store"
    save_session(request, response, session)
    return response


def customer_token(request: Any, session: PortalSession) -> str | None:
    """The customer's access token, renewed with the refresh token when about to expire."""
    if not session.signed_in:
        return None
    if not session.token_expiring():
        return session.token
    if session.refresh_token:
        try:
            data = saleor_api(
                request, queries.TOKEN_REFRESH, {"refreshToken": session.refresh_token}
            )
        except (ApiError, SessionExpired):
            data = {}
        token = (data.get("tokenRefresh") or {}).get("token")
        if token:
            session.token = token
            session.changed = True
            return token
    session.sign_out()
    raise SessionExpired("expired")


def expired(request: Any, session: PortalSession, config: WarrantyConfig) -> HttpResponse:
    session.sign_out()
    return lookup_page(
        request,
        session,
        config,
        errors=[FormError("signin-email", _("Your sign-in has expired. Sign in again."))],
    )


def lookup_page(
    request: Any,
    session: PortalSession,
    config: WarrantyConfig,
    errors: list[FormError] | None = None,
    status: int = 200,
    values: dict | None = None,
    order_id: str = "",
    message: str = "",
) -> HttpResponse:
    orders: list[dict] = []
    claims: list[dict] = []
    if session.signed_in:
        try:
            token = customer_token(request, session)
            me = saleor_api(request, queries.ME, token=token).get("me") or {}
            orders = [edge["node"] for edge in (me.get("orders") or {}).get("edges", [])]
            data = warranty_api(request, config, queries.CLAIMS, token=token)
            claims = [edge["node"] for edge in data["claims"]["edges"]]
        except SessionExpired:
            session.sign_out()
            errors = [FormError("signin-email", _("Your sign-in has expired. Sign in again."))]
    from .present import claims_list, orders_list

    return respond(
        request,
        session,
        config,
        "lookup.html",
        {
            "errors": errors or [],
            "values": Values(values or {}),
            "order_id": order_id,
            "message": message,
            "orders": orders_list(orders),
            "claims": claims_list(claims),
        },
        status=status,
    )


def too_many(request, session, config, blocked, values=None) -> HttpResponse:
    message = _(
        "Too many attempts. For your security, please wait %(minutes)d minutes and try again."
    ) % {"minutes": blocked.minutes}
    response = lookup_page(
        request,
        session,
        config,
        errors=[FormError("order-number", message)],
        status=429,
        values=values,
    )
    response["Retry-After"] = str(blocked.retry_after)
    return response


def failure_page(request: Any, status: int) -> HttpResponse:
    """A page that could not do its work: a body it could not read (400, 413) or a failure
    of its own (500), said in plain words."""
    with translation.override(language_for(request)):
        if status == 500:
            heading = _("Something went wrong")
            message = _("Something went wrong on our side. Please try again in a moment.")
        elif status == 404:
            heading = _("We couldn't find this page")
            message = _("The link may be incomplete. Find your order to continue.")
        else:
            heading = _("We couldn't read what was sent")
            message = _("The form could not be read (a file may be too large). Please try again.")
        return respond(
            request,
            load_session(request),
            request.warranty_config,
            "message.html",
            {"heading": heading, "message": message},
            status=status,
        )


class _PortalCsrf(CsrfViewMiddleware):
    """Django's CSRF check; a refused form gets the portal's page instead of Django's."""

    def _reject(self, request: Any, reason: str) -> HttpResponse:
        logger.debug("Refused a portal form: %s", reason)  # Django's fixed wording, no input
        with translation.override(language_for(request)):
            return respond(
                request,
                load_session(request),
                request.warranty_config,
                "message.html",
                {
                    "heading": _("This form has expired"),
                    "message": _(
                        "For your security the form could not be accepted. Go back, reload "
                        "the page and send it again."
                    ),
                },
                status=403,
            )


csrf_protect = decorator_from_middleware(_PortalCsrf)


def api_message(error: ApiError) -> str:
    if error.code in ERRORS:
        return str(ERRORS[error.code])
    return error.message or _("Something went wrong. Please try again.")
