"""Refunds to the original payment through Saleor: legacy payments and the Transaction API,
exactly once."""

import re
from decimal import Decimal
from unittest import mock

import pytest
from saleor.order.models import Fulfillment, OrderEvent, OrderGrantedRefund
from saleor.payment import TransactionEventType, TransactionKind
from saleor.payment.models import TransactionEvent
from saleor.payment.utils import create_transaction_event_from_request_and_webhook_response

from saleor_warranty_plugin import compat
from saleor_warranty_plugin.actions import resolve_claim
from saleor_warranty_plugin.config import WarrantyConfig
from saleor_warranty_plugin.graphql.auth import Requestor
from saleor_warranty_plugin.models import ClaimRefund, ClaimResolution
from saleor_warranty_plugin.policy import ResolutionType
from saleor_warranty_plugin.resolutions import ResolveRequest

from .fixtures import committed
from .helpers import set_policy
from .resolution_helpers import received_claim, resolve

ACTIVE = "saleor.plugins.manager.PluginsManager.is_event_active_for_any_plugin"
REQUESTED = "saleor.plugins.manager.PluginsManager.transaction_refund_requested"


@pytest.fixture
def policy(channel_USD):
    # electronics-store: DEFECTIVE -> repair, replacement or refund
    return set_policy(channel_USD, "electronics-store")


def first_line(order):
    return order.lines.order_by("created_at", "pk").first()


# --- legacy Payment API ----------------------------------------------------------------


def test_legacy_refund_returns_goods_and_refunds_once(
    staff_warranty_client, fulfilled_order, payment_txn_captured, policy
):
    line = first_line(fulfilled_order)
    claim = received_claim(fulfilled_order, policy, [(line, 2)])
    # when staff resolve by refund
    payload = resolve(staff_warranty_client, claim, type="REFUND")
    assert payload["errors"] == []
    resolution = payload["claim"]["resolution"]
    assert payload["claim"]["status"] == "RESOLVED"
    assert resolution["status"] == "SUCCEEDED"
    expected = line.unit_price_gross_amount * 2
    assert Decimal(resolution["amount"]["amount"]) == expected
    assert resolution["breakdown"][0]["code"] == "GOODS"
    assert resolution["fees"] == []  # goods paid are owed, not a fee
    # then Saleor shows a refund on the payment and a refunded-and-returned fulfillment
    refunds = payment_txn_captured.transactions.filter(kind=TransactionKind.REFUND, is_success=True)
    assert [r.amount for r in refunds] == [expected]
    returned = Fulfillment.objects.get(order=fulfilled_order, status="refunded_and_returned")
    assert returned.private_metadata["warranty.claim"] == claim.number
    assert sum(fl.quantity for fl in returned.lines.all()) == 2
    # and a second call moves nothing
    again = resolve(staff_warranty_client, claim, type="REFUND")
    assert again["errors"] == [] and again["claim"]["resolution"]["status"] == "SUCCEEDED"
    assert payment_txn_captured.transactions.filter(kind=TransactionKind.REFUND).count() == 1
    # the observer does not record the plugin's own fulfillment as a native return
    assert claim.order.warranty_claims.count() == 1
    # the claim's history and the order's notes write the amount in cents, not as stored
    cents = f"{expected.quantize(Decimal('0.01'))} USD"
    messages = list(claim.events.order_by("date", "pk").values_list("message", flat=True))
    assert f"Resolved by refund of {cents}." in messages
    assert f"Refund of {cents} confirmed." in messages
    notes = OrderEvent.objects.filter(order=fulfilled_order, type="note_added")
    assert not [n for n in notes if re.search(r"\d\.\d{3} USD", n.parameters["message"])]


def test_legacy_gateway_failure_is_visible_and_retryable(
    staff_warranty_client, fulfilled_order, payment_txn_captured, policy
):
    from saleor.payment import PaymentError

    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    with mock.patch("saleor.payment.gateway.refund", side_effect=PaymentError("Card expired")):
        failed = resolve(staff_warranty_client, claim, type="REFUND")
    assert failed["claim"]["resolution"]["status"] == "FAILED"
    assert "Card expired" in failed["claim"]["resolution"]["error"]
    assert not Fulfillment.objects.filter(
        order=fulfilled_order, status="refunded_and_returned"
    ).exists()
    assert OrderEvent.objects.filter(
        order=fulfilled_order, parameters__message__icontains="failed"
    ).exists()
    # when staff retry once the gateway works again
    retried = resolve(staff_warranty_client, claim, type="REFUND")
    assert retried["claim"]["resolution"]["status"] == "SUCCEEDED"
    assert payment_txn_captured.transactions.filter(kind=TransactionKind.REFUND).count() == 1


# --- Transaction API ---------------------------------------------------------------------


@pytest.fixture
def paid_by_app(fulfilled_order, transaction_item_generator, app):
    from saleor.order.utils import update_order_charge_data

    item = transaction_item_generator(
        order_id=fulfilled_order.pk, charged_value=fulfilled_order.total_gross_amount, app=app
    )
    update_order_charge_data(fulfilled_order)
    return item


def report(app, event_type="REFUND_SUCCESS", **extra):
    """The payment app answers Saleor's refund request (what its webhook would do)."""
    from django.test import TestCase

    request_event = TransactionEvent.objects.filter(
        type=TransactionEventType.REFUND_REQUEST
    ).latest("pk")
    with TestCase.captureOnCommitCallbacks(execute=True):
        create_transaction_event_from_request_and_webhook_response(
            request_event,
            app,
            {
                "pspReference": f"psp-{request_event.pk}",
                "result": event_type,
                "amount": str(request_event.amount_value),
                **extra,
            },
        )


@mock.patch(REQUESTED)
@mock.patch(ACTIVE, return_value=True)
def test_transaction_refund_is_granted_requested_and_followed(
    _active, requested, staff_warranty_client, fulfilled_order, paid_by_app, app, policy
):
    line = first_line(fulfilled_order)
    claim = received_claim(fulfilled_order, policy, [(line, 1)])
    payload = resolve(staff_warranty_client, claim, type="REFUND")
    resolution = payload["claim"]["resolution"]
    # then a granted refund with the claim's line is requested from the payment app
    assert resolution["status"] == "REQUESTED"
    granted = OrderGrantedRefund.objects.get(order=fulfilled_order)
    assert granted.amount_value == line.unit_price_gross_amount
    assert [(gl.order_line_id, gl.quantity) for gl in granted.lines.all()] == [(line.pk, 1)]
    assert granted.status == "pending"
    requested.assert_called_once()
    # and the goods are returned natively
    assert Fulfillment.objects.filter(order=fulfilled_order, status="returned").exists()
    # when the payment app reports success, the plugin follows Saleor's hook
    report(app)
    assert ClaimResolution.objects.get(claim=claim).status == "SUCCEEDED"
    paid_by_app.refresh_from_db()
    assert paid_by_app.refunded_value == line.unit_price_gross_amount
    # repeated calls never grant or request again
    resolve(staff_warranty_client, claim, type="REFUND")
    assert OrderGrantedRefund.objects.filter(order=fulfilled_order).count() == 1
    assert requested.call_count == 1


@mock.patch(REQUESTED)
@mock.patch(ACTIVE, return_value=True)
def test_payment_app_failure_then_retry_uses_the_same_grant(
    _active, requested, staff_warranty_client, fulfilled_order, paid_by_app, app, policy
):
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    resolve(staff_warranty_client, claim, type="REFUND")
    report(app, "REFUND_FAILURE", message="Insufficient funds on merchant account")
    # Saleor fires no hook for a failure: the periodic task settles it
    from saleor_warranty_plugin.tasks import sync_refunds_task

    sync_refunds_task()
    resolution = ClaimResolution.objects.get(claim=claim)
    assert resolution.status == "FAILED"
    # when staff retry
    retried = resolve(staff_warranty_client, claim, type="REFUND")
    assert retried["claim"]["resolution"]["status"] == "REQUESTED"
    assert OrderGrantedRefund.objects.filter(order=fulfilled_order).count() == 1
    assert requested.call_count == 2
    report(app)
    assert ClaimResolution.objects.get(claim=claim).status == "SUCCEEDED"


@mock.patch(ACTIVE, return_value=False)
def test_no_payment_app_is_a_visible_failure(
    _active, staff_warranty_client, fulfilled_order, paid_by_app, policy
):
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    payload = resolve(staff_warranty_client, claim, type="REFUND")
    assert payload["claim"]["resolution"]["status"] == "FAILED"
    assert "No app or plugin" in payload["claim"]["resolution"]["error"]


@mock.patch(REQUESTED)
@mock.patch(ACTIVE, return_value=True)
def test_split_tender_refunds_over_two_transactions(
    _active,
    requested,
    staff_warranty_client,
    fulfilled_order,
    transaction_item_generator,
    app,
    policy,
):
    from saleor.order.utils import update_order_charge_data

    line = first_line(fulfilled_order)
    small = transaction_item_generator(
        order_id=fulfilled_order.pk, charged_value=Decimal(5), app=app
    )
    large = transaction_item_generator(
        order_id=fulfilled_order.pk, charged_value=fulfilled_order.total_gross_amount - 5, app=app
    )
    update_order_charge_data(fulfilled_order)
    claim = received_claim(fulfilled_order, policy, [(line, 2)])
    resolve(staff_warranty_client, claim, type="REFUND")
    parts = list(ClaimRefund.objects.filter(resolution__claim=claim).order_by("pk"))
    assert [(p.transaction_item_id, p.amount) for p in parts] == [
        (small.pk, Decimal(5)),
        (large.pk, line.unit_price_gross_amount * 2 - 5),
    ]
    assert OrderGrantedRefund.objects.filter(order=fulfilled_order).count() == 2
    assert requested.call_count == 2


@mock.patch(REQUESTED)
@mock.patch(ACTIVE, return_value=True)
def test_crash_between_grant_and_request_resumes_without_a_second_grant(
    _active, requested, staff_warranty_client, fulfilled_order, paid_by_app, policy
):
    claim = received_claim(fulfilled_order, policy, [(first_line(fulfilled_order), 1)])
    # given the process dies right after the grant is recorded
    request = ResolveRequest(type=ResolutionType.REFUND)
    staff = Requestor(user=staff_warranty_client.user)
    crash = mock.patch(
        "saleor_warranty_plugin.resolutions.refunds.request_part", side_effect=RuntimeError("crash")
    )
    with crash, committed():
        resolve_claim(claim, staff, request, WarrantyConfig())
    assert ClaimResolution.objects.get(claim=claim).status == "FAILED"
    assert OrderGrantedRefund.objects.filter(order=fulfilled_order).count() == 1
    assert requested.call_count == 0
    # when the claim is resolved again (retry, or the Celery task)
    from saleor_warranty_plugin.tasks import perform_resolution_task

    perform_resolution_task.delay(ClaimResolution.objects.get(claim=claim).pk)
    # then the same grant is requested once
    assert OrderGrantedRefund.objects.filter(order=fulfilled_order).count() == 1
    assert requested.call_count == 1
    assert ClaimResolution.objects.get(claim=claim).status == "REQUESTED"


@pytest.mark.skipif(
    compat.refund_gift_card_transaction() is None,
    reason="no gift-card payments in this Saleor: its gift card payment gateway came in 3.23",
)
@mock.patch(REQUESTED)
@mock.patch(ACTIVE, return_value=True)
def test_split_tender_refunds_the_gift_card_first(
    _active,
    requested,
    staff_warranty_client,
    fulfilled_order,
    transaction_item_generator,
    app,
    gift_card,
    policy,
):
    """Paid partly with a gift card (Saleor's gift-card gateway) and partly by card: the
    gift-card part is refunded first, in-process, back onto the gift card; the rest is
    requested from the card's payment app."""
    from saleor.order.utils import update_order_charge_data

    line = first_line(fulfilled_order)
    balance = gift_card.current_balance_amount
    by_gift_card = transaction_item_generator(
        order_id=fulfilled_order.pk,
        charged_value=Decimal(10),
        app=None,
    )
    by_gift_card.app_identifier = "saleor.io.gift-card-payment-gateway"
    by_gift_card.gift_card = gift_card
    by_gift_card.save(update_fields=["app_identifier", "gift_card"])
    by_card = transaction_item_generator(
        order_id=fulfilled_order.pk, charged_value=fulfilled_order.total_gross_amount - 10, app=app
    )
    update_order_charge_data(fulfilled_order)
    claim = received_claim(fulfilled_order, policy, [(line, 2)])
    payload = resolve(staff_warranty_client, claim, type="REFUND")
    assert payload["errors"] == []
    parts = list(ClaimRefund.objects.filter(resolution__claim=claim).order_by("pk"))
    assert [(p.transaction_item_id, p.amount) for p in parts] == [
        (by_gift_card.pk, Decimal(10)),
        (by_card.pk, line.unit_price_gross_amount * 2 - 10),
    ]
    # the gift card got its 10 back at once; the card part waits for its payment app
    gift_card.refresh_from_db()
    assert gift_card.current_balance_amount == balance + 10
    assert [
        p.status for p in ClaimRefund.objects.filter(resolution__claim=claim).order_by("pk")
    ] == ["SUCCEEDED", "REQUESTED"]
    assert requested.call_count == 1
    assert ClaimResolution.objects.get(claim=claim).status == "REQUESTED"


@mock.patch(REQUESTED)
@mock.patch(ACTIVE, return_value=True)
def test_unsettled_refunds_count_against_what_can_still_be_refunded(
    _active,
    _requested,
    staff_warranty_client,
    fulfilled_order,
    transaction_item_generator,
    app,
    policy,
):
    from saleor.order.utils import update_order_charge_data

    # given an order charged 30 in all, and a first claim's 24.60 refund still pending
    transaction_item_generator(order_id=fulfilled_order.pk, charged_value=Decimal(30), app=app)
    update_order_charge_data(fulfilled_order)
    first_line_, second_line = fulfilled_order.lines.order_by("created_at", "pk")
    first = received_claim(fulfilled_order, policy, [(first_line_, 2)])
    assert (
        resolve(staff_warranty_client, first, type="REFUND")["claim"]["resolution"]["status"]
        == "REQUESTED"
    )
    # when a second claim is refunded before the payment app answered the first
    second = received_claim(fulfilled_order, policy, [(second_line, 1)])
    payload = resolve(staff_warranty_client, second, type="REFUND")
    # then it gets only what is left, never more than was charged
    left = Decimal(30) - first_line_.unit_price_gross_amount * 2
    assert Decimal(payload["claim"]["resolution"]["amount"]["amount"]) == left
    total = sum(g.amount_value for g in OrderGrantedRefund.objects.filter(order=fulfilled_order))
    assert total == Decimal(30)


PREVIEW = """query($id: ID!, $input: ClaimResolveInput!) { claimResolutionPreview(id: $id, input: $input) {
  type allowed amount { amount currency } fees { code amount { amount } }
  breakdown { code amount { amount } } offered refundable { amount } } }"""


def test_preview_shows_the_plan_and_moves_nothing(
    staff_warranty_client, customer_warranty_client, fulfilled_order, payment_txn_captured, policy
):
    from .helpers import gid

    line = first_line(fulfilled_order)
    claim = received_claim(fulfilled_order, policy, [(line, 2)])
    variables = {"id": gid("Claim", claim.pk), "input": {"type": "REFUND"}}
    content = staff_warranty_client.post_graphql(PREVIEW, variables).json()
    preview = content["data"]["claimResolutionPreview"]
    assert preview["allowed"] is True
    assert Decimal(preview["amount"]["amount"]) == line.unit_price_gross_amount * 2
    assert preview["breakdown"][0]["code"] == "GOODS"
    assert preview["fees"] == []
    assert "REFUND" in preview["offered"]
    assert not ClaimResolution.objects.exists()
    assert not payment_txn_captured.transactions.filter(kind=TransactionKind.REFUND).exists()
    # customers get no preview of staff decisions
    denied = customer_warranty_client.post_graphql(PREVIEW, variables).json()
    assert denied["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    credit = staff_warranty_client.post_graphql(
        PREVIEW, {**variables, "input": {"type": "STORE_CREDIT"}}
    ).json()["data"]["claimResolutionPreview"]
    assert credit["allowed"] is False  # electronics-store refunds to the original payment only
