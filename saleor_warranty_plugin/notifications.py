"""Customer and staff notifications through Saleor's notify mechanism.

Each event is sent with `PluginsManager.notify(<event>, payload_func, channel_slug)`; Saleor's
webhook plugin forwards any event name to apps subscribed to NOTIFY_USER, so email and
messaging apps can template them. Events (`CUSTOMER_EVENTS` to the customer, `STAFF_EVENTS`
to the shop; the README lists their payload):
"""

from typing import Any

from graphql_relay import to_global_id

PREFIX = "warranty_claim_"
CUSTOMER_EVENTS = (
    "created",
    "approved",
    "rejected",
    "received",
    "resolved",
    "cancelled",
    "expired",
    "refund_succeeded",
    "refund_failed",
    "reminder",
    "repair_quoted",
    "repaired",
)
STAFF_EVENTS = ("created", "overdue", "refund_failed", "quote_answered")


def claim_payload(claim: Any, event: str) -> dict:
    order = claim.order
    resolution = getattr(claim, "resolution", None)
    return {
        "event": event,
        "claim": {
            "id": to_global_id("Claim", claim.pk),
            "number": claim.number,
            "status": claim.status,
            "reason": claim.reason,
            "created_at": claim.created_at.isoformat(),
            "due_at": claim.due_at.isoformat() if claim.due_at else None,
            "lines": [
                {
                    "order_line_id": to_global_id("OrderLine", line.order_line_id),
                    "product_name": line.order_line.product_name,
                    "quantity": line.quantity,
                    "quantity_received": line.quantity_received,
                    "verdict": line.verdict,
                }
                for line in claim.lines.select_related("order_line")
            ],
            "resolution": None
            if resolution is None
            else {
                "type": resolution.type,
                "status": resolution.status,
                "amount": str(resolution.amount) if resolution.amount is not None else None,
                "currency": resolution.currency,
                "gift_card_code": resolution.gift_card.code if resolution.gift_card_id else None,
                "repair_quote": str(resolution.repair_quote)
                if resolution.repair_quote is not None
                else None,
            },
        },
        "order": {
            "id": to_global_id("Order", order.pk),
            "number": str(order.number),
            "channel": order.channel.slug,
        },
        "recipient_email": order.get_customer_email(),
    }


def notify(claim: Any, event: str) -> None:
    """Send `warranty_claim_<event>` (customer) and/or `warranty_claim_staff_<event>`."""
    from django.db import transaction

    from .managers import manager_getter

    get_manager = manager_getter()

    def send():
        manager = get_manager()
        channel_slug = claim.order.channel.slug
        if event in CUSTOMER_EVENTS:
            manager.notify(
                PREFIX + event,
                payload_func=lambda: claim_payload(claim, event),
                channel_slug=channel_slug,
            )
        if event in STAFF_EVENTS:
            manager.notify(
                PREFIX + "staff_" + event,
                payload_func=lambda: {**claim_payload(claim, event), "recipient_email": None},
                channel_slug=channel_slug,
            )

    transaction.on_commit(send)
