"""Refunds to the original payment, through Saleor's own payment paths, exactly once.

Transaction API (orders paid with TransactionItems): the amount is split over the charged
transactions (gift-card transactions first, then the rest, oldest first); each part is a
`ClaimRefund` with its own idempotency key. A part gets one `OrderGrantedRefund` (created
and linked in one database transaction) and one refund request at a time (Saleor's
`create_transaction_event_requested` + `request_refund_action`, or the gift-card gateway).
The payment app answers asynchronously; `sync_refund_outcomes` reads the granted refunds'
status, which Saleor keeps current, and settles the parts.

Legacy Payment API (orders with a `Payment`): Saleor's `create_fulfillments_for_returned_products`
refunds through the gateway together with the return fulfillment. The resolution is marked
REQUESTED and committed before the gateway is called, so a crash in between is never retried
blindly: it is reconciled against the payment's refund transactions instead.
"""

from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django.db import transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Subquery, Value, When

from ..compat import create_refund_request_event, refund_gift_card_transaction
from ..models import ClaimRefund, ClaimResolution
from ..policy import RefundStatus
from ..requestor import Requestor
from .decide import PATH_LEGACY, PATH_NONE, PATH_TRANSACTION
from .status import set_refund_status

if TYPE_CHECKING:  # Saleor's models, for the types only
    from saleor.order.models import Order, OrderGrantedRefund
    from saleor.payment.models import Payment

DONE_OR_UNDER_WAY = (RefundStatus.REQUESTED, RefundStatus.SUCCEEDED)

GIFT_CARD_GATEWAY = "saleor.io.gift-card-payment-gateway"


def payment_path(
    order: "Order", charged_transactions: bool | None = None
) -> tuple[str, "Payment | None"]:
    """("transaction", None) | ("legacy", payment) | ("none", None) for the order.
    `charged_transactions`: whether the order has a charged TransactionItem, where the
    caller read it already (`charged_transactions_exist`)."""
    if charged_transactions is None:
        charged_transactions = order.payment_transactions.filter(charged_value__gt=0).exists()
    if charged_transactions:
        return PATH_TRANSACTION, None
    payment = order.get_last_payment()
    if payment is not None and payment.can_refund():
        return PATH_LEGACY, payment
    return PATH_NONE, None


def charged_transactions_exist(order_field: str = "order_id") -> Exists:
    """An annotation: whether the order in `order_field` has a charged TransactionItem
    (what `payment_path` asks first), to read along with a row of the caller's."""
    from saleor.payment.models import TransactionItem

    return Exists(
        TransactionItem.objects.filter(order_id=OuterRef(order_field), charged_value__gt=0)
    )


def refundable(order: "Order", path: str, payment: "Payment | None") -> Decimal:
    """What can still be refunded to the original payment: what was charged, less refunds
    already granted that the payment app has not settled yet (settled ones are already out
    of `charged_value`)."""
    from django.db.models import Sum

    if path == PATH_TRANSACTION:
        charged = sum(
            (t.charged_value for t in order.payment_transactions.filter(charged_value__gt=0)),
            Decimal(0),
        )
        unsettled = order.granted_refunds.filter(status__in=["none", "pending"]).aggregate(
            total=Sum("amount_value")
        )["total"] or Decimal(0)
        return max(charged - unsettled, Decimal(0))
    if path == PATH_LEGACY and payment is not None:
        return payment.captured_amount
    return Decimal(0)


def split_over_transactions(resolution: ClaimResolution) -> list[ClaimRefund]:
    """The resolution's parts, created once (the caller holds the resolution's row lock)."""
    existing = list(resolution.refunds.all())
    if existing:
        return existing
    order = resolution.claim.order
    transactions = (
        order.payment_transactions.filter(charged_value__gt=0)
        .annotate(
            gift_first=Case(
                When(app_identifier=GIFT_CARD_GATEWAY, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("gift_first", "created_at", "pk")
    )
    remaining = resolution.amount or Decimal(0)
    parts = []
    for index, item in enumerate(transactions):
        if remaining <= 0:
            break
        amount = min(remaining, item.charged_value)
        parts.append(
            ClaimRefund(
                resolution=resolution,
                key=f"{resolution.claim_id}:refund:{index}",
                amount=amount,
                transaction_item=item,
            )
        )
        remaining -= amount
    return ClaimRefund.objects.bulk_create(parts)


def grant_part(part: ClaimRefund, requestor: Requestor, first: bool) -> "OrderGrantedRefund":
    """The part's OrderGrantedRefund, created once (with the claim's lines on the first part,
    as Saleor's `orderGrantRefundCreate` does)."""
    from saleor.order.models import OrderGrantedRefund, OrderGrantedRefundLine
    from saleor.order.utils import update_order_charge_data

    if part.granted_refund_id is not None:
        return part.granted_refund
    resolution = part.resolution
    claim = resolution.claim
    order = claim.order
    with transaction.atomic():
        locked = ClaimRefund.objects.select_for_update().get(pk=part.pk)
        if locked.granted_refund_id is not None:
            return OrderGrantedRefund.objects.get(pk=locked.granted_refund_id)
        granted = order.granted_refunds.create(
            amount_value=part.amount,
            currency=order.currency,
            reason=f"Claim {claim.number}",
            user=requestor.user,
            app=requestor.app,
            shipping_costs_included=resolution.refund_shipping and first,
            transaction_item=part.transaction_item,
        )
        if first:
            OrderGrantedRefundLine.objects.bulk_create(
                [
                    OrderGrantedRefundLine(
                        granted_refund=granted,
                        order_line_id=line.order_line_id,
                        quantity=line.quantity_received or line.quantity,
                        reason=f"Claim {claim.number}",
                    )
                    for line in claim.lines.all()
                ]
            )
        update_order_charge_data(order)
        locked.granted_refund = granted
        locked.save(update_fields=["granted_refund", "updated_at"])
        part.granted_refund = granted
    return granted


def request_part(part: ClaimRefund, requestor: Requestor) -> None:
    """Ask the payment app (or the gift-card gateway) to refund one part, unless a request
    is already under way or done. Records the outcome Saleor reports synchronously."""
    from saleor.order.utils import calculate_order_granted_refund_status
    from saleor.payment import PaymentError
    from saleor.payment.gateway import request_refund_action

    from ..managers import plugins_manager

    with transaction.atomic():
        part = (
            ClaimRefund.objects.select_for_update(of=("self",))
            .select_related(
                "transaction_item", "granted_refund", "resolution__claim__order__channel"
            )
            .get(pk=part.pk)
        )
        if part.status in DONE_OR_UNDER_WAY:
            return
        granted = part.granted_refund
        item = part.transaction_item
        if granted is None or item is None:  # grant_part runs first; never requested without
            raise RuntimeError(f"refund part {part.key} has no granted refund to request")
        is_gift_card = item.app_identifier == GIFT_CARD_GATEWAY
        value = min(granted.amount_value, item.charged_value)
        event = create_refund_request_event(
            item,
            value,
            app_identifier=GIFT_CARD_GATEWAY if is_gift_card else None,
            granted_refund=granted,
            message=f"Claim {part.resolution.claim.number}",
        )
        try:
            if is_gift_card:
                refund_gift_card_transaction()(item, event, user=requestor.user, app=requestor.app)
            else:
                request_refund_action(
                    transaction=item,
                    manager=plugins_manager(),
                    refund_value=value,
                    request_event=event,
                    channel_slug=part.resolution.claim.order.channel.slug,
                    user=requestor.user,
                    app=requestor.app,
                    granted_refund=granted,
                )
            set_refund_status(part, RefundStatus.REQUESTED)
        except PaymentError as error:
            set_refund_status(part, RefundStatus.FAILED, str(getattr(error, "message", error)))
        calculate_order_granted_refund_status(granted)
    settle_part_from_grant(part)


def settle_part_from_grant(part: ClaimRefund) -> bool:
    """Take the granted refund's status (kept current by Saleor) into the part; True when
    the part changed."""
    from saleor.order import OrderGrantedRefundStatus
    from saleor.order.models import OrderGrantedRefund

    waiting = (RefundStatus.REQUESTED, RefundStatus.PENDING)
    if part.granted_refund_id is None or part.status not in waiting:
        return False
    status = OrderGrantedRefund.objects.values_list("status", flat=True).get(
        pk=part.granted_refund_id
    )
    new = {
        OrderGrantedRefundStatus.SUCCESS: RefundStatus.SUCCEEDED,
        OrderGrantedRefundStatus.FAILURE: RefundStatus.FAILED,
    }.get(status)
    if new is None:
        return False
    return set_refund_status(part, new)


def refund_through_transactions(resolution: ClaimResolution, requestor: Requestor) -> None:
    """Transaction API: grant and request each part once (see the module docstring)."""
    with transaction.atomic():
        locked = ClaimResolution.objects.select_for_update().get(pk=resolution.pk)
        parts = split_over_transactions(locked)
    for index, part in enumerate(parts):
        if part.status in DONE_OR_UNDER_WAY:
            continue
        grant_part(part, requestor, first=index == 0)
        request_part(part, requestor)


def refund_through_payment(resolution: ClaimResolution, requestor: Requestor, payment: Any) -> None:
    """Legacy Payment API: Saleor's return-with-refund, or a plain gateway refund when there
    are no goods to return."""
    from saleor.order.actions import order_refunded
    from saleor.payment import PaymentError, gateway

    from ..managers import plugins_manager
    from .goods import return_goods

    claim = resolution.claim
    key = f"{claim.pk}:refund:legacy"
    with transaction.atomic():
        # under the resolution's row lock no one else makes its part: read whether it exists
        # with the lock, create it when it does not
        locked = (
            ClaimResolution.objects.select_for_update(of=("self",))
            .annotate(part_pk=Subquery(ClaimRefund.objects.filter(key=key).values("pk")[:1]))
            .get(pk=resolution.pk)
        )
        if locked.part_pk is None:
            part = ClaimRefund.objects.create(
                key=key,
                resolution=locked,
                amount=cast(Decimal, locked.amount),  # a refund's amount is always set
                status=RefundStatus.REQUESTED.value,  # asked for at once, below
            )
        else:
            part = ClaimRefund.objects.get(pk=locked.part_pk)
            if part.status in DONE_OR_UNDER_WAY:
                return
            set_refund_status(part, RefundStatus.REQUESTED)
    try:
        with transaction.atomic():
            result = return_goods(
                resolution,
                claim,
                requestor,
                payment=payment,
                amount=resolution.amount,
                refund_shipping=resolution.refund_shipping,
            )
            if result is None:  # nothing to send back: refund without a return
                manager = plugins_manager()
                gateway.refund(payment, manager, claim.order.channel.slug, amount=resolution.amount)
                order_refunded(
                    order=claim.order,
                    user=requestor.user,
                    app=requestor.app,
                    amount=resolution.amount,
                    payment=payment,
                    manager=manager,
                )
            set_refund_status(part, RefundStatus.SUCCEEDED)
    except PaymentError as error:
        set_refund_status(part, RefundStatus.FAILED, str(getattr(error, "message", error)))
