"""Returns made with Saleor's own return mutation, judged against the policy.

`order_updated` fires after `orderFulfillmentReturnProducts`; each return fulfillment the
plugin has not seen yet is recorded as a staff-initiated claim with its verdicts, and any
policy breach (window over, sale item...) is noted on the order. Fulfillments the plugin's
own resolutions create carry the private metadata key `warranty.claim` and are skipped.
"""

from typing import Any

from django.db import transaction
from django.utils import timezone

from .facts import RETURNED_STATUSES
from .models import Claim

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
