"""One function per claim transition: atomic, guarded by the transition table, writing one
claim event and one order note. Nothing else writes `Claim.status`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from . import events, resolutions
from .claim_facts import (
    claim_facts_of,
    claim_has_goods_to_receive,
    evidence_file_kinds,
    findings_json,
    forget_prefetched_lines,
    stored_evidence_kinds,
)
from .compiled import CompiledRead
from .config import WarrantyConfig
from .const import MAX_NOTE
from .error_codes import ClaimError, ClaimErrorCode, ClaimErrors, claim_not_found
from .facts import build_order_context, claim_line_facts
from .models import Claim, ClaimLine, ClaimResolution
from .policies import parsed_policy
from .policy import (
    ClaimReason,
    ClaimStatus,
    InvalidTransition,
    ItemCondition,
    ensure_transition,
    evaluate_line,
)
from .requestor import Requestor
from .resolutions import ResolveRequest
from .resolutions.queue import perform_after_commit

MAX_ACCESSORIES = 20


@dataclass
class ReceiveRequest:
    claim_line_id: Any
    quantity: int
    conditions: frozenset[ItemCondition] | None = None
    missing_accessories: tuple[str, ...] = ()
    restock: bool = False
    global_id: str = ""
    warehouse_id: Any = None


def _transition(  # the one writer of Claim.status
    claim_id: Any,
    new: ClaimStatus,
    requestor: Any,
    message: str,
    change: Callable[[Claim], list[str]] | None = None,
    goods_to_receive: bool | None = None,
    locked: Claim | None = None,
) -> Claim:
    """`locked`: the claim as the caller read it under its row lock, in this transaction."""
    with transaction.atomic():
        claim = locked or (
            Claim.objects.select_for_update(of=("self",))
            .select_related("order", "policy")
            .get(pk=claim_id)
        )
        if goods_to_receive is None:  # the table asks only when resolving an approved claim
            goods_to_receive = new == ClaimStatus.RESOLVED and claim_has_goods_to_receive(claim)
        try:
            ensure_transition(ClaimStatus(claim.status), new, goods_to_receive=goods_to_receive)
        except InvalidTransition as error:
            raise ClaimError(
                ClaimErrorCode.INVALID_TRANSITION, f"The {str(error)}.", field="id"
            ) from error
        fields = ["status", "updated_at"]
        if change is not None:
            fields += change(claim)
        claim.status = new.value
        claim.save(update_fields=fields)
        events.claim_transition(claim, requestor, new.value, message)
    return claim


def sla_due_at(claim: Claim, anchor, country: str | None = None):
    """The earliest service-level clock of the claim's reason ("refund no later than 7 days",
    "replacement within 14 working days"), counted from `anchor`."""
    from .policy import plan_due_dates

    if claim.policy is None:
        return None
    clocks = plan_due_dates(
        parsed_policy(claim.policy), ClaimReason(claim.reason), anchor, country=country
    )
    return min(clocks.values(), default=None)


def approve_claim(claim: Claim, requestor: Requestor, note: str = "") -> Claim:
    """Staff accept the claim: the customer sends the goods back (or, with nothing to send
    back, the policy's service clocks start now)."""
    _check_note(note, "note")

    def change(c: Claim) -> list[str]:
        c.decided_at = timezone.now()
        if not claim_has_goods_to_receive(c):  # nothing to send back: clocks start now
            c.due_at = sla_due_at(c, c.decided_at)
            return ["decided_at", "due_at"]
        return ["decided_at"]

    return _transition(claim.pk, ClaimStatus.APPROVED, requestor, note or "Approved.", change)


def reject_claim(claim: Claim, requestor: Requestor, reason: str) -> Claim:
    """Staff (or a provider's decision) refuse the claim, saying why."""
    if not reason.strip():
        raise ClaimError(ClaimErrorCode.REQUIRED, "Say why the claim is rejected.", "reason")
    _check_note(reason, "reason")

    def change(c: Claim) -> list[str]:
        c.decided_at = timezone.now()
        return ["decided_at"]

    return _transition(claim.pk, ClaimStatus.REJECTED, requestor, f"Rejected: {reason}", change)


def cancel_claim(claim: Claim, requestor: Requestor) -> Claim:
    """The customer (or staff) withdraw the claim before it is decided or received."""
    return _transition(claim.pk, ClaimStatus.CANCELLED, requestor, "Cancelled.")


def expire_claim(claim: Claim) -> Claim:
    """An approved claim whose goods never arrived in the policy's time (periodic task)."""
    return _transition(
        claim.pk, ClaimStatus.EXPIRED, Requestor(), "Expired: the goods did not arrive in time."
    )


def receive_claim(
    claim: Claim, requestor: Requestor, lines: list[ReceiveRequest], config: WarrantyConfig
) -> Claim:
    """The goods came back: record what arrived and what inspection found, put resellable
    units aside for restocking, judge each line again (found conditions replace declared
    ones, as at the time of the claim) and start the policy's service clocks."""
    _check_receipt(claim, lines)
    now = timezone.now()

    def change(c: Claim) -> list[str]:
        ctx = build_order_context(c.order, config.transit_allowance_days)
        policy = parsed_policy(c.policy) if c.policy else None
        stored = stored_evidence_kinds(c)
        for request in lines:
            line = ClaimLine.objects.select_for_update().get(pk=request.claim_line_id)
            line.quantity_received = request.quantity
            if request.conditions is not None:
                line.inspected_conditions = sorted(x.value for x in request.conditions)
            line.missing_accessories = list(request.missing_accessories)
            line.restock = request.restock
            line.restock_warehouse_id = request.warehouse_id
            facts = claim_line_facts(ctx, line, c)
            if policy is not None and facts is not None:
                option = evaluate_line(
                    policy,
                    ctx.order_facts,
                    facts,
                    c.created_at,  # judged as at the time of the claim, with what was found
                    claim=claim_facts_of(line, c, stored, received_at=now),
                    reasons=[ClaimReason(line.reason)],
                ).options[0]
                line.verdict = option.verdict.value
                line.findings = findings_json(option)
            line.save()
        c.received_at = now
        c.due_at = sla_due_at(c, now, ctx.order_facts.country)
        return ["received_at", "due_at"]

    return _transition(claim.pk, ClaimStatus.RECEIVED, requestor, _receipt_message(lines), change)


def resolve_claim(
    claim: Claim | Any,
    requestor: Requestor,
    request: ResolveRequest,
    config: WarrantyConfig,
    visible: Callable[[Claim], bool] | None = None,
) -> Claim:
    """Resolve the claim (a Claim or its pk) as `request` asks (refund, store credit,
    replacement, exchange, repair), if `decide_resolution` allows it: the resolution is
    recorded and the claim moves to RESOLVED in one transaction, then the resolution is
    performed. Asking again for the same type resumes (or retries) it; money never moves
    twice. Performing runs once this commits (the Celery task; eager without a broker), so
    the answer shows the resolution as far as it got. Raises ClaimError(s) with the
    decision's errors before anything is written; NOT_FOUND for a claim that does not
    exist or that `visible` says the requestor may not see."""
    pk: Any = getattr(claim, "pk", claim)
    with transaction.atomic():
        locked = _LOCKED_FOR_RESOLVING.first(pk)
        if locked is None or (visible is not None and not visible(locked)):
            raise claim_not_found()
        prefetch_related_objects([locked], "lines")  # read by the decision, unchanged by it
        state, decision = resolutions.decide_for_claim(
            locked, requestor, request, config, timezone.now()
        )
        if decision.errors:
            raise decision.errors[0] if len(decision.errors) == 1 else ClaimErrors(decision.errors)
        if decision.resumes:
            resolution = resolutions.resume_resolution(locked, request)
        else:
            resolution = resolutions.record_resolution(locked, decision, request, requestor, state)
            if decision.overridden:
                events.resolution_overridden(locked, requestor, request, decision.overridden)
            message = resolutions.resolved_message(resolution, requestor, decision)
            _transition(
                locked.pk,
                ClaimStatus.RESOLVED,
                requestor,
                message,
                goods_to_receive=state.goods_to_receive,
                locked=locked,
            )
            events.notify_claim(locked, "resolved")
    # at once, unless within a caller's transaction
    perform_after_commit(resolution.pk, requestor, locked)
    # performing writes the resolution and the lines' restocked quantities, not the claim:
    # the claim as locked, with its resolution read anew and its lines read when asked for
    locked.resolution = ClaimResolution.objects.get(pk=resolution.pk)
    forget_prefetched_lines(locked)
    return locked


#: read with the claim for deciding; each further join costs PostgreSQL's planner more than
#: the query it would save (the order's user, addresses and snapshot are read when used)
RESOLVE_RELATED = ("order__channel", "policy")


def _locked_for_resolving(claim_id: Any) -> Any:
    """The claim under its row lock, with what deciding reads first: its order and channel,
    its policy, whether the order has charged transactions, its evidence files' kinds."""
    return (
        Claim.objects.select_for_update(of=("self",))
        .select_related(*RESOLVE_RELATED)
        .annotate(
            charged_transactions=resolutions.charged_transactions_exist(),
            file_kinds=evidence_file_kinds(),
        )
        .filter(pk=claim_id)
    )


_LOCKED_FOR_RESOLVING = CompiledRead(
    _locked_for_resolving,
    UUID("00000000-0000-4000-8000-00000000c1a1"),  # no claim has it
)


def _check_receipt(claim: Claim, lines: list[ReceiveRequest]) -> None:
    if not lines:
        raise ClaimError(ClaimErrorCode.REQUIRED, "List the received lines.", "lines")
    claim_lines = {line.pk: line for line in claim.lines.all()}
    seen: set[Any] = set()
    for request in lines:
        line = claim_lines.get(request.claim_line_id)
        if line is None:
            raise ClaimError(ClaimErrorCode.NOT_FOUND, "The claim has no such line.", "claimLine")
        if request.claim_line_id in seen:
            raise ClaimError(
                ClaimErrorCode.DUPLICATED_INPUT, "A claim line is listed twice.", "claimLine"
            )
        seen.add(request.claim_line_id)
        if not 0 <= request.quantity <= line.quantity:
            raise ClaimError(
                ClaimErrorCode.INVALID,
                f"Received quantity must be between 0 and {line.quantity}.",
                "quantity",
            )
        if len(request.missing_accessories) > MAX_ACCESSORIES or any(
            len(a) > 100 for a in request.missing_accessories
        ):
            raise ClaimError(
                ClaimErrorCode.INVALID,
                "Too many or too long accessory names.",
                "missingAccessories",
            )
    if all(request.quantity == 0 for request in lines):
        raise ClaimError(ClaimErrorCode.INVALID, "Nothing was received.", "quantity")


def _receipt_message(lines: list[ReceiveRequest]) -> str:
    found = sorted({c.value for r in lines for c in (r.conditions or ())})
    missing = sorted({a for r in lines for a in r.missing_accessories})
    parts = [f"Received {sum(r.quantity for r in lines)} item(s)."]
    if found:
        parts.append("Found: " + ", ".join(found).lower().replace("_", " ") + ".")
    if missing:
        parts.append("Missing: " + ", ".join(missing) + ".")
    return " ".join(parts)


def _check_note(text: str, field_name: str) -> None:
    if len(text) > MAX_NOTE:
        raise ClaimError(
            ClaimErrorCode.INVALID, f"At most {MAX_NOTE} characters.", field=field_name
        )


__all__ = [
    "ReceiveRequest",
    "approve_claim",
    "cancel_claim",
    "expire_claim",
    "receive_claim",
    "reject_claim",
    "resolve_claim",
    "sla_due_at",
]
