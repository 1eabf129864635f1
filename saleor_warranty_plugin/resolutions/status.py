"""The one writer of each lifecycle status (the tables are in `policy/lifecycle.py`).

`set_resolution_status` is the only code that changes `ClaimResolution.status`: it checks the
table, writes under a conditional update (a concurrent writer that got there first wins, and
this one reports no change), and tells the claim's history. `fail` is the single way into
FAILED: the resolution, an event and an order note saying why. `set_refund_status` and
`set_repair_step` do the same for a `ClaimRefund` and a repair's goods.
"""

from typing import Any

from django.utils import timezone

from .. import events
from ..const import MAX_NOTE
from ..error_codes import ClaimError, ClaimErrorCode
from ..models import ClaimEvent, ClaimRefund, ClaimResolution
from ..policy import (
    RefundStatus,
    RepairStep,
    ResolutionStatus,
    ensure_refund_status,
    ensure_repair_step,
    ensure_resolution_status,
)

# a resolution's pk, or its text as a task's argument carries it
ResolutionId = int | str


def set_resolution_status(
    resolution: ClaimResolution,
    new: ResolutionStatus,
    error: str | None = None,
    success: str = "",
    code: str = ClaimErrorCode.RESOLUTION_FAILED,
) -> bool:
    """Move `resolution` (as read: its `status` is the expected current one) to `new`; True
    when this call changed it. `error` replaces the recorded error (cleared on success);
    `success` is what the claim's history says when it succeeds, `code` why it failed."""
    before = resolution.status
    if before == new:
        return False
    ensure_resolution_status(before, new)
    if error is None:
        error = "" if new == ResolutionStatus.SUCCEEDED else resolution.error
    fields: dict[str, Any] = {"status": new.value, "error": error[:MAX_NOTE]}
    changed = ClaimResolution.objects.filter(pk=resolution.pk, status=before).update(
        **fields, updated_at=timezone.now()
    )
    if not changed:
        return False
    resolution.status, resolution.error = new.value, fields["error"]
    events.resolution_changed(resolution, before, success, code)
    return True


def fail(
    resolution_id: ResolutionId, message: str, code: str = ClaimErrorCode.RESOLUTION_FAILED
) -> ClaimResolution:
    """The resolution ends FAILED with `message`, an event (with the error `code`) and an
    order note; staff retry with claimResolve. On an already failed one the reason is kept."""
    resolution = ClaimResolution.objects.select_related("claim__order").get(pk=resolution_id)
    if resolution.status == ResolutionStatus.SUCCEEDED:
        return resolution  # done before the failure: nothing to undo
    if resolution.status == ResolutionStatus.FAILED:
        ClaimResolution.objects.filter(pk=resolution.pk).update(error=message[:MAX_NOTE])
        resolution.error = message[:MAX_NOTE]
        return resolution
    set_resolution_status(resolution, ResolutionStatus.FAILED, error=message, code=code)
    return resolution


def last_failure(resolution: ClaimResolution) -> ClaimError | None:
    """Why a FAILED resolution failed, as the typed error its event recorded."""
    if resolution.status != ResolutionStatus.FAILED:
        return None
    event = (
        ClaimEvent.objects.filter(claim_id=resolution.claim_id, type=events.RESOLUTION_FAILED)
        .order_by("-pk")
        .first()
    )
    code = (event.parameters or {}).get("code") if event else None
    return ClaimError(code or ClaimErrorCode.RESOLUTION_FAILED, resolution.error, field="type")


def set_refund_status(part: ClaimRefund, new: RefundStatus, error: str = "") -> bool:
    """Move one money movement to `new` (conditional on the status it was read with)."""
    before = part.status
    if before == new:
        return False
    ensure_refund_status(before, new)
    changed = ClaimRefund.objects.filter(pk=part.pk, status=before).update(
        status=new.value, error=error[:MAX_NOTE], updated_at=timezone.now()
    )
    if changed:
        part.status, part.error = new.value, error[:MAX_NOTE]
    return bool(changed)


def set_repair_step(resolution: ClaimResolution, new: RepairStep) -> None:
    """Move a repair (row-locked by the caller) to its next step."""
    ensure_repair_step(resolution.repair_status, new)
    resolution.repair_status = new.value
