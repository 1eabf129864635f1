"""Real Saleor orders of any size, for query-count tests and benchmarks."""

from decimal import Decimal


def order_with_n_lines(order, size: int, fulfilled: bool = True):
    """`order` (Saleor's order_with_lines) grown or cut to `size` lines of distinct variants,
    fulfilled in one fulfillment when `fulfilled`."""
    from saleor.order.models import OrderLine
    from saleor.product.models import ProductVariant
    from saleor.warehouse.models import Stock

    lines = list(order.lines.order_by("created_at", "pk"))
    template = lines[0]
    order.fulfillments.all().delete()  # callable again on the same order
    for extra in lines[1:]:
        extra.delete()
    product = template.variant.product
    warehouse = (
        template.allocations.first().stock.warehouse if template.allocations.exists() else None
    )
    variants = ProductVariant.objects.bulk_create(
        [
            ProductVariant(product=product, sku=f"BENCH-{order.pk.hex[:6]}-{size}-{i}")
            for i in range(size - 1)
        ]
    )
    if warehouse is not None:
        Stock.objects.bulk_create(
            [Stock(warehouse=warehouse, product_variant=v, quantity=5) for v in variants]
        )
    new_lines = []
    for variant in variants:
        line = OrderLine(
            order=order,
            variant=variant,
            product_name=template.product_name,
            variant_name=variant.sku,
            product_sku=variant.sku,
            product_variant_id=variant.get_global_id(),
            is_shipping_required=True,
            is_gift_card=False,
            quantity=1,
            quantity_fulfilled=0,
            currency=template.currency,
            unit_price_net_amount=template.unit_price_net_amount,
            unit_price_gross_amount=template.unit_price_gross_amount,
            total_price_net_amount=template.unit_price_net_amount,
            total_price_gross_amount=template.unit_price_gross_amount,
            undiscounted_unit_price_net_amount=template.undiscounted_unit_price_net_amount,
            undiscounted_unit_price_gross_amount=template.undiscounted_unit_price_gross_amount,
            undiscounted_total_price_net_amount=template.undiscounted_unit_price_net_amount,
            undiscounted_total_price_gross_amount=template.undiscounted_unit_price_gross_amount,
            base_unit_price_amount=template.base_unit_price_amount,
            undiscounted_base_unit_price_amount=template.undiscounted_base_unit_price_amount,
            tax_rate=template.tax_rate or Decimal(0),
        )
        new_lines.append(line)
    OrderLine.objects.bulk_create(new_lines)
    if fulfilled:
        fulfillment = order.fulfillments.create(tracking_number="BENCH")
        for line in order.lines.all():
            fulfillment.lines.create(order_line=line, quantity=line.quantity)
            line.quantity_fulfilled = line.quantity
            line.save(update_fields=["quantity_fulfilled"])
        order.status = "fulfilled"
        order.save(update_fields=["status"])
    return order
