"""Policies per channel through the API: presets, documents, versions, the public summary."""

import json
from unittest import mock

import pytest

from .fixtures import data_of, warranty_client
from .helpers import CLAIM_CREATE, ELIGIBILITY, RETURN_POLICY_SET, claim_input, gid

pytestmark = pytest.mark.compare_executors

RETURN_POLICY = (
    "query($channel: String!) { returnPolicy(channel: $channel) { name version channel summary } }"
)
PRESETS = "{ returnPolicyPresets { id name description } }"
DECLARED = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]

OWN_POLICY = """
version: 1
name: Corner shop
reasons:
  CHANGED_MIND:
    window: {anchor: delivered, days: 14}
    resolutions: [REFUND]
"""


def test_versions_and_the_policy_in_force_at_purchase(
    staff_api_client,
    permission_manage_settings,
    customer_warranty_client,
    fulfilled_order,
    channel_USD,
):
    # staff get permissions and channel access through a permission group, as in Saleor
    from saleor.account.models import Group

    group = Group.objects.create(name="Settings", restricted_access_to_channels=False)
    group.permissions.add(permission_manage_settings)
    group.user_set.add(staff_api_client.user)
    staff = warranty_client(user=staff_api_client.user)
    # given the shop picks a preset, then writes its own document
    first = data_of(
        staff.post_graphql(
            RETURN_POLICY_SET, {"channel": channel_USD.slug, "preset": "electronics-store"}
        )
    )
    assert first["returnPolicySet"]["errors"] == []
    assert first["returnPolicySet"]["policy"]["version"] == 1
    from saleor_warranty_plugin.policies import snapshot_order

    snapshot_order(fulfilled_order)  # what order_created records at purchase
    second = data_of(
        staff.post_graphql(
            RETURN_POLICY_SET, {"channel": channel_USD.slug, "spec": json.dumps(OWN_POLICY)}
        )
    )
    policy = second["returnPolicySet"]["policy"]
    assert (policy["version"], policy["name"]) == (2, "Corner shop")
    # then the storefront shows the new policy in plain words, without signing in
    public = data_of(warranty_client().post_graphql(RETURN_POLICY, {"channel": channel_USD.slug}))
    assert public["returnPolicy"]["version"] == 2
    assert "Change of mind" in public["returnPolicy"]["summary"]
    # but the order placed under version 1 is still judged, and claimed, by version 1
    data = data_of(
        customer_warranty_client.post_graphql(
            ELIGIBILITY, {"order": gid("Order", fulfilled_order.pk)}
        )
    )
    assert data["orderReturnEligibility"]["policy"]["version"] == 1
    line = fulfilled_order.lines.first()
    created = data_of(
        customer_warranty_client.post_graphql(
            CLAIM_CREATE,
            {"input": claim_input(fulfilled_order, [(line, 1, {"declaredConditions": DECLARED})])},
        )
    )["claimCreate"]
    assert created["errors"] == []
    assert created["claim"]["policyVersion"] == 1


def test_unknown_channel_has_no_policy():
    assert (
        data_of(warranty_client().post_graphql(RETURN_POLICY, {"channel": "nowhere"}))[
            "returnPolicy"
        ]
        is None
    )


def test_a_channel_without_policy_says_so(customer_warranty_client, fulfilled_order):
    response = customer_warranty_client.post_graphql(
        ELIGIBILITY, {"order": gid("Order", fulfilled_order.pk)}
    )
    error = response.json()["errors"][0]
    assert error["extensions"]["code"] == "POLICY_NOT_SET"
    line = fulfilled_order.lines.first()
    payload = data_of(
        customer_warranty_client.post_graphql(
            CLAIM_CREATE, {"input": claim_input(fulfilled_order, [(line, 1)])}
        )
    )["claimCreate"]
    assert [e["code"] for e in payload["errors"]] == ["POLICY_NOT_SET"]


def test_presets_are_listed_for_staff(staff_warranty_client):
    presets = data_of(staff_warranty_client.post_graphql(PRESETS))["returnPolicyPresets"]
    assert {p["id"] for p in presets} == {
        "repair-parts-shop",
        "electronics-store",
        "cross-border-store",
        "hardware-supplier",
        "equipment-reseller",
    }
    assert all(p["name"] and p["description"] for p in presets)


@mock.patch("saleor.plugins.manager.PluginsManager.notify")
def test_claim_notifications_carry_the_claim(
    notify,
    customer_warranty_client,
    fulfilled_order,
    channel_USD,
    django_capture_on_commit_callbacks,
):
    from .helpers import set_policy

    set_policy(channel_USD, "electronics-store")
    line = fulfilled_order.lines.first()
    created = data_of(
        customer_warranty_client.post_graphql(
            CLAIM_CREATE,
            {"input": claim_input(fulfilled_order, [(line, 1, {"declaredConditions": DECLARED})])},
        )
    )["claimCreate"]["claim"]
    calls = {c.args[0]: c.kwargs for c in notify.call_args_list}
    assert set(calls) >= {"warranty_claim_created", "warranty_claim_staff_created"}
    payload = calls["warranty_claim_created"]["payload_func"]()
    assert calls["warranty_claim_created"]["channel_slug"] == channel_USD.slug
    assert payload["claim"]["number"] == created["number"]
    assert payload["claim"]["lines"][0]["quantity"] == 1
    assert payload["order"]["number"] == str(fulfilled_order.number)
    assert payload["recipient_email"] == fulfilled_order.user_email
    assert calls["warranty_claim_staff_created"]["payload_func"]()["recipient_email"] is None
