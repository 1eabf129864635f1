"""equipment-reseller: "You placed an order but later changed your mind and requested a
refund." — a cancellation before shipment, auto-approved, nothing to send back, refunded
minus the 6% transaction fee, with the original shipping refunded."""

from decimal import Decimal

from saleor.payment import TransactionKind

from .fixtures import data_of
from .helpers import CLAIM_CREATE, claim_input, set_policy
from .resolution_helpers import resolve


def summed(items) -> dict[str, Decimal]:
    totals: dict[str, Decimal] = {}
    for item in items:
        totals[item["code"]] = totals.get(item["code"], Decimal(0)) + Decimal(
            item["amount"]["amount"]
        )
    return totals


def test_cancelling_the_whole_order_refunds_minus_six_percent_and_shipping(
    customer_warranty_client,
    staff_warranty_client,
    order_with_lines,
    payment_txn_captured,
    channel_USD,
):
    set_policy(channel_USD, "equipment-reseller")
    lines = list(order_with_lines.lines.order_by("created_at", "pk"))
    # when the customer cancels the whole order before anything shipped
    created = data_of(
        customer_warranty_client.post_graphql(
            CLAIM_CREATE,
            {
                "input": claim_input(
                    order_with_lines, [(ln, ln.quantity) for ln in lines], reason="CHANGED_MIND"
                )
            },
        )
    )["claimCreate"]
    assert created["errors"] == []
    # then it is approved at once (nothing needs to be sent back)
    assert created["claim"]["status"] == "APPROVED"
    from saleor_warranty_plugin.models import Claim

    claim = Claim.objects.get()
    # and staff refund it without a reception step
    payload = resolve(staff_warranty_client, claim, type="REFUND")
    assert payload["errors"] == [], payload
    resolution = payload["claim"]["resolution"]
    fees = summed(resolution["fees"])  # one item per product, summed by code
    breakdown = summed(resolution["breakdown"])
    goods = sum(ln.unit_price_gross_amount * ln.quantity for ln in lines)
    # the fee is worked out and rounded per line (in the customer's favour by a cent at most)
    fee = sum(
        (ln.unit_price_gross_amount * ln.quantity * Decimal("0.06")).quantize(Decimal("0.01"))
        for ln in lines
    )
    # fees hold only the deduction, as a positive amount; the breakdown is the whole sum
    assert fees == {"TRANSACTION_FEE": fee}
    assert breakdown["GOODS"] == goods
    assert breakdown["TRANSACTION_FEE"] == -fee
    shipping = order_with_lines.shipping_price_gross_amount
    assert breakdown.get("SHIPPING") == shipping  # "Original shipping is refunded" (preset reading)
    expected = goods - fee + shipping
    assert Decimal(resolution["amount"]["amount"]) == expected == sum(breakdown.values())
    assert resolution["status"] == "SUCCEEDED"
    refund = payment_txn_captured.transactions.get(kind=TransactionKind.REFUND)
    assert refund.amount == expected


def test_cancelling_part_of_the_order_keeps_the_shipping(
    customer_warranty_client,
    staff_warranty_client,
    order_with_lines,
    payment_txn_captured,
    channel_USD,
):
    set_policy(channel_USD, "equipment-reseller")
    line = order_with_lines.lines.order_by("created_at", "pk").first()
    data_of(
        customer_warranty_client.post_graphql(
            CLAIM_CREATE,
            {"input": claim_input(order_with_lines, [(line, 1)], reason="CHANGED_MIND")},
        )
    )
    from saleor_warranty_plugin.models import Claim

    payload = resolve(staff_warranty_client, Claim.objects.get(), type="REFUND")
    lines = {f["code"] for f in payload["claim"]["resolution"]["breakdown"]}
    assert "SHIPPING" not in lines  # the rest of the order still ships
    goods = line.unit_price_gross_amount
    expected = goods - (goods * Decimal("0.06")).quantize(Decimal("0.01"))
    assert Decimal(payload["claim"]["resolution"]["amount"]["amount"]) == expected
