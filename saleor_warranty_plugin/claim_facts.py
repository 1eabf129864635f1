"""Facts of a stored claim, as the policy core reads them: its lines' claim facts (declared,
and once inspected, found conditions; evidence on file) and whether goods must come back."""

from typing import Any

from .evidence import EVIDENCE_BY_KIND, evidence_kinds
from .facts import SHIPPED_STATUSES
from .models import Claim, ClaimLine
from .policies import parsed_policy
from .policy import ClaimFacts, ClaimReason, ItemCondition, ReasonOption, ResolutionType


def claim_facts_of(
    line: ClaimLine, claim: Claim, stored_evidence: frozenset, received_at: Any = None
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


def findings_json(option: ReasonOption) -> list[dict]:
    """How a line's findings are stored on its `ClaimLine` (and shown by the API)."""
    return [{"code": f.code.value, "message": f.message} for f in option.findings]


def stored_evidence_kinds(claim: Claim) -> frozenset:
    """The evidence kinds the claim's stored files count as (one query, none where the
    claim was read with `evidence_file_kinds()` as `file_kinds`)."""
    file_kinds = getattr(claim, "file_kinds", None)
    if file_kinds is None:
        file_kinds = claim.evidence.values_list("kind", flat=True).distinct()
    kinds: set = set()
    for kind in file_kinds:
        kinds |= EVIDENCE_BY_KIND.get(kind, frozenset())
    return frozenset(kinds)


def evidence_file_kinds() -> Any:
    """An annotation: the kinds of the claim's stored files (image, video, pdf), read with
    the claim (`stored_evidence_kinds` uses it)."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import OuterRef

    from .models import ClaimEvidence

    return ArraySubquery(
        ClaimEvidence.objects.filter(claim_id=OuterRef("pk")).values("kind").distinct()
    )


def prefetched_lines(claim: Claim) -> list[ClaimLine] | None:
    """The claim's lines where they were read with it (``prefetch_related("lines")``), else
    None: callers that would read them again read them here."""
    if "lines" not in getattr(claim, "_prefetched_objects_cache", {}):
        return None
    return list(claim.lines.all())


def forget_prefetched_lines(claim: Claim) -> None:
    """The claim's lines are read again on next use (they changed since they were read)."""
    getattr(claim, "_prefetched_objects_cache", {}).pop("lines", None)


def claim_has_goods_to_receive(claim: Claim) -> bool:
    """Whether goods must come back before the claim can be resolved: not for lines that
    were never shipped (a cancellation before dispatch) or a reason the policy resolves
    without a return."""
    from saleor.order.models import FulfillmentLine

    if claim.policy is not None:
        policy = parsed_policy(claim.policy)
        if not policy.requires_return(ClaimReason(claim.reason)):
            return False
    line_ids = list(claim.lines.values_list("order_line_id", flat=True))
    return FulfillmentLine.objects.filter(
        order_line_id__in=line_ids, fulfillment__status__in=SHIPPED_STATUSES
    ).exists()
