"""Property-based fuzz of every operation, as every caller, followed by the invariants that
must hold on Saleor's rows whatever was sent.

    tests/run -- -k fuzz                              the CI profile (deterministic)
    WARRANTY_FUZZ_PROFILE=nightly tests/run -- -k fuzz   a long run

Each test prints how many requests it sent and how long they took.
"""

import os
import time
from decimal import Decimal

import pytest
from django.db.models import Count, F, Q, Sum
from hypothesis import given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from saleor.giftcard.models import GiftCard
from saleor.order.models import OrderLine
from saleor.payment import TransactionKind
from saleor.payment.models import Payment

from saleor_warranty_plugin.facts import RELEASED_CLAIM_STATUSES
from saleor_warranty_plugin.models import Claim, ClaimLine, ClaimResolution
from saleor_warranty_plugin.policy import PRESETS, preset_document
from saleor_warranty_plugin.resolutions.store_credit import STORE_CREDIT_TAG

from .fixtures import warranty_client
from .helpers import CLAIM_CREATE, gid, set_policy
from .hostile import assert_typed_answer
from .resolution_helpers import received_claim
from .schema_fuzz import PROFILE, Operation, Pools, operations, variables_for

OPERATIONS = operations()
CALLERS = ["anonymous", "customer", "staff", "app"]


def test_every_operation_of_the_schema_is_fuzzed():
    names = {op.name for op in OPERATIONS}
    assert {"claimCreate", "claimResolve", "returnPolicySet", "claims", "claim"} <= names
    assert len(names) == len(OPERATIONS) >= 18


@pytest.fixture
def fuzz_shop(fulfilled_order, payment_txn_captured, channel_USD, customer_user, staff_user,
              permission_group_manage_orders, permission_manage_settings, app,
              permission_manage_orders, warehouse, product):  # fmt: skip
    policy = set_policy(channel_USD, "electronics-store")
    permission_group_manage_orders.user_set.add(staff_user)
    staff_user.user_permissions.add(permission_manage_settings)
    app.permissions.add(permission_manage_orders, permission_manage_settings)
    lines = list(fulfilled_order.lines.order_by("created_at", "pk"))
    owner = warranty_client(user=customer_user)
    for line, reason in zip(lines, ["DEFECTIVE", "CHANGED_MIND"], strict=False):
        owner.post_graphql(
            CLAIM_CREATE,
            {"input": {"order": gid("Order", fulfilled_order.pk), "reason": reason,
                       "lines": [{"orderLine": gid("OrderLine", line.pk), "quantity": 1,
                                  "declaredConditions": ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]}]}},
        )  # fmt: skip

    def claims():
        """The shop's claims; one in each open state is made first where units are left, so
        approval, reception and resolution are reached however many the fuzz closed."""
        for status in ("PENDING", "APPROVED", "RECEIVED"):
            if not Claim.objects.filter(status=status).exists():
                _open_claim(fulfilled_order, policy, lines, status)
        return [
            (gid("Claim", c.pk), [gid("ClaimLine", line.pk) for line in c.lines.all()])
            for c in Claim.objects.order_by("created_at", "pk").prefetch_related("lines")
        ]

    pools = Pools(
        ids={
            "Order": [gid("Order", fulfilled_order.pk)],
            "OrderLine": [gid("OrderLine", line.pk) for line in lines],
            "Fulfillment": [gid("Fulfillment", f.pk) for f in fulfilled_order.fulfillments.all()],
            "ProductVariant": [gid("ProductVariant", v.pk) for v in product.variants.all()],
            "Warehouse": [gid("Warehouse", warehouse.pk)],
        },
        channels=[channel_USD.slug, "no-such-channel"],
        emails=[fulfilled_order.user_email, "someone@example.com"],
        claims=claims,
        extra={
            "presets": sorted(PRESETS),
            "preset_documents": [preset_document(p) for p in sorted(PRESETS)],
        },
    )
    callers = {
        "anonymous": warranty_client(),
        "customer": warranty_client(user=customer_user),
        "staff": warranty_client(user=staff_user),
        "app": warranty_client(app=app),
    }
    return {
        "order": fulfilled_order,
        "pools": pools,
        "callers": callers,
        "payment": payment_txn_captured,
    }


@pytest.mark.parametrize("caller", CALLERS)
def test_fuzz_every_operation(fuzz_shop, caller, customer_user, capsys):
    client = fuzz_shop["callers"][caller]
    pools = fuzz_shop["pools"]
    sent = [0]
    answers: dict[str, int] = {}
    done: set[str] = set()

    @seed(1_000 + CALLERS.index(caller))
    @hypothesis_settings(PROFILE)
    @given(data=st.data())
    def run(data):
        operation: Operation = data.draw(st.sampled_from(OPERATIONS), label="operation")
        hostile = data.draw(st.sampled_from([False, False, True]), label="hostile")
        variables = data.draw(variables_for(operation, pools, hostile), label="variables")
        response = client.post_graphql(operation.document, variables)
        sent[0] += 1
        body = assert_typed_answer(response)
        outcome = _outcome(response.status_code, body)
        answers[outcome] = answers.get(outcome, 0) + 1
        if outcome == "done":
            done.add(operation.name)
        if (
            os.environ.get("WARRANTY_FUZZ_DEBUG")
            and not hostile
            and outcome in ("refused", "error")
        ):
            print(operation.name, str(body["errors"][0]["message"])[:200])

    started = time.monotonic()
    run()
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(
            f"\nfuzz {caller}: {sent[0]} requests in {elapsed:.1f} s; answers {answers}; "
            f"operations done: {len(done)} ({', '.join(sorted(done))}); "
            f"claims by status {_statuses()}"
        )
    assert sent[0] >= PROFILE.max_examples // 2
    assert answers.get("done"), "no request got through to an action"
    check_invariants(fuzz_shop["order"], customer_user)


def _open_claim(order, policy, lines, status):
    claimed = dict(
        ClaimLine.objects.exclude(claim__status__in=RELEASED_CLAIM_STATUSES)
        .values_list("order_line_id")
        .annotate(total=Sum("quantity"))
    )
    free = [line for line in lines if claimed.get(line.pk, 0) < line.quantity]
    if free:
        received_claim(order, policy, [(free[0], 1)], reason="DEFECTIVE", status=status)


def _outcome(status: int, body: dict) -> str:
    """refused (HTTP 4xx), error (GraphQL error), declined (payload errors) or done."""
    if status != 200:
        return "refused"
    if body.get("errors"):
        return "error"
    payload = next(iter(body["data"].values()))
    if isinstance(payload, dict) and payload.get("errors"):
        return "declined"
    return "done" if payload not in (None, []) else "empty"


def _statuses() -> dict:
    return dict(Claim.objects.values_list("status").annotate(n=Count("pk")).order_by("status"))


def check_invariants(order, owner):
    """What no request may ever break, checked on Saleor's rows."""
    # no line claimed beyond what was bought
    active = (
        ClaimLine.objects.exclude(claim__status__in=RELEASED_CLAIM_STATUSES)
        .values("order_line_id")
        .annotate(total=Sum("quantity"))
    )
    bought = dict(OrderLine.objects.values_list("pk", "quantity"))
    for row in active:
        assert row["total"] <= bought[row["order_line_id"]], row
    assert not ClaimLine.objects.filter(quantity_received__gt=F("quantity")).exists()
    # no refund beyond what was charged
    for payment in Payment.objects.filter(order=order):
        kinds = payment.transactions.filter(is_success=True)
        captured = kinds.filter(kind=TransactionKind.CAPTURE).aggregate(s=Sum("amount"))["s"] or 0
        refunded = kinds.filter(kind=TransactionKind.REFUND).aggregate(s=Sum("amount"))["s"] or 0
        assert refunded <= captured, (refunded, captured)
        assert payment.captured_amount >= 0
    paid_out = ClaimResolution.objects.filter(claim__order=order, amount__isnull=False).aggregate(
        s=Sum("amount")
    )["s"] or Decimal(0)
    assert paid_out <= order.total_gross_amount + order.shipping_price_gross_amount, paid_out
    # every gift card and replacement order belongs to exactly one resolution
    for key in ("gift_card", "replacement_order"):
        shared = (
            ClaimResolution.objects.exclude(**{f"{key}__isnull": True})
            .values(key)
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
        )
        assert not shared.exists(), list(shared)
    credit = GiftCard.objects.filter(tags__name=STORE_CREDIT_TAG)
    assert set(credit.values_list("pk", flat=True)) == set(
        ClaimResolution.objects.exclude(gift_card__isnull=True).values_list(
            "gift_card_id", flat=True
        )
    )
    # no customer sees another's claim
    stranger = warranty_client(user=_stranger(owner))
    listed = stranger.post_graphql("{ claims(first: 100) { totalCount edges { node { id } } } }")
    assert listed.json()["data"]["claims"]["totalCount"] == 0
    for claim in Claim.objects.filter(~Q(user=stranger.user)):
        for client in (stranger, warranty_client()):
            seen = client.post_graphql(
                "query($id: ID!) { claim(id: $id) { id } }", {"id": gid("Claim", claim.pk)}
            )
            assert seen.json()["data"]["claim"] is None


def _stranger(owner):
    from saleor.account.models import User

    user, _ = User.objects.get_or_create(email="stranger@example.com", defaults={"is_active": True})
    assert user.pk != owner.pk
    return user
