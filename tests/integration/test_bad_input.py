"""Malformed and out-of-range input: every case gets a typed error code and stores nothing."""

import json
import uuid
from datetime import timedelta

import pytest
from saleor.order.models import OrderEvent

from saleor_warranty_plugin.models import (
    Claim,
    ClaimEvent,
    ClaimEvidence,
    ClaimLine,
    FulfillmentTimeline,
    ReturnPolicy,
)

from .fixtures import data_of
from .helpers import CLAIM_CREATE, CLAIM_RECEIVE, MARK_DELIVERED, RETURN_POLICY_SET, gid, set_policy

DECLARED = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]


def stored_counts() -> dict:
    models = [Claim, ClaimLine, ClaimEvidence, ClaimEvent, ReturnPolicy, FulfillmentTimeline]
    counts = {model.__name__: model.objects.count() for model in models}
    counts["notes"] = OrderEvent.objects.filter(type="note_added").count()
    counts["statuses"] = sorted(Claim.objects.values_list("status", flat=True))
    counts["received"] = sorted(ClaimLine.objects.values_list("quantity_received", flat=True))
    return counts


def lines_of(order) -> list:
    return list(order.lines.order_by("created_at", "pk"))


def line_input(line, quantity=1, **extra) -> dict:
    return {"orderLine": gid("OrderLine", line.pk), "quantity": quantity,
            "declaredConditions": DECLARED, **extra}  # fmt: skip


def create_input(order, lines, **extra) -> dict:
    return {"order": gid("Order", order.pk), "reason": "CHANGED_MIND", "lines": lines, **extra}


def create_claim(client, data) -> dict:
    return data_of(client.post_graphql(CLAIM_CREATE, {"input": data}))["claimCreate"]


def codes(payload) -> list[str]:
    return [error["code"] for error in payload["errors"]]


@pytest.fixture
def shop(fulfilled_order, channel_USD):
    set_policy(channel_USD, "electronics-store")
    return fulfilled_order


@pytest.fixture
def foreign_line(shop, order_generator):
    """A line of another order of the same customer."""
    other = order_generator()
    line = lines_of(shop)[0]
    line.pk, line.order = None, other
    line._state.adding = True
    line.save()
    return line


def with_order(order_id):
    return lambda order, line, _: create_input(order, [line_input(line)]) | {"order": order_id}


def with_lines(make):
    """`make(line, foreign_line)` gives the lines of the claim."""
    return lambda order, line, foreign: create_input(order, make(line, foreign))


def with_line_id(line_id):
    return with_lines(lambda *_: [{"orderLine": line_id, "quantity": 1}])


def with_line(**extra):
    return with_lines(lambda line, _: [line_input(line, **extra)])


def with_input(**extra):
    return lambda order, line, _: create_input(order, [line_input(line)], **extra)


GARBAGE_IDS = {"garbage": "garbage", "wrong_type": gid("Product", 1), "empty": ""}
UNKNOWN_LINE = {"orderLine": gid("OrderLine", uuid.uuid4()), "quantity": 1}
CLAIM_CREATE_CASES = {
    **{f"order_{k}": (with_order(v), "NOT_FOUND", None) for k, v in GARBAGE_IDS.items()},
    **{f"line_{k}": (with_line_id(v), "NOT_FOUND", "sent") for k, v in GARBAGE_IDS.items()},
    "order_unknown": (with_order(gid("Order", uuid.uuid4())), "NOT_FOUND", None),
    "line_unknown": (with_lines(lambda *_: [UNKNOWN_LINE]), "NOT_FOUND", "sent"),
    "line_of_another_order": (with_lines(lambda _, f: [line_input(f)]), "NOT_FOUND", "foreign"),
    "quantity_zero": (with_line(quantity=0), "INVALID", "line"),
    "quantity_negative": (with_line(quantity=-2), "INVALID", "line"),
    "quantity_excess": (with_line(quantity=4), "QUANTITY_EXCEEDED", "line"),
    "quantity_huge": (with_line(quantity=2**31 - 1), "QUANTITY_EXCEEDED", "line"),
    "duplicated_line": (with_lines(lambda ln, _: [line_input(ln)] * 2), "DUPLICATED_INPUT", "line"),
    "no_lines": (with_lines(lambda *_: []), "REQUIRED", None),
    "too_many_lines": (with_lines(lambda *_: [UNKNOWN_LINE] * 101), "INVALID", None),
    "description_too_long": (with_input(description="x" * 5001), "INVALID", None),
    "serial_too_long": (with_line(serialNumber="S" * 129), "INVALID", "line"),
    "email_too_long": (with_input(email="a" * 250 + "@x.com"), "INVALID", None),
}


@pytest.mark.parametrize(
    ("build", "code", "order_lines"), CLAIM_CREATE_CASES.values(), ids=CLAIM_CREATE_CASES.keys()
)
def test_claim_create_refuses_bad_input(
    customer_warranty_client, shop, foreign_line, build, code, order_lines
):
    # given the owner of an order under the electronics policy
    line = lines_of(shop)[0]
    data = build(shop, line, foreign_line)
    before = stored_counts()

    # when they send a malformed claim
    payload = create_claim(customer_warranty_client, data)

    # then one typed error comes back, naming the offending line where there is one
    assert payload["claim"] is None
    assert codes(payload) == [code]
    if order_lines is not None:
        offending = {"line": line, "foreign": foreign_line}.get(order_lines)
        sent = data["lines"][0]["orderLine"]
        expected = sent if offending is None else gid("OrderLine", offending.pk)
        assert payload["errors"][0]["orderLines"] == [expected]
    # and nothing is stored
    assert stored_counts() == before


def test_limits_are_inclusive(customer_warranty_client, shop):
    # given a description and a serial number exactly at their limits
    line = lines_of(shop)[0]
    data = create_input(shop, [line_input(line, serialNumber="S" * 128)], description="x" * 5000)

    # when the owner claims, then the claim is stored as sent
    payload = create_claim(customer_warranty_client, data)
    assert payload["errors"] == []
    assert ClaimLine.objects.get().serial_number == "S" * 128
    assert len(Claim.objects.get().description) == 5000


# (where in the input, bad value)
VARIABLE_CASES = {
    "unknown_reason": ((), "reason", "BOUGHT_BY_MISTAKE"),
    "unknown_line_reason": (("lines", 0), "reason", "BOUGHT_BY_MISTAKE"),
    "unknown_condition": (("lines", 0), "declaredConditions", ["SHINY"]),
    "quantity_above_int32": (("lines", 0), "quantity", 2**31),
    "quantity_not_a_number": (("lines", 0), "quantity", "three"),
}


@pytest.mark.parametrize(
    ("path", "key", "bad_value"),
    [pytest.param(*case, id=name) for name, case in VARIABLE_CASES.items()],
)
def test_invalid_variable_values_are_validation_errors(
    customer_warranty_client, shop, path, key, bad_value
):
    # given a claim whose variables do not match the schema (unknown enum value, wrong type)
    data = create_input(shop, [line_input(lines_of(shop)[0])])
    target = data
    for step in path:
        target = target[step]
    target[key] = bad_value
    before = stored_counts()

    # when it is sent
    response = customer_warranty_client.post_graphql(CLAIM_CREATE, {"input": data})

    # then the request is refused before execution with a GraphQL error naming where it is
    assert response.status_code == 400
    content = response.json()
    assert "data" not in content
    assert content["errors"][0]["extensions"]["exception"]["code"] == "GraphQLError"
    assert key in content["errors"][0]["message"]
    # and nothing is stored
    assert stored_counts() == before


def test_repeated_submit_is_refused_once_all_units_are_claimed(customer_warranty_client, shop):
    # given a claim for every unit of a line
    line = lines_of(shop)[0]
    data = create_input(shop, [line_input(line, quantity=line.quantity)])
    assert create_claim(customer_warranty_client, data)["errors"] == []
    before = stored_counts()

    # when the very same claim is submitted again
    payload = create_claim(customer_warranty_client, data)

    # then it fails with QUANTITY_EXCEEDED for that line and nothing more is stored
    assert payload["claim"] is None
    assert codes(payload) == ["QUANTITY_EXCEEDED"]
    assert payload["errors"][0]["orderLines"] == [gid("OrderLine", line.pk)]
    assert stored_counts() == before


# claimReceive ------------------------------------------------------------------------------


@pytest.fixture
def approved_claims(customer_warranty_client, shop):
    """Two approved claims on the order, one line each: (claim id, its line id) pairs."""
    claims = []
    for line in lines_of(shop)[:2]:
        claim = create_claim(customer_warranty_client, create_input(shop, [line_input(line)]))
        assert claim["errors"] == []
        claims.append((claim["claim"]["id"], claim["claim"]["lines"][0]["id"]))
    Claim.objects.update(status="APPROVED")
    return claims


def receive_line(line_id, quantity=1) -> dict:
    return {"claimLine": line_id, "quantity": quantity, "conditions": ["UNUSED"]}


RECEIVE_CASES = {
    "unknown_line": (lambda own, other: [receive_line(gid("ClaimLine", 2**40))], "NOT_FOUND"),
    "garbage_line": (lambda own, other: [receive_line("garbage")], "NOT_FOUND"),
    "wrong_type_line": (lambda own, other: [receive_line(gid("OrderLine", 1))], "NOT_FOUND"),
    "line_of_another_claim": (lambda own, other: [receive_line(other)], "NOT_FOUND"),
    "duplicated_line": (lambda own, other: [receive_line(own)] * 2, "DUPLICATED_INPUT"),
    "above_claimed": (lambda own, other: [receive_line(own, quantity=2)], "INVALID"),
    "negative": (lambda own, other: [receive_line(own, quantity=-1)], "INVALID"),
    "nothing_received": (lambda own, other: [receive_line(own, quantity=0)], "INVALID"),
    "no_lines": (lambda own, other: [], "REQUIRED"),
}  # fmt: skip


@pytest.mark.parametrize(("build", "code"), RECEIVE_CASES.values(), ids=RECEIVE_CASES.keys())
def test_claim_receive_refuses_bad_lines(staff_warranty_client, approved_claims, build, code):
    # given an approved claim for one unit, and another claim on the same order
    (claim_id, own_line), (_other_claim, other_line) = approved_claims
    before = stored_counts()

    # when staff receive it with bad lines
    response = staff_warranty_client.post_graphql(
        CLAIM_RECEIVE, {"id": claim_id, "lines": build(own_line, other_line)}
    )

    # then a typed error comes back and the claim is neither received nor changed
    payload = data_of(response)["claimReceive"]
    assert payload["claim"] is None
    assert codes(payload) == [code]
    assert stored_counts() == before


def test_claim_receive_on_a_pending_claim_is_an_invalid_transition(
    staff_warranty_client, approved_claims
):
    (claim_id, own_line), _ = approved_claims
    Claim.objects.update(status="PENDING")
    before = stored_counts()
    response = staff_warranty_client.post_graphql(
        CLAIM_RECEIVE, {"id": claim_id, "lines": [receive_line(own_line)]}
    )
    assert codes(data_of(response)["claimReceive"]) == ["INVALID_TRANSITION"]
    assert stored_counts() == before


# returnPolicySet ---------------------------------------------------------------------------


@pytest.fixture
def settings_client(
    staff_warranty_client, permission_group_manage_orders, permission_manage_settings
):
    permission_group_manage_orders.permissions.add(permission_manage_settings)
    return staff_warranty_client


def policy_set(client, **variables) -> dict:
    return data_of(client.post_graphql(RETURN_POLICY_SET, variables))["returnPolicySet"]


INVALID_SPEC = {
    "version": 1,
    "name": "Broken",
    "bogus": 1,
    "reasons": {
        "CHANGED_MIND": {"window": {"anchor": "ordered", "days": -5}, "resolutions": ["TELEPORT"]}
    },
}


def test_invalid_spec_reports_every_problem_and_keeps_the_version_in_force(
    settings_client, shop, channel_USD
):
    # given the electronics policy in force (version 1)
    before = stored_counts()

    # when staff send a document with three problems
    payload = policy_set(settings_client, channel=channel_USD.slug, spec=json.dumps(INVALID_SPEC))

    # then every problem comes back as INVALID_POLICY with its path
    assert payload["policy"] is None
    assert {(e["code"], e["field"]) for e in payload["errors"]} == {
        ("INVALID_POLICY", "bogus"),
        ("INVALID_POLICY", "reasons.CHANGED_MIND.window.days"),
        ("INVALID_POLICY", "reasons.CHANGED_MIND.resolutions.0"),
    }
    assert len(payload["errors"]) == 3
    # and the version in force is unchanged
    assert stored_counts() == before
    assert ReturnPolicy.objects.get(channel=channel_USD).version == 1


POLICY_SET_CASES = {
    "unknown_preset": ({"preset": "no-such-preset"}, "NOT_FOUND"),
    "preset_and_spec": ({"preset": "repair-parts-shop", "spec": '{"version": 1}'}, "INVALID"),
    "neither": ({}, "REQUIRED"),
    "spec_is_a_list": ({"spec": json.dumps([1, 2])}, "INVALID_POLICY"),
    "spec_is_a_number": ({"spec": "5"}, "INVALID_POLICY"),
    "spec_is_bad_yaml": ({"spec": json.dumps("name: [unclosed")}, "INVALID_POLICY"),
    "unknown_channel": ({"channel": "no-such-channel", "preset": "repair-parts-shop"}, "NOT_FOUND"),
}  # fmt: skip


@pytest.mark.parametrize(
    ("variables", "code"), POLICY_SET_CASES.values(), ids=POLICY_SET_CASES.keys()
)
def test_return_policy_set_refuses_bad_input(settings_client, shop, channel_USD, variables, code):
    # given a policy in force
    before = stored_counts()

    # when staff send a bad request
    payload = policy_set(settings_client, **{"channel": channel_USD.slug, **variables})

    # then a typed error comes back and no version is added
    assert payload["policy"] is None
    assert codes(payload) == [code]
    assert stored_counts() == before


# fulfillmentMarkDelivered ------------------------------------------------------------------


def mark_delivered(client, fulfillment_id, delivered_at=None) -> dict:
    variables = {"fulfillment": fulfillment_id, "deliveredAt": delivered_at}
    return data_of(client.post_graphql(MARK_DELIVERED, variables))["fulfillmentMarkDelivered"]


# (fulfillment to name, delivery date relative to the shipment, code)
DELIVERY_CASES = {
    "future": ("own", timedelta(days=2), "INVALID"),
    "before_shipment": ("own", -timedelta(days=1), "INVALID"),
    "unknown": (gid("Fulfillment", 2**40), None, "NOT_FOUND"),
    "garbage": ("garbage", None, "NOT_FOUND"),
    "wrong_type": (gid("Order", uuid.uuid4()), None, "NOT_FOUND"),
}


@pytest.mark.parametrize(
    ("target", "offset", "code"), DELIVERY_CASES.values(), ids=DELIVERY_CASES.keys()
)
def test_mark_delivered_refuses_bad_input(staff_warranty_client, shop, target, offset, code):
    # given a fulfillment shipped just now
    fulfillment = shop.fulfillments.get()
    target = gid("Fulfillment", fulfillment.pk) if target == "own" else target
    delivered_at = None if offset is None else (fulfillment.created_at + offset).isoformat()
    before = stored_counts()

    # when staff mark it delivered with a bad target or date
    payload = mark_delivered(staff_warranty_client, target, delivered_at)

    # then a typed error, no delivery date and no order note
    assert payload["deliveredAt"] is None
    assert codes(payload) == [code]
    assert stored_counts() == before


def test_mark_delivered_refuses_a_fulfillment_not_shipped(staff_warranty_client, shop):
    fulfillment = shop.fulfillments.get()
    fulfillment.status = "waiting_for_approval"
    fulfillment.save(update_fields=["status"])
    before = stored_counts()
    payload = mark_delivered(staff_warranty_client, gid("Fulfillment", fulfillment.pk))
    assert codes(payload) == ["NOT_SHIPPED"]
    assert stored_counts() == before
