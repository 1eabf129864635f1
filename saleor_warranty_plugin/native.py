"""Returns made with Saleor's own return mutation, judged against the policy.

`order_updated` fires after `orderFulfillmentReturnProducts`; each return fulfillment the
plugin has not seen yet is recorded as a staff-initiated claim with its verdicts, and any
policy breach (window over, sale item...) is noted on the order. Fulfillments the plugin's
own resolutions create carry the private metadata key `warranty.claim` and are skipped.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from .facts import RETURNED_STATUSES, OrderContext
from .models import Claim
from .policy import ClaimReason, Policy, ReasonOption, Verdict, evaluate_line

OWN_FULFILLMENT_KEY = "warranty.claim"
NATIVE_STATUSES = (*RETURNED_STATUSES, "refunded")


def unrecorded_returns(order: Any) -> list[Any]:
    from saleor.order.models import Fulfillment

    recorded = Claim.objects.filter(order_id=order.pk, native_return__isnull=False).values(
        "native_return_id"
    )
    return [
        f
        for f in Fulfillment.objects.filter(order_id=order.pk, status__in=NATIVE_STATUSES)
        .exclude(pk__in=recorded)
        .prefetch_related("lines")
        .order_by("pk")
        if OWN_FULFILLMENT_KEY not in (f.private_metadata or {})
    ]


def record_native_returns(order: Any, config: Any) -> list[Claim]:
    from .actions import record_native_return

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


_VERDICT_RANK = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_REVIEW: 1, Verdict.INELIGIBLE: 2}


def most_favourable(
    policy: Policy,
    ctx: OrderContext,
    quantities: dict[Any, int],
    when: Any,
    already_counted: bool = False,
) -> tuple[ClaimReason, dict[Any, ReasonOption]]:
    """The reason under which the policy judges returning `quantities` (by order line pk)
    most favourably, and each line's option for it: staff did not say why goods came back.
    Windows, exclusions and accepted reasons count; evidence and declared conditions do not
    (staff had the goods in hand).

    `already_counted`: the quantities are already among the returned ones in `ctx` (the
    return happened); they are judged as the line stood before it.
    """
    import dataclasses

    facts = {}
    for line_pk, quantity in quantities.items():
        line_facts = ctx.line_facts[line_pk]
        if already_counted:
            line_facts = dataclasses.replace(
                line_facts, quantity_claimed=max(line_facts.quantity_claimed - quantity, 0)
            )
        facts[line_pk] = line_facts
    best: tuple[int, ClaimReason, dict[Any, ReasonOption]] | None = None
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
