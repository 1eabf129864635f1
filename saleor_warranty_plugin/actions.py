"""One function per claim transition: atomic, guarded by the transition table, writing one
claim event and one order note. Nothing else writes `Claim.status`."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from . import events
from .access import check_account, get_visible_order, is_order_manager
from .error_codes import ClaimError, ClaimErrorCode, ClaimErrors
from .evidence import check_uploads, evidence_kinds
from .facts import build_order_context, claim_line_facts
from .models import Claim, ClaimEvidence, ClaimLine
from .policies import parsed_policy, policy_for_order, required_policy
from .policy import (
    ClaimFacts,
    ClaimReason,
    ClaimStatus,
    InvalidTransition,
    ItemCondition,
    ResolutionType,
    Verdict,
    ensure_transition,
    evaluate_line,
)

MAX_DESCRIPTION = 5000
MAX_NOTE = 2000
MAX_SERIAL = 128
MAX_LINES = 100
MAX_ACCESSORIES = 20


@dataclass
class LineRequest:
    order_line_id: Any
    quantity: int
    reason: ClaimReason | None = None
    serial_number: str = ""
    declared_conditions: frozenset[ItemCondition] = frozenset()
    global_id: str = ""


@dataclass
class ClaimRequest:
    order_id: Any
    reason: ClaimReason
    lines: list[LineRequest]
    email: str | None = None
    description: str = ""
    preferred_resolution: ResolutionType | None = None
    evidence: list[Any] = field(default_factory=list)
    override_policy: bool = False


@dataclass
class ReceiveRequest:
    claim_line_id: Any
    quantity: int
    conditions: frozenset[ItemCondition] | None = None
    missing_accessories: tuple[str, ...] = ()
    restock: bool = False
    global_id: str = ""
    warehouse_id: Any = None


def create_claim(context: Any, request: ClaimRequest, config: Any) -> Claim:
    requestor = context.requestor
    is_staff_side = is_order_manager(requestor)
    if request.override_policy and not is_staff_side:
        from saleor.core.exceptions import PermissionDenied

        raise PermissionDenied(message="Only staff and apps may override the policy.")
    _check_claim_request(request)
    files = check_uploads(
        request.evidence, config.max_evidence_files, config.max_evidence_file_bytes
    )
    now = timezone.now()
    with transaction.atomic():
        # The order row lock serialises claims on one order: quantities cannot over-commit.
        order = get_visible_order(context, request.order_id, request.email, lock=True)
        ctx = build_order_context(order, config.transit_allowance_days)
        record, policy, _lazy = required_policy(order, ctx)
        check_account(requestor, policy)
        lines_by_id = {line.pk: line for line in ctx.lines}
        judged = []
        errors: list[ClaimError] = []
        for line_request in request.lines:
            line = lines_by_id.get(line_request.order_line_id)
            if line is None:
                errors.append(
                    ClaimError(
                        ClaimErrorCode.NOT_FOUND,
                        "The order has no such line.",
                        field="lines",
                        order_lines=[line_request.global_id],
                    )
                )
                continue
            reason = line_request.reason or request.reason
            facts = ctx.line_facts[line.pk]
            claim_facts = ClaimFacts(
                reason=reason,
                quantity=line_request.quantity,
                declared_conditions=line_request.declared_conditions,
                evidence=evidence_kinds(files, request.description, line_request.serial_number),
                serial_number=line_request.serial_number or None,
                preferred_resolution=request.preferred_resolution,
            )
            evaluation = evaluate_line(
                policy, ctx.order_facts, facts, now, claim=claim_facts, reasons=[reason]
            )
            option = evaluation.options[0]
            if line_request.quantity > evaluation.quantity_claimable:
                errors.append(
                    ClaimError(
                        ClaimErrorCode.QUANTITY_EXCEEDED,
                        f"Only {evaluation.quantity_claimable} of {line.product_name} can be "
                        "claimed.",
                        field="lines",
                        order_lines=[line_request.global_id],
                    )
                )
                continue
            if option.verdict == Verdict.INELIGIBLE and not request.override_policy:
                for finding in option.findings:
                    errors.append(
                        ClaimError(
                            finding.code,
                            finding.message,
                            field="lines",
                            order_lines=[line_request.global_id],
                        )
                    )
                continue
            judged.append((line, line_request, reason, option))
        if errors:
            raise ClaimErrors(_merge_by_code(errors))

        all_eligible = all(option.verdict == Verdict.ELIGIBLE for *_, option in judged)
        status = (
            ClaimStatus.APPROVED
            if all_eligible and policy.auto_approve(request.reason)
            else ClaimStatus.PENDING
        )
        overridden = request.override_policy and any(
            option.verdict == Verdict.INELIGIBLE for *_, option in judged
        )
        claim = new_claim(
            order,
            record,
            status=status.value,
            reason=request.reason.value,
            description=request.description,
            preferred_resolution=request.preferred_resolution.value
            if request.preferred_resolution
            else "",
            staff_initiated=requestor.app is not None or is_staff_side,
            created_by=requestor.user,
            created_by_app=requestor.app,
            override_policy=overridden,
            decided_at=now if status == ClaimStatus.APPROVED else None,
        )
        ClaimLine.objects.bulk_create(
            [
                ClaimLine(
                    claim=claim,
                    order_line=line,
                    quantity=line_request.quantity,
                    reason=reason.value,
                    verdict=option.verdict.value,
                    findings=[
                        {"code": f.code.value, "message": f.message} for f in option.findings
                    ],
                    serial_number=line_request.serial_number,
                    declared_conditions=sorted(c.value for c in line_request.declared_conditions),
                )
                for line, line_request, reason, option in judged
            ]
        )
        for sniffed in files:
            ClaimEvidence.objects.create(
                claim=claim,
                file=sniffed.upload,
                kind=sniffed.kind,
                content_type=sniffed.content_type,
                size=sniffed.size,
                original_name=(getattr(sniffed.upload, "name", "") or "")[:255],
            )
        events.claim_created(claim, requestor, lazy_policy=_lazy)
        if overridden:
            events.policy_overridden(claim, requestor, judged)
        if status == ClaimStatus.APPROVED:
            events.claim_transition(
                claim, requestor, "APPROVED", "Approved automatically by the policy."
            )
        events.remember_claim_on_order(order, claim)
    return claim


def record_native_return(order: Any, fulfillment: Any, config: Any, now) -> Claim | None:
    """Record a return made with Saleor's own mutation as a staff-initiated claim.

    The claim takes the most favourable reason the policy accepts for all returned lines
    (or, when none does, the policy's first reason) and starts RECEIVED — RESOLVED when
    Saleor already refunded or replaced the goods. Breaches are noted on the order.
    """
    from saleor.order.models import Order

    from .graphql.auth import Requestor
    from .native import most_favourable

    order = (
        Order.objects.select_for_update(of=("self",))
        .select_related("channel", "shipping_address", "billing_address")
        .get(pk=order.pk)
    )
    if Claim.objects.filter(native_return=fulfillment).exists():
        return None
    ctx = build_order_context(order, config.transit_allowance_days)
    record, lazy = policy_for_order(order, ctx.snapshot)
    if record is None:
        return None
    policy = parsed_policy(record)
    returned: dict[Any, int] = {}
    for fline in fulfillment.lines.all():
        returned[fline.order_line_id] = returned.get(fline.order_line_id, 0) + fline.quantity
    lines = [line for line in ctx.lines if line.pk in returned]
    if not lines:
        return None
    reason, options = most_favourable(
        policy, ctx, returned, fulfillment.created_at or now, already_counted=True
    )
    status = ClaimStatus.RECEIVED if fulfillment.status == "returned" else ClaimStatus.RESOLVED
    claim = new_claim(
        order,
        record,
        status=status.value,
        reason=reason.value,
        staff_initiated=True,
        native_return=fulfillment,
        decided_at=now,
        received_at=now,
    )
    ClaimLine.objects.bulk_create(
        [
            ClaimLine(
                claim=claim,
                order_line=line,
                quantity=returned[line.pk],
                quantity_received=returned[line.pk],
                reason=reason.value,
                verdict=options[line.pk].verdict.value,
                findings=[
                    {"code": f.code.value, "message": f.message} for f in options[line.pk].findings
                ],
            )
            for line in lines
        ]
    )
    requestor = Requestor()
    breaches = sorted(
        {
            f.code.value
            for o in options.values()
            if o.verdict == Verdict.INELIGIBLE
            for f in o.findings
        }
    )
    message = f"Recorded from a return made in Saleor ({fulfillment.composed_id})."
    if breaches:
        message += " Outside the return policy: " + ", ".join(breaches) + "."
    events.claim_created(claim, requestor, lazy_policy=lazy)
    events.claim_note(claim, requestor, "NATIVE_RETURN", message, breaches=breaches)
    events.remember_claim_on_order(order, claim)
    return claim


def search_text(number: str, order: Any) -> str:
    """What `claims(filter: {search})` matches by substring: lower-cased."""
    return f"{number} {order.number} {order.user_email or ''}".lower()


def new_claim(order: Any, policy_record: Any, **fields: Any) -> Claim:
    """A claim row for `order` (whose row lock the caller holds), numbered `<order>-R<n>`,
    judged by `policy_record`, with the order's facts copied for lists and search."""
    number = f"{order.number}-R{Claim.objects.filter(order_id=order.pk).count() + 1}"
    return Claim.objects.create(
        number=number,
        order=order,
        channel_id=order.channel_id,
        order_number=order.number,
        user_id=order.user_id,
        user_email=(order.user_email or "").lower(),
        search_text=search_text(number, order),
        policy=policy_record,
        policy_version=policy_record.version,
        **fields,
    )


def _check_claim_request(request: ClaimRequest) -> None:
    if not request.lines:
        raise ClaimError(ClaimErrorCode.REQUIRED, "Claim at least one order line.", "lines")
    if len(request.lines) > MAX_LINES:
        raise ClaimError(ClaimErrorCode.INVALID, f"At most {MAX_LINES} lines per claim.", "lines")
    if len(request.description) > MAX_DESCRIPTION:
        raise ClaimError(
            ClaimErrorCode.INVALID,
            f"The description is longer than {MAX_DESCRIPTION} characters.",
            "description",
        )
    seen: set[Any] = set()
    for line in request.lines:
        if line.order_line_id is None:
            raise ClaimError(
                ClaimErrorCode.NOT_FOUND,
                "Couldn't find the order line.",
                "lines",
                [line.global_id],
            )
        if line.order_line_id in seen:
            raise ClaimError(
                ClaimErrorCode.DUPLICATED_INPUT,
                "An order line is listed twice.",
                "lines",
                [line.global_id],
            )
        seen.add(line.order_line_id)
        if line.quantity < 1:
            raise ClaimError(
                ClaimErrorCode.INVALID,
                "Quantities must be at least 1.",
                "quantity",
                [line.global_id],
            )
        if len(line.serial_number) > MAX_SERIAL:
            raise ClaimError(
                ClaimErrorCode.INVALID,
                f"Serial numbers are at most {MAX_SERIAL} characters.",
                "serialNumber",
                [line.global_id],
            )


def _merge_by_code(errors: list[ClaimError]) -> list[ClaimError]:
    """One error per code and message, listing every offending line."""
    merged: dict[tuple[str, str], ClaimError] = {}
    for error in errors:
        key = (error.code, error.message)
        if key in merged:
            merged[key].order_lines = [*(merged[key].order_lines or []), *(error.order_lines or [])]
        else:
            merged[key] = ClaimError(error.code, error.message, error.field, error.order_lines)
    return list(merged.values())


def _transition(
    claim_id: Any,
    new: ClaimStatus,
    requestor: Any,
    message: str,
    change: Callable[[Claim], list[str]] | None = None,
    goods_to_receive: bool | None = None,
) -> Claim:
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("order", "policy")
            .get(pk=claim_id)
        )
        if goods_to_receive is None:
            goods_to_receive = claim_has_goods_to_receive(claim)
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


def claim_has_goods_to_receive(claim: Claim) -> bool:
    """Whether goods must come back before the claim can be resolved: not for lines that
    were never shipped (a cancellation before dispatch) or a reason the policy resolves
    without a return."""
    if claim.policy is not None:
        policy = parsed_policy(claim.policy)
        if not policy.requires_return(ClaimReason(claim.reason)):
            return False
    from saleor.order.models import FulfillmentLine

    line_ids = list(claim.lines.values_list("order_line_id", flat=True))
    return FulfillmentLine.objects.filter(
        order_line_id__in=line_ids,
        fulfillment__status__in=("fulfilled", "returned", "refunded_and_returned", "replaced"),
    ).exists()


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


def approve_claim(claim: Claim, requestor: Any, note: str = "") -> Claim:
    _check_note(note, "note")

    def change(c: Claim) -> list[str]:
        c.decided_at = timezone.now()
        if not claim_has_goods_to_receive(c):  # nothing to send back: clocks start now
            c.due_at = sla_due_at(c, c.decided_at)
            return ["decided_at", "due_at"]
        return ["decided_at"]

    return _transition(claim.pk, ClaimStatus.APPROVED, requestor, note or "Approved.", change)


def reject_claim(claim: Claim, requestor: Any, reason: str) -> Claim:
    if not reason.strip():
        raise ClaimError(ClaimErrorCode.REQUIRED, "Say why the claim is rejected.", "reason")
    _check_note(reason, "reason")

    def change(c: Claim) -> list[str]:
        c.decided_at = timezone.now()
        return ["decided_at"]

    return _transition(claim.pk, ClaimStatus.REJECTED, requestor, f"Rejected: {reason}", change)


def cancel_claim(claim: Claim, requestor: Any) -> Claim:
    return _transition(claim.pk, ClaimStatus.CANCELLED, requestor, "Cancelled.")


def expire_claim(claim: Claim) -> Claim:
    from .graphql.auth import Requestor

    return _transition(
        claim.pk, ClaimStatus.EXPIRED, Requestor(), "Expired: the goods did not arrive in time."
    )


def receive_claim(claim: Claim, requestor: Any, lines: list[ReceiveRequest], config: Any) -> Claim:
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
                line.findings = [
                    {"code": f.code.value, "message": f.message} for f in option.findings
                ]
            line.save()
        c.received_at = now
        c.due_at = sla_due_at(c, now, ctx.order_facts.country)
        return ["received_at", "due_at"]

    return _transition(claim.pk, ClaimStatus.RECEIVED, requestor, _receipt_message(lines), change)


def claim_facts_of(
    line: ClaimLine, claim: Claim, stored_evidence: frozenset, received_at=None
) -> ClaimFacts:
    """Policy facts of a stored claim line (declared, and once inspected, found conditions);
    `stored_evidence` is `stored_evidence_kinds(claim)`, read once per claim."""
    inspected = line.inspected_conditions
    kinds = evidence_kinds([], claim.description, line.serial_number) | stored_evidence
    return ClaimFacts(
        reason=ClaimReason(line.reason),
        quantity=line.quantity,
        declared_conditions=frozenset(ItemCondition(c) for c in line.declared_conditions),
        inspected_conditions=None
        if inspected is None
        else frozenset(ItemCondition(c) for c in inspected),
        evidence=kinds,
        serial_number=line.serial_number or None,
        missing_accessories=tuple(line.missing_accessories),
        received_at=received_at or claim.received_at,
        preferred_resolution=ResolutionType(claim.preferred_resolution)
        if claim.preferred_resolution
        else None,
    )


def stored_evidence_kinds(claim: Claim) -> frozenset:
    from .evidence import EVIDENCE_BY_KIND

    kinds: set = set()
    for kind in claim.evidence.values_list("kind", flat=True).distinct():
        kinds |= EVIDENCE_BY_KIND.get(kind, frozenset())
    return frozenset(kinds)


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
    "ClaimRequest",
    "LineRequest",
    "ReceiveRequest",
    "approve_claim",
    "cancel_claim",
    "create_claim",
    "expire_claim",
    "receive_claim",
    "reject_claim",
]
