"""Goods through Saleor's own return machinery, so order status and dashboard stay native.

`return_goods` moves a claim's lines into a Saleor return fulfillment (and, for a legacy
payment, refunds in the same call, as Saleor's own return button does). Fulfillments it
creates carry the private metadata key `warranty.claim`, so the native-return observer
leaves them alone.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .. import compat
from ..claim_facts import prefetched_lines
from ..const import CLAIM_KEY as OWN_FULFILLMENT_KEY

# Saleor statuses a returned unit may come out of (as its own mutation allows).
RETURNABLE_FROM = ("fulfilled", "refunded", "waiting_for_approval")


@dataclass
class ReturnLines:
    fulfillment_lines: list[Any]  # saleor.order.FulfillmentLineData
    order_lines: list[Any]  # saleor.order.fetch.OrderLineInfo (never shipped)

    def __bool__(self) -> bool:
        return bool(self.fulfillment_lines or self.order_lines)


def claim_return_lines(claim: Any, replace: bool = False) -> ReturnLines:
    """Saleor's data carriers for the claim's goods: received units of shipped lines, and
    claimed units of lines that never shipped (a cancellation before dispatch)."""
    from saleor.order.fetch import OrderLineInfo
    from saleor.order.models import FulfillmentLine

    fulfillment_lines, order_lines = [], []
    claim_lines = prefetched_lines(claim)  # read when the performing began
    if claim_lines is None:
        claim_lines = list(claim.lines.select_related("order_line__variant"))
    returnable: dict[Any, list[Any]] = {}
    for fline in FulfillmentLine.objects.filter(
        order_line_id__in=[claim_line.order_line_id for claim_line in claim_lines],
        fulfillment__status__in=RETURNABLE_FROM,
        quantity__gt=0,
    ).order_by("pk"):
        returnable.setdefault(fline.order_line_id, []).append(fline)
    for claim_line in claim_lines:
        shipped = returnable.get(claim_line.order_line_id, [])
        wanted = claim_line.quantity_received if shipped else claim_line.quantity
        for fline in shipped:
            if wanted <= 0:
                break
            take = min(wanted, fline.quantity)
            fulfillment_lines.append(
                compat.fulfillment_line_data(fline, take, replace=replace, reason=claim.number)
            )
            wanted -= take
        if not shipped and wanted > 0:
            line = claim_line.order_line  # never shipped: a cancellation before dispatch
            take = min(wanted, line.quantity_unfulfilled)
            if take > 0:
                order_lines.append(
                    OrderLineInfo(line=line, quantity=take, variant=line.variant, replace=replace)
                )
    return ReturnLines(fulfillment_lines, order_lines)


def return_goods(
    resolution: Any,
    claim: Any,
    requestor: Any,
    *,
    replace: bool = False,
    payment: Any = None,
    amount: Decimal | None = None,
    refund_shipping: bool = False,
):
    """Create Saleor's return (or replace) fulfillment once; returns Saleor's triple
    (return fulfillment, replace fulfillment, replacement draft order) or None when done
    before or there is nothing to return."""
    from ..managers import plugins_manager

    if resolution.return_fulfillment_id is not None:
        return None
    lines = claim_return_lines(claim, replace=replace)
    if not lines:
        return None
    order = claim.order
    manager = plugins_manager()
    result = compat.create_fulfillments_for_returned_products(
        requestor,
        order,
        payment,
        lines.order_lines,
        lines.fulfillment_lines,
        manager,
        refund=payment is not None,
        amount=amount,
        refund_shipping_costs=refund_shipping,
        reason=f"Claim {claim.number}",
    )
    return_fulfillment, replace_fulfillment, _draft = result
    for fulfillment in (return_fulfillment, replace_fulfillment):
        if fulfillment is not None:
            fulfillment.store_value_in_private_metadata({OWN_FULFILLMENT_KEY: claim.number})
            fulfillment.save(update_fields=["private_metadata"])
    resolution.return_fulfillment = (replace_fulfillment if replace else None) or return_fulfillment
    resolution.save(update_fields=["return_fulfillment", "updated_at"])
    return result
