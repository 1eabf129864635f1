"""Replacement and exchange orders, completed in-process as Saleor's draftOrderComplete does.

Saleor's replace return (goods.py, `replace=True`) leaves a REPLACED fulfillment on the original
order and a draft order (origin `reissue`) holding the claimed lines at their original prices.
`complete_replacement` adopts that draft, makes it what the claim owes - free for a replacement;
the exchange variant with only the price difference left to pay for an exchange - and completes
it, so the warehouse sees an ordinary unfulfilled order with its stock allocated.

Three steps, each committed before the next: adopt (link the draft to the resolution),
prepare (lines, shipping method, discount) and complete (`draft_order.py`, as Saleor completes
a draft). A failed completion (no stock, no valid shipping method) leaves the prepared,
discounted draft linked: staff can finish it with draftOrderComplete, or claimResolve again
completes the same draft, never a second one.

Saleor is imported at module level: only `perform()` imports this module, once Django is set up.
"""

from collections import Counter
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from saleor.channel.models import Channel
from saleor.core.exceptions import InsufficientStock
from saleor.discount import DiscountType, DiscountValueType
from saleor.discount.interface import fetch_variant_rules_info
from saleor.graphql.order.mutations.utils import (
    SHIPPING_METHOD_UPDATE_FIELDS,
    ShippingMethodUpdateMixin,
)
from saleor.graphql.order.utils import OrderLineData
from saleor.order import FulfillmentStatus, OrderOrigin, OrderStatus
from saleor.order.actions import create_replace_order
from saleor.order.events import order_discount_added_event, order_note_added_event
from saleor.order.models import Fulfillment, Order
from saleor.order.utils import (
    create_manual_order_discount,
    get_order_country,
    invalidate_order_prices,
    recalculate_order_weight,
)
from saleor.product.models import ProductChannelListing, ProductVariant
from saleor.shipping.models import ShippingMethod, ShippingMethodChannelListing
from saleor.site.models import Site

from .. import compat
from ..const import CLAIM_KEY as OWN_FULFILLMENT_KEY
from ..error_codes import ClaimError, ClaimErrorCode
from ..managers import plugins_manager
from ..models import ClaimResolution
from ..policy import ResolutionType, money_text, round_money
from ..requestor import Requestor
from .draft_order import complete_draft, completion_failure

OUT_OF_STOCK = ClaimErrorCode.OUT_OF_STOCK
DIFFERENCE = "EXCHANGE_DIFFERENCE"  # fee item: new price - price paid (negative: refund due)


def complete_replacement(resolution: ClaimResolution, requestor: Requestor) -> Order:
    """The claim's completed replacement order, made once (safe to call again at any point).

    Raises ClaimError (NOT_FOUND / OUT_OF_STOCK / RESOLUTION_FAILED) when it cannot be
    completed (the performer fails the resolution); the draft then stays linked to the
    resolution for staff or a retry."""
    with transaction.atomic():
        locked = _locked(resolution)
        draft = locked.replacement_order or _adopt_draft(locked, requestor)
    if draft.status != OrderStatus.DRAFT:
        return draft  # done before, or completed by staff in the dashboard
    with transaction.atomic():
        _prepare(_locked(resolution), requestor)
    try:
        with transaction.atomic():
            return _complete(_locked(resolution), requestor)
    except (ValidationError, InsufficientStock) as error:
        raise completion_failure(error, draft) from error


def validate_exchange_variant(order: Order, variant_id: Any, quantity: int) -> ProductVariant:
    """The variant to send instead, if it is sold in the order's channel and `quantity` units
    are available: NOT_FOUND when missing, unpriced or unpublished there, else OUT_OF_STOCK.
    Also meant for the orchestrator, before it records an EXCHANGE resolution."""
    variant = ProductVariant.objects.filter(pk=variant_id).select_related("product").first()
    if variant is None:
        raise ClaimError(ClaimErrorCode.NOT_FOUND, "Couldn't find the variant.", "exchangeVariant")
    name = f"{variant.product} ({variant.sku or variant})"
    sold = (
        variant.channel_listings.filter(
            channel_id=order.channel_id, price_amount__isnull=False
        ).exists()
        and ProductChannelListing.objects.filter(
            product_id=variant.product_id, channel_id=order.channel_id, is_published=True
        ).exists()
    )
    if not sold:
        message = f"{name} is not sold in the order's channel."
        raise ClaimError(ClaimErrorCode.NOT_FOUND, message, "exchangeVariant")
    if variant.track_inventory:
        try:
            compat.check_stock_and_preorder_quantity(
                variant,
                get_order_country(order),
                order.channel.slug,
                quantity,
                Site.objects.get_current().settings,
            )
        except InsufficientStock as error:
            message = f"{name}: {quantity} not in stock for this order."
            raise ClaimError(OUT_OF_STOCK, message, "exchangeVariant") from error
    return variant


def exchange_refund_due(resolution: ClaimResolution) -> Decimal:
    """What the shop owes the customer after a cheaper exchange (0 otherwise), for the
    orchestrator to refund."""
    for item in resolution.fees or []:
        if item.get("code") == DIFFERENCE and Decimal(item["amount"]) < 0:
            return -Decimal(item["amount"])
    return Decimal(0)


def _locked(resolution: ClaimResolution) -> ClaimResolution:
    """The resolution, row-locked. The draft and fulfillment it points to are read after the
    lock, not joined: PostgreSQL re-reads only the locked row after waiting, so a joined row
    could be from before a concurrent run linked it (which made a second draft)."""
    return (
        ClaimResolution.objects.select_for_update(of=("self",))
        .select_related("claim__order__channel")
        .get(pk=resolution.pk)
    )


def _adopt_draft(resolution: ClaimResolution, requestor: Requestor) -> Order:
    """Link the draft Saleor made with the resolution's REPLACED fulfillment to the
    resolution; if staff deleted it, make a new one the same way."""
    fulfillment = resolution.return_fulfillment
    if fulfillment is None or fulfillment.status != FulfillmentStatus.REPLACED:
        raise ClaimError(
            ClaimErrorCode.RESOLUTION_FAILED, "No goods of this claim were replaced in Saleor."
        )
    order = resolution.claim.order
    draft = _find_draft(order, fulfillment)
    if draft is None:
        lines = [
            compat.fulfillment_line_data(fline, fline.quantity, replace=True, reason=None)
            for fline in fulfillment.lines.all()
        ]
        draft = create_replace_order(requestor.user, requestor.app, order, [], lines)
    resolution.replacement_order = draft
    resolution.save(update_fields=["replacement_order", "updated_at"])
    return draft


def _find_draft(order: Order, fulfillment: Fulfillment) -> Order | None:
    """The reissue order created with `fulfillment`: the earliest one made after it, not
    linked to another claim, holding exactly the replaced units."""
    wanted: Counter[Any] = Counter()
    for fline in fulfillment.lines.select_related("order_line"):
        wanted[fline.order_line.variant_id] += fline.quantity
    taken = ClaimResolution.objects.filter(replacement_order__isnull=False)
    candidates = (
        Order.objects.filter(
            original_id=order.pk, origin=OrderOrigin.REISSUE, created_at__gte=fulfillment.created_at
        )
        .exclude(status__in=(OrderStatus.CANCELED, OrderStatus.EXPIRED))
        .exclude(pk__in=taken.values("replacement_order_id"))
        .prefetch_related("lines")
        .order_by("created_at", "number")
    )
    for candidate in candidates:
        held: Counter[Any] = Counter()
        for line in candidate.lines.all():
            held[line.variant_id] += line.quantity
        if held == wanted:
            return candidate
    return None


def _prepare(resolution: ClaimResolution, requestor: Requestor) -> None:
    """Make the draft what the claim owes; each part is skipped when already done."""
    claim = resolution.claim
    draft = (
        Order.objects.select_for_update(of=("self",))
        .select_related("channel__tax_configuration")
        .get(pk=resolution.replacement_order_id)
    )
    if draft.status != OrderStatus.DRAFT:
        return
    quantity, paid, to_gross = _paid_for_returned(resolution.return_fulfillment, draft.channel)
    value_type, value = DiscountValueType.PERCENTAGE, Decimal(100)
    reason = f"Claim {claim.number}: free replacement"
    if resolution.type == ResolutionType.EXCHANGE:
        variant = validate_exchange_variant(claim.order, resolution.exchange_variant_id, quantity)
        _swap_lines(draft, variant, quantity, claim.number, requestor)
    recalculate_order_weight(draft)
    if draft.shipping_method_id is None and draft.is_shipping_required():
        _assign_shipping(draft, claim.order, requestor)
    if resolution.type == ResolutionType.EXCHANGE:
        lines = draft.lines.all()
        price = sum((ln.base_unit_price_amount * ln.quantity for ln in lines), Decimal(0))
        _record_difference(resolution, round_money((price - paid) * to_gross, draft.currency))
        if price > paid:  # the customer pays only the difference: shipping stays free
            value_type, value = DiscountValueType.FIXED, paid + draft.base_shipping_price_amount
            reason = f"Claim {claim.number}: exchange, {paid} {draft.currency} already paid"
    _apply_discount(draft, value_type, value, reason, requestor)
    draft.store_value_in_private_metadata({OWN_FULFILLMENT_KEY: claim.number})
    invalidate_order_prices(draft)
    draft.save(
        update_fields=[*SHIPPING_METHOD_UPDATE_FIELDS, "weight", "lines_count", "private_metadata"]
    )


def _paid_for_returned(fulfillment: Fulfillment, channel: Channel) -> tuple[int, Decimal, Decimal]:
    """(units replaced, what the customer paid for them in the channel's base-price terms -
    gross when prices are entered with tax, else net - and the factor from that to gross)."""
    quantity, gross, net = 0, Decimal(0), Decimal(0)
    for fline in fulfillment.lines.select_related("order_line"):
        quantity += fline.quantity
        gross += fline.order_line.unit_price_gross_amount * fline.quantity
        net += fline.order_line.unit_price_net_amount * fline.quantity
    if channel.tax_configuration.prices_entered_with_tax or not net:
        return quantity, gross, Decimal(1)
    return quantity, net, gross / net


def _swap_lines(
    draft: Order, variant: ProductVariant, quantity: int, number: str, requestor: Requestor
) -> None:
    """Replace the copied lines with `quantity` x `variant` at its channel price (with the
    catalogue promotions a new order line would get)."""
    if [(line.variant_id, line.quantity) for line in draft.lines.all()] == [(variant.pk, quantity)]:
        return
    draft.lines.all().delete()
    listing = variant.channel_listings.get(channel_id=draft.channel_id)
    line_data = OrderLineData(
        variant_id=str(variant.pk),
        variant=variant,
        quantity=quantity,
        rules_info=fetch_variant_rules_info(listing, draft.language_code),
    )
    site_settings = Site.objects.get_current().settings
    compat.create_order_line(draft, line_data, requestor.app or requestor.user, site_settings)
    draft.lines_count = 1
    order_note_added_event(
        order=draft,
        user=requestor.user,
        app=requestor.app,
        message=f"Claim {number}: {quantity} x {variant.product} ({variant.sku or variant}) "
        "in exchange for the returned goods.",
    )


def _assign_shipping(draft: Order, original: Order, requestor: Requestor) -> None:
    """The original order's shipping method when still valid for this draft, else the
    cheapest valid one; none leaves the draft without (completion then says why)."""
    listings = ShippingMethodChannelListing.objects.filter(channel_id=draft.channel_id)
    who = requestor.app or requestor.user
    valid = [
        method
        for method in compat.valid_shipping_methods_for_order(draft, listings, who)
        if method.active
    ]
    if not valid:
        return
    preferred = str(original.shipping_method_id)
    chosen = next((m for m in valid if m.id == preferred), None) or min(
        valid, key=lambda m: m.price.amount
    )
    method = ShippingMethod.objects.select_related("tax_class").get(pk=chosen.id)
    ShippingMethodUpdateMixin.update_shipping_method(draft, method)
    listing = listings.filter(shipping_method=method).first()
    ShippingMethodUpdateMixin.assign_shipping_price(draft, listing)


def _apply_discount(
    draft: Order, value_type: str, value: Decimal, reason: str, requestor: Requestor
) -> None:
    """One manual order discount (Saleor's orderDiscountAdd), unless it is already there."""
    current = draft.discounts.filter(type=DiscountType.MANUAL).first()
    if current is not None and current.value_type == value_type and current.value == value:
        return
    discount = create_manual_order_discount(draft, reason, value_type, value)
    order_discount_added_event(
        order=draft, user=requestor.user, app=requestor.app, order_discount=discount
    )


def _record_difference(resolution: ClaimResolution, amount: Decimal) -> None:
    """Keep the exchange's price difference among the resolution's fees (replacing an older
    figure): negative is owed to the customer, positive is charged on the replacement order."""
    fees = [item for item in resolution.fees or [] if item.get("code") != DIFFERENCE]
    if amount:
        label = "Price difference " + (
            "paid on the replacement order" if amount > 0 else "to refund to the customer"
        )
        fees.append({"code": DIFFERENCE, "label": label, "amount": str(amount)})
    if fees != resolution.fees:
        resolution.fees = fees
        resolution.save(update_fields=["fees", "updated_at"])


def _complete(resolution: ClaimResolution, requestor: Requestor) -> Order:
    """Complete the prepared draft, record it on the resolution and note it on the original
    order (one database transaction)."""
    draft = (
        Order.objects.select_for_update(of=("self",))
        .select_related("channel", "shipping_method")
        .get(pk=resolution.replacement_order_id)
    )
    if draft.status != OrderStatus.DRAFT:
        return draft
    manager = plugins_manager()
    order = complete_draft(draft, manager, requestor, Site.objects.get_current().settings)
    resolution.replacement_order = order
    resolution.save(update_fields=["replacement_order", "updated_at"])
    claim = resolution.claim
    kind = "exchange" if resolution.type == ResolutionType.EXCHANGE else "replacement"
    order_note_added_event(
        order=claim.order,
        user=requestor.user,
        app=requestor.app,
        message=f"Claim {claim.number}: {kind} order #{order.number} created "
        f"(to pay: {money_text(order.total_gross_amount, order.currency)}).",
    )
    return order
