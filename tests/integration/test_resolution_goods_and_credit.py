"""Store credit, restock, staff amount overrides, racing resolves, repair and diagnosis."""

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone
from saleor.giftcard.models import GiftCard
from saleor.order.models import Fulfillment
from saleor.payment import TransactionKind
from saleor.warehouse.models import Stock

from saleor_warranty_plugin.compat import gift_card_assignment
from saleor_warranty_plugin.models import Claim, ClaimRefund, ClaimResolution
from saleor_warranty_plugin.policies import set_policy as store_policy
from saleor_warranty_plugin.policy import preset_document

from .fixtures import data_of
from .helpers import ERRORS, gid, set_policy
from .racing import race
from .resolution_helpers import (
    CLAIM_RESOLVE,
    RESOLUTION_FIELDS,
    out_of_warranty_claim,
    received_claim,
    resolve,
)


def first_line(order):
    return order.lines.order_by("created_at", "pk").first()


def policy_with_store_credit(channel, bonus="10", expiry_days=365):
    document = preset_document("equipment-reseller")
    document["refund"]["store_credit"] = {"bonus_percent": bonus, "expiry_days": expiry_days}
    return store_policy(channel, document)


@mock.patch("saleor.plugins.manager.PluginsManager.notify")
def test_store_credit_is_a_gift_card_for_the_customer(
    notify, staff_warranty_client, fulfilled_order, channel_USD, customer_user
):
    # given equipment-reseller's "credit to your personal account — at your choice", +10% bonus
    policy = policy_with_store_credit(channel_USD)
    line = first_line(fulfilled_order)
    claim = received_claim(fulfilled_order, policy, [(line, 1)], reason="DEFECTIVE")
    # when staff resolve by store credit (the manufacturer chose refund, the customer credit)
    payload = resolve(staff_warranty_client, claim, type="STORE_CREDIT")
    assert payload["errors"] == [], payload
    resolution = payload["claim"]["resolution"]
    assert resolution["status"] == "SUCCEEDED"
    card = GiftCard.objects.get(code=resolution["giftCardCode"])
    expected = (line.unit_price_gross_amount * Decimal("1.10")).quantize(Decimal("0.01"))
    assert card.initial_balance_amount == card.current_balance_amount == expected
    assert card.currency == fulfilled_order.currency
    if gift_card_assignment():  # Saleor 3.23.19 and later
        assert card.assigned_to == customer_user
    assert card.expiry_date == (timezone.now() + timedelta(days=365)).date()
    assert list(card.tags.values_list("name", flat=True)) == ["store-credit"]
    assert card.metadata["warranty.claim"] == claim.number
    # Saleor's gift card notification went out, with the plugin's own claim events
    sent = [c.args[0] for c in notify.call_args_list]
    assert "send_gift_card" in sent and "warranty_claim_resolved" in sent
    # goods came back natively; a second call issues nothing new
    assert Fulfillment.objects.filter(order=fulfilled_order, status="returned").exists()
    resolve(staff_warranty_client, claim, type="STORE_CREDIT")
    assert GiftCard.objects.filter(metadata__contains={"warranty.claim": claim.number}).count() == 1


def test_store_credit_refused_where_the_policy_does_not_offer_it(
    staff_warranty_client, fulfilled_order, channel_USD
):
    policy = set_policy(channel_USD, "electronics-store")  # refunds to the original payment only
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    payload = resolve(staff_warranty_client, claim, type="STORE_CREDIT")
    assert payload["errors"][0]["code"] == "RESOLUTION_NOT_ALLOWED"
    assert not ClaimResolution.objects.exists()
    assert Claim.objects.get(pk=claim.pk).status == "RECEIVED"


def test_resellable_items_go_back_to_stock_once(
    staff_warranty_client, fulfilled_order, payment_txn_captured, channel_USD
):
    policy = set_policy(channel_USD, "electronics-store")
    line = first_line(fulfilled_order)
    stock = Stock.objects.get(product_variant=line.variant)
    before = stock.quantity
    claim = received_claim(fulfilled_order, policy, [(line, 2)], restock=True)
    resolve(staff_warranty_client, claim, type="REFUND")
    resolve(staff_warranty_client, claim, type="REFUND")
    stock.refresh_from_db()
    assert stock.quantity == before + 2
    assert claim.lines.get().restocked_quantity == 2


def test_staff_amount_override_is_recorded_and_capped(
    staff_warranty_client, app_warranty_client, fulfilled_order, payment_txn_captured, channel_USD
):
    policy = set_policy(channel_USD, "electronics-store")
    line = first_line(fulfilled_order)
    claim = received_claim(fulfilled_order, policy, [(line, 1)])
    too_much = resolve(
        staff_warranty_client, claim, type="REFUND", amount="999.00", note="goodwill"
    )
    assert too_much["errors"][0]["field"] == "amount"
    no_reason = resolve(staff_warranty_client, claim, type="REFUND", amount="5.00")
    assert no_reason["errors"][0]["code"] == "REQUIRED"
    by_app = resolve(app_warranty_client, claim, type="REFUND", amount="5.00", note="x")
    assert by_app["errors"][0]["field"] == "amount"
    assert not ClaimResolution.objects.exists()
    done = resolve(staff_warranty_client, claim, type="REFUND", amount="5.00", note="scratched box")
    assert done["claim"]["resolution"]["amountOverridden"] is True
    assert Decimal(done["claim"]["resolution"]["amount"]["amount"]) == Decimal("5.00")
    refund = payment_txn_captured.transactions.get(kind=TransactionKind.REFUND)
    assert refund.amount == Decimal("5.00")
    notes = [e.message for e in claim.events.all()]
    assert any("staff_test@example.com" in n and "scratched box" in n for n in notes)


def test_resolving_an_unreceived_claim_is_refused(
    staff_warranty_client, fulfilled_order, channel_USD
):
    policy = set_policy(channel_USD, "electronics-store")
    claim = received_claim(
        fulfilled_order, policy, [(first_line(fulfilled_order), 1)], status="APPROVED"
    )
    payload = resolve(staff_warranty_client, claim, type="REFUND")
    assert payload["errors"][0]["code"] == "INVALID_TRANSITION"


@pytest.mark.django_db(transaction=True)
def test_racing_resolves_move_money_once(
    fulfilled_order, payment_txn_captured, channel_USD, staff_user, permission_group_manage_orders
):
    permission_group_manage_orders.user_set.add(staff_user)
    policy = set_policy(channel_USD, "electronics-store")
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    variables = {"id": gid("Claim", claim.pk), "input": {"type": "REFUND"}}
    answers = race(staff_user, CLAIM_RESOLVE, variables)
    assert all("errors" not in a for a in answers), answers
    assert payment_txn_captured.transactions.filter(kind=TransactionKind.REFUND).count() == 1
    assert ClaimRefund.objects.filter(resolution__claim=claim).count() == 1
    assert (
        Fulfillment.objects.filter(order=fulfilled_order, status="refunded_and_returned").count()
        == 1
    )


REPAIR_UPDATE = f"""mutation($id: ID!, $status: RepairStatus!, $quote: Decimal) {{
  claimRepairUpdate(id: $id, status: $status, quote: $quote) {{ claim {{ status {RESOLUTION_FIELDS} }} {ERRORS} }} }}"""
QUOTE_ANSWER = f"""mutation($id: ID!, $accept: Boolean!, $email: String) {{
  claimRepairQuoteAnswer(id: $id, accept: $accept, email: $email) {{
    claim {{ {RESOLUTION_FIELDS} }} {ERRORS} }} }}"""
HAND_OVER = f"""mutation($id: ID!, $to: ServiceProvider!, $reference: String) {{
  claimHandOver(id: $id, to: $to, reference: $reference) {{ claim {{ handedTo externalReference }} {ERRORS} }} }}"""
DECISION = f"""mutation($id: ID!, $decision: ServiceDecision!) {{
  claimRecordDecision(id: $id, decision: $decision) {{ claim {{ status externalDecision {RESOLUTION_FIELDS} }} {ERRORS} }} }}"""


def test_free_repair_within_warranty(staff_warranty_client, fulfilled_order, channel_USD):
    policy = set_policy(channel_USD, "electronics-store")  # defective: repair first
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    payload = resolve(staff_warranty_client, claim, type="REPAIR")
    assert payload["claim"]["resolution"]["repairStatus"] == "IN_REPAIR"
    assert claim.events.filter(message="Resolved by repair, free of charge.").exists()
    assert payload["claim"]["resolution"]["status"] == "REQUESTED"
    variables = {"id": gid("Claim", claim.pk)}
    step = data_of(
        staff_warranty_client.post_graphql(REPAIR_UPDATE, {**variables, "status": "REPAIRED"})
    )
    assert step["claimRepairUpdate"]["claim"]["resolution"]["repairStatus"] == "REPAIRED"
    quoting = data_of(
        staff_warranty_client.post_graphql(
            REPAIR_UPDATE, {**variables, "status": "QUOTED", "quote": "10"}
        )
    )
    assert quoting["claimRepairUpdate"]["errors"][0]["code"] == "INVALID_TRANSITION"
    done = data_of(
        staff_warranty_client.post_graphql(REPAIR_UPDATE, {**variables, "status": "RETURNED"})
    )
    assert done["claimRepairUpdate"]["claim"]["resolution"]["status"] == "SUCCEEDED"


def test_paid_repair_after_warranty_needs_an_accepted_quote(
    staff_warranty_client, customer_warranty_client, fulfilled_order, channel_USD
):
    claim = out_of_warranty_claim(fulfilled_order, channel_USD)
    payload = resolve(staff_warranty_client, claim, type="REPAIR")
    assert payload["claim"]["resolution"]["repairStatus"] == "AWAITING_QUOTE", payload
    # the history does not read as done while the customer has a price to accept
    resolved = claim.events.get(type="RESOLVED").message
    assert resolved.startswith("Resolved by a paid repair: a price follows"), resolved
    variables = {"id": gid("Claim", claim.pk)}
    quoted = data_of(
        staff_warranty_client.post_graphql(
            REPAIR_UPDATE, {**variables, "status": "QUOTED", "quote": "25.50"}
        )
    )
    assert quoted["claimRepairUpdate"]["claim"]["resolution"]["repairQuote"]["amount"] == "25.500"
    # staff cannot answer for the customer; the customer accepts
    by_staff = data_of(
        staff_warranty_client.post_graphql(QUOTE_ANSWER, {**variables, "accept": True})
    )
    assert by_staff["claimRepairQuoteAnswer"]["errors"][0]["code"] == "NOT_FOUND"
    accepted = data_of(
        customer_warranty_client.post_graphql(QUOTE_ANSWER, {**variables, "accept": True})
    )
    assert (
        accepted["claimRepairQuoteAnswer"]["claim"]["resolution"]["repairStatus"]
        == "QUOTE_ACCEPTED"
    )


def test_a_guest_answers_a_repair_quote_with_the_orders_email(
    staff_warranty_client, anonymous_warranty_client, fulfilled_order, channel_USD
):
    # given a guest order's out-of-warranty item, quoted for a paid repair
    policy = set_policy(channel_USD, "repair-parts-shop")
    fulfilled_order.user = None
    fulfilled_order.created_at = timezone.now() - timedelta(days=400)
    fulfilled_order.save(update_fields=["user", "created_at"])
    fulfilled_order.fulfillments.update(created_at=timezone.now() - timedelta(days=399))
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    claim.override_policy = True
    claim.save(update_fields=["override_policy"])
    resolve(staff_warranty_client, claim, type="REPAIR")
    variables = {"id": gid("Claim", claim.pk)}
    staff_warranty_client.post_graphql(
        REPAIR_UPDATE, {**variables, "status": "QUOTED", "quote": "25.50"}
    )

    def answer(**extra):
        response = anonymous_warranty_client.post_graphql(QUOTE_ANSWER, {**variables, **extra})
        return data_of(response)["claimRepairQuoteAnswer"]

    # without the order's email, or with another, the claim does not exist for them
    for email in (None, "other.buyer@example.com"):
        refused = answer(accept=True, email=email)
        assert refused["errors"][0]["code"] == "NOT_FOUND" and refused["claim"] is None
    assert ClaimResolution.objects.get(claim=claim).repair_status == "QUOTED"
    # with it (any case), the guest declines
    declined = answer(accept=False, email=f"  {fulfilled_order.user_email.upper()} ")
    assert declined["errors"] == []
    assert declined["claim"]["resolution"]["repairStatus"] == "QUOTE_DECLINED"
    # and the answer is final
    again = answer(accept=True, email=fulfilled_order.user_email)
    assert again["errors"][0]["code"] == "INVALID_TRANSITION"
    assert ClaimResolution.objects.get(claim=claim).repair_status == "QUOTE_DECLINED"


@mock.patch("saleor.plugins.manager.PluginsManager.transaction_refund_requested")
@mock.patch(
    "saleor.plugins.manager.PluginsManager.is_event_active_for_any_plugin", return_value=True
)
def test_manufacturer_decision_resolves_the_claim(
    _active, _requested, staff_warranty_client, fulfilled_order, channel_USD, payment_txn_captured
):
    # equipment-reseller: "we will send it to the manufacturer for diagnostics. Only the
    # manufacturer makes the decision to issue a refund or replace the device"
    policy = set_policy(channel_USD, "equipment-reseller")
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    variables = {"id": gid("Claim", claim.pk)}
    early = data_of(
        staff_warranty_client.post_graphql(DECISION, {**variables, "decision": "REFUND"})
    )
    assert early["claimRecordDecision"]["errors"][0]["message"] == "Hand the claim over first."
    handed = data_of(
        staff_warranty_client.post_graphql(
            HAND_OVER, {**variables, "to": "MANUFACTURER", "reference": "RMA-778"}
        )
    )
    assert handed["claimHandOver"]["claim"] == {
        "handedTo": "manufacturer",
        "externalReference": "RMA-778",
    }
    decided = data_of(
        staff_warranty_client.post_graphql(DECISION, {**variables, "decision": "REFUND"})
    )
    claim_data = decided["claimRecordDecision"]["claim"]
    assert claim_data["status"] == "RESOLVED" and claim_data["externalDecision"] == "REFUND"
    assert claim_data["resolution"]["status"] == "SUCCEEDED"
    assert payment_txn_captured.transactions.filter(kind=TransactionKind.REFUND).count() == 1


def test_restock_into_the_warehouse_chosen_at_reception(
    staff_warranty_client, fulfilled_order, payment_txn_captured, channel_USD, warehouses
):
    from .helpers import CLAIM_RECEIVE

    policy = set_policy(channel_USD, "electronics-store")
    line = first_line(fulfilled_order)
    chosen = warehouses[1]
    claim = received_claim(fulfilled_order, policy, [(line, 1)], status="APPROVED")
    claim_line = claim.lines.get()
    received = data_of(
        staff_warranty_client.post_graphql(
            CLAIM_RECEIVE,
            {
                "id": gid("Claim", claim.pk),
                "lines": [
                    {
                        "claimLine": gid("ClaimLine", claim_line.pk),
                        "quantity": 1,
                        "conditions": ["SEALS_INTACT", "ORIGINAL_PACKAGING"],
                        "restock": True,
                        "warehouse": gid("Warehouse", chosen.pk),
                    }
                ],
            },
        )
    )["claimReceive"]
    assert received["errors"] == []
    resolve(staff_warranty_client, claim, type="REFUND")
    assert Stock.objects.get(warehouse=chosen, product_variant=line.variant).quantity == 1
