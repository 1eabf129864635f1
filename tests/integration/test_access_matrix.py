"""Who may see and do what: every operation of the API against every kind of requestor.

Cells: A = allowed and done; H = hidden, answered exactly as for something that does not
exist; P = a top-level PermissionDenied error. For `claims`, H means the claim is not listed.
"""

import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from graphql_relay import from_global_id
from saleor.account.models import Group, User
from saleor.app.models import App

from saleor_warranty_plugin import models
from saleor_warranty_plugin.policy import PRESETS

from .fixtures import data_of, warranty_client
from .helpers import (
    CLAIM,
    CLAIM_APPROVE,
    CLAIM_CANCEL,
    CLAIM_CREATE,
    CLAIM_RECEIVE,
    CLAIM_REJECT,
    CLAIMS,
    ELIGIBILITY,
    MARK_DELIVERED,
    RETURN_POLICY_SET,
    claim_input,
    gid,
    set_policy,
)

pytestmark = pytest.mark.compare_executors

GUEST_EMAIL = "guest.buyer@example.com"
DECLARED = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
POLICY_SPEC = "query($channel: String!) { returnPolicy(channel: $channel) { name version spec } }"
PRESETS_QUERY = "{ returnPolicyPresets { id name } }"

REQUESTORS = [
    "anonymous", "guest_wrong_email", "guest_right_email", "other_customer", "owner",
    "staff_no_orders", "staff_other_channel", "staff", "app",
]  # fmt: skip
# fmt: off
#                                 anon gWrong gRight other owner noPerm otherCh staff app
MATRIX = {
    "orderReturnEligibility":      "H    H      A      H     A     H      H       A     A",
    "claimCreate":                 "H    H      A      H     A     H      H       A     A",
    "claim":                       "H    H      A      H     A     H      H       A     A",
    "claims":                      "P    P      P      H     A     H      H       A     A",
    "claimCancel":                 "H    H      A      H     A     H      H       A     A",
    "claimApprove":                "P    P      P      P     P     P      H       A     A",
    "claimReject":                 "P    P      P      P     P     P      H       A     A",
    "claimReceive":                "P    P      P      P     P     P      H       A     A",
    "fulfillmentMarkDelivered":    "P    P      P      P     P     P      H       A     A",
    # nobody in this matrix holds MANAGE_SETTINGS: see the dedicated tests below
    "returnPolicySet":             "P    P      P      P     P     P      P       P     P",
    "returnPolicy.spec":           "P    P      P      P     P     A      A       A     A",
    "returnPolicyPresets":         "P    P      P      P     P     A      A       A     A",
}
# fmt: on
CELLS = [
    (operation, requestor, outcome)
    for operation, row in MATRIX.items()
    for requestor, outcome in zip(REQUESTORS, row.split(), strict=True)
]
# operations whose target can be swapped for one that does not exist
MISSING_TARGET = {
    "orderReturnEligibility", "claimCreate", "claim", "claimCancel", "claimApprove",
    "claimReject", "claimReceive", "fulfillmentMarkDelivered", "returnPolicySet",
}  # fmt: skip


@dataclass
class World:
    requestor: str
    client: Any
    email: str | None
    order: Any
    claim_id: str
    claim_line_id: str
    fulfillment_id: str


def claim_pk(global_id: str) -> uuid.UUID:
    return uuid.UUID(from_global_id(global_id)[1])


def restricted_staff(channel, permission) -> User:
    group = Group.objects.create(name="Orders, PLN only", restricted_access_to_channels=True)
    group.permissions.add(permission)
    group.channels.add(channel)
    user = User.objects.create(email="staff.pln@example.com", is_staff=True, is_active=True)
    group.user_set.add(user)
    return user


def seed_claim(order, permission) -> dict:
    """A claim on the order, made through the API by a separate app (setup only)."""
    setup_app = App.objects.create(name="Setup app", is_active=True)
    setup_app.permissions.add(permission)
    line = order.lines.order_by("created_at", "pk").first()
    variables = {"input": claim_input(order, [(line, 1, {"declaredConditions": DECLARED})])}
    payload = data_of(warranty_client(app=setup_app).post_graphql(CLAIM_CREATE, variables))
    assert payload["claimCreate"]["errors"] == []
    return payload["claimCreate"]["claim"]


@pytest.fixture
def world(
    request, fulfilled_order, channel_USD, channel_PLN, customer_user, customer_user2,
    staff_users, permission_manage_orders, permission_group_manage_orders, app,
) -> World:  # fmt: skip
    requestor = request.param
    set_policy(channel_USD, "electronics-store")
    order = fulfilled_order
    email = {"guest_wrong_email": "somebody.else@example.com", "guest_right_email": GUEST_EMAIL}
    if requestor in email:  # guests act on orders placed without an account
        order.user, order.user_email = None, GUEST_EMAIL
        order.save(update_fields=["user", "user_email"])
    if requestor == "staff":
        permission_group_manage_orders.user_set.add(staff_users[0])
    if requestor == "app":
        app.permissions.add(permission_manage_orders)
    client = {
        "other_customer": lambda: warranty_client(user=customer_user2),
        "owner": lambda: warranty_client(user=customer_user),
        "staff_no_orders": lambda: warranty_client(user=staff_users[2]),
        "staff_other_channel": lambda: warranty_client(
            user=restricted_staff(channel_PLN, permission_manage_orders)
        ),
        "staff": lambda: warranty_client(user=staff_users[0]),
        "app": lambda: warranty_client(app=app),
    }.get(requestor, warranty_client)()
    claim = seed_claim(order, permission_manage_orders)
    return World(
        requestor=requestor,
        client=client,
        email=email.get(requestor),
        order=order,
        claim_id=claim["id"],
        claim_line_id=claim["lines"][0]["id"],
        fulfillment_id=gid("Fulfillment", order.fulfillments.get().pk),
    )


def call(operation: str, world: World, missing: bool = False):
    """Send `operation` as the world's requestor; `missing` swaps the target for a new id."""
    order_id = gid("Order", uuid.uuid4()) if missing else gid("Order", world.order.pk)
    claim_id = gid("Claim", uuid.uuid4()) if missing else world.claim_id
    post = world.client.post_graphql
    if operation == "orderReturnEligibility":
        return post(ELIGIBILITY, {"order": order_id, "email": world.email})
    if operation == "claimCreate":
        line = world.order.lines.order_by("created_at", "pk").first()
        extra = {"email": world.email} if world.email else {}
        lines = [(line, 1, {"declaredConditions": DECLARED})]
        data = {**claim_input(world.order, lines, **extra), "order": order_id}
        return post(CLAIM_CREATE, {"input": data})
    if operation == "claim":
        return post(CLAIM, {"id": claim_id, "email": world.email})
    if operation == "claims":
        return post(CLAIMS, {})
    if operation == "claimCancel":
        return post(CLAIM_CANCEL, {"id": claim_id, "email": world.email})
    if operation == "claimApprove":
        return post(CLAIM_APPROVE, {"id": claim_id, "note": "ok"})
    if operation == "claimReject":
        return post(CLAIM_REJECT, {"id": claim_id, "reason": "Used"})
    if operation == "claimReceive":
        lines = [{"claimLine": world.claim_line_id, "quantity": 1, "conditions": ["UNUSED"]}]
        return post(CLAIM_RECEIVE, {"id": claim_id, "lines": lines})
    if operation == "fulfillmentMarkDelivered":
        target = gid("Fulfillment", 2_000_000_000) if missing else world.fulfillment_id
        return post(MARK_DELIVERED, {"fulfillment": target})
    if operation == "returnPolicySet":
        channel = "no-such-channel" if missing else world.order.channel.slug
        return post(RETURN_POLICY_SET, {"channel": channel, "preset": "repair-parts-shop"})
    if operation == "returnPolicy.spec":
        return post(POLICY_SPEC, {"channel": world.order.channel.slug})
    assert operation == "returnPolicyPresets"
    return post(PRESETS_QUERY)


def stored_state() -> tuple:
    return (
        sorted(models.Claim.objects.values_list("id", "status")),
        models.ClaimLine.objects.count(),
        models.ClaimEvent.objects.count(),
        sorted(models.ReturnPolicy.objects.values_list("channel_id", "version")),
        sorted(models.FulfillmentTimeline.objects.values_list("fulfillment_id", "delivered_at")),
    )


def field_of(operation: str) -> str:
    return operation.split(".")[0]


def status_of(world: World) -> str:
    return models.Claim.objects.get(pk=claim_pk(world.claim_id)).status


def assert_allowed(operation: str, world: World, content: dict, claims_before: int):
    assert "errors" not in content, content
    result = content["data"][field_of(operation)]
    staff_side = world.requestor in {"staff", "app"}
    if operation == "orderReturnEligibility":
        assert result["orderId"] == gid("Order", world.order.pk)
        assert len(result["lines"]) == world.order.lines.count()
    elif operation == "claimCreate":
        assert result["errors"] == []
        assert result["claim"]["orderId"] == gid("Order", world.order.pk)
        assert result["claim"]["staffInitiated"] is staff_side
        assert models.Claim.objects.count() == claims_before + 1
    elif operation == "claim":
        assert result["id"] == world.claim_id
    elif operation == "claims":
        assert result["totalCount"] == 1
        assert [e["node"]["id"] for e in result["edges"]] == [world.claim_id]
    elif operation in {"claimCancel", "claimApprove", "claimReject", "claimReceive"}:
        expected = {"claimCancel": "CANCELLED", "claimApprove": "APPROVED",
                    "claimReject": "REJECTED", "claimReceive": "RECEIVED"}[operation]  # fmt: skip
        assert result["errors"] == []
        assert result["claim"]["status"] == expected
        assert status_of(world) == expected
    elif operation == "fulfillmentMarkDelivered":
        assert result["errors"] == []
        assert result["deliveredAt"]
        assert models.FulfillmentTimeline.objects.get().delivered_at is not None
    elif operation == "returnPolicy.spec":
        assert json.loads(result["spec"])["name"] == result["name"] == "Electronics store"
    else:
        assert {preset["id"] for preset in result} == set(PRESETS)


def assert_hidden(operation: str, content: dict):
    result = content["data"][field_of(operation)]
    if operation == "orderReturnEligibility":
        assert result is None
        assert [e["extensions"]["code"] for e in content["errors"]] == ["NOT_FOUND"]
        return
    assert "errors" not in content, content
    if operation == "claim":
        assert result is None
    elif operation == "claims":
        assert result["totalCount"] == 0
        assert result["edges"] == []
    else:
        assert [e["code"] for e in result["errors"]] == ["NOT_FOUND"]
        assert all(result.get(key) is None for key in ("claim", "policy", "deliveredAt"))


def assert_permission_denied(operation: str, content: dict):
    codes = [e["extensions"]["exception"]["code"] for e in content["errors"]]
    assert codes == ["PermissionDenied"]
    if operation == "returnPolicy.spec":  # the public part of the policy is still answered
        assert content["data"]["returnPolicy"]["name"] == "Electronics store"
        assert content["data"]["returnPolicy"]["spec"] is None
    else:  # `claims` is non-null, so its error nulls the whole `data`
        assert (content["data"] or {}).get(field_of(operation)) is None


@pytest.mark.parametrize(
    ("operation", "world", "outcome"),
    CELLS,
    indirect=["world"],
    ids=[f"{operation}-{requestor}" for operation, requestor, _ in CELLS],
)
def test_access_matrix(operation, world, outcome):
    # given the world of one requestor, an order in channel USD with one claim on it
    if operation == "claimReceive":  # goods are received on an approved claim
        models.Claim.objects.update(status="APPROVED")
    before = stored_state()

    # when the requestor calls the operation
    response = call(operation, world)
    content = response.json()

    # then the outcome is exactly the cell's
    if outcome == "A":
        assert_allowed(operation, world, content, claims_before=len(before[0]))
        return
    if outcome == "H":
        assert_hidden(operation, content)
    else:
        assert_permission_denied(operation, content)
    # and nothing was stored or changed
    assert stored_state() == before
    # and the answer is byte for byte the one for something that does not exist
    if operation in MISSING_TARGET:
        assert call(operation, world, missing=True).content == response.content
        assert stored_state() == before


@pytest.mark.parametrize("world", ["anonymous"], indirect=True)
@pytest.mark.parametrize("operation", ["orderReturnEligibility", "claimCreate"])
def test_guest_email_of_an_account_order_is_not_enough(world, operation):
    # given an order placed by a customer with an account, and a guest who knows its email
    world.email = world.order.user_email
    assert world.order.user_id is not None
    before = stored_state()

    # when the guest presents that email
    response = call(operation, world)

    # then the order is hidden exactly as a missing one, and nothing is stored
    assert_hidden(operation, response.json())
    assert call(operation, world, missing=True).content == response.content
    assert stored_state() == before


@pytest.mark.parametrize("world", ["guest_right_email"], indirect=True)
@pytest.mark.parametrize("operation", ["orderReturnEligibility", "claimCreate"])
def test_guest_email_ignores_case_and_spaces(world, operation):
    # given a guest typing the order's email with other capitals and stray spaces
    world.email = f"  {GUEST_EMAIL.upper()} "
    before = stored_state()

    # when they ask, then they are let in as with the exact email
    assert_allowed(operation, world, call(operation, world).json(), len(before[0]))


@pytest.mark.parametrize("world", ["staff_other_channel"], indirect=True)
@pytest.mark.parametrize("operation", ["orderReturnEligibility", "claim", "claimCancel"])
def test_staff_limited_to_another_channel_still_sees_their_own_orders(world, operation):
    # given the staff member limited to PLN bought the USD order themselves
    owner = world.client.user
    world.order.user, world.order.user_email = owner, owner.email
    world.order.save(update_fields=["user", "user_email"])
    models.Claim.objects.update(user=owner, user_email=owner.email)
    before = stored_state()

    # when they act on it as its customer, then they may, as any customer (or staff
    # without MANAGE_ORDERS) may on their own order
    assert_allowed(operation, world, call(operation, world).json(), len(before[0]))


@pytest.fixture
def settings_holder(staff_users, app, permission_manage_settings):
    """A client with MANAGE_SETTINGS: an app, or staff limited to `channels` (if any)."""

    def make(kind="staff", channels=()):
        if kind == "app":
            app.permissions.add(permission_manage_settings)
            return warranty_client(app=app)
        group = Group.objects.create(name="Settings", restricted_access_to_channels=bool(channels))
        group.permissions.add(permission_manage_settings)
        group.channels.add(*channels)
        group.user_set.add(staff_users[1])
        return warranty_client(user=staff_users[1])

    return make


def set_preset(client, channel: str):
    variables = {"channel": channel, "preset": "repair-parts-shop"}
    return client.post_graphql(RETURN_POLICY_SET, variables)


@pytest.mark.parametrize("kind", ["staff", "app"])
def test_manage_settings_may_set_a_policy(settings_holder, channel_USD, kind):
    # given staff with access to every channel, or an app, holding MANAGE_SETTINGS
    client = settings_holder(kind)

    # when they set a preset
    payload = data_of(set_preset(client, channel_USD.slug))["returnPolicySet"]

    # then a first version is stored
    assert payload["errors"] == []
    assert payload["policy"]["version"] == 1
    assert models.ReturnPolicy.objects.get(channel=channel_USD).preset == "repair-parts-shop"


def test_policy_set_in_a_channel_out_of_reach_is_not_found(
    settings_holder, channel_USD, channel_PLN
):
    # given a staff member with MANAGE_SETTINGS limited to channel PLN
    client = settings_holder(channels=[channel_PLN])

    # when they set the policy of channel USD, and of a channel that does not exist
    hidden = set_preset(client, channel_USD.slug)
    missing = set_preset(client, "no-such-channel")

    # then both answers are the same NOT_FOUND and nothing is stored
    payload = data_of(hidden)["returnPolicySet"]
    assert [e["code"] for e in payload["errors"]] == ["NOT_FOUND"]
    assert hidden.content == missing.content
    assert not models.ReturnPolicy.objects.exists()
    # while their own channel works
    assert data_of(set_preset(client, channel_PLN.slug))["returnPolicySet"]["errors"] == []


# A staff member's groups: (restricted to channels?, the channels listed) per group.
GROUP_SHAPES = {
    "no group": [],
    "one unrestricted group": [(False, [])],
    "unrestricted, listing one channel": [(False, ["PLN"])],
    "restricted to USD": [(True, ["USD"])],
    "restricted to PLN": [(True, ["PLN"])],
    "restricted to nothing": [(True, [])],
    "restricted to PLN, and to USD": [(True, ["PLN"]), (True, ["USD"])],
    "restricted to PLN, and unrestricted": [(True, ["PLN"]), (False, [])],
}


@pytest.mark.parametrize("shape", GROUP_SHAPES, ids=list(GROUP_SHAPES))
def test_channel_access_is_saleors_rule_for_every_group_shape(
    shape, staff_users, channel_USD, channel_PLN, rf
):
    """`can_manage_channel` asks for one channel in one query; the answer is the one
    Saleor's own loader (`AccessibleChannelsByUserIdLoader`, which its mutations use)
    gives, for every channel and every way groups can be set up."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from saleor.graphql.account.dataloaders import AccessibleChannelsByUserIdLoader

    from saleor_warranty_plugin.access import can_manage_channel
    from saleor_warranty_plugin.requestor import Requestor

    channels = {"USD": channel_USD, "PLN": channel_PLN}
    user = staff_users[1]
    for index, (restricted, names) in enumerate(GROUP_SHAPES[shape]):
        group = Group.objects.create(name=f"g{index}", restricted_access_to_channels=restricted)
        group.channels.add(*(channels[name] for name in names))
        group.user_set.add(user)

    loader = AccessibleChannelsByUserIdLoader(rf.post("/graphql/"))
    saleor_ids = {channel.id for channel in loader.load(user.id).get()}

    for channel in channels.values():
        context = rf.post("/graphql/")
        context.requestor = Requestor(user=user)
        with CaptureQueriesContext(connection) as captured:
            answer = can_manage_channel(context, channel.id)
            again = can_manage_channel(context, channel.id)  # kept for the request
        assert answer == again == (channel.id in saleor_ids), (shape, channel.slug)
        assert len(captured.captured_queries) == 1
