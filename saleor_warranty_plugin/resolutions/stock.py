"""Resellable returned items back to stock (Saleor does not restock returns by itself).

Each claim line restocks at most its received quantity, once: `restocked_quantity` is
raised in the same database transaction as the stock.
"""

from typing import Any

from django.db import transaction
from django.db.models import F

from ..claim_facts import prefetched_lines
from ..models import Claim, ClaimLine
from ..requestor import Requestor


def restock_claim(claim: Claim, requestor: Requestor) -> int:
    """Put received units marked `restock` back into stock; returns how many were added."""
    from saleor.order.events import order_note_added_event
    from saleor.warehouse.management import increase_stock

    read = prefetched_lines(claim)  # read when the performing began
    if read is not None and not any(
        line.restock and line.quantity_received > line.restocked_quantity for line in read
    ):
        return 0  # nothing to put back
    added = 0
    with transaction.atomic():
        lines = (
            ClaimLine.objects.select_for_update(of=("self",))
            .select_related("order_line__variant", "restock_warehouse")
            .filter(claim=claim, restock=True, quantity_received__gt=F("restocked_quantity"))
        )
        for line in lines:
            order_line = line.order_line
            if order_line.variant is None:
                continue  # the product was deleted: nothing to put the units on
            warehouse = line.restock_warehouse or _shipped_from(order_line)
            if warehouse is None:
                continue
            quantity = line.quantity_received - line.restocked_quantity
            increase_stock(order_line, warehouse, quantity, allocate=False)
            line.restocked_quantity = line.quantity_received
            line.save(update_fields=["restocked_quantity"])
            added += quantity
            order_note_added_event(
                order=claim.order,
                user=requestor.user,
                app=requestor.app,
                message=f"Claim {claim.number}: {quantity} x {order_line.product_name} back in "
                f"stock at {warehouse.name}.",
            )
    return added


def _shipped_from(order_line: Any) -> Any:
    """The warehouse the line was shipped from."""
    from saleor.order.models import FulfillmentLine

    fline = (
        FulfillmentLine.objects.filter(order_line=order_line, stock__isnull=False)
        .select_related("stock__warehouse")
        .order_by("pk")
        .first()
    )
    return fline.stock.warehouse if fline else None
