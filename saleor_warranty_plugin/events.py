"""One builder per claim event. Each writes the claim's own event and a note in Saleor's
order history (shown on the dashboard's order page)."""

from typing import Any

from .const import CLAIMS_KEY
from .models import Claim, ClaimEvent
from .policy import ClaimStatus, ResolutionStatus, ResolutionType, money_text
from .requestor import SYSTEM

CLAIMS_METADATA_KEY = CLAIMS_KEY

_READABLE = {
    "CHANGED_MIND": "change of mind",
    "DEAD_ON_ARRIVAL": "dead on arrival",
    "DEFECTIVE": "defective (warranty)",
    "DAMAGED_IN_TRANSIT": "damaged in transit",
    "WRONG_ITEM_SENT": "wrong item sent",
    "NOT_AS_DESCRIBED": "not as described",
}


def _record(claim: Claim, requestor: Any, event_type: str, message: str, **parameters) -> None:
    ClaimEvent.objects.create(
        claim=claim,
        type=event_type,
        user=requestor.user,
        app=requestor.app,
        message=message,
        parameters=parameters,
    )
    order_note(claim.order, requestor.user, requestor.app, f"Claim {claim.number}: {message}")


def order_note(order: Any, user: Any, app: Any, message: str) -> Any:
    """The rows of Saleor's `order_note_added_event` (the order's note, and the customer's
    own event when the note is theirs), comparing the order's customer by id rather than
    loading them (``test_events.py`` holds the two alike)."""
    from saleor.account import events as account_events
    from saleor.order import OrderEvents
    from saleor.order.models import OrderEvent

    if user is not None and order.user_id is not None and order.user_id == user.pk:
        account_events.customer_added_to_note_order_event(user=user, order=order, message=message)
    return OrderEvent.objects.create(
        order=order,
        type=OrderEvents.NOTE_ADDED,
        parameters={"message": message},
        app=app,
        user=user,
    )


def claim_created(claim: Claim, requestor: Any, lazy_policy: bool = False) -> None:
    who = "by staff" if claim.staff_initiated else "by the customer"
    message = (
        f"Opened {who} for {_READABLE.get(claim.reason, claim.reason)}, judged by policy "
        f"version {claim.policy_version}."
    )
    if lazy_policy:
        message += (
            " The order predates the policy snapshot, so it is judged by the policy in force "
            "now and the order's current data."
        )
    _record(claim, requestor, "CREATED", message, lazy_policy=lazy_policy)
    notify_claim(claim, "created")


def policy_overridden(claim: Claim, requestor: Any, judged: list) -> None:
    codes = sorted(
        {
            f.code.value
            for *_, option in judged
            if option.verdict == "INELIGIBLE"
            for f in option.findings
        }
    )
    who = requestor.user.email if requestor.user else (requestor.app.name if requestor.app else "?")
    _record(
        claim,
        requestor,
        "POLICY_OVERRIDDEN",
        f"Policy overridden by {who} despite: {', '.join(codes)}.",
        codes=codes,
    )


def resolution_overridden(claim: Claim, requestor: Any, request: Any, refusals: list) -> None:
    """Staff resolved against the policy: who, what, despite which findings, and why."""
    codes = sorted({r.code for r in refusals})
    kind = request.type.value.lower().replace("_", " ")
    _record(
        claim,
        requestor,
        "POLICY_OVERRIDDEN",
        f"Resolved by {kind} against the policy by {requestor.user.email} despite "
        f"{', '.join(codes)}: {request.note.strip()}",
        codes=codes,
        resolution=request.type.value,
        note=request.note.strip(),
    )


def claim_transition(claim: Claim, requestor: Any, status: str, message: str) -> None:
    _record(claim, requestor, status, message)
    if status != ClaimStatus.RESOLVED:  # resolution events say more (see resolution_changed)
        notify_claim(claim, status.lower())


def notify_claim(claim: Claim, event: str) -> None:
    from .notifications import notify

    notify(claim, event)


RESOLUTION_FAILED = "RESOLUTION_FAILED"


def resolution_changed(resolution: Any, before: str, success: str, code: str = "") -> None:
    """Order note and notification when a resolution's money or goods step settles (or is
    retried); `success` is the note for SUCCEEDED, from the resolution type's performer."""
    claim = resolution.claim
    if resolution.status == ResolutionStatus.SUCCEEDED:
        _record(claim, SYSTEM, "RESOLUTION_SUCCEEDED", success)
        if resolution.type == ResolutionType.REFUND:
            notify_claim(claim, "refund_succeeded")
    elif resolution.status == ResolutionStatus.PENDING:
        _record(claim, SYSTEM, "RESOLUTION_RETRIED", "Retrying the resolution.")
    elif resolution.status == ResolutionStatus.FAILED:
        _record(
            claim,
            SYSTEM,
            RESOLUTION_FAILED,
            f"{resolution.type.capitalize().replace('_', ' ')} failed: "
            f"{resolution.error or 'no reason given'}. Staff can retry with claimResolve.",
            code=code,
        )
        notify_claim(claim, "refund_failed")
    elif (
        resolution.status == ResolutionStatus.REQUESTED
        and before == ResolutionStatus.PENDING
        and resolution.type == ResolutionType.REFUND
    ):
        _record(
            claim,
            SYSTEM,
            "REFUND_REQUESTED",
            f"Refund of {money_text(resolution.amount, resolution.currency)} requested from the "
            "payment "
            "provider.",
        )


def claim_note(claim: Claim, requestor: Any, event_type: str, message: str, **parameters) -> None:
    _record(claim, requestor, event_type, message, **parameters)


def remember_claim_on_order(order: Any, claim: Claim) -> None:
    """Keep the order's claim numbers in its private metadata (the order row is locked)."""
    numbers = [
        n
        for n in (order.get_value_from_private_metadata(CLAIMS_METADATA_KEY) or "").split(",")
        if n
    ]
    if claim.number not in numbers:
        numbers.append(claim.number)
    order.store_value_in_private_metadata({CLAIMS_METADATA_KEY: ",".join(numbers)})
    order.save(update_fields=["private_metadata", "updated_at"])
