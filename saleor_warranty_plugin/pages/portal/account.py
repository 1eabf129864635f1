"""Finding an order, signing in (with Saleor's `tokenCreate`, or a hand-over from the
storefront) and signing out."""

from typing import Any

from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from ...config import WarrantyConfig
from ...text import bad_character
from . import PORTAL_URL, queries, throttle
from .base import (
    api_message,
    csrf_protect,
    customer_token,
    expired,
    lookup_page,
    portal_page,
    portal_url,
    redirect,
    too_many,
)
from .client import ApiError, SessionExpired, saleor_api, warranty_api
from .forms import (
    FormError,
)
from .orders import claim_step, order_page
from .session import (
    PortalSession,
    load_session,
)
from .words import ERRORS

# --- find the order / sign in -------------------------------------------------------------


@portal_page
@csrf_protect
def home(request: Any, config: WarrantyConfig) -> HttpResponse:
    session = load_session(request)
    order_id = request.GET.get("order", "").strip()[:200]
    if request.method == "GET":
        if order_id:
            return order_page(request, session, config, order_id)
        return lookup_page(request, session, config)
    if request.method != "POST":
        return HttpResponseNotAllowed(["GET", "POST"])
    action = request.POST.get("action", "")
    if action == "lookup":
        return _lookup(request, session, config)
    if action == "signin":
        return _sign_in(request, session, config)
    if order_id and action in ("review", "send", "edit"):
        return claim_step(request, session, config, order_id, action)
    return lookup_page(request, session, config)


def _find_order_id(number: str) -> str | None:
    """The global id of the order with this number. The API takes order ids, and a guest knows
    only the number: this one read turns one into the other; whether the guest may see the
    order is then decided by the API (email binding), as for any client."""
    from saleor.order.models import Order

    from ...graphql.ids import to_global_id

    digits = number.strip().lstrip("#")
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 9:
        return None
    pk = (
        Order.objects.filter(number=int(digits))
        .exclude(status="draft")
        .values_list("pk", flat=True)
        .first()
    )
    return to_global_id("Order", pk) if pk else None


def _lookup(request: Any, session: PortalSession, config: WarrantyConfig) -> HttpResponse:
    number = request.POST.get("order_number", "").strip()[:20]
    email = request.POST.get("email", "").strip()[:254]
    values = {"order_number": number, "email": email}
    errors = []
    if not number:
        errors.append(FormError("order-number", _("Enter your order number.")))
    if not email and not session.signed_in:
        errors.append(FormError("order-email", _("Enter the email you used for the order.")))
    if errors:
        return lookup_page(request, session, config, errors=errors, values=values)
    client = throttle.client_key(request)
    order_key = number.lstrip("#")
    blocked = throttle.check(client, order_key)
    if blocked:
        return too_many(request, session, config, blocked, values)
    order_id = _find_order_id(number)
    found = False
    if order_id:
        try:
            token = customer_token(request, session)
            warranty_api(
                request,
                config,
                queries.ELIGIBILITY,
                {"order": order_id, "email": None if token else email},
                token=token,
            )
            found = True
        except SessionExpired:
            return expired(request, session, config)
        except ApiError as error:
            if error.code == "ACCOUNT_REQUIRED":
                found = True  # the order page explains it
            elif error.code != "NOT_FOUND":
                return lookup_page(
                    request,
                    session,
                    config,
                    errors=[FormError("order-number", api_message(error))],
                    values=values,
                )
    if not found:
        throttle.record_failure(client, order_key)
        return lookup_page(
            request,
            session,
            config,
            errors=[FormError("order-number", str(ERRORS["NOT_FOUND"]))],
            values=values,
            status=404,
        )
    if not session.signed_in:
        session.remember_guest_order(str(order_id), email)
    return redirect(request, session, portal_url(order=str(order_id)))


def _sign_in(request: Any, session: PortalSession, config: WarrantyConfig) -> HttpResponse:
    email = request.POST.get("email", "").strip()[:254]
    password = request.POST.get("password", "")[:1000]
    next_order = request.POST.get("order", "").strip()[:200]
    values = {"signin_email": email}
    if bad_character(email) or bad_character(password):
        # refused here: Saleor's tokenCreate would fail on it in the database
        return lookup_page(
            request,
            session,
            config,
            errors=[
                FormError(
                    "signin-email", _("The email or password has a character that is not allowed.")
                )
            ],
            values=values,
            order_id=next_order,
            status=400,
        )
    if not email or not password:
        return lookup_page(
            request,
            session,
            config,
            errors=[FormError("signin-email", _("Enter your email and password."))],
            values=values,
            order_id=next_order,
        )
    client = throttle.client_key(request)
    blocked = throttle.check(client)
    if blocked:
        return too_many(request, session, config, blocked, values)
    try:
        data = saleor_api(request, queries.TOKEN_CREATE, {"email": email, "password": password})
    except (ApiError, SessionExpired) as error:
        data = {"tokenCreate": {"errors": [{"message": str(error)}]}}
    result = data.get("tokenCreate") or {}
    if not result.get("token"):
        throttle.record_failure(client)
        codes = {e.get("code") for e in result.get("errors") or []}
        if "LOGIN_ATTEMPT_DELAYED" in codes:  # Saleor's own brake on repeated sign-ins
            message, status = _("Too many sign-in attempts. Wait a minute and try again."), 429
        else:
            message = _("The email or password is not right, or the account is not active yet.")
            status = 400
        return lookup_page(
            request,
            session,
            config,
            errors=[FormError("signin-email", message)],
            values=values,
            order_id=next_order,
            status=status,
        )
    user_email = (result.get("user") or {}).get("email") or email
    session.sign_in(result["token"], result.get("refreshToken") or "", user_email)
    return redirect(request, session, portal_url(order=next_order))


@portal_page
@csrf_exempt
def hand_over(request: Any, config: WarrantyConfig) -> HttpResponse:
    """The storefront's hand-over of a signed-in customer: a form POST (never a URL) of
    `token` (Saleor access token), optionally `refreshToken`, `order` (Order id) and `lang`.
    The token is checked by Saleor before it is kept in the portal's HttpOnly cookie."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    session = load_session(request)
    token = request.POST.get("token", "").strip()
    order_id = request.POST.get("order", "").strip()[:200]
    email = ""
    if token:
        try:
            who = warranty_api(request, config, queries.WHO, token=token)["pluginInfo"]
            if who["requestor"] in ("CUSTOMER", "STAFF"):
                me = saleor_api(request, queries.ME_EMAIL, token=token).get("me") or {}
                email = me.get("email") or ""
        except (ApiError, SessionExpired):
            email = ""
    if not email:
        return lookup_page(
            request,
            session,
            config,
            errors=[FormError("signin-email", _("We couldn't sign you in. Sign in here."))],
            status=401,
        )
    session.sign_in(token, request.POST.get("refreshToken", "").strip(), email)
    lang = request.POST.get("lang", "").strip()[:10]
    return redirect(request, session, portal_url(order=order_id, lang=lang))


@portal_page
@csrf_protect
def sign_out(request: Any, config: WarrantyConfig) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    session = load_session(request)
    session.sign_out()
    return redirect(request, session, PORTAL_URL)
