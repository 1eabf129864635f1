"""A claim from eligibility to reception, through the endpoint, on real Saleor orders."""

from datetime import timedelta

import pytest
from django.utils import timezone
from saleor.order.models import OrderEvent

from saleor_warranty_plugin.models import Claim, ClaimEvent

from .fixtures import data_of
from .helpers import (
    CLAIM_APPROVE,
    CLAIM_CANCEL,
    CLAIM_CREATE,
    CLAIM_RECEIVE,
    CLAIM_REJECT,
    ELIGIBILITY,
    claim_input,
    gid,
    set_policy,
)

pytestmark = pytest.mark.compare_executors


@pytest.fixture
def electronics_order(fulfilled_order, channel_USD):
    set_policy(channel_USD, "electronics-store")
    return fulfilled_order


def test_eligibility_lists_every_line_and_reason(customer_warranty_client, electronics_order):
    data = data_of(
        customer_warranty_client.post_graphql(
            ELIGIBILITY, {"order": gid("Order", electronics_order.pk)}
        )
    )["orderReturnEligibility"]
    assert data["orderId"] == gid("Order", electronics_order.pk)
    assert data["judgedByCurrentPolicy"] is True  # fixture orders predate the snapshot hook
    lines = data["lines"]
    assert [line["orderLineId"] for line in lines] == [
        gid("OrderLine", line.pk) for line in electronics_order.lines.order_by("created_at", "pk")
    ]
    first = lines[0]
    assert first["quantityClaimable"] == first["quantity"] == 3
    options = {o["reason"]: o for o in first["options"]}
    assert options["CHANGED_MIND"]["verdict"] in {"ELIGIBLE", "NEEDS_REVIEW"}
    assert options["CHANGED_MIND"]["deadline"]


def test_customer_claim_lifecycle(
    customer_warranty_client, staff_warranty_client, electronics_order
):
    line = electronics_order.lines.order_by("created_at", "pk").first()
    # given a customer claiming one unit, declaring it unused and complete
    declared = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
    response = customer_warranty_client.post_graphql(
        CLAIM_CREATE,
        {"input": claim_input(electronics_order, [(line, 1, {"declaredConditions": declared})])},
    )
    payload = data_of(response)["claimCreate"]
    assert payload["errors"] == []
    claim = payload["claim"]
    assert claim["status"] in {"PENDING", "APPROVED"}
    assert claim["staffInitiated"] is False
    assert claim["number"] == f"{electronics_order.number}-R1"
    assert claim["lines"][0]["quantity"] == 1

    # then the order's history and private metadata show it
    electronics_order.refresh_from_db()
    assert electronics_order.get_value_from_private_metadata("warranty.claims") == claim["number"]
    assert OrderEvent.objects.filter(
        order=electronics_order, type="note_added", parameters__message__icontains=claim["number"]
    ).exists()

    # when staff approve (if needed) and receive it
    if claim["status"] == "PENDING":
        approved = data_of(staff_warranty_client.post_graphql(CLAIM_APPROVE, {"id": claim["id"]}))
        assert approved["claimApprove"]["claim"]["status"] == "APPROVED"
    received = data_of(
        staff_warranty_client.post_graphql(
            CLAIM_RECEIVE,
            {
                "id": claim["id"],
                "lines": [
                    {
                        "claimLine": claim["lines"][0]["id"],
                        "quantity": 1,
                        "conditions": ["UNUSED"],
                        "restock": True,
                    }
                ],
            },
        )
    )["claimReceive"]
    assert received["errors"] == []
    assert received["claim"]["status"] == "RECEIVED"
    assert received["claim"]["lines"][0]["quantityReceived"] == 1
    assert received["claim"]["lines"][0]["restock"] is True
    types = list(
        ClaimEvent.objects.filter(claim_id=Claim.objects.get().pk).values_list("type", flat=True)
    )
    assert types[0] == "CREATED" and "RECEIVED" in types

    # and a received claim can no longer be cancelled by the customer
    cancelled = data_of(customer_warranty_client.post_graphql(CLAIM_CANCEL, {"id": claim["id"]}))
    assert cancelled["claimCancel"]["errors"][0]["code"] == "INVALID_TRANSITION"


def test_reject_and_cancel(customer_warranty_client, staff_warranty_client, electronics_order):
    line = electronics_order.lines.first()
    claim = data_of(
        customer_warranty_client.post_graphql(
            CLAIM_CREATE,
            {
                "input": claim_input(
                    electronics_order,
                    [(line, 1, {"serialNumber": "SN-1"})],
                    reason="DEFECTIVE",
                    description="Does not power on",
                )
            },
        )
    )["claimCreate"]
    assert claim["errors"] == []
    claim = claim["claim"]
    rejected = data_of(
        staff_warranty_client.post_graphql(CLAIM_REJECT, {"id": claim["id"], "reason": "No defect"})
    )["claimReject"]
    assert rejected["claim"]["status"] == "REJECTED"
    again = data_of(staff_warranty_client.post_graphql(CLAIM_APPROVE, {"id": claim["id"]}))
    assert again["claimApprove"]["errors"][0]["code"] == "INVALID_TRANSITION"


def test_expired_window_is_refused_with_codes(customer_warranty_client, electronics_order):
    electronics_order.created_at = timezone.now() - timedelta(days=400)
    electronics_order.save(update_fields=["created_at"])
    electronics_order.fulfillments.update(created_at=timezone.now() - timedelta(days=399))
    line = electronics_order.lines.first()
    payload = data_of(
        customer_warranty_client.post_graphql(
            CLAIM_CREATE, {"input": claim_input(electronics_order, [(line, 1)])}
        )
    )["claimCreate"]
    assert payload["claim"] is None
    codes = {e["code"] for e in payload["errors"]}
    assert "RETURN_WINDOW_EXPIRED" in codes
    assert payload["errors"][0]["orderLines"] == [gid("OrderLine", line.pk)]
    assert not Claim.objects.exists()
