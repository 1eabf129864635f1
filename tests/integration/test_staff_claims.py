"""Staff and apps open claims on a customer's behalf; staff may override the policy."""

from datetime import timedelta

import pytest
from django.utils import timezone

from saleor_warranty_plugin.models import Claim

from .fixtures import data_of
from .helpers import CLAIM_CREATE, claim_input, set_policy

pytestmark = pytest.mark.compare_executors


def test_staff_claim_on_behalf_is_staff_initiated(
    staff_warranty_client, fulfilled_order, channel_USD
):
    set_policy(channel_USD, "electronics-store")
    line = fulfilled_order.lines.first()
    declared = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
    payload = data_of(
        staff_warranty_client.post_graphql(
            CLAIM_CREATE,
            {"input": claim_input(fulfilled_order, [(line, 1, {"declaredConditions": declared})])},
        )
    )["claimCreate"]
    assert payload["errors"] == []
    assert payload["claim"]["staffInitiated"] is True
    claim = Claim.objects.get()
    assert claim.created_by == staff_warranty_client.user
    assert claim.user == fulfilled_order.user  # still the customer's claim


def test_app_claim_is_staff_initiated(app_warranty_client, fulfilled_order, channel_USD, app):
    set_policy(channel_USD, "electronics-store")
    line = fulfilled_order.lines.first()
    payload = data_of(
        app_warranty_client.post_graphql(
            CLAIM_CREATE,
            {
                "input": claim_input(
                    fulfilled_order, [(line, 1, {"serialNumber": "SN"})], reason="DEFECTIVE"
                )
            },
        )
    )["claimCreate"]
    assert payload["errors"] == []
    assert payload["claim"]["staffInitiated"] is True
    assert Claim.objects.get().created_by_app == app


def test_staff_override_is_recorded_with_who(
    staff_warranty_client, customer_warranty_client, fulfilled_order, channel_USD
):
    set_policy(channel_USD, "electronics-store")
    fulfilled_order.created_at = timezone.now() - timedelta(days=400)
    fulfilled_order.save(update_fields=["created_at"])
    line = fulfilled_order.lines.first()
    variables = {"input": claim_input(fulfilled_order, [(line, 1)], overridePolicy=True)}
    # a customer may not override
    refused = customer_warranty_client.post_graphql(CLAIM_CREATE, variables).json()
    assert refused["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"
    assert not Claim.objects.exists()
    # staff may, and it is on the record
    payload = data_of(staff_warranty_client.post_graphql(CLAIM_CREATE, variables))["claimCreate"]
    assert payload["errors"] == []
    claim = payload["claim"]
    assert claim["overridePolicy"] is True
    assert claim["lines"][0]["verdict"] == "INELIGIBLE"
    override = next(e for e in claim["events"] if e["type"] == "POLICY_OVERRIDDEN")
    assert staff_warranty_client.user.email in override["message"]
    assert "RETURN_WINDOW_EXPIRED" in override["message"]
