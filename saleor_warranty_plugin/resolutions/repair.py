"""Repair: free within warranty; after it, a quote the customer accepts or declines.

Progress is a small table of its own (a resolution's goods step, not the claim's status):

    IN_REPAIR -> REPAIRED -> RETURNED                    free repair within warranty
    AWAITING_QUOTE -> QUOTED -> QUOTE_ACCEPTED -> REPAIRED -> RETURNED    paid repair
                              QUOTED -> QUOTE_DECLINED -> RETURNED      sent back unrepaired

The resolution succeeds when the item is back with the customer (RETURNED).
"""

from decimal import Decimal
from typing import Any

from django.db import transaction

from ..error_codes import ClaimError, ClaimErrorCode
from ..models import ClaimResolution

REPAIR_TRANSITIONS: dict[str, frozenset[str]] = {
    "IN_REPAIR": frozenset({"REPAIRED"}),
    "AWAITING_QUOTE": frozenset({"QUOTED"}),
    "QUOTED": frozenset({"QUOTE_ACCEPTED", "QUOTE_DECLINED"}),
    "QUOTE_ACCEPTED": frozenset({"REPAIRED"}),
    "QUOTE_DECLINED": frozenset({"RETURNED"}),
    "REPAIRED": frozenset({"RETURNED"}),
    "RETURNED": frozenset(),
}
CUSTOMER_STEPS = frozenset({"QUOTE_ACCEPTED", "QUOTE_DECLINED"})


def start_repair(resolution: ClaimResolution, requestor: Any) -> None:
    """The repair is under way: its first step (free, or awaiting a quote) was recorded with
    the resolution from the policy's plan."""
    ClaimResolution.objects.filter(pk=resolution.pk, status="PENDING").update(status="REQUESTED")


def update_repair(
    resolution: ClaimResolution,
    new: str,
    requestor: Any,
    *,
    quote: Decimal | None = None,
    note: str = "",
    by_customer: bool = False,
) -> ClaimResolution:
    from .. import events
    from . import settle

    with transaction.atomic():
        locked = (
            ClaimResolution.objects.select_for_update(of=("self",))
            .select_related("claim__order")
            .get(pk=resolution.pk)
        )
        if locked.type != "REPAIR":
            raise ClaimError(ClaimErrorCode.INVALID, "The claim is not being repaired.", "id")
        current = locked.repair_status
        if new not in REPAIR_TRANSITIONS.get(current, frozenset()):
            raise ClaimError(
                ClaimErrorCode.INVALID_TRANSITION,
                f"A repair cannot go from {current.lower() or 'nothing'} to {new.lower()}.",
                "status",
            )
        if by_customer != (new in CUSTOMER_STEPS):
            raise ClaimError(
                ClaimErrorCode.INVALID,
                "Only the customer accepts or declines a quote."
                if by_customer is False
                else "Customers may only accept or decline a quote.",
                "status",
            )
        fields = ["repair_status", "updated_at"]
        if new == "QUOTED":
            if quote is None or quote <= 0:
                raise ClaimError(ClaimErrorCode.REQUIRED, "Give the repair price.", "quote")
            locked.repair_quote = quote
            fields.append("repair_quote")
        locked.repair_status = new
        locked.save(update_fields=fields)
        claim = locked.claim
        message = {
            "QUOTED": f"Repair quoted at {quote} {locked.currency}.",
            "QUOTE_ACCEPTED": "The customer accepted the repair quote.",
            "QUOTE_DECLINED": "The customer declined the repair quote; the item goes back "
            "unrepaired.",
            "REPAIRED": "Repaired.",
            "RETURNED": "The item was sent back to the customer.",
        }[new]
        if note:
            message += f" {note}"
        events.claim_note(claim, requestor, f"REPAIR_{new}", message)
        if new == "QUOTED":
            events.notify_claim(claim, "repair_quoted")
        elif new in CUSTOMER_STEPS:
            events.notify_claim(claim, "quote_answered")
        elif new == "REPAIRED":
            events.notify_claim(claim, "repaired")
    return settle(locked.pk)
