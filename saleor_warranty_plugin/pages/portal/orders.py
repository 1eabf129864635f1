"""The order page and the steps of the claim form: review, change, send."""

from typing import Any

from django.http import HttpResponse
from django.utils.translation import gettext as _

from ...config import WarrantyConfig
from . import queries
from .base import (
    api_message,
    claim_url,
    customer_token,
    expired,
    lookup_page,
    redirect,
    respond,
)
from .client import ApiError, SessionExpired, saleor_api, warranty_api
from .forms import (
    ClaimForm,
    FormError,
    check_claim_form,
    check_evidence,
    claim_input,
    discard,
    line_field,
    parse_claim_form,
    stage_uploads,
)
from .present import order_view
from .session import (
    PortalSession,
    claim_link_token,
)
from .words import ERRORS

# --- the order page and the claim form -----------------------------------------------------


def _order_data(request, session, config, order_id) -> tuple[dict, dict, str | None]:
    """(eligibility, Saleor's order, guest email) for whoever is asking; raises ApiError."""
    token = customer_token(request, session)
    email = None if token else session.guest_orders.get(order_id)
    if not token and not email:
        raise ApiError("", "NO_ACCESS")
    eligibility = warranty_api(
        request, config, queries.ELIGIBILITY, {"order": order_id, "email": email}, token=token
    )["orderReturnEligibility"]
    order = saleor_api(request, queries.ORDER, {"id": order_id}, token=token).get("order") or {}
    return eligibility, order, email


def order_page(
    request: Any,
    session: PortalSession,
    config: WarrantyConfig,
    order_id: str,
    form: ClaimForm | None = None,
    status: int = 200,
) -> HttpResponse:
    try:
        eligibility, order, _email = _order_data(request, session, config, order_id)
    except SessionExpired:
        return expired(request, session, config)
    except ApiError as error:
        return _order_unavailable(request, session, config, order_id, error)
    view = order_view(eligibility, order, form or ClaimForm(), config)
    return respond(
        request,
        session,
        config,
        "order.html",
        {
            "order": view,
            "form": form or ClaimForm(),
            "errors": (form.errors if form else []),
            "order_id": order_id,
            "title": _("Order %(number)s") % {"number": view["number"]},
            "max_files": config.max_evidence_files,
            "max_file_mb": config.max_evidence_file_mb,
        },
        status=status,
    )


def _order_unavailable(request, session, config, order_id, error: ApiError) -> HttpResponse:
    if error.code == "NO_ACCESS":
        return lookup_page(
            request,
            session,
            config,
            order_id=order_id,
            message=_("Enter your order number and email, or sign in, to see this order."),
        )
    if error.code == "ACCOUNT_REQUIRED":
        return lookup_page(
            request,
            session,
            config,
            errors=[FormError("signin-email", str(ERRORS["ACCOUNT_REQUIRED"]))],
            order_id=order_id,
            status=403,
        )
    return lookup_page(
        request,
        session,
        config,
        errors=[FormError("order-number", api_message(error))],
        status=404 if error.code == "NOT_FOUND" else 400,
    )


def claim_step(
    request: Any, session: PortalSession, config: WarrantyConfig, order_id: str, step: str
) -> HttpResponse:
    try:
        eligibility, order, email = _order_data(request, session, config, order_id)
    except SessionExpired:
        return expired(request, session, config)
    except ApiError as error:
        return _order_unavailable(request, session, config, order_id, error)
    claimable = {line["orderLineId"]: line["quantityClaimable"] for line in eligibility["lines"]}
    form = parse_claim_form(request.POST, request.FILES, list(claimable))
    if step == "edit":
        return order_page(request, session, config, order_id, form)
    files = request.FILES.getlist("evidence")
    check_claim_form(form, files, claimable, config)
    check_evidence(form, files, eligibility["lines"], config)
    if form.errors:
        stage_uploads(form, [f for f in files if not _bad_file(form, f)])
        return order_page(request, session, config, order_id, form, status=400)
    stage_uploads(form, files)
    if step == "review":
        view = order_view(eligibility, order, form, config)
        return respond(
            request,
            session,
            config,
            "review.html",
            {
                "order": view,
                "form": form,
                "order_id": order_id,
                "title": _("Check your request"),
            },
        )
    return _send_claim(request, session, config, order_id, form, email)


def _bad_file(form: ClaimForm, upload: Any) -> bool:
    name = getattr(upload, "name", "")
    return any(e.field == "evidence" and name and name in e.message for e in form.errors)


def _send_claim(request, session, config, order_id, form: ClaimForm, email) -> HttpResponse:
    token = customer_token(request, session)
    variables = {"input": claim_input(form, order_id, email)}
    try:
        data = warranty_api(request, config, queries.CLAIM_CREATE, variables, token=token)
    except SessionExpired:
        return expired(request, session, config)
    except ApiError as error:
        form.errors.append(FormError("reason", api_message(error)))
        status = 500 if error.code == "INTERNAL_ERROR" else 400
        return order_page(request, session, config, order_id, form, status=status)
    finally:
        for upload in variables["input"]["evidence"]:
            upload.close()
    result = data["claimCreate"]
    if result["errors"]:
        for problem in result["errors"]:
            lines = problem.get("orderLines") or []
            prefix = "serial" if problem["code"] == "SERIAL_NUMBER_REQUIRED" else "qty"
            field = line_field(prefix, lines[0]) if lines else _error_field(problem.get("field"))
            form.errors.append(FormError(field, problem.get("message") or problem["code"]))
        return order_page(request, session, config, order_id, form, status=400)
    discard(form.staged)
    claim = result["claim"]
    access = "" if token else claim_link_token(claim["id"], email or "")
    return redirect(request, session, claim_url(claim["id"], access=access, notice="sent"))


def _error_field(field: str | None) -> str:
    return {"evidence": "evidence", "description": "description"}.get(field or "", "reason")
