"""`manage.py warranty_demo` on a small shop built from Saleor's fixtures (populatedb is too
slow for the suite; README's "Quick start" says how it was run on populatedb's data): a channel
with a product in stock and a shipping method, a customer with an address, nothing bought yet.
The demo buys, pays and fulfils through Saleor's API, then claims through the plugin's."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from saleor.order import OrderEvents
from saleor.order.models import Fulfillment, Order
from saleor.payment import ChargeStatus, TransactionKind
from saleor.warehouse.models import Stock

from saleor_warranty_plugin.demo import (
    DEMO_KEY,
    DUMMY_GATEWAY,
    GUEST,
    GUEST_EMAIL,
    ORDER_KEY,
    ROLES,
    row_counts,
)
from saleor_warranty_plugin.models import Claim, FulfillmentTimeline, ReturnPolicy


@pytest.fixture
def sample_shop(product, shipping_zone, customer_user, channel_USD, channel_PLN, settings):
    """What populatedb leaves that the demo needs, and no orders."""
    settings.DEFAULT_CHANNEL_SLUG = channel_USD.slug
    Stock.objects.filter(product_variant__product=product).update(quantity=100)
    assert not Order.objects.exists()
    return product


def test_the_demo_opens_a_claim_in_every_state_once(
    sample_shop, channel_USD, channel_PLN, customer_user, django_capture_on_commit_callbacks
):
    out = StringIO()
    # each role commits, and its resolution is performed once it has
    with django_capture_on_commit_callbacks(execute=True):
        call_command("warranty_demo", stdout=out)
    text = out.getvalue()

    # the orders were bought at Saleor's checkout, paid through the dummy gateway, fulfilled
    bought = {
        order.get_value_from_private_metadata(ORDER_KEY): order
        for order in Order.objects.filter(private_metadata__has_key=ORDER_KEY)
    }
    assert set(bought) == {role.name for role in ROLES} | {GUEST}
    for name, order in bought.items():
        assert order.origin == "checkout", name
        assert order.user == (None if name == GUEST else customer_user), name
        payment = order.payments.get()
        assert payment.gateway == DUMMY_GATEWAY
        assert payment.transactions.filter(kind=TransactionKind.CAPTURE, is_success=True)
        # shipped by Saleor's fulfil action (its event)
        assert order.events.filter(type=OrderEvents.FULFILLMENT_FULFILLED_ITEMS).exists(), name
    assert bought[GUEST].user_email == GUEST_EMAIL
    assert bought["pending"].payments.get().charge_status == ChargeStatus.FULLY_CHARGED

    # a claim in each state, made through the plugin, recorded on its order
    by_role = {
        order.get_value_from_private_metadata(DEMO_KEY): order
        for order in Order.objects.filter(private_metadata__has_key=DEMO_KEY)
    }
    assert set(by_role) == {role.name for role in ROLES}
    for role in ROLES:
        assert by_role[role.name] == bought[role.name]
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
    assert refund.status == "SUCCEEDED"
    assert refund.payment.gateway == DUMMY_GATEWAY
    assert refund.payment.transactions.filter(kind=TransactionKind.REFUND, is_success=True)
    credit = Claim.objects.get(order=by_role["store-credit"]).resolution
    assert credit.gift_card.tags.filter(name="store-credit").exists()
    replacement = Claim.objects.get(order=by_role["replacement"]).resolution
    assert replacement.replacement_order.original_id == by_role["replacement"].pk
    # a preset on each channel; ship and delivery dates on every shipped fulfillment
    assert ReturnPolicy.objects.filter(channel=channel_USD).exists()
    assert ReturnPolicy.objects.filter(channel=channel_PLN).exists()
    shipped = Fulfillment.objects.filter(status="fulfilled")
    # the bought orders', less the three whose only item came back (refund, credit, replacement)
    assert shipped.count() == len(bought) - 3
    for fulfillment in shipped:
        timeline = FulfillmentTimeline.objects.get(fulfillment=fulfillment)
        assert timeline.shipped_at is not None and timeline.delivered_at is not None
    # where to look: the portal for the guest's order, and one curl to the API
    guest = bought[GUEST]
    assert f"order #{guest.number}, email {GUEST_EMAIL}" in text
    assert "curl -s " in text and "/plugins/global/saleor.warranty/graphql/" in text

    # a second run changes nothing
    before = row_counts()
    assert before["order_order"] == len(ROLES) + 2  # and the replacement order
    again = StringIO()
    call_command("warranty_demo", "--counts", stdout=again)
    assert row_counts() == before
    assert "nothing changed" in again.getvalue()
    rows = again.getvalue().split("Rows (before -> after):")[1].split("Where to look")[0]
    assert "order_order" in rows and "changed" not in rows


def test_a_shop_without_products_to_buy_is_a_clear_error(
    customer_user, channel_USD, shipping_zone, settings
):
    settings.DEFAULT_CHANNEL_SLUG = channel_USD.slug
    with pytest.raises(CommandError, match="Nothing could be bought in"):
        call_command("warranty_demo", stdout=StringIO())
    assert not Claim.objects.exists()
    assert not Order.objects.exists()
