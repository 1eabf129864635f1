"""Ship and delivery dates, which Saleor does not keep.

- shipped: stamped when a fulfillment becomes FULFILLED (created auto-approved, or approved);
  the hooks fire again on approval, so stamping keeps the first date.
- delivered: from `fulfillmentMarkDelivered` (staff, apps, carrier integrations) or from the
  fulfillment metadata key `warranty.delivered_at` (an ISO 8601 date or date-time).
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from .error_codes import ClaimError, ClaimErrorCode
from .facts import DELIVERED_AT_KEY, SHIPPED_STATUSES
from .models import FulfillmentTimeline
from .requestor import SYSTEM

FUTURE_TOLERANCE = timedelta(minutes=5)


def stamp_shipped(fulfillment: Any, when: datetime | None = None) -> FulfillmentTimeline | None:
    if fulfillment.status != "fulfilled":
        return None
    timeline, created = FulfillmentTimeline.objects.get_or_create(
        fulfillment_id=fulfillment.pk, defaults={"shipped_at": when or timezone.now()}
    )
    if not created and timeline.shipped_at is None:
        timeline.shipped_at = when or timezone.now()
        timeline.save(update_fields=["shipped_at"])
    return timeline


def mark_delivered(
    fulfillment: Any, delivered_at: datetime | None, requestor: Any, source: str
) -> FulfillmentTimeline:
    from saleor.order.events import order_note_added_event

    if fulfillment.status not in SHIPPED_STATUSES:
        raise ClaimError(
            ClaimErrorCode.NOT_SHIPPED, "The fulfillment has not been shipped.", "fulfillment"
        )
    now = timezone.now()
    delivered_at = delivered_at or now
    if timezone.is_naive(delivered_at):
        delivered_at = timezone.make_aware(delivered_at, timezone.get_current_timezone())
    with transaction.atomic():
        timeline, _ = FulfillmentTimeline.objects.select_for_update().get_or_create(
            fulfillment_id=fulfillment.pk, defaults={"shipped_at": fulfillment.created_at}
        )
        shipped_at = timeline.shipped_at or fulfillment.created_at
        if delivered_at > now + FUTURE_TOLERANCE:
            raise ClaimError(
                ClaimErrorCode.INVALID, "The delivery date is in the future.", "deliveredAt"
            )
        if delivered_at < shipped_at:
            raise ClaimError(
                ClaimErrorCode.INVALID, "The delivery date is before the shipment.", "deliveredAt"
            )
        if timeline.delivered_at == delivered_at and timeline.delivered_source == source:
            return timeline
        timeline.delivered_at = delivered_at
        timeline.delivered_source = source
        timeline.save(update_fields=["delivered_at", "delivered_source"])
        order_note_added_event(
            order=fulfillment.order,
            user=getattr(requestor, "user", None),
            app=getattr(requestor, "app", None),
            message=f"Fulfillment {fulfillment.composed_id} delivered on "
            f"{delivered_at.date().isoformat()} ({source}).",
        )
    return timeline


def delivered_from_metadata(fulfillment: Any) -> datetime | None:
    raw = (fulfillment.metadata or {}).get(DELIVERED_AT_KEY)
    if not raw:
        return None
    raw = str(raw).strip()
    day = parse_date(raw) if len(raw) == 10 else None
    if day is None:
        parsed = parse_datetime(raw)
        if parsed is None:
            return None
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    # A bare date means "some time that day": not before the shipment, not after now.
    start = timezone.make_aware(datetime.combine(day, time(0, 0)))
    timeline = FulfillmentTimeline.objects.filter(fulfillment_id=fulfillment.pk).first()
    shipped = (timeline.shipped_at if timeline else None) or fulfillment.created_at
    moment = max(start, shipped) if shipped.date() == day else start
    return min(moment, timezone.now()) if day == timezone.now().date() else moment


def delivered_from_metadata_hook(fulfillment: Any) -> None:
    """Honour `warranty.delivered_at` written to a fulfillment's metadata; a bad value is
    logged and ignored (metadata writes must not fail because of the plugin)."""
    import logging

    delivered_at = delivered_from_metadata(fulfillment)
    if delivered_at is None:
        return
    try:
        mark_delivered(fulfillment, delivered_at, SYSTEM, source="metadata")
    except ClaimError as error:
        logging.getLogger(__name__).warning(
            "Ignoring %s on fulfillment %s: %s", DELIVERED_AT_KEY, fulfillment.pk, error.message
        )
