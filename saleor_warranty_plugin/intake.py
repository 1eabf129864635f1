"""A claim comes in: the request is checked, each line judged by the policy in force, and
the claim stored with its lines, evidence, events and order note - or refused with every
line's errors, with nothing stored."""

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from saleor.core.exceptions import PermissionDenied

from . import events
from .access import check_account, get_visible_order, is_order_manager
from .claim_facts import findings_json
from .error_codes import ClaimError, ClaimErrorCode, ClaimErrors
from .evidence import check_uploads, evidence_kinds
from .facts import build_order_context
from .models import Claim, ClaimEvidence, ClaimLine
from .policies import required_policy
from .policy import (
    ClaimFacts,
    ClaimReason,
    ClaimStatus,
    ItemCondition,
    ResolutionType,
    Verdict,
    evaluate_line,
)

MAX_DESCRIPTION = 5000
MAX_SERIAL = 128
MAX_LINES = 100


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


def create_claim(context: Any, request: ClaimRequest, config: Any) -> Claim:
    """Open a claim on an order the requestor may see (`context` is the API request's, for
    Saleor's permission loaders): each line is judged by the order's policy now; ineligible
    lines refuse the claim with their findings' codes (unless staff override the policy).
    The claim starts APPROVED where the policy approves it automatically, else PENDING."""
    requestor = context.requestor
    is_staff_side = is_order_manager(requestor)
    if request.override_policy and not is_staff_side:
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
        record, policy, lazy = required_policy(order, ctx)
        check_account(requestor, policy)
        judged = _judge_lines(request, ctx, policy, files, now)
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
        _store_lines_and_evidence(claim, judged, files)
        events.claim_created(claim, requestor, lazy_policy=lazy)
        if overridden:
            events.policy_overridden(claim, requestor, judged)
        if status == ClaimStatus.APPROVED:
            events.claim_transition(
                claim, requestor, ClaimStatus.APPROVED, "Approved automatically by the policy."
            )
        events.remember_claim_on_order(order, claim)
    return claim


def _judge_lines(request: ClaimRequest, ctx: Any, policy: Any, files: list, now: Any) -> list:
    """(order line, line request, reason, option) per requested line; ClaimErrors with every
    refused line when any is."""
    lines_by_id = {line.pk: line for line in ctx.lines}
    judged = []
    errors: list[ClaimError] = []
    for line_request in request.lines:
        where: dict[str, Any] = {"field": "lines", "order_lines": [line_request.global_id]}
        line = lines_by_id.get(line_request.order_line_id)
        if line is None:
            errors.append(
                ClaimError(ClaimErrorCode.NOT_FOUND, "The order has no such line.", **where)
            )
            continue
        reason = line_request.reason or request.reason
        claim_facts = ClaimFacts(
            reason=reason,
            quantity=line_request.quantity,
            declared_conditions=line_request.declared_conditions,
            evidence=evidence_kinds(files, request.description, line_request.serial_number),
            serial_number=line_request.serial_number or None,
            preferred_resolution=request.preferred_resolution,
        )
        evaluation = evaluate_line(
            policy,
            ctx.order_facts,
            ctx.line_facts[line.pk],
            now,
            claim=claim_facts,
            reasons=[reason],
        )
        option = evaluation.options[0]
        if line_request.quantity > evaluation.quantity_claimable:
            message = f"Only {evaluation.quantity_claimable} of {line.product_name} can be claimed."
            errors.append(ClaimError(ClaimErrorCode.QUANTITY_EXCEEDED, message, **where))
        elif option.verdict == Verdict.INELIGIBLE and not request.override_policy:
            errors += [ClaimError(f.code, f.message, **where) for f in option.findings]
        else:
            judged.append((line, line_request, reason, option))
    if errors:
        raise ClaimErrors(_merge_by_code(errors))
    return judged


def _store_lines_and_evidence(claim: Claim, judged: list, files: list) -> None:
    ClaimLine.objects.bulk_create(
        [
            ClaimLine(
                claim=claim,
                order_line=line,
                quantity=line_request.quantity,
                reason=reason.value,
                verdict=option.verdict.value,
                findings=findings_json(option),
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
