"""`manage.py warranty_demo` on a small shop built from Saleor's fixtures (populatedb is too
slow for the suite): paid, shipped orders of the default channel, one of them a guest's."""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from saleor.giftcard.models import GiftCard
from saleor.order.models import Order, get_order_number
from saleor.payment import TransactionKind
from saleor.payment.models import Payment

from saleor_warranty_plugin.demo import DEMO_KEY, ROLES
from saleor_warranty_plugin.models import Claim, ClaimEvent, FulfillmentTimeline, ReturnPolicy


def saved_copy(row, pk=None, **fields):
    """`row` saved again as a new row (a new `pk`, or the database's) with `fields` changed."""
    row.pk = pk
    for name, value in fields.items():
        setattr(row, name, value)
    row.save()
    return row


def clone(order, payment, user):
    """A copy of a paid, fulfilled order: lines, fulfillments and its captured payment."""
    lines = list(order.lines.all())
    fulfillments = [(f, list(f.lines.all())) for f in order.fulfillments.all()]
    transactions = list(payment.transactions.all())
    copy = Order.objects.get(pk=order.pk)
    copy = saved_copy(copy, uuid.uuid4(), number=get_order_number(), user=user, private_metadata={})
    line_map = {line.pk: saved_copy(line, uuid.uuid4(), order=copy) for line in lines}
    for fulfillment, fulfillment_lines in fulfillments:
        saved_copy(fulfillment, order=copy)
        for fline in fulfillment_lines:
            line = line_map[fline.order_line_id]
            saved_copy(fline, fulfillment=fulfillment, order_line=line)
    saved_copy(payment, order=copy)
    for txn in transactions:
        saved_copy(txn, payment=payment)
    return copy


@pytest.fixture
def sample_shop(fulfilled_order, payment_txn_captured, channel_USD, customer_user, settings):
    settings.DEFAULT_CHANNEL_SLUG = channel_USD.slug
    orders = [clone(fulfilled_order, Payment.objects.get(pk=payment_txn_captured.pk), None)]
    orders += [
        clone(fulfilled_order, Payment.objects.get(pk=payment_txn_captured.pk), customer_user)
        for _ in range(len(ROLES) - 1)
    ]
    return [fulfilled_order, *orders]


def counts():
    return {
        "claims": Claim.objects.count(),
        "events": ClaimEvent.objects.count(),
        "policies": ReturnPolicy.objects.count(),
        "timelines": FulfillmentTimeline.objects.count(),
        "gift cards": GiftCard.objects.count(),
        "orders": Order.objects.count(),
        "refunds": Payment.objects.filter(transactions__kind=TransactionKind.REFUND).count(),
    }


def test_the_demo_opens_a_claim_in_every_state_once(
    sample_shop, channel_USD, django_capture_on_commit_callbacks
):
    out = StringIO()
    # each role commits, and its resolution is performed once it has
    with django_capture_on_commit_callbacks(execute=True):
        call_command("warranty_demo", stdout=out)
    text = out.getvalue()
    # a claim in each state, made through the plugin, recorded on its order
    by_role = {
        order.get_value_from_private_metadata(DEMO_KEY): order
        for order in Order.objects.filter(private_metadata__has_key=DEMO_KEY)
    }
    assert set(by_role) == {role.name for role in ROLES}
    for role in ROLES:
        claim = Claim.objects.get(order=by_role[role.name])
        assert claim.status == role.status, role.name
    assert {c.status for c in Claim.objects.all()} >= {
        "PENDING",
        "APPROVED",
        "RECEIVED",
        "RESOLVED",
        "REJECTED",
        "CANCELLED",
        "EXPIRED",
    }
    # the money moved through Saleor: a dummy-gateway refund, a gift card, a replacement order
    refund = Claim.objects.get(order=by_role["refund"]).resolution
    assert refund.payment.transactions.filter(kind=TransactionKind.REFUND, is_success=True).exists()
    credit = Claim.objects.get(order=by_role["store-credit"]).resolution
    assert credit.gift_card.tags.filter(name="store-credit").exists()
    replacement = Claim.objects.get(order=by_role["replacement"]).resolution
    assert replacement.replacement_order.original_id == by_role["replacement"].pk
    # a preset on each channel; ship and delivery dates on every shipped fulfillment
    assert ReturnPolicy.objects.filter(channel=channel_USD).exists()
    assert not FulfillmentTimeline.objects.filter(delivered_at__isnull=True).exists()
    # where to look: the portal for a guest's order, and one curl to the API
    guest = Order.objects.get(user=None)
    assert f"order #{guest.number}, email {guest.user_email}" in text
    assert "curl -s " in text and "/plugins/global/saleor.warranty/graphql/" in text

    # a second run changes nothing
    before = counts()
    again = StringIO()
    call_command("warranty_demo", stdout=again)
    assert counts() == before
    assert "nothing changed" in again.getvalue()


def test_too_few_sample_orders_is_a_clear_error(fulfilled_order, channel_USD, settings):
    from django.core.management.base import CommandError

    settings.DEFAULT_CHANNEL_SLUG = channel_USD.slug
    with pytest.raises(CommandError, match="paid and shipped orders needed"):
        call_command("warranty_demo", stdout=StringIO())
    assert not Claim.objects.exists()
