"""Each preset's main scenarios through the endpoint, on real Saleor orders."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from saleor_warranty_plugin.models import FulfillmentTimeline

from .fixtures import data_of
from .helpers import CLAIM_CREATE, claim_input, gid, set_policy

pytestmark = pytest.mark.compare_executors

OPTIONS = """
query($order: ID!) { orderReturnEligibility(order: $order) { lines { orderLineId
  options { reason verdict findings { code } deadline resolutions requiredEvidence
            estimatedRefund { amount currency } decidedBy paidRepair returnShippingPaidBy } } } }
"""


def options_for(client, order, line=None):
    data = data_of(client.post_graphql(OPTIONS, {"order": gid("Order", order.pk)}))
    lines = data["orderReturnEligibility"]["lines"]
    wanted = gid("OrderLine", (line or order.lines.order_by("created_at", "pk").first()).pk)
    found = next(item for item in lines if item["orderLineId"] == wanted)
    return {o["reason"]: o for o in found["options"]}


def codes(option):
    return {f["code"] for f in option["findings"]}


def timeline(order, *, ordered_days_ago, shipped_days_ago=None, delivered_days_ago=None):
    now = timezone.now()
    order.created_at = now - timedelta(days=ordered_days_ago)
    order.save(update_fields=["created_at"])
    for fulfillment in order.fulfillments.all():
        fulfillment.created_at = now - timedelta(days=shipped_days_ago or ordered_days_ago)
        fulfillment.save(update_fields=["created_at"])
        if delivered_days_ago is not None:
            FulfillmentTimeline.objects.update_or_create(
                fulfillment=fulfillment,
                defaults={
                    "shipped_at": fulfillment.created_at,
                    "delivered_at": now - timedelta(days=delivered_days_ago),
                },
            )


def first_line(order):
    return order.lines.order_by("created_at", "pk").first()


# --- repair-parts-shop ----------------------------------------------------------------


def test_repair_parts_phone_parts_have_seven_days_from_shipping(
    customer_warranty_client, fulfilled_order, channel_USD, product_type
):
    """ "We offer a 7days warranty for cell phone parts. Warranty period starts at the moment
    the item is shipped to the customer." """
    set_policy(channel_USD, "repair-parts-shop")
    product_type.slug = "cell-phone-parts"
    product_type.save(update_fields=["slug"])
    timeline(fulfilled_order, ordered_days_ago=6, shipped_days_ago=5)
    defective = options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]
    assert defective["verdict"] != "INELIGIBLE"
    assert defective["deadline"][:10] == (timezone.now() + timedelta(days=2)).date().isoformat()

    timeline(fulfilled_order, ordered_days_ago=11, shipped_days_ago=10)
    defective = options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]
    assert defective["verdict"] == "INELIGIBLE"
    assert "WARRANTY_EXPIRED" in codes(defective)
    # spare parts are replaced, not repaired: no paid repair after the 7 days (preset comment)
    assert defective["paidRepair"] is False


def test_repair_parts_other_goods_have_three_months(
    customer_warranty_client, fulfilled_order, channel_USD
):
    """ "Usually warranty covers 3 month from the time of item dispatching." """
    set_policy(channel_USD, "repair-parts-shop")
    timeline(fulfilled_order, ordered_days_ago=61, shipped_days_ago=60)
    assert "WARRANTY_EXPIRED" not in codes(
        options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]
    )
    timeline(fulfilled_order, ordered_days_ago=100, shipped_days_ago=95)
    defective = options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]
    assert "WARRANTY_EXPIRED" in codes(defective)
    # "We provide post-warranty repair, no matter how much time has passed after the item
    # purchase. Price of the repairs is set for each case individually."
    assert defective["paidRepair"] is True
    assert defective["resolutions"] == ["REPAIR"]


# --- electronics-store ----------------------------------------------------------------


@pytest.mark.parametrize(("months", "expired"), [(24, False), (12, True)])
def test_electronics_warranty_months_per_model(
    months, expired, customer_warranty_client, fulfilled_order, channel_USD
):
    """ "Warranty is provided for a period of 12 to 36 months depending on the product model." """
    set_policy(channel_USD, "electronics-store")
    variant = first_line(fulfilled_order).variant
    variant.store_value_in_metadata({"warranty.months": str(months)})
    variant.save(update_fields=["metadata"])
    timeline(fulfilled_order, ordered_days_ago=600, shipped_days_ago=599)  # ~20 months
    defective = options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]
    assert ("WARRANTY_EXPIRED" in codes(defective)) is expired


def test_electronics_thirty_day_return(customer_warranty_client, fulfilled_order, channel_USD):
    """ "you can exchange or return the goods within 30 days after purchase if you have not
    used the goods" — and "the buyer pays for the return shipping"."""
    set_policy(channel_USD, "electronics-store")
    timeline(fulfilled_order, ordered_days_ago=29, shipped_days_ago=28)
    option = options_for(customer_warranty_client, fulfilled_order)["CHANGED_MIND"]
    assert option["verdict"] != "INELIGIBLE"
    assert option["returnShippingPaidBy"] == "buyer"
    assert set(option["resolutions"]) == {"REFUND", "EXCHANGE"}
    timeline(fulfilled_order, ordered_days_ago=31, shipped_days_ago=30)
    assert "RETURN_WINDOW_EXPIRED" in codes(
        options_for(customer_warranty_client, fulfilled_order)["CHANGED_MIND"]
    )


# --- cross-border-store ---------------------------------------------------------------


def test_cross_border_faulty_within_seven_days_of_delivery_or_thirty_of_shipment(
    customer_warranty_client, fulfilled_order, channel_USD
):
    """ "If the item is faulty within 7 days after delivery or 30 days after shipment" """
    set_policy(channel_USD, "cross-border-store")
    # shipped 35 days ago (past 30), delivered 3 days ago (within 7): open
    timeline(fulfilled_order, ordered_days_ago=36, shipped_days_ago=35, delivered_days_ago=3)
    assert (
        options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]["verdict"]
        != "INELIGIBLE"
    )
    # shipped 20 days ago, delivered 15 days ago: the 30-day shipment branch keeps it open
    timeline(fulfilled_order, ordered_days_ago=21, shipped_days_ago=20, delivered_days_ago=15)
    assert (
        options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]["verdict"]
        != "INELIGIBLE"
    )
    # both over
    timeline(fulfilled_order, ordered_days_ago=40, shipped_days_ago=39, delivered_days_ago=30)
    assert "RETURN_WINDOW_EXPIRED" in codes(
        options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]
    )


def test_cross_border_requires_photos_and_description(
    customer_warranty_client, fulfilled_order, channel_USD
):
    """ "please provide us with the following proofs: Photos of the front and the back of the
    package or box; ... Photo or video and a detailed description of the problem" """
    set_policy(channel_USD, "cross-border-store")
    timeline(fulfilled_order, ordered_days_ago=5, shipped_days_ago=4, delivered_days_ago=1)
    payload = data_of(
        customer_warranty_client.post_graphql(
            CLAIM_CREATE,
            {
                "input": claim_input(
                    fulfilled_order, [(first_line(fulfilled_order), 1)], reason="DEAD_ON_ARRIVAL"
                )
            },
        )
    )["claimCreate"]
    assert payload["claim"] is None
    assert "EVIDENCE_REQUIRED" in {e["code"] for e in payload["errors"]}


# --- hardware-supplier ----------------------------------------------------------------


def test_hardware_supplier_refuses_change_of_mind(
    customer_warranty_client, fulfilled_order, channel_USD
):
    """ "New and never used items are non-returnable and non-refundable." """
    set_policy(channel_USD, "hardware-supplier")
    timeline(fulfilled_order, ordered_days_ago=3, shipped_days_ago=2, delivered_days_ago=1)
    payload = data_of(
        customer_warranty_client.post_graphql(
            CLAIM_CREATE,
            {"input": claim_input(fulfilled_order, [(first_line(fulfilled_order), 1)])},
        )
    )["claimCreate"]
    assert {e["code"] for e in payload["errors"]} == {"REASON_NOT_ACCEPTED"}


def test_hardware_supplier_fourteen_days_from_receipt_capped_at_45(
    customer_warranty_client, fulfilled_order, channel_USD
):
    """ "within 14 days from the moment the customer receives the product, but no more than
    45 days from the moment the customer orders the product" """
    set_policy(channel_USD, "hardware-supplier")
    timeline(fulfilled_order, ordered_days_ago=40, shipped_days_ago=38, delivered_days_ago=10)
    open_option = options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]
    assert open_option["verdict"] != "INELIGIBLE"
    # 14 days from receipt (4 days left) comes before 45 days from the order (5 days left)
    assert open_option["deadline"][:10] == (timezone.now() + timedelta(days=4)).date().isoformat()
    timeline(fulfilled_order, ordered_days_ago=50, shipped_days_ago=48, delivered_days_ago=5)
    assert "RETURN_WINDOW_EXPIRED" in codes(
        options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]
    )


def test_hardware_supplier_sale_items_are_not_refunded(
    customer_warranty_client, fulfilled_order, channel_USD
):
    """ "Items purchased on sale are not refundable. Only regular priced items can be refunded." """
    set_policy(channel_USD, "hardware-supplier")
    timeline(fulfilled_order, ordered_days_ago=5, shipped_days_ago=4, delivered_days_ago=2)
    line = first_line(fulfilled_order)
    line.undiscounted_unit_price_gross_amount = line.unit_price_gross_amount + Decimal(5)
    line.save(update_fields=["undiscounted_unit_price_gross_amount"])
    option = options_for(customer_warranty_client, fulfilled_order)["DEFECTIVE"]
    assert "REFUND" not in option["resolutions"]
    assert {"REPLACEMENT", "REPAIR"} & set(option["resolutions"])


# --- equipment-reseller ---------------------------------------------------------------


def test_equipment_reseller_digital_goods_and_discounts(
    customer_warranty_client, fulfilled_order, channel_USD
):
    """ "Any non-physical goods such as modules, extensions, licenses, subscriptions ... " and
    "All products purchased at a discount or on promotion are final sale" """
    set_policy(channel_USD, "equipment-reseller")
    timeline(fulfilled_order, ordered_days_ago=5, shipped_days_ago=4)
    licence, device = fulfilled_order.lines.order_by("created_at", "pk")
    licence.is_shipping_required = False
    licence.save(update_fields=["is_shipping_required"])
    device.undiscounted_unit_price_gross_amount = device.unit_price_gross_amount + Decimal(10)
    device.save(update_fields=["undiscounted_unit_price_gross_amount"])
    assert "NON_RETURNABLE_PRODUCT" in codes(
        options_for(customer_warranty_client, fulfilled_order, licence)["DEFECTIVE"]
    )
    assert "SALE_ITEM" in codes(
        options_for(customer_warranty_client, fulfilled_order, device)["DEFECTIVE"]
    )


def test_equipment_reseller_cancellation_before_shipment_costs_six_percent(
    customer_warranty_client, order_with_lines, channel_USD
):
    """ "You placed an order but later changed your mind and requested a refund." — "a 6%
    transaction fee will be deducted from the refund amount" """
    set_policy(channel_USD, "equipment-reseller")
    line = first_line(order_with_lines)
    option = options_for(customer_warranty_client, order_with_lines)["CHANGED_MIND"]
    assert option["verdict"] == "ELIGIBLE", option
    expected = (line.unit_price_gross_amount * Decimal("0.94")).quantize(Decimal("0.01"))
    assert Decimal(option["estimatedRefund"]["amount"]) == expected
    assert option["decidedBy"] == "shop"
