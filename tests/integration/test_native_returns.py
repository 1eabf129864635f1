"""Returns made with Saleor's own `orderFulfillmentReturnProducts`: observed and enforced."""

from datetime import timedelta

import pytest
from django.utils import timezone
from saleor.order.models import Fulfillment, OrderEvent
from saleor.plugins.models import PluginConfiguration

from saleor_warranty_plugin.models import Claim

from .fixtures import data_of
from .helpers import gid, set_policy

RETURN_PRODUCTS = """
mutation($order: ID!, $input: OrderReturnProductsInput!) {
  orderFulfillmentReturnProducts(order: $order, input: $input) {
    returnFulfillment { id status } errors { field code message } } }
"""
MIDDLEWARE = "saleor_warranty_plugin.middleware.NativeReturnPolicyMiddleware"


def _return_one_unit(staff_api_client, order):
    fulfillment_line = order.fulfillments.get().lines.order_by("pk").first()
    return staff_api_client.post_graphql(
        RETURN_PRODUCTS,
        {
            "order": gid("Order", order.pk),
            "input": {
                "fulfillmentLines": [
                    {
                        "fulfillmentLineId": gid("FulfillmentLine", fulfillment_line.pk),
                        "quantity": 1,
                    }
                ]
            },
        },
    )


def _age(order, days):
    order.created_at = timezone.now() - timedelta(days=days)
    order.save(update_fields=["created_at"])
    order.fulfillments.update(created_at=timezone.now() - timedelta(days=days - 1))


def _set_mode(mode):
    config = PluginConfiguration.objects.get(identifier="saleor.warranty")
    config.configuration = [
        {**item, "value": mode} if item["name"] == "native_return_mode" else item
        for item in config.configuration
    ]
    config.save(update_fields=["configuration"])


@pytest.fixture
def staff_with_orders(
    staff_api_client, permission_group_manage_orders, fulfilled_order, channel_USD
):
    permission_group_manage_orders.user_set.add(staff_api_client.user)
    set_policy(channel_USD, "electronics-store")
    return staff_api_client


def test_observed_return_within_policy_is_recorded(staff_with_orders, fulfilled_order):
    # when staff return one unit with Saleor's own mutation
    payload = data_of(_return_one_unit(staff_with_orders, fulfilled_order))[
        "orderFulfillmentReturnProducts"
    ]
    assert payload["errors"] == []
    # then the plugin recorded it as a staff-initiated claim, received, within the policy
    claim = Claim.objects.get(order=fulfilled_order)
    assert claim.staff_initiated and claim.status == "RECEIVED"
    assert claim.native_return.status == "returned"
    line = claim.lines.get()
    assert (line.quantity, line.quantity_received) == (1, 1)
    assert line.verdict == "NEEDS_REVIEW"  # the preset inspects change-of-mind returns
    notes = OrderEvent.objects.filter(order=fulfilled_order, type="note_added")
    assert any("Recorded from a return made in Saleor" in e.parameters["message"] for e in notes)


def test_observed_return_outside_policy_notes_the_breach(staff_with_orders, fulfilled_order):
    _age(fulfilled_order, 400)
    payload = data_of(_return_one_unit(staff_with_orders, fulfilled_order))[
        "orderFulfillmentReturnProducts"
    ]
    assert payload["errors"] == []  # observe mode never blocks
    claim = Claim.objects.get(order=fulfilled_order)
    assert claim.lines.get().verdict == "INELIGIBLE"
    notes = [
        e.parameters["message"]
        for e in OrderEvent.objects.filter(order=fulfilled_order, type="note_added")
    ]
    breach = [n for n in notes if "Outside the return policy" in n]
    assert breach and ("RETURN_WINDOW_EXPIRED" in breach[0] or "WARRANTY_EXPIRED" in breach[0])


def test_recording_is_idempotent(staff_with_orders, fulfilled_order):
    from saleor.plugins.manager import get_plugins_manager

    _return_one_unit(staff_with_orders, fulfilled_order)
    get_plugins_manager(allow_replica=False).order_updated(fulfilled_order)
    assert Claim.objects.filter(order=fulfilled_order).count() == 1


@pytest.mark.parametrize(
    ("metadata", "recorded"),
    [
        ({}, True),
        ({"other.app": "1"}, True),
        ({"warranty.claim": "12-R1"}, False),  # the plugin's own return: never a new claim
    ],
)
def test_returns_are_told_apart_by_the_plugins_key(
    staff_with_orders, fulfilled_order, metadata, recorded
):
    from saleor_warranty_plugin.native import unrecorded_returns

    # given a return made in Saleor, with the given private metadata
    data_of(_return_one_unit(staff_with_orders, fulfilled_order))
    Claim.objects.all().delete()
    returned = Fulfillment.objects.get(order=fulfilled_order, status="returned")
    Fulfillment.objects.filter(pk=returned.pk).update(private_metadata=metadata)
    # when the plugin looks for returns no claim records, then only one without its key
    found = unrecorded_returns(fulfilled_order)
    assert [f.pk for f in found] == ([returned.pk] if recorded else [])
    if found:  # with its lines, read with it
        assert list(found[0].lines.all()) == list(returned.lines.all())


def test_off_mode_ignores_native_returns(staff_with_orders, fulfilled_order):
    _set_mode("off")
    _return_one_unit(staff_with_orders, fulfilled_order)
    assert not Claim.objects.exists()


def test_enforce_mode_refuses_returns_outside_policy(staff_with_orders, fulfilled_order, settings):
    # given enforce mode with the middleware registered, and an order long past its windows
    _set_mode("enforce")
    settings.GRAPHQL_MIDDLEWARE = [MIDDLEWARE]
    _age(fulfilled_order, 2000)
    # when staff try the native return
    payload = data_of(_return_one_unit(staff_with_orders, fulfilled_order))[
        "orderFulfillmentReturnProducts"
    ]
    # then Saleor's own payload carries the refusal with the policy's codes, nothing moved
    assert payload["returnFulfillment"] is None
    assert payload["errors"][0]["code"] == "INVALID"
    assert "RETURN_WINDOW_EXPIRED" in payload["errors"][0]["message"]
    assert not Fulfillment.objects.filter(order=fulfilled_order, status="returned").exists()
    assert not Claim.objects.exists()


def test_enforce_mode_lets_returns_within_policy_through(
    staff_with_orders, fulfilled_order, settings
):
    _set_mode("enforce")
    settings.GRAPHQL_MIDDLEWARE = [MIDDLEWARE]
    payload = data_of(_return_one_unit(staff_with_orders, fulfilled_order))[
        "orderFulfillmentReturnProducts"
    ]
    assert payload["errors"] == []
    assert payload["returnFulfillment"]["status"] == "RETURNED"
    assert Claim.objects.get(order=fulfilled_order).lines.get().verdict != "INELIGIBLE"
