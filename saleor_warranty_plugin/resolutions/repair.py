"""Repair: free within warranty; after it, a quote the customer accepts or declines.

Progress is the `RepairStep` table (`policy/lifecycle.py`): a resolution's goods step, not the
claim's status. The repair succeeds when the item is back with the customer (RETURNED).
"""

from decimal import Decimal

from django.db import transaction

from .. import events
from ..error_codes import ClaimError, ClaimErrorCode
from ..models import ClaimResolution
from ..policy import (
    CUSTOMER_REPAIR_STEPS,
    InvalidStatusChange,
    RepairStep,
    ResolutionType,
    ensure_repair_step,
)
from ..requestor import Requestor
from .performing import settle
from .status import set_repair_step

STEP_NOTES = {
    RepairStep.QUOTED: "Repair quoted at {quote} {currency}.",
    RepairStep.QUOTE_ACCEPTED: "The customer accepted the repair quote.",
    RepairStep.QUOTE_DECLINED: "The customer declined the repair quote; the item goes back "
    "unrepaired.",
    RepairStep.REPAIRED: "Repaired.",
    RepairStep.RETURNED: "The item was sent back to the customer.",
}
STEP_NOTIFICATIONS = {
    RepairStep.QUOTED: "repair_quoted",
    RepairStep.QUOTE_ACCEPTED: "quote_answered",
    RepairStep.QUOTE_DECLINED: "quote_answered",
    RepairStep.REPAIRED: "repaired",
}


def update_repair(
    resolution: ClaimResolution,
    new: str,
    requestor: Requestor,
    *,
    quote: Decimal | None = None,
    note: str = "",
    by_customer: bool = False,
) -> ClaimResolution:
    """Take a repair to its next step (staff: quote, repaired, returned; the customer:
    accept or decline the quote), noted on the order; the resolution succeeds once the item
    is returned."""
    with transaction.atomic():
        locked = (
            ClaimResolution.objects.select_for_update(of=("self",))
            .select_related("claim__order")
            .get(pk=resolution.pk)
        )
        step = _check_step(locked, new, by_customer)
        fields = ["repair_status", "updated_at"]
        if step == RepairStep.QUOTED:
            if quote is None or quote <= 0:
                raise ClaimError(ClaimErrorCode.REQUIRED, "Give the repair price.", "quote")
            locked.repair_quote = quote
            fields.append("repair_quote")
        set_repair_step(locked, step)
        locked.save(update_fields=fields)
        claim = locked.claim
        message = STEP_NOTES[step].format(quote=quote, currency=locked.currency)
        if note:
            message += f" {note}"
        events.claim_note(claim, requestor, f"REPAIR_{step.value}", message)
        if step in STEP_NOTIFICATIONS:
            events.notify_claim(claim, STEP_NOTIFICATIONS[step])
    return settle(locked.pk)


def _check_step(locked: ClaimResolution, new: str, by_customer: bool) -> RepairStep:
    if locked.type != ResolutionType.REPAIR:
        raise ClaimError(ClaimErrorCode.INVALID, "The claim is not being repaired.", "id")
    current = locked.repair_status
    try:
        step = ensure_repair_step(current, new)
    except (ValueError, InvalidStatusChange) as error:
        raise ClaimError(
            ClaimErrorCode.INVALID_TRANSITION,
            f"A repair cannot go from {current.lower() or 'nothing'} to {new.lower()}.",
            "status",
        ) from error
    if by_customer != (step in CUSTOMER_REPAIR_STEPS):
        raise ClaimError(
            ClaimErrorCode.INVALID,
            "Only the customer accepts or declines a quote."
            if by_customer is False
            else "Customers may only accept or decline a quote.",
            "status",
        )
    return step
