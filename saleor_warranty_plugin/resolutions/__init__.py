"""The only code that moves money or goods through Saleor.

`resolve_claim` plans the resolution from the policy, records it once under the claim's row
lock, moves the claim to RESOLVED, then `perform` carries out each step. Every step records
what it did before the next one runs, and skips what is already done, so a second call, a
concurrent call, a retried task or a run after a crash resumes instead of repeating:
money never moves twice.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..error_codes import ClaimError, ClaimErrorCode, ClaimErrors
from ..models import Claim, ClaimResolution
from ..policy import ClaimStatus, ResolutionType

MONEY = (ResolutionType.REFUND, ResolutionType.STORE_CREDIT)


@dataclass
class ResolveRequest:
    type: ResolutionType
    amount: Decimal | None = None
    refund_shipping: bool | None = None
    note: str = ""
    exchange_variant_id: Any = None
    override_policy: bool = False  # staff only, with a note: resolve what the policy refuses


def resolve_claim(claim: Claim, requestor: Any, request: ResolveRequest, config: Any) -> Claim:
    from .. import events
    from ..actions import _transition, claim_has_goods_to_receive
    from .plan import plan_resolution
    from .refunds import payment_path, refundable

    now = timezone.now()
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("order__channel", "policy")
            .get(pk=claim.pk)
        )
        existing = ClaimResolution.objects.filter(claim=claim).first()
        if existing is not None:
            if existing.type != request.type:
                raise ClaimError(
                    ClaimErrorCode.INVALID_TRANSITION,
                    f"The claim is already being resolved by {existing.type.lower()}.",
                    field="type",
                )
            if (
                existing.type == ResolutionType.EXCHANGE.value
                and existing.status == "FAILED"
                and request.exchange_variant_id is not None
                and request.exchange_variant_id != existing.exchange_variant_id
            ):  # a failed exchange may be retried with another variant
                _check_exchange_variant(claim, request.exchange_variant_id)
                existing.exchange_variant_id = request.exchange_variant_id
                existing.save(update_fields=["exchange_variant", "updated_at"])
            resolution = existing
        else:
            if claim.status not in (ClaimStatus.APPROVED, ClaimStatus.RECEIVED):
                raise ClaimError(
                    ClaimErrorCode.INVALID_TRANSITION,
                    f"A {claim.status.lower()} claim cannot be resolved.",
                    field="id",
                )
            if claim.status == ClaimStatus.APPROVED and claim_has_goods_to_receive(claim):
                raise ClaimError(
                    ClaimErrorCode.INVALID_TRANSITION,
                    "The goods must be received before the claim is resolved.",
                    field="id",
                )
            plan = plan_resolution(claim, request.type, request.refund_shipping, config, now)
            overriding = bool(plan.refusals) and check_override(request, requestor)
            if plan.refusals and not overriding:
                raise ClaimErrors(plan.refusals)
            amount, path, payment = None, "none", None
            if request.type in MONEY:
                amount = plan.total
                if request.amount is not None:
                    amount = _overridden_amount(request, plan, requestor)
                if request.type == ResolutionType.REFUND:
                    path, payment = payment_path(claim.order)
                    if path == "none":
                        raise ClaimError(
                            ClaimErrorCode.RESOLUTION_FAILED,
                            "The order has no payment that can be refunded; offer store credit.",
                            field="type",
                        )
                    amount = min(amount, refundable(claim.order, path, payment))
                if amount <= 0:
                    raise ClaimError(
                        ClaimErrorCode.INVALID, "There is nothing to refund.", field="amount"
                    )
            if request.type == ResolutionType.EXCHANGE:
                if request.exchange_variant_id is None:
                    raise ClaimError(
                        ClaimErrorCode.REQUIRED,
                        "Choose the variant to send instead.",
                        "exchangeVariant",
                    )
                _check_exchange_variant(claim, request.exchange_variant_id)
            resolution = ClaimResolution.objects.create(
                claim=claim,
                type=request.type.value,
                amount=amount,
                currency=claim.order.currency,
                fees=plan.items if request.type in MONEY else [],
                amount_overridden=request.amount is not None,
                note=request.note,
                refund_shipping=plan.refund_shipping,
                payment_path=path,
                payment=payment,
                exchange_variant_id=request.exchange_variant_id,
                repair_status=_first_repair_step(request.type, plan),
                created_by=requestor.user,
                created_by_app=requestor.app,
            )
            if overriding:
                events.resolution_overridden(claim, requestor, request, plan.refusals)
            message = _resolution_message(resolution)
            if resolution.amount_overridden:
                who = requestor.user.email if requestor.user else requestor.app.name
                message += f" Amount set by {who} (policy: {plan.total}): {request.note or '-'}"
            _transition(
                claim.pk,
                ClaimStatus.RESOLVED,
                requestor,
                message,
                goods_to_receive=False,  # checked above
            )
            events.notify_claim(claim, "resolved")
    perform(resolution.pk, requestor)
    return Claim.objects.get(pk=claim.pk)


def check_override(request: ResolveRequest, requestor: Any) -> bool:
    """Whether `request` overrides the policy's refusal: staff only (not apps), with a note."""
    if not request.override_policy:
        return False
    if requestor.user is None or not requestor.user.is_staff:
        from saleor.core.exceptions import PermissionDenied

        raise PermissionDenied(message="Only staff may resolve against the policy.")
    if not request.note.strip():
        raise ClaimError(ClaimErrorCode.REQUIRED, "Say why the policy is overridden.", field="note")
    return True


@dataclass
class ResolutionPreview:
    type: ResolutionType
    allowed: bool
    amount: Decimal | None
    currency: str
    fees: list[dict]
    offered: list[str]
    refundable: Decimal | None
    refusals: list[ClaimError]  # what claimResolve would answer without an override


def preview_resolution(
    claim: Claim, request: ResolveRequest, config: Any, requestor: Any = None
) -> ResolutionPreview:
    """The plan `resolve_claim` would record for `request`; nothing is written."""
    from .plan import plan_resolution
    from .refunds import payment_path, refundable

    now = timezone.now()
    plan = plan_resolution(claim, request.type, request.refund_shipping, config, now)
    allowed = not plan.refusals or (requestor is not None and check_override(request, requestor))
    money = request.type in MONEY and allowed
    still = None
    amount = plan.total if money else None
    if money and request.type == ResolutionType.REFUND:
        path, payment = payment_path(claim.order)
        still = refundable(claim.order, path, payment)
        amount = min(plan.total, still)
    return ResolutionPreview(
        type=request.type,
        allowed=allowed,
        amount=amount,
        currency=plan.currency,
        fees=plan.items if money else [],
        offered=[r.value for r in ResolutionType if r.value in plan.resolutions],
        refundable=still,
        refusals=plan.refusals,
    )


def _first_repair_step(kind: ResolutionType, plan: Any) -> str:
    if kind != ResolutionType.REPAIR:
        return ""
    return "AWAITING_QUOTE" if plan.paid_repair else "IN_REPAIR"


def _check_exchange_variant(claim: Claim, variant_id: Any) -> None:
    from .replacement import validate_exchange_variant

    units = sum(line.quantity_received or line.quantity for line in claim.lines.all())
    validate_exchange_variant(claim.order, variant_id, units)


def _overridden_amount(request: ResolveRequest, plan: Any, requestor: Any) -> Decimal:
    assert request.amount is not None
    if requestor.user is None:
        raise ClaimError(ClaimErrorCode.INVALID, "Only staff may set the amount.", "amount")
    if not request.note.strip():
        raise ClaimError(ClaimErrorCode.REQUIRED, "Say why the amount differs.", "note")
    if request.amount <= 0:
        raise ClaimError(ClaimErrorCode.INVALID, "The amount must be positive.", "amount")
    if request.amount > plan.paid_for_lines:
        raise ClaimError(
            ClaimErrorCode.INVALID,
            f"At most {plan.paid_for_lines} {plan.currency} was paid for these items.",
            "amount",
        )
    return request.amount


def _resolution_message(resolution: ClaimResolution) -> str:
    kind = resolution.type.lower().replace("_", " ")
    if resolution.amount is not None:
        return f"Resolved by {kind} of {resolution.amount} {resolution.currency}."
    return f"Resolved by {kind}."


def perform(resolution_id: Any, requestor: Any) -> ClaimResolution:
    """Carry out (or resume) a recorded resolution; safe to call any number of times."""
    from .refunds import refund_through_payment, refund_through_transactions
    from .stock import restock_claim

    resolution = ClaimResolution.objects.select_related("claim__order__channel", "payment").get(
        pk=resolution_id
    )
    if resolution.status == "SUCCEEDED":
        return resolution
    claim = resolution.claim
    ClaimResolution.objects.filter(pk=resolution.pk).update(attempts=resolution.attempts + 1)
    kind = ResolutionType(resolution.type)
    try:
        # received goods go back on sale first: they may be what a replacement ships
        restock_claim(claim, requestor)
        if kind == ResolutionType.REFUND and resolution.payment_path == "legacy":
            refund_through_payment(resolution, requestor, resolution.payment)
        else:
            _return_goods_once(resolution, claim, requestor, kind)
            if kind == ResolutionType.REFUND:
                refund_through_transactions(resolution, requestor)
            elif kind == ResolutionType.STORE_CREDIT:
                from .store_credit import issue_store_credit

                issue_store_credit(resolution, requestor)
            elif kind in (ResolutionType.REPLACEMENT, ResolutionType.EXCHANGE):
                from .replacement import complete_replacement

                complete_replacement(resolution, requestor)
                if kind == ResolutionType.EXCHANGE:
                    _refund_exchange_difference(resolution, requestor)
            elif kind == ResolutionType.REPAIR:
                from .repair import start_repair

                start_repair(resolution, requestor)
    except ClaimError as error:
        _fail(resolution, error.message)
        raise
    return settle(resolution.pk)


def _return_goods_once(resolution: ClaimResolution, claim: Claim, requestor: Any, kind) -> None:
    from .goods import return_goods

    if kind == ResolutionType.REPAIR:
        return  # repaired goods go back to the customer: no return fulfillment
    with transaction.atomic():
        locked = ClaimResolution.objects.select_for_update().get(pk=resolution.pk)
        return_goods(
            locked,
            claim,
            requestor,
            replace=kind in (ResolutionType.REPLACEMENT, ResolutionType.EXCHANGE),
        )
        resolution.return_fulfillment_id = locked.return_fulfillment_id


def _refund_exchange_difference(resolution: ClaimResolution, requestor: Any) -> None:
    """After an exchange for a cheaper variant, refund the difference to the original payment
    (once: the amount and payment path are recorded before any money moves)."""
    from .refunds import (
        payment_path,
        refund_through_payment,
        refund_through_transactions,
        refundable,
    )
    from .replacement import exchange_refund_due

    with transaction.atomic():
        locked = (
            ClaimResolution.objects.select_for_update(of=("self",))
            .select_related("claim__order")
            .get(pk=resolution.pk)
        )
        due = exchange_refund_due(locked)
        if due <= 0:
            return
        if locked.amount is None:
            path, payment = payment_path(locked.claim.order)
            if path == "none":
                raise ClaimError(
                    ClaimErrorCode.RESOLUTION_FAILED,
                    f"{due} {locked.currency} is owed for the exchange, but the order has no "
                    "payment to refund; issue store credit instead.",
                )
            locked.amount = min(due, refundable(locked.claim.order, path, payment))
            locked.payment_path, locked.payment = path, payment
            locked.save(update_fields=["amount", "payment_path", "payment", "updated_at"])
    if locked.payment_path == "legacy":
        refund_through_payment(locked, requestor, locked.payment)
    else:
        refund_through_transactions(locked, requestor)


def _fail(resolution: ClaimResolution, message: str) -> None:
    ClaimResolution.objects.filter(pk=resolution.pk).update(status="FAILED", error=message[:2000])


def settle(resolution_id: Any) -> ClaimResolution:
    """Derive the resolution's status from its parts and tell the order history on change."""
    from .. import events
    from .refunds import settle_part_from_grant

    with transaction.atomic():
        resolution = (
            ClaimResolution.objects.select_for_update(of=("self",))
            .select_related("claim__order")
            .get(pk=resolution_id)
        )
        parts = list(resolution.refunds.all())
        for part in parts:
            settle_part_from_grant(part)
        before = resolution.status
        new = _derived_status(resolution, parts)
        if new != before:
            resolution.status = new
            if new == "FAILED":
                resolution.error = "; ".join(p.error for p in parts if p.error) or resolution.error
            elif new == "SUCCEEDED":
                resolution.error = ""
            resolution.save(update_fields=["status", "error", "updated_at"])
            events.resolution_changed(resolution, before)
    return resolution


def _derived_status(resolution: ClaimResolution, parts: list) -> str:
    kind = ResolutionType(resolution.type)
    if kind == ResolutionType.REFUND:
        if not parts:
            return resolution.status
        statuses = {p.status for p in parts}
        if statuses == {"SUCCEEDED"}:
            return "SUCCEEDED"
        if "FAILED" in statuses:
            return "FAILED"
        return "REQUESTED"
    if kind == ResolutionType.STORE_CREDIT:
        return "SUCCEEDED" if resolution.gift_card_id else resolution.status
    if kind in (ResolutionType.REPLACEMENT, ResolutionType.EXCHANGE):
        order = resolution.replacement_order
        if order is None or order.status == "draft":  # a failed completion leaves the draft
            return resolution.status
        statuses = {p.status for p in parts}  # an exchange may owe a refund of the difference
        if "FAILED" in statuses:
            return "FAILED"
        if statuses - {"SUCCEEDED"}:
            return "REQUESTED"
        return "SUCCEEDED"
    if kind == ResolutionType.REPAIR:
        return "SUCCEEDED" if resolution.repair_status == "RETURNED" else "REQUESTED"
    return resolution.status


def sync_refund_outcomes(order_id: Any) -> list[ClaimResolution]:
    """Settle resolutions of an order waiting on the payment app (called from Saleor's
    order_refunded/order_updated hooks and by the periodic task)."""
    pending = ClaimResolution.objects.filter(
        claim__order_id=order_id, type=ResolutionType.REFUND.value, status="REQUESTED"
    ).values_list("pk", flat=True)
    return [settle(pk) for pk in pending]
