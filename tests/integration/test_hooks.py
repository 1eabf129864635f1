"""Saleor's own mutations drive the plugin's hooks: snapshot at purchase, ship and delivery
dates."""

from datetime import timedelta

import graphene
from django.utils import timezone

from saleor_warranty_plugin.models import FulfillmentTimeline, LineSnapshot, OrderSnapshot

from .fixtures import data_of
from .helpers import ELIGIBILITY, MARK_DELIVERED, gid, set_policy

DRAFT_ORDER_COMPLETE = """
mutation($id: ID!) { draftOrderComplete(id: $id) { order { id status } errors { code message } } }
"""
ORDER_FULFILL = """
mutation($order: ID, $input: OrderFulfillInput!) {
  orderFulfill(order: $order, input: $input) { fulfillments { id } errors { code message } } }
"""
FULFILLMENT_APPROVE = """
mutation($id: ID!) { orderFulfillmentApprove(id: $id, notifyCustomer: false) {
  fulfillment { status } errors { code message } } }
"""
UPDATE_METADATA = """
mutation($id: ID!, $input: [MetadataInput!]!) { updateMetadata(id: $id, input: $input) {
  errors { code message } } }
"""


def test_order_created_snapshots_the_policy_in_force(
    staff_api_client,
    permission_group_manage_orders,
    draft_order,
    channel_USD,
    customer_warranty_client,
):
    # given the channel's policy v1 when the order is placed
    first = set_policy(channel_USD, "electronics-store")
    permission_group_manage_orders.user_set.add(staff_api_client.user)
    # when staff complete the draft order (Saleor fires order_created)
    response = staff_api_client.post_graphql(
        DRAFT_ORDER_COMPLETE, {"id": gid("Order", draft_order.pk)}
    )
    assert data_of(response)["draftOrderComplete"]["errors"] == []
    # then the plugin recorded v1 and each line's facts
    snapshot = OrderSnapshot.objects.get(order=draft_order)
    assert snapshot.policy == first and snapshot.lazy is False
    facts = LineSnapshot.objects.filter(order_line__order=draft_order)
    assert facts.count() == draft_order.lines.count()
    assert all(f.facts["is_shipping_required"] is True for f in facts)
    # and a later policy version does not change how this order is judged
    set_policy(channel_USD, "hardware-supplier")
    data = data_of(
        customer_warranty_client.post_graphql(ELIGIBILITY, {"order": gid("Order", draft_order.pk)})
    )["orderReturnEligibility"]
    assert data["policy"]["version"] == first.version
    assert data["judgedByCurrentPolicy"] is False


def test_order_fulfill_stamps_the_ship_date(
    staff_api_client, permission_group_manage_orders, order_with_lines, warehouse
):
    permission_group_manage_orders.user_set.add(staff_api_client.user)
    line = order_with_lines.lines.first()
    before = timezone.now()
    response = staff_api_client.post_graphql(
        ORDER_FULFILL,
        {
            "order": gid("Order", order_with_lines.pk),
            "input": {
                "lines": [
                    {
                        "orderLineId": gid("OrderLine", line.pk),
                        "stocks": [{"quantity": 1, "warehouse": gid("Warehouse", warehouse.pk)}],
                    }
                ]
            },
        },
    )
    fulfillment_ids = data_of(response)["orderFulfill"]["fulfillments"]
    _, pk = graphene.Node.from_global_id(fulfillment_ids[0]["id"])
    timeline = FulfillmentTimeline.objects.get(fulfillment_id=pk)
    assert timeline.shipped_at >= before
    assert timeline.delivered_at is None


def test_approval_stamps_once(
    staff_api_client, permission_group_manage_orders, full_fulfillment_awaiting_approval
):
    permission_group_manage_orders.user_set.add(staff_api_client.user)
    fulfillment = full_fulfillment_awaiting_approval
    assert not FulfillmentTimeline.objects.filter(fulfillment=fulfillment).exists()
    response = staff_api_client.post_graphql(
        FULFILLMENT_APPROVE, {"id": gid("Fulfillment", fulfillment.pk)}
    )
    assert data_of(response)["orderFulfillmentApprove"]["fulfillment"]["status"] == "FULFILLED"
    stamped = FulfillmentTimeline.objects.get(fulfillment=fulfillment).shipped_at
    assert stamped is not None
    # Saleor fires fulfillment_created and fulfillment_approved: the first stamp stays
    from saleor.plugins.manager import get_plugins_manager

    get_plugins_manager(allow_replica=False).fulfillment_approved(fulfillment)
    assert FulfillmentTimeline.objects.get(fulfillment=fulfillment).shipped_at == stamped


def test_delivery_date_from_fulfillment_metadata(
    staff_api_client, permission_group_manage_orders, fulfillment
):
    permission_group_manage_orders.user_set.add(staff_api_client.user)
    response = staff_api_client.post_graphql(
        UPDATE_METADATA,
        {
            "id": gid("Fulfillment", fulfillment.pk),
            "input": [{"key": "warranty.delivered_at", "value": timezone.now().date().isoformat()}],
        },
    )
    assert data_of(response)["updateMetadata"]["errors"] == []
    timeline = FulfillmentTimeline.objects.get(fulfillment=fulfillment)
    assert timeline.delivered_at.date() == timezone.now().date()
    assert timeline.delivered_source == "metadata"


def test_bad_metadata_delivery_date_is_ignored(
    staff_api_client, permission_group_manage_orders, fulfillment
):
    permission_group_manage_orders.user_set.add(staff_api_client.user)
    response = staff_api_client.post_graphql(
        UPDATE_METADATA,
        {
            "id": gid("Fulfillment", fulfillment.pk),
            "input": [{"key": "warranty.delivered_at", "value": "soon"}],
        },
    )
    assert data_of(response)["updateMetadata"]["errors"] == []
    assert not FulfillmentTimeline.objects.filter(
        fulfillment=fulfillment, delivered_at__isnull=False
    ).exists()


def test_mark_delivered_moves_the_delivery_window(
    staff_warranty_client, customer_warranty_client, fulfillment, channel_USD
):
    # given a cross-border shop: dead on arrival within 7 days from delivery
    set_policy(channel_USD, "cross-border-store")
    order = fulfillment.order
    shipped = timezone.now() - timedelta(days=20)
    fulfillment.created_at = shipped
    fulfillment.save(update_fields=["created_at"])

    def doa_deadline():
        data = data_of(
            customer_warranty_client.post_graphql(ELIGIBILITY, {"order": gid("Order", order.pk)})
        )["orderReturnEligibility"]
        option = next(o for o in data["lines"][0]["options"] if o["reason"] == "DEAD_ON_ARRIVAL")
        return option

    # without a delivery date the window runs from shipment + the transit allowance (7 days)
    assert doa_deadline()["verdict"] == "INELIGIBLE"
    # when staff record the real delivery two days ago
    delivered = timezone.now() - timedelta(days=2)
    payload = data_of(
        staff_warranty_client.post_graphql(
            MARK_DELIVERED,
            {
                "fulfillment": gid("Fulfillment", fulfillment.pk),
                "deliveredAt": delivered.isoformat(),
            },
        )
    )["fulfillmentMarkDelivered"]
    assert payload["errors"] == []
    # then the 7-day dead-on-arrival window is open again
    option = doa_deadline()
    assert option["verdict"] != "INELIGIBLE", option


def test_a_failing_hook_never_breaks_saleors_flow(
    staff_api_client, permission_group_manage_orders, draft_order, channel_USD, caplog
):
    from unittest import mock

    set_policy(channel_USD, "electronics-store")
    permission_group_manage_orders.user_set.add(staff_api_client.user)
    # given the plugin's snapshot fails (a bug, a lost connection...)
    with mock.patch(
        "saleor_warranty_plugin.policies.snapshot_order", side_effect=RuntimeError("boom")
    ):
        response = staff_api_client.post_graphql(
            DRAFT_ORDER_COMPLETE, {"id": gid("Order", draft_order.pk)}
        )
    # then Saleor completes the order all the same, and the failure is logged
    data = data_of(response)["draftOrderComplete"]
    assert data["errors"] == []
    assert data["order"]["status"] == "UNFULFILLED"
    assert not OrderSnapshot.objects.filter(order=draft_order).exists()
    assert "warranty plugin hook order_created failed" in caplog.text
