"""What differs between the supported Saleor releases (3.22.0 and later, 3.23.x).

The plugin is written against the newest release; where an older one lacks an API or a
feature, the difference is handled here and nowhere else. Each check looks at the installed
Saleor code (never at a version number, so a backport is used as soon as it exists); the answer
is the same in every process of a deployment.

- Gift card customer assignment (`GiftCard.assigned_to`, 3.23.19): without it, store credit
  is still issued, tagged and sent to the customer's email, and anyone holding the code can
  spend it.
- The gift card payment gateway (3.23): without it there are no gift-card transactions, so
  nothing is refunded through it.
- `order.delivery_context.get_valid_shipping_methods_for_order` (3.23; takes the requestor and
  returns a promise); 3.22 has `order.utils.get_valid_shipping_methods_for_order`.
- `create_transaction_event_requested` as a function (3.23); on 3.22 the refund request event
  is created the way 3.22's `transactionRequestRefundForGrantedRefund` creates it.

The README's compatibility table says the same for shops.
"""

import uuid
from decimal import Decimal
from functools import cache
from typing import Any


@cache
def gift_card_assignment() -> bool:
    """Whether Saleor can restrict a gift card to one customer (3.23.19 and later)."""
    from saleor.giftcard.models import GiftCard

    return any(field.name == "assigned_to" for field in GiftCard._meta.get_fields())


def gift_card_owner(customer: Any) -> dict[str, Any]:
    """The `GiftCard` fields that restrict a new card to `customer`, where Saleor supports it.

    A guest (no account) gets an unrestricted card: Saleor treats a card restricted by email
    alone as belonging to a deleted customer, which nobody can spend."""
    if customer is None or not gift_card_assignment():
        return {}
    return {"assigned_to": customer, "assigned_to_email": customer.email}


def refund_gift_card_transaction() -> Any:
    """Saleor's gift-card gateway refund (3.23), or None where no such gateway exists."""
    try:
        from saleor.giftcard.gateway import refund_gift_card_transaction as refund
    except ImportError:
        return None
    return refund


def valid_shipping_methods_for_order(order: Any, listings: Any, requestor: Any) -> list[Any]:
    """Saleor's valid shipping methods for an editable order, on either API."""
    try:
        from saleor.order.delivery_context import get_valid_shipping_methods_for_order
    except ImportError:
        from saleor.order.utils import get_valid_shipping_methods_for_order as older
        from saleor.plugins.manager import get_plugins_manager

        return older(order, listings, get_plugins_manager(allow_replica=False))
    return get_valid_shipping_methods_for_order(order, listings, requestor=requestor).get()


def create_refund_request_event(
    item: Any,
    value: Decimal,
    *,
    app_identifier: str | None,
    granted_refund: Any,
    message: str,
) -> Any:
    """The REFUND_REQUEST transaction event that goes with a refund request."""
    from saleor.payment import TransactionAction

    try:
        from saleor.graphql.payment.mutations.transaction.utils import (
            create_transaction_event_requested,
        )
    except ImportError:
        from saleor.payment import TransactionEventType

        return item.events.create(
            amount_value=value,
            currency=item.currency,
            type=TransactionEventType.REFUND_REQUEST,
            idempotency_key=str(uuid.uuid4()),
            related_granted_refund=granted_refund,
            message=message,
        )
    return create_transaction_event_requested(
        item,
        value,
        TransactionAction.REFUND,
        app_identifier=app_identifier,
        related_granted_refund=granted_refund,
        message=message,
    )
