"""Returns made with Saleor's own return mutation, judged against the policy.

`order_updated` fires after `orderFulfillmentReturnProducts`; each return fulfillment the
plugin has not seen yet is recorded as a staff-initiated claim with its verdicts, and any
policy breach (window over, sale item...) is noted on the order. Fulfillments the plugin's
own resolutions create carry the private metadata key `warranty.claim` and are skipped.
"""

import dataclasses
from datetime import datetime
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from saleor.order import FulfillmentStatus
from saleor.order.models import Fulfillment, Order

from . import events
from .claim_facts import findings_json
from .config import WarrantyConfig
from .const import CLAIM_KEY
from .facts import RETURNED_STATUSES, OrderContext, build_order_context
from .intake import new_claim
from .models import Claim, ClaimLine
from .policies import parsed_policy, policy_for_order
from .policy import ClaimReason, ClaimStatus, Policy, ReasonOption, Verdict, evaluate_line
from .requestor import SYSTEM

OWN_FULFILLMENT_KEY = CLAIM_KEY
NATIVE_STATUSES = (*RETURNED_STATUSES, FulfillmentStatus.REFUNDED)


def unrecorded_returns(order: Order) -> list[Fulfillment]:
    """The order's return fulfillments made in Saleor that no claim records yet."""
    recorded = Claim.objects.filter(order_id=order.pk, native_return__isnull=False).values(
        "native_return_id"
    )
    return list(
        Fulfillment.objects.filter(order_id=order.pk, status__in=NATIVE_STATUSES)
        .exclude(pk__in=recorded)
        .exclude(private_metadata__has_key=OWN_FULFILLMENT_KEY)  # the plugin's own
        .prefetch_related("lines")  # read only when there is one
        .order_by("pk")
    )


def record_native_returns(order: Order, config: WarrantyConfig) -> list[Claim]:
    """Record each return made in Saleor that the plugin has not seen yet (one claim each)."""
    pending = unrecorded_returns(order)
    if not pending:
        return []
    claims = []
    for fulfillment in pending:
        with transaction.atomic():
            claim = record_native_return(order, fulfillment, config, now=timezone.now())
        if claim is not None:
            claims.append(claim)
    return claims


def record_native_return(
    order: Order, fulfillment: Fulfillment, config: WarrantyConfig, now: datetime
) -> Claim | None:
    """Record a return made with Saleor's own mutation as a staff-initiated claim.

    The claim takes the most favourable reason the policy accepts for all returned lines
    (or, when none does, the policy's first reason) and starts RECEIVED — RESOLVED when
    Saleor already refunded or replaced the goods. Breaches are noted on the order.
    """
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
    returned = returned_quantities(fulfillment)
    lines = [line for line in ctx.lines if line.pk in returned]
    if not lines:
        return None
    reason, options = most_favourable(
        parsed_policy(record), ctx, returned, fulfillment.created_at or now, already_counted=True
    )
    returned_only = fulfillment.status == FulfillmentStatus.RETURNED
    status = ClaimStatus.RECEIVED if returned_only else ClaimStatus.RESOLVED
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
                findings=findings_json(options[line.pk]),
            )
            for line in lines
        ]
    )
    _tell_history(claim, order, fulfillment, options, lazy_policy=lazy)
    return claim


def returned_quantities(fulfillment: Fulfillment) -> dict[UUID, int]:
    """Units returned by a return fulfillment, by order line pk."""
    returned: dict[UUID, int] = {}
    for fline in fulfillment.lines.all():
        returned[fline.order_line_id] = returned.get(fline.order_line_id, 0) + fline.quantity
    return returned


def _tell_history(
    claim: Claim,
    order: Order,
    fulfillment: Fulfillment,
    options: dict[UUID, ReasonOption],
    lazy_policy: bool,
) -> None:
    """The claim's creation and what of the policy the return broke, in the claim's and the
    order's history."""
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
    events.claim_created(claim, SYSTEM, lazy_policy=lazy_policy)
    events.claim_note(claim, SYSTEM, "NATIVE_RETURN", message, breaches=breaches)
    events.remember_claim_on_order(order, claim)


_VERDICT_RANK = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_REVIEW: 1, Verdict.INELIGIBLE: 2}


def most_favourable(
    policy: Policy,
    ctx: OrderContext,
    quantities: dict[UUID, int],
    when: datetime,
    already_counted: bool = False,
) -> tuple[ClaimReason, dict[UUID, ReasonOption]]:
    """The reason under which the policy judges returning `quantities` (by order line pk)
    most favourably, and each line's option for it: staff did not say why goods came back.
    Windows, exclusions and accepted reasons count; evidence and declared conditions do not
    (staff had the goods in hand).

    `already_counted`: the quantities are already among the returned ones in `ctx` (the
    return happened); they are judged as the line stood before it.
    """
    facts = {}
    for line_pk, quantity in quantities.items():
        line_facts = ctx.line_facts[line_pk]
        if already_counted:
            line_facts = dataclasses.replace(
                line_facts, quantity_claimed=max(line_facts.quantity_claimed - quantity, 0)
            )
        facts[line_pk] = line_facts
    best: tuple[int, ClaimReason, dict[UUID, ReasonOption]] | None = None
    for reason in policy.reasons:
        options = {
            line_pk: evaluate_line(
                policy,
                ctx.order_facts,
                facts[line_pk],
                when,
                reasons=[reason],
            ).options[0]
            for line_pk in quantities
        }
        rank = max(_VERDICT_RANK[o.verdict] for o in options.values())
        if best is None or rank < best[0]:
            best = (rank, reason, options)
        if rank == 0:
            break
    assert best is not None, "a policy knows at least one reason"
    return best[1], best[2]
