"""The one place that reads Saleor orders, lines, fulfillments and products into policy facts.

Everything for one order is read in a fixed number of queries whatever its number of lines:
the order (with its snapshot), its lines (with variant, product, type, category, snapshot,
and as subqueries: discount types, claimed quantity, stock, warranty attribute), and the
fulfillment lines with their fulfillments and timelines. Facts that can change after
purchase come from the line snapshot taken at `order_created`; orders placed before the
plugin was installed are read from current data.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Sum

from .policy import RELEASED_CLAIM_STATUSES, ClaimStatus, LineFacts, OrderFacts

WARRANTY_MONTHS_KEY = "warranty.months"
WARRANTY_MONTHS_ATTRIBUTE = "warranty-months"
ACTIVATED_KEY = "warranty.activated"
DELIVERED_AT_KEY = "warranty.delivered_at"

# Saleor fulfillment statuses.
SHIPPED_STATUSES = ("fulfilled", "returned", "refunded", "refunded_and_returned", "replaced")
RETURNED_STATUSES = ("returned", "refunded_and_returned", "replaced")


@dataclass
class OrderContext:
    """What the plugin knows about one order: Saleor rows plus the policy facts built on them."""

    order: Any
    order_facts: OrderFacts
    lines: list[Any]
    line_facts: dict[Any, LineFacts]  # by OrderLine pk
    snapshot: Any = None
    claimed: dict[Any, int] = field(default_factory=dict)
    returned: dict[Any, int] = field(default_factory=dict)


def line_snapshot_facts(line: Any, attribute_months: dict[int, int] | None = None) -> dict:
    """The facts of a line worth keeping from the moment of purchase (JSON-serialisable)."""
    variant = line.variant
    product = variant.product if variant else None
    product_type = product.product_type if product else None
    category = product.category if product else None
    return {
        "discount_kinds": sorted(discount_kinds(line)),
        "is_shipping_required": bool(line.is_shipping_required),
        "is_gift_card": bool(line.is_gift_card),
        "is_gift": bool(getattr(line, "is_gift", False)),
        "product_type_slug": product_type.slug if product_type else None,
        "category_slug": category.slug if category else None,
        "product_slug": product.slug if product else None,
        "warranty_months": warranty_months(
            variant,
            product,
            product_type,
            (attribute_months or {}).get(product.pk) if product else None,
        ),
    }


def discount_kinds(line: Any) -> set[str]:
    """Saleor's discount types on the line; a list price above the paid one counts as sale."""
    types = getattr(line, "warranty_discount_types", None)
    kinds = set(types) if types is not None else {d.type for d in line.discounts.all()}
    if line.sale_id:
        kinds.add("promotion" if str(line.sale_id).startswith("Promotion") else "sale")
    undiscounted = line.undiscounted_unit_price_gross_amount
    if not kinds and undiscounted and undiscounted > line.unit_price_gross_amount:
        kinds.add("sale")
    return kinds & {"sale", "promotion", "order_promotion", "voucher", "manual"}


def warranty_months(variant: Any, product: Any, product_type: Any, attribute: int | None):
    """`warranty.months` from variant, then product, then product type metadata; then the
    numeric `warranty-months` product attribute; None when none is set."""
    for owner in (variant, product, product_type):
        if owner is None:
            continue
        raw = (owner.metadata or {}).get(WARRANTY_MONTHS_KEY)
        months = _whole_number(raw)
        if months is not None:
            return months
    return attribute


def _whole_number(raw: Any) -> int | None:
    try:
        value = Decimal(str(raw).strip())
    except (ArithmeticError, ValueError, TypeError):
        return None
    if value != value.to_integral_value() or value < 0:
        return None
    return int(value)


def attribute_warranty_months(product_ids: list[int]) -> dict[int, int]:
    if not product_ids:
        return {}
    from saleor.attribute.models import AssignedProductAttributeValue

    rows = AssignedProductAttributeValue.objects.filter(
        product_id__in=product_ids,
        value__attribute__slug=WARRANTY_MONTHS_ATTRIBUTE,
        value__numeric__isnull=False,
    ).values_list("product_id", "value__numeric")
    return {pid: int(n) for pid, n in rows if n is not None and n >= 0 and n == int(n)}


def load_order_lines(order: Any) -> list[Any]:
    """The order's lines with what the facts need, in one query: the joined variant,
    product, type, category and snapshot, and per line (subqueries) its discount types,
    the quantity held by open claims, whether its variant is in stock in a warehouse of
    the order's channel, and the product's numeric warranty attribute. Read-only callers
    use `line_rows.read_order_lines`, the same query as plain rows."""
    return list(annotated_lines(order.pk, order.channel_id))


def annotated_lines(order_id: Any, channel_id: Any) -> Any:
    """The queryset of `load_order_lines` (not evaluated)."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import Exists, IntegerField, OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce
    from saleor.attribute.models import AssignedProductAttributeValue
    from saleor.discount.models import OrderLineDiscount
    from saleor.order.models import OrderLine
    from saleor.warehouse.models import Stock

    from .models import ClaimLine

    claimed = (
        ClaimLine.objects.filter(order_line_id=OuterRef("pk"))
        .exclude(claim__status__in=RELEASED_CLAIM_STATUSES)
        .order_by()
        .values("order_line_id")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    in_stock = Stock.objects.filter(
        product_variant_id=OuterRef("variant_id"),
        warehouse__channels__id=channel_id,
        quantity__gt=F("quantity_allocated"),
    )
    months = AssignedProductAttributeValue.objects.filter(
        product_id=OuterRef("variant__product_id"),
        value__attribute__slug=WARRANTY_MONTHS_ATTRIBUTE,
        value__numeric__isnull=False,
    ).values("value__numeric")[:1]
    return (
        OrderLine.objects.filter(order_id=order_id)
        .select_related(
            "variant__product__product_type",
            "variant__product__category",
            "warranty_snapshot",
        )
        .annotate(
            warranty_discount_types=ArraySubquery(
                OrderLineDiscount.objects.filter(line_id=OuterRef("pk")).values("type")
            ),
            warranty_claimed=Coalesce(Subquery(claimed, output_field=IntegerField()), Value(0)),
            warranty_in_stock=Exists(in_stock),
            warranty_attribute_months=Subquery(months),
        )
        .order_by("created_at", "pk")
    )


def build_order_context(order: Any, transit_allowance_days: int, lines=None) -> OrderContext:
    """Facts for every line of `order` (its channel, shipping address and snapshot loaded)."""
    from saleor.order.models import FulfillmentLine

    from .models import OrderSnapshot

    lines = load_order_lines(order) if lines is None else lines
    shipped: dict[Any, datetime] = {}
    delivered: dict[Any, datetime] = {}
    quantity_shipped: dict[Any, int] = defaultdict(int)
    returned: dict[Any, int] = defaultdict(int)
    fulfillment_lines = FulfillmentLine.objects.filter(
        fulfillment__order_id=order.pk, fulfillment__status__in=SHIPPED_STATUSES
    ).select_related("fulfillment__warranty_timeline")
    for fline in fulfillment_lines:
        fulfillment, line_id = fline.fulfillment, fline.order_line_id
        ship_date, delivery_date = fulfillment_dates(fulfillment)
        quantity_shipped[line_id] += fline.quantity
        if fulfillment.status in RETURNED_STATUSES:
            returned[line_id] += fline.quantity
        if ship_date and (line_id not in shipped or ship_date < shipped[line_id]):
            shipped[line_id] = ship_date
        if delivery_date and (line_id not in delivered or delivery_date < delivered[line_id]):
            delivered[line_id] = delivery_date

    claimed = _claimed(lines)
    in_stock = _in_stock(order, lines)
    snapshot = _order_snapshot(order, OrderSnapshot)
    attribute_months = attribute_months_by_product(
        [line for line in lines if _snapshot(line) is None]
    )
    line_facts = {}
    for line in lines:
        facts = _snapshot(line) or line_snapshot_facts(line, attribute_months)
        deducted = max(claimed.get(line.pk, 0), returned.get(line.pk, 0))
        line_facts[line.pk] = LineFacts(
            line_id=str(line.pk),
            product_name=line.product_name,
            quantity=line.quantity,
            unit_price_paid=line.unit_price_gross_amount,
            undiscounted_unit_price=line.undiscounted_unit_price_gross_amount,
            discount_kinds=frozenset(facts.get("discount_kinds", ())),
            is_shipping_required=facts.get("is_shipping_required", True),
            is_gift_card=facts.get("is_gift_card", False),
            is_gift=facts.get("is_gift", False),
            product_type_slug=facts.get("product_type_slug"),
            category_slug=facts.get("category_slug"),
            product_slug=facts.get("product_slug"),
            warranty_months=facts.get("warranty_months"),
            quantity_claimed=min(deducted, line.quantity),
            quantity_shipped=quantity_shipped.get(line.pk, 0),
            in_stock=(line.variant_id in in_stock) if line.variant_id else False,
            activated=str((line.metadata or {}).get(ACTIVATED_KEY, "")).lower() == "true",
            shipped_at=shipped.get(line.pk),
            delivered_at=delivered.get(line.pk),
        )

    order_facts = OrderFacts(
        ordered_at=order.created_at,
        paid_at=order.created_at if order.charge_status in ("full", "overcharged") else None,
        shipped_at=min(shipped.values(), default=None),
        delivered_at=min(delivered.values(), default=None),
        currency=order.currency,
        shipping_paid=order.shipping_price_gross_amount or Decimal(0),
        country=_country(order),
        transit_allowance_days=transit_allowance_days,
    )
    return OrderContext(
        order=order,
        order_facts=order_facts,
        lines=lines,
        line_facts=line_facts,
        snapshot=snapshot,
        claimed=claimed,
        returned=dict(returned),
    )


def _claimed(lines: list[Any]) -> dict[Any, int]:
    """Units of each line held by open claims (read with the lines by `load_order_lines`)."""
    if all(hasattr(line, "warranty_claimed") for line in lines):
        return {line.pk: line.warranty_claimed for line in lines if line.warranty_claimed}
    from .models import ClaimLine

    return dict(
        ClaimLine.objects.filter(order_line_id__in=[line.pk for line in lines])
        .exclude(claim__status__in=RELEASED_CLAIM_STATUSES)
        .values("order_line_id")
        .annotate(total=Sum("quantity"))
        .values_list("order_line_id", "total")
    )


def _in_stock(order: Any, lines: list[Any]) -> set[int]:
    """Variants in stock in a warehouse of the order's channel."""
    if all(hasattr(line, "warranty_in_stock") for line in lines):
        return {line.variant_id for line in lines if line.variant_id and line.warranty_in_stock}
    from saleor.warehouse.models import Stock

    variant_ids = {line.variant_id for line in lines if line.variant_id}
    if not variant_ids:
        return set()
    return set(
        Stock.objects.filter(
            product_variant_id__in=variant_ids,
            warehouse__channels__id=order.channel_id,
            quantity__gt=F("quantity_allocated"),
        ).values_list("product_variant_id", flat=True)
    )


def attribute_months_by_product(lines: list[Any]) -> dict[int, int]:
    """The numeric `warranty-months` attribute of the lines' products (read with the lines
    by `load_order_lines`)."""
    found = {}
    for line in lines:
        months = _attribute_months_of(line)
        if months is not None:
            found[line.variant.product_id] = months
    return found


def _attribute_months_of(line: Any) -> int | None:
    """The product's numeric `warranty-months` attribute (whole months only)."""
    if not line.variant_id:
        return None
    if hasattr(line, "warranty_attribute_months"):
        number = line.warranty_attribute_months
        if number is None or number < 0 or number != int(number):
            return None
        return int(number)
    product_id = line.variant.product_id
    return attribute_warranty_months([product_id]).get(product_id)


def claim_line_facts(ctx: OrderContext, claim_line: Any, claim: Any) -> LineFacts | None:
    """The facts of a claim line's order line as its own claim sees them: the claim's own
    units are not "already claimed" (nor already returned, once it returned them)."""
    facts = ctx.line_facts.get(claim_line.order_line_id)
    if facts is None:
        return None
    pk, own = claim_line.order_line_id, claim_line.quantity
    claimed = ctx.claimed.get(pk, 0)
    if claim.status not in RELEASED_CLAIM_STATUSES:
        claimed -= own
    returned = ctx.returned.get(pk, 0)
    if claim.native_return_id is not None or claim.status == ClaimStatus.RESOLVED:
        returned -= own
    deducted = min(max(claimed, returned, 0), facts.quantity)
    if deducted == facts.quantity_claimed:
        return facts
    return replace(facts, quantity_claimed=deducted)


def fulfillment_dates(fulfillment: Any) -> tuple[datetime | None, datetime | None]:
    """(shipped, delivered) of a fulfillment: the plugin's timeline, else its creation time."""
    timeline = getattr(fulfillment, "warranty_timeline", None)
    shipped = timeline.shipped_at if timeline and timeline.shipped_at else fulfillment.created_at
    delivered = timeline.delivered_at if timeline else None
    return shipped, delivered


def _snapshot(line: Any) -> dict | None:
    try:
        snapshot = line.warranty_snapshot
    except ObjectDoesNotExist:  # the order was placed before the plugin
        return None
    return snapshot.facts if snapshot is not None else None


def _order_snapshot(order: Any, model: Any) -> Any:
    try:
        return order.warranty_snapshot
    except model.DoesNotExist:
        return None


def _country(order: Any) -> str | None:
    """The country of the order's shipping address (else billing address, else channel)."""
    address_id = order.shipping_address_id or order.billing_address_id
    field = "shipping_address" if order.shipping_address_id else "billing_address"
    if address_id is not None:
        if order._meta.get_field(field).is_cached(order):
            country = getattr(order, field).country
        else:  # only the country, not the address
            from saleor.account.models import Address

            country = (
                Address.objects.filter(pk=address_id).values_list("country", flat=True).first()
            )
        if country:
            return str(country.code if hasattr(country, "code") else country)
    channel = order.channel
    return str(channel.default_country.code) if channel and channel.default_country else None
