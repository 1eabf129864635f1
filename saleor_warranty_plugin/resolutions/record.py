"""Reading a claim for `decide_resolution`, and recording what it decided.

`decide_for_claim` is the one road to a decision: `claimResolutionPreview` shows its answer,
`actions.resolve_claim` acts on it (under the claim's row lock) with `record_resolution`.
"""

from datetime import datetime

from graphql_relay import to_global_id
from saleor.core.exceptions import PermissionDenied

from ..claim_facts import claim_has_goods_to_receive
from ..config import WarrantyConfig
from ..error_codes import ClaimError
from ..models import Claim, ClaimResolution
from ..policy import ClaimStatus, RepairStep, ResolutionStatus, ResolutionType, money_text
from ..requestor import Requestor
from .decide import (
    PATH_LEGACY,
    ClaimState,
    LineState,
    RecordedResolution,
    ResolutionDecision,
    ResolveRequest,
    decide_resolution,
)
from .plan import plan_resolution
from .refunds import payment_path, refundable
from .status import set_resolution_status


def read_claim_state(claim: Claim, requestor: Requestor, request: ResolveRequest) -> ClaimState:
    """What the decision needs to know about `claim` now (a few queries, no writes)."""
    # read with the claim's row lock where `resolve_claim` annotated it
    path, payment = payment_path(claim.order, getattr(claim, "charged_transactions", None))
    # a resolution is recorded with the claim's move to RESOLVED, a terminal status
    existing = recorded_resolution(claim) if claim.status == ClaimStatus.RESOLVED else None
    return ClaimState(
        status=ClaimStatus(claim.status),
        goods_to_receive=claim.status == ClaimStatus.APPROVED and claim_has_goods_to_receive(claim),
        override_policy=claim.override_policy,
        by_staff_user=requestor.is_staff_user,
        payment_path=path,
        refundable=refundable(claim.order, path, payment),
        currency=claim.order.currency,
        lines=tuple(
            LineState(
                order_line_id=to_global_id("OrderLine", line.order_line_id),
                verdict=line.verdict,
                findings=tuple((f.get("code", ""), f.get("message", "")) for f in line.findings),
                quantity=line.quantity,
                quantity_received=line.quantity_received,
            )
            for line in claim.lines.all()
        ),
        existing=None
        if existing is None
        else RecordedResolution(
            type=ResolutionType(existing.type),
            status=existing.status,
            amount=existing.amount,
            fees=list(existing.fees or []),
            exchange_variant_id=existing.exchange_variant_id,
            payment_path=existing.payment_path,
        ),
        exchange_problem=_exchange_problem(claim, request),
        payment_id=payment.pk if payment is not None else None,
    )


def recorded_resolution(claim: Claim) -> ClaimResolution | None:
    """The claim's resolution (read with the claim where it was selected with it)."""
    try:
        return claim.resolution
    except ClaimResolution.DoesNotExist:
        return None


def _exchange_problem(claim: Claim, request: ResolveRequest) -> ClaimError | None:
    if request.type != ResolutionType.EXCHANGE or request.exchange_variant_id is None:
        return None
    from .replacement import validate_exchange_variant  # Saleor's order internals, at use

    units = sum(line.quantity_received or line.quantity for line in claim.lines.all())
    try:
        validate_exchange_variant(claim.order, request.exchange_variant_id, units)
    except ClaimError as error:
        return error
    return None


def decide_for_claim(
    claim: Claim,
    requestor: Requestor,
    request: ResolveRequest,
    config: WarrantyConfig,
    now: datetime,
) -> tuple[ClaimState, ResolutionDecision]:
    """The claim's state and the decision on `request`; reads only. Only staff users may
    override the policy's refusals (PermissionDenied for anyone else who asks to)."""
    state = read_claim_state(claim, requestor, request)
    plan = plan_resolution(claim, request.type, request.refund_shipping, config, now)
    if request.override_policy and plan.refusals and not requestor.is_staff_user:
        raise PermissionDenied(message="Only staff may resolve against the policy.")
    return state, decide_resolution(plan, request, state)


def record_resolution(
    claim: Claim,
    decision: ResolutionDecision,
    request: ResolveRequest,
    requestor: Requestor,
    state: ClaimState,
) -> ClaimResolution:
    """Store what `decision` allows (the caller holds the claim's row lock and moves the
    claim to RESOLVED in the same transaction); the payment is the one `state` was read
    with."""
    return ClaimResolution.objects.create(
        claim=claim,
        type=decision.type.value,
        amount=decision.amount,
        currency=claim.order.currency,
        fees=decision.fees,
        amount_overridden=decision.amount_overridden,
        note=request.note,
        refund_shipping=decision.refund_shipping,
        payment_path=decision.payment_path,
        payment_id=state.payment_id if decision.payment_path == PATH_LEGACY else None,
        exchange_variant_id=request.exchange_variant_id,
        repair_status=decision.repair_step,
        created_by=requestor.user,
        created_by_app=requestor.app,
    )


def resume_resolution(claim: Claim, request: ResolveRequest) -> ClaimResolution:
    """The recorded resolution a same-type request carries on (a failed exchange takes the
    newly chosen variant, which the decision checked)."""
    # not row-locked: a run performing it holds that lock and may wait for the claim's
    resolution = ClaimResolution.objects.get(claim=claim)
    if (
        resolution.type == ResolutionType.EXCHANGE
        and request.exchange_variant_id is not None
        and request.exchange_variant_id != resolution.exchange_variant_id
    ):
        ClaimResolution.objects.filter(pk=resolution.pk).update(
            exchange_variant_id=request.exchange_variant_id
        )
        resolution.exchange_variant_id = request.exchange_variant_id
    if resolution.status == ResolutionStatus.FAILED:
        # retried from this commit on: the answer and the order's history say so at once,
        # also where a worker performs it later
        set_resolution_status(resolution, ResolutionStatus.PENDING)
    return resolution


def preview_resolution(
    claim: Claim,
    requestor: Requestor,
    request: ResolveRequest,
    config: WarrantyConfig,
    now: datetime,
) -> ResolutionDecision:
    """What `claimResolve` would answer for `request` now; nothing is written."""
    return decide_for_claim(claim, requestor, request, config, now)[1]


def resolved_message(
    resolution: ClaimResolution, requestor: Requestor, decision: ResolutionDecision
) -> str:
    """The order note of the claim's RESOLVED transition."""
    kind = resolution.type.lower().replace("_", " ")
    if decision.repair_step == RepairStep.AWAITING_QUOTE:
        return "Resolved by a paid repair: a price follows, and the repair starts once accepted."
    if decision.repair_step == RepairStep.IN_REPAIR:
        return "Resolved by repair, free of charge."
    if resolution.amount is None:
        return f"Resolved by {kind}."
    message = f"Resolved by {kind} of {money_text(resolution.amount, resolution.currency)}."
    if resolution.amount_overridden and decision.policy_amount is not None:
        policy = money_text(decision.policy_amount, resolution.currency)
        message += f" Amount set by {requestor.name} (policy: {policy}): {resolution.note or '-'}"
    return message
