"""`line_rows.read_order_lines` (the compiled query, plain rows) gives the facts that
`facts.load_order_lines` (Django's model instances) gives, for every kind of line."""

from decimal import Decimal

import pytest

from saleor_warranty_plugin import line_rows
from saleor_warranty_plugin.facts import build_order_context, load_order_lines
from saleor_warranty_plugin.policies import snapshot_order

from .helpers import set_policy
from .orders import order_with_n_lines


def _facts(order, lines):
    ctx = build_order_context(order, 3, lines)
    return [(line.pk, line.product_name, line.quantity) for line in ctx.lines], ctx.line_facts


def _same(order):
    rows = line_rows.read_order_lines(order)
    models = load_order_lines(order)
    assert _facts(order, rows) == _facts(order, models)
    return rows


def test_rows_give_the_facts_of_models_before_and_after_a_snapshot(order_with_lines, channel_USD):
    from saleor.discount import DiscountType
    from saleor.discount.models import OrderLineDiscount

    set_policy(channel_USD, "electronics-store")
    order = order_with_n_lines(order_with_lines, 4)
    first, second, third, fourth = order.lines.order_by("created_at", "pk")
    # metadata on the variant, the product and its type; a discount; a deleted variant
    first.variant.store_value_in_metadata({"warranty.months": "24"})
    first.variant.save(update_fields=["metadata"])
    product = second.variant.product
    product.store_value_in_metadata({"warranty.months": "36"})
    product.save(update_fields=["metadata"])
    product.product_type.store_value_in_metadata({"warranty.months": "6"})
    product.product_type.save(update_fields=["metadata"])
    OrderLineDiscount.objects.create(
        line=third, type=DiscountType.VOUCHER, value=Decimal(1), currency=order.currency
    )
    fourth.variant = None
    fourth.store_value_in_metadata({"warranty.activated": "true"})
    fourth.save(update_fields=["variant", "metadata"])
    rows = _same(order)  # read from current data
    assert [row.variant is None for row in rows] == [False, False, False, True]
    assert rows[2].warranty_discount_types == ["voucher"]
    snapshot_order(order)
    product.store_value_in_metadata({"warranty.months": "1"})  # after purchase: not read
    product.save(update_fields=["metadata"])
    rows = _same(order)
    assert all(row.warranty_snapshot is not None for row in rows)
    assert rows[1].warranty_snapshot.facts["warranty_months"] == 36


def test_rows_bind_the_order_and_its_channel(order_with_lines, order_list, channel_USD):
    set_policy(channel_USD, "electronics-store")
    one = order_with_n_lines(order_with_lines, 2)
    other = order_list[0]
    assert {row.pk for row in line_rows.read_order_lines(one)} == {
        line.pk for line in one.lines.all()
    }
    assert {row.pk for row in line_rows.read_order_lines(other)} == {
        line.pk for line in other.lines.all()
    }


def test_a_query_that_does_not_compile_as_expected_is_refused(monkeypatch):
    # the order's and the channel's ids must each appear once among the compiled parameters
    real = line_rows.annotated_lines

    def without_channel(order_id, channel_id):
        return real(order_id, 1)

    monkeypatch.setattr(line_rows, "annotated_lines", without_channel)
    with pytest.raises(RuntimeError):
        line_rows._Compiled("default")
