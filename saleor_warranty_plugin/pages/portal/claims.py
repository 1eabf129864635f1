"""A claim's page for its customer or guest: status, next steps, cancel, repair quote."""

from typing import Any

from django.http import HttpResponse, HttpResponseNotAllowed
from django.utils.translation import gettext as _

from ...config import WarrantyConfig
from . import queries
from .base import (
    api_message,
    claim_url,
    csrf_protect,
    customer_token,
    expired,
    lookup_page,
    portal_page,
    portal_url,
    redirect,
    respond,
)
from .client import ApiError, SessionExpired, saleor_api, warranty_api
from .forms import (
    FormError,
)
from .present import claim_view
from .session import (
    load_session,
    read_claim_link,
)

NOTICES = {
    "cancelled": "Your request has been cancelled.",
    "quote-accepted": "Thank you: the repair will go ahead.",
    "quote-declined": "You declined the repair: the item will be sent back to you.",
}


# --- the claim page ------------------------------------------------------------------------


def _claim_access(request, session, claim_id) -> tuple[str | None, list[str | None], str]:
    """(customer token, emails to try, link token): a claim link, else the guest's orders."""
    access = request.GET.get("access") or request.POST.get("access") or ""
    token = customer_token(request, session)
    if token:
        return token, [None], ""
    linked = read_claim_link(access, claim_id) if access else None
    if linked:
        return None, [linked], access
    emails = list(dict.fromkeys(session.guest_orders.values()))
    return None, emails, ""


def _load_claim(request, session, config, claim_id) -> tuple[dict | None, str | None, str, str]:
    token, emails, access = _claim_access(request, session, claim_id)
    for email in emails:
        data = warranty_api(
            request, config, queries.CLAIM, {"id": claim_id, "email": email}, token=token
        )
        if data.get("claim"):
            return data["claim"], email, access, token or ""
    return None, None, access, token or ""


@portal_page
@csrf_protect
def claim_page(request: Any, config: WarrantyConfig, claim_id: str) -> HttpResponse:
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    session = load_session(request)
    return _render_claim(request, session, config, claim_id)


def _render_claim(request, session, config, claim_id, errors=None, status=200) -> HttpResponse:
    try:
        claim, email, access, token = _load_claim(request, session, config, claim_id[:200])
        if claim is None:
            return respond(
                request,
                session,
                config,
                "message.html",
                {
                    "heading": _("We couldn't find this request"),
                    "message": _(
                        "The link may be incomplete, or you may need to sign in or find your "
                        "order again."
                    ),
                },
                status=404,
            )
        order = saleor_api(request, queries.ORDER, {"id": claim["orderId"]}, token=token or None)
        shop = saleor_api(request, queries.SHOP).get("shop") or {}
    except SessionExpired:
        return expired(request, session, config)
    except ApiError as error:
        return lookup_page(
            request, session, config, errors=[FormError("order-number", api_message(error))]
        )
    notice_key = request.GET.get("notice", "")
    notice = _("Your request has been sent.") if notice_key == "sent" else ""
    if notice_key in NOTICES:
        notice = _(NOTICES[notice_key])
    view = claim_view(claim, order.get("order") or {}, shop)
    return respond(
        request,
        session,
        config,
        "claim.html",
        {
            "claim": view,
            "access": access,
            "notice": notice,
            "errors": errors or [],
            "title": _("Request %(number)s") % {"number": claim["number"]},
            "order_url": portal_url(order=claim["orderId"])
            if token or claim["orderId"] in session.guest_orders
            else "",
        },
        status=status,
    )


@portal_page
@csrf_protect
def claim_action(request: Any, config: WarrantyConfig, claim_id: str, action: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    session = load_session(request)
    claim_id = claim_id[:200]
    try:
        claim, email, access, token = _load_claim(request, session, config, claim_id)
        if claim is None:
            return _render_claim(request, session, config, claim_id)
        if action == "cancel":
            document, variables, notice = queries.CLAIM_CANCEL, {"email": email}, "cancelled"
        else:
            accept = request.POST.get("accept") == "yes"
            document, variables = queries.QUOTE_ANSWER, {"accept": accept, "email": email}
            notice = "quote-accepted" if accept else "quote-declined"
        data = warranty_api(
            request, config, document, {"id": claim_id, **variables}, token=token or None
        )
        result = next(iter(data.values()))
    except SessionExpired:
        return expired(request, session, config)
    except ApiError as error:
        return _render_claim(
            request, session, config, claim_id, [FormError("actions", api_message(error))], 400
        )
    if result["errors"]:
        errors = [FormError("actions", e.get("message") or e["code"]) for e in result["errors"]]
        return _render_claim(request, session, config, claim_id, errors, 400)
    return redirect(request, session, claim_url(claim_id, access=access, notice=notice))
