"""Carrying out a recorded resolution, so that it always ends somewhere.

`perform` runs after the claim's RESOLVED commit (as the Celery task `perform_resolution`,
eager where Saleor has no broker). It ends SUCCEEDED, REQUESTED (waiting on a payment app or
on the repair) or FAILED through `status.fail` (an event and an order note) - whatever goes
wrong, including an unexpected exception. Only a process that dies mid-way leaves a
resolution PENDING; `resume_stranded` (a periodic task) carries those on after a grace
period through the same steps, whose idempotency keys and recorded state make money move once.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from functools import partial
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import F, prefetch_related_objects
from django.utils import timezone

from ..claim_facts import prefetched_lines
from ..compiled import CompiledRead
from ..error_codes import ClaimError
from ..failures import log_unexpected
from ..models import Claim, ClaimResolution
from ..policy import ResolutionStatus, ResolutionType
from ..requestor import Requestor
from .kinds import kind_of
from .refunds import settle_part_from_grant
from .status import ResolutionId, fail, set_resolution_status
from .stock import restock_claim

logger = logging.getLogger(__name__)

# a PENDING resolution untouched for this long was abandoned by a dead process
STRANDED_AFTER = timedelta(minutes=10)
MAX_ATTEMPTS = 5


def perform(resolution_id: ResolutionId, requestor: Requestor) -> ClaimResolution:
    """Carry out (or resume) a recorded resolution; safe to call any number of times, from
    any process. A failed step ends the resolution FAILED; it never raises for one."""
    resolution = _begin_attempt(resolution_id)
    if resolution is None:
        return ClaimResolution.objects.get(pk=resolution_id)
    try:
        # received goods go back on sale first: they may be what a replacement ships
        restock_claim(resolution.claim, requestor)
        kind_of(resolution).perform(resolution, requestor)
        return settle(resolution.pk, claim=resolution.claim)
    except ClaimError as error:
        return fail(resolution.pk, error.message, error.code)
    except Exception as error:
        log_unexpected(logger, f"resolution {resolution.pk}", error)
        return fail(
            resolution.pk,
            "Unexpected error; nothing was repeated. Retry, or see the server log.",
        )


# the claim as the request that resolved it read it (order, channel, lines), where that
# request performs the resolution itself on commit (no broker): not read again
_claim_at_hand: ContextVar[Claim | None] = ContextVar("warranty_claim_at_hand", default=None)


@contextmanager
def claim_at_hand(claim: Claim | None) -> Iterator[None]:
    """Within the block, performing that claim's resolution uses `claim` as read."""
    token = _claim_at_hand.set(claim)
    try:
        yield
    finally:
        _claim_at_hand.reset(token)


def _begin_attempt(resolution_id: ResolutionId) -> ClaimResolution | None:
    """The resolution to work on, counted as one more attempt (a failed one is retried:
    back to PENDING); None when it already succeeded."""
    at_hand = _claim_at_hand.get()
    with transaction.atomic():
        read = _RESOLUTION_ALONE if at_hand is not None else _RESOLUTION_WITH_CLAIM
        resolution = read.first(int(resolution_id))
        if resolution is None:
            raise ClaimResolution.DoesNotExist(f"No resolution {resolution_id}.")
        if at_hand is not None:
            resolution.claim = _claim_as_read(at_hand, resolution.claim_id)
            resolution.claim.resolution = resolution  # as the join would have set it
        else:  # what restocking and the return read first
            prefetch_related_objects([resolution.claim], "lines")
        if resolution.status == ResolutionStatus.SUCCEEDED:
            return None
        if resolution.status == ResolutionStatus.FAILED:
            set_resolution_status(resolution, ResolutionStatus.PENDING)
        ClaimResolution.objects.filter(pk=resolution.pk).update(
            attempts=F("attempts") + 1, updated_at=timezone.now()
        )
    return resolution


def _locked_resolution(resolution_id: Any, with_claim: bool = True) -> Any:
    """The resolution under its row lock, with its legacy payment and (unless the claim is
    at hand) its claim's order and channel."""
    related = ("payment", "claim__order__channel") if with_claim else ("payment",)
    return (
        ClaimResolution.objects.select_for_update(of=("self",))
        .select_related(*related)
        .filter(pk=resolution_id)
    )


_NO_RESOLUTION = -731_945_287  # no resolution has it
_RESOLUTION_WITH_CLAIM = CompiledRead(_locked_resolution, _NO_RESOLUTION)
_RESOLUTION_ALONE = CompiledRead(partial(_locked_resolution, with_claim=False), _NO_RESOLUTION)


def _claim_as_read(at_hand: Claim, claim_id: Any) -> Claim:
    """The claim at hand with its lines, or the resolution's own claim read anew."""
    if at_hand.pk != claim_id:
        at_hand = Claim.objects.select_related("order__channel").get(pk=claim_id)
    if prefetched_lines(at_hand) is None:
        prefetch_related_objects([at_hand], "lines")
    return at_hand


def settle(resolution_id: ResolutionId, claim: Claim | None = None) -> ClaimResolution:
    """Derive the resolution's status from its parts (its performer says how) and tell the
    order history on change. `claim`: the resolution's claim as its performer read it."""
    with transaction.atomic():
        resolutions = ClaimResolution.objects.select_for_update(of=("self",))
        if claim is None:
            resolutions = resolutions.select_related("claim__order__channel")
        resolution = resolutions.get(pk=resolution_id)
        if claim is not None and claim.pk == resolution.claim_id:
            resolution.claim = claim
        parts = list(resolution.refunds.all())
        for part in parts:
            settle_part_from_grant(part)
        kind = kind_of(resolution)
        new = kind.derived_status(resolution, parts)
        error = None
        if new == ResolutionStatus.FAILED:
            error = "; ".join(p.error for p in parts if p.error) or resolution.error
        set_resolution_status(resolution, new, error=error, success=kind.describe(resolution))
    return resolution


def sync_refund_outcomes(order_id: UUID) -> list[ClaimResolution]:
    """Settle resolutions of an order waiting on the payment app (called from Saleor's
    order_refunded/order_updated hooks and by the periodic task)."""
    pending = ClaimResolution.objects.filter(
        claim__order_id=order_id,
        type=ResolutionType.REFUND.value,
        status=ResolutionStatus.REQUESTED.value,
    ).values_list("pk", flat=True)
    return [settle(pk) for pk in pending]


def stranded(now: datetime) -> list[int]:
    """Resolutions a dead process left PENDING: untouched for `STRANDED_AFTER`."""
    return list(
        ClaimResolution.objects.filter(
            status=ResolutionStatus.PENDING.value, updated_at__lt=now - STRANDED_AFTER
        ).values_list("pk", flat=True)
    )


def resume_stranded(now: datetime) -> list[ClaimResolution]:
    """Carry on every stranded resolution as its creator (the steps skip what was done);
    one that keeps being abandoned ends FAILED after `MAX_ATTEMPTS`."""
    resumed = []
    for pk in stranded(now):
        resolution = ClaimResolution.objects.select_related("created_by", "created_by_app").get(
            pk=pk
        )
        if resolution.attempts >= MAX_ATTEMPTS:
            resumed.append(
                fail(pk, f"Abandoned {resolution.attempts} times; check it before retrying.")
            )
            continue
        creator = Requestor(user=resolution.created_by, app=resolution.created_by_app)
        resumed.append(perform(pk, creator))
    return resumed
