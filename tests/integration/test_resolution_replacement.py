"""Replacement and exchange: claimResolve completes Saleor's replacement draft once, free or
charging only the price difference, with stock allocated; failures keep the draft for a retry."""

from decimal import Decimal
from unittest import mock

import pytest
from saleor.discount import DiscountType
from saleor.order import FulfillmentStatus, OrderOrigin, OrderStatus
from saleor.order.models import Fulfillment, Order, OrderEvent
from saleor.product.models import ProductVariant, ProductVariantChannelListing
from saleor.warehouse.models import Allocation, Stock

from saleor_warranty_plugin.error_codes import ClaimError
from saleor_warranty_plugin.models import Claim, ClaimLine, ClaimResolution
from saleor_warranty_plugin.resolutions.replacement import exchange_refund_due

from .fixtures import data_of
from .helpers import ERRORS, gid, set_policy
from .racing import race
from .resolution_helpers import with_photo

RESOLUTION = """
  resolution { type status amount { amount currency } fees { code label amount { amount } }
    breakdown { code label amount { amount } }
    giftCardCode replacementOrderId returnFulfillmentId error }
"""
CLAIM_RESOLVE = f"""
mutation($id: ID!, $input: ClaimResolveInput!) {{
  claimResolve(id: $id, input: $input) {{ claim {{ id status {RESOLUTION} }} {ERRORS} }} }}"""
CLAIM = f"""query($id: ID!) {{ claim(id: $id) {{ id status {RESOLUTION} }} }}"""


@pytest.fixture
def policy(channel_USD):
    # electronics-store: DEFECTIVE -> repair, replacement or refund; WRONG_ITEM_SENT -> exchange
    return set_policy(channel_USD, "electronics-store")


def make_claim(order, policy, line, quantity, reason="DEFECTIVE"):
    """A claim as staff have it after reception of `quantity` units of `line`."""
    number = f"{order.number}-R{Claim.objects.filter(order=order).count() + 1}"
    claim = Claim.objects.create(
        number=number,
        order=order,
        channel_id=order.channel_id,
        order_number=order.number,
        user=order.user,
        user_email=order.user_email,
        search_text=number.lower(),
        status="RECEIVED",
        reason=reason,
        policy=policy,
        policy_version=policy.version,
    )
    conditions = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
    ClaimLine.objects.create(
        claim=claim,
        order_line=line,
        quantity=quantity,
        quantity_received=quantity,
        reason=reason,
        verdict="ELIGIBLE",
        serial_number="SN-1",
        declared_conditions=conditions,
        inspected_conditions=conditions,
    )
    return with_photo(claim)


def resolve(client, claim, **input_):
    response = client.post_graphql(CLAIM_RESOLVE, {"id": gid("Claim", claim.pk), "input": input_})
    return data_of(response)["claimResolve"]


def resolution_of(client, claim):
    return data_of(client.post_graphql(CLAIM, {"id": gid("Claim", claim.pk)}))["claim"][
        "resolution"
    ]


def reissued(order):
    return Order.objects.filter(original=order, origin=OrderOrigin.REISSUE)


def line_of(order, sku):
    return order.lines.get(product_sku=sku)


def variant_priced(line, price, stock=5, sku="SKU_EXCHANGE"):
    """Another variant of the line's product, sold at `price` in the order's channel."""
    source = line.variant
    variant = ProductVariant.objects.create(product=source.product, sku=sku)
    ProductVariantChannelListing.objects.create(
        variant=variant,
        channel=line.order.channel,
        price_amount=Decimal(price),
        discounted_price_amount=Decimal(price),
        currency=line.currency,
    )
    Stock.objects.create(
        warehouse=source.stocks.first().warehouse, product_variant=variant, quantity=stock
    )
    return variant


def test_replacement_is_a_free_completed_order_made_once(
    staff_warranty_client, fulfilled_order, policy
):
    line = line_of(fulfilled_order, "SKU_AA")
    claim = make_claim(fulfilled_order, policy, line, 2)
    # when staff resolve the defective units by replacement
    payload = resolve(staff_warranty_client, claim, type="REPLACEMENT")
    assert payload["errors"] == []
    resolution = payload["claim"]["resolution"]
    assert payload["claim"]["status"] == "RESOLVED"
    assert resolution["status"] == "SUCCEEDED" and resolution["error"] is None
    # then the original order shows the units as replaced
    replaced = Fulfillment.objects.get(order=fulfilled_order, status=FulfillmentStatus.REPLACED)
    assert resolution["returnFulfillmentId"] == gid("Fulfillment", replaced.pk)
    assert [(fl.order_line_id, fl.quantity) for fl in replaced.lines.all()] == [(line.pk, 2)]
    # and a free replacement order waits for the warehouse, shipped as the original was
    replacement = reissued(fulfilled_order).get()
    assert resolution["replacementOrderId"] == gid("Order", replacement.pk)
    assert replacement.status == OrderStatus.UNFULFILLED
    assert replacement.original_id == fulfilled_order.pk
    assert replacement.total_gross_amount == replacement.total_net_amount == 0
    assert replacement.undiscounted_total_gross_amount > 0
    assert replacement.charge_status == "full"
    assert replacement.shipping_method_id == fulfilled_order.shipping_method_id
    assert replacement.private_metadata["warranty.claim"] == claim.number
    discount = replacement.discounts.get()
    assert (discount.type, discount.value_type, discount.value) == (
        DiscountType.MANUAL,
        "percentage",
        100,
    )
    [new_line] = replacement.lines.all()
    assert (new_line.variant_id, new_line.quantity) == (line.variant_id, 2)
    assert Allocation.objects.get(order_line=new_line).quantity_allocated == 2
    assert replacement.events.filter(type="placed_from_draft").count() == 1  # order_created ran
    assert (
        OrderEvent.objects.filter(
            order=fulfilled_order,
            type="note_added",
            parameters__message__icontains=f"replacement order #{replacement.number}",
        ).count()
        == 1
    )
    # when staff resolve again, nothing new is made
    again = resolve(staff_warranty_client, claim, type="REPLACEMENT")
    assert again["errors"] == []
    assert again["claim"]["resolution"]["replacementOrderId"] == resolution["replacementOrderId"]
    assert reissued(fulfilled_order).count() == 1
    assert (
        Fulfillment.objects.filter(order=fulfilled_order, status=FulfillmentStatus.REPLACED).count()
        == 1
    )
    assert Allocation.objects.filter(order_line__order=replacement).count() == 1


def test_exchange_for_a_dearer_variant_charges_only_the_difference(
    staff_warranty_client, fulfilled_order, policy
):
    line = line_of(fulfilled_order, "SKU_AA")
    variant = variant_priced(line, 20)
    claim = make_claim(fulfilled_order, policy, line, 1, reason="WRONG_ITEM_SENT")
    payload = resolve(
        staff_warranty_client,
        claim,
        type="EXCHANGE",
        exchangeVariant=gid("ProductVariant", variant.pk),
    )
    assert payload["errors"] == []
    resolution = payload["claim"]["resolution"]
    assert resolution["status"] == "SUCCEEDED"
    # then the exchange order holds the new variant and leaves exactly the difference to pay
    replacement = reissued(fulfilled_order).get()
    assert replacement.status == OrderStatus.UNFULFILLED
    [new_line] = replacement.lines.all()
    assert (new_line.variant_id, new_line.quantity) == (variant.pk, 1)
    assert new_line.undiscounted_base_unit_price_amount == 20
    difference = Decimal(20) - line.unit_price_gross_amount
    assert replacement.total_gross_amount == difference
    assert replacement.charge_status == "none"  # the customer still owes it
    assert Allocation.objects.get(order_line=new_line).quantity_allocated == 1
    # the customer owes the difference: a minus in the breakdown, and no fee
    lines = {f["code"]: f for f in resolution["breakdown"]}
    assert Decimal(lines["EXCHANGE_DIFFERENCE"]["amount"]["amount"]) == -difference
    assert resolution["fees"] == []
    assert exchange_refund_due(ClaimResolution.objects.get(claim=claim)) == 0


def test_exchange_for_a_cheaper_variant_refunds_the_difference(
    staff_warranty_client, fulfilled_order, policy, payment_txn_captured
):
    line = line_of(fulfilled_order, "SKU_AA")
    variant = variant_priced(line, 5)
    claim = make_claim(fulfilled_order, policy, line, 2, reason="WRONG_ITEM_SENT")
    payload = resolve(
        staff_warranty_client,
        claim,
        type="EXCHANGE",
        exchangeVariant=gid("ProductVariant", variant.pk),
    )
    assert payload["errors"] == []
    replacement = reissued(fulfilled_order).get()
    assert replacement.total_gross_amount == 0
    assert [(ln.variant_id, ln.quantity) for ln in replacement.lines.all()] == [(variant.pk, 2)]
    owed = (line.unit_price_gross_amount - 5) * 2
    lines = {f["code"]: f for f in payload["claim"]["resolution"]["breakdown"]}
    assert Decimal(lines["EXCHANGE_DIFFERENCE"]["amount"]["amount"]) == owed
    assert payload["claim"]["resolution"]["fees"] == []
    assert exchange_refund_due(ClaimResolution.objects.get(claim=claim)) == owed
    # the difference goes back to the original payment, once
    refunds = payment_txn_captured.transactions.filter(kind="refund", is_success=True)
    assert [r.amount for r in refunds] == [owed]
    assert payload["claim"]["resolution"]["status"] == "SUCCEEDED"
    resolve(
        staff_warranty_client,
        claim,
        type="EXCHANGE",
        exchangeVariant=gid("ProductVariant", variant.pk),
    )
    assert payment_txn_captured.transactions.filter(kind="refund").count() == 1


def test_exchange_variant_not_sold_in_the_channel_is_not_found(
    staff_warranty_client, fulfilled_order, policy
):
    line = line_of(fulfilled_order, "SKU_AA")
    variant = ProductVariant.objects.create(product=line.variant.product, sku="UNLISTED")
    claim = make_claim(fulfilled_order, policy, line, 1, reason="WRONG_ITEM_SENT")
    payload = resolve(
        staff_warranty_client,
        claim,
        type="EXCHANGE",
        exchangeVariant=gid("ProductVariant", variant.pk),
    )
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [
        ("NOT_FOUND", "exchangeVariant")
    ]
    # refused before anything is recorded: the claim can still be resolved another way
    assert not ClaimResolution.objects.filter(claim=claim).exists()
    assert not reissued(fulfilled_order).exists()
    claim.refresh_from_db()
    assert claim.status == "RECEIVED"


def test_out_of_stock_keeps_the_draft_and_a_retry_completes_the_same_one(
    staff_warranty_client, fulfilled_order, policy
):
    line = line_of(fulfilled_order, "SKU_B")  # the fixture ships the last units of SKU_B
    stock = line.variant.stocks.get()
    assert stock.quantity == 0
    claim = make_claim(fulfilled_order, policy, line, 1)
    payload = resolve(staff_warranty_client, claim, type="REPLACEMENT")
    assert [e["code"] for e in payload["errors"]] == ["OUT_OF_STOCK"]
    # then the claim says why, and the prepared draft waits, free, with nothing allocated
    resolution = resolution_of(staff_warranty_client, claim)
    assert resolution["status"] == "FAILED"
    assert "Insufficient product stock" in resolution["error"]
    draft = reissued(fulfilled_order).get()
    assert resolution["replacementOrderId"] == gid("Order", draft.pk)
    assert draft.status == OrderStatus.DRAFT
    assert draft.discounts.get().value == 100
    assert draft.shipping_method_id == fulfilled_order.shipping_method_id
    assert not Allocation.objects.filter(order_line__order=draft).exists()
    # when the goods are back in stock and staff resolve again
    stock.quantity = 1
    stock.save(update_fields=["quantity"])
    retried = resolve(staff_warranty_client, claim, type="REPLACEMENT")
    assert retried["errors"] == []
    assert retried["claim"]["resolution"]["status"] == "SUCCEEDED"
    # then the same draft is completed; no second order, no second replaced fulfillment
    draft.refresh_from_db()
    assert draft.status == OrderStatus.UNFULFILLED and draft.total_gross_amount == 0
    assert reissued(fulfilled_order).count() == 1
    assert draft.discounts.count() == 1
    assert (
        Fulfillment.objects.filter(order=fulfilled_order, status=FulfillmentStatus.REPLACED).count()
        == 1
    )
    assert Allocation.objects.get(order_line__order=draft).quantity_allocated == 1


def test_a_crash_before_linking_adopts_saleors_draft(
    staff_warranty_client, fulfilled_order, policy
):
    claim = make_claim(fulfilled_order, policy, line_of(fulfilled_order, "SKU_AA"), 1)
    # given a run that stopped right after Saleor made the replacement draft
    crash = ClaimError("RESOLUTION_FAILED", "worker lost")
    with mock.patch(
        "saleor_warranty_plugin.resolutions.replacement._adopt_draft", side_effect=crash
    ):
        failed = resolve(staff_warranty_client, claim, type="REPLACEMENT")
    assert failed["errors"][0]["code"] == "RESOLUTION_FAILED"
    draft = reissued(fulfilled_order).get()
    # when staff resolve again, that draft is completed, not another one
    retried = resolve(staff_warranty_client, claim, type="REPLACEMENT")
    assert retried["claim"]["resolution"]["replacementOrderId"] == gid("Order", draft.pk)
    assert reissued(fulfilled_order).get().status == OrderStatus.UNFULFILLED


def test_a_draft_deleted_by_staff_is_made_again(staff_warranty_client, fulfilled_order, policy):
    line = line_of(fulfilled_order, "SKU_B")
    claim = make_claim(fulfilled_order, policy, line, 1)
    assert (
        resolve(staff_warranty_client, claim, type="REPLACEMENT")["errors"][0]["code"]
        == "OUT_OF_STOCK"
    )
    # given staff deleted the waiting draft and then restocked
    reissued(fulfilled_order).get().delete()
    Stock.objects.filter(product_variant=line.variant).update(quantity=3)
    retried = resolve(staff_warranty_client, claim, type="REPLACEMENT")
    assert retried["errors"] == []
    replacement = reissued(fulfilled_order).get()
    assert retried["claim"]["resolution"]["replacementOrderId"] == gid("Order", replacement.pk)
    assert replacement.status == OrderStatus.UNFULFILLED and replacement.total_gross_amount == 0
    assert [(ln.variant_id, ln.quantity) for ln in replacement.lines.all()] == [
        (line.variant_id, 1)
    ]


@pytest.mark.django_db(transaction=True)
def test_racing_resolves_make_one_replacement(
    staff_warranty_client, staff_user, fulfilled_order, policy
):
    # given three staff tabs resolving the same claim by replacement at the same moment
    claim = make_claim(fulfilled_order, policy, line_of(fulfilled_order, "SKU_AA"), 1)
    variables = {"id": gid("Claim", claim.pk), "input": {"type": "REPLACEMENT"}}
    results = [
        answer["data"]["claimResolve"]
        for answer in race(staff_user, CLAIM_RESOLVE, variables, clients=3)
    ]
    # then every tab sees the same completed replacement, made once
    assert [p["errors"] for p in results] == [[], [], []], results
    replacement = reissued(fulfilled_order).get()
    assert replacement.status == OrderStatus.UNFULFILLED
    assert {p["claim"]["resolution"]["replacementOrderId"] for p in results} == {
        gid("Order", replacement.pk)
    }
    assert (
        Fulfillment.objects.filter(order=fulfilled_order, status=FulfillmentStatus.REPLACED).count()
        == 1
    )
    assert Allocation.objects.get(order_line__order=replacement).quantity_allocated == 1
