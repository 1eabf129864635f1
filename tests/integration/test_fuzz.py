"""Property-based fuzz of every operation, as every caller, followed by the invariants that
must hold on Saleor's rows whatever was sent.

    tests/run -- -k fuzz                              the CI profile (deterministic)
    WARRANTY_FUZZ_PROFILE=nightly tests/run -- -k fuzz   a long run

Each test prints how many requests it sent and how long they took.
"""

import json
import os
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, F, Q, Sum
from hypothesis import given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from saleor.giftcard.models import GiftCard
from saleor.order.models import Order, OrderGrantedRefund, OrderLine
from saleor.payment import TransactionKind
from saleor.payment.models import Payment, TransactionItem
from saleor.plugins.manager import PluginsManager

from saleor_warranty_plugin.facts import RELEASED_CLAIM_STATUSES
from saleor_warranty_plugin.models import Claim, ClaimLine, ClaimResolution
from saleor_warranty_plugin.policy import PRESETS, preset_document
from saleor_warranty_plugin.resolutions.store_credit import STORE_CREDIT_TAG

from .fixtures import warranty_client
from .helpers import CLAIM_CREATE, gid, set_policy
from .hostile import assert_typed_answer
from .page_fuzz import files as evidence_files
from .resolution_helpers import received_claim
from .schema_fuzz import PROFILE, Operation, Pools, operations, variables_for
from .test_evidence_uploads import configure

OPERATIONS = operations()
CALLERS = ["anonymous", "customer", "staff", "app"]
# how each caller's shop was paid: Saleor's Transaction API (a payment app's transaction
# items, granted refunds) or the legacy Payment API
PAYMENTS = {"anonymous": "legacy", "customer": "transaction", "staff": "transaction",
            "app": "legacy"}  # fmt: skip
CALLER_PAYMENTS = [(caller, PAYMENTS[caller]) for caller in CALLERS]


def test_every_operation_of_the_schema_is_fuzzed():
    names = {op.name for op in OPERATIONS}
    assert {"claimCreate", "claimResolve", "returnPolicySet", "claims", "claim"} <= names
    assert len(names) == len(OPERATIONS) >= 18


def paid(request, order, payment: str, app):
    """The order paid through the legacy Payment API or through a payment app's transaction
    item; the app's answer to a refund request (outside Saleor) is that it took it."""
    if payment == "legacy":
        return request.getfixturevalue("payment_txn_captured")
    from saleor.order.utils import update_order_charge_data

    item = request.getfixturevalue("transaction_item_generator")(
        order_id=order.pk, charged_value=order.total_gross_amount, app=app
    )
    update_order_charge_data(order)
    return item


@pytest.fixture
def payment_app_answers():
    """A payment app is subscribed to refund requests and takes them (its webhook's answer)."""
    real = PluginsManager.is_event_active_for_any_plugin

    def active(self, event, channel_slug=None):
        return event == "transaction_refund_requested" or real(self, event, channel_slug)

    with (
        mock.patch.object(PluginsManager, "is_event_active_for_any_plugin", active),
        mock.patch.object(PluginsManager, "transaction_refund_requested") as requested,
    ):
        yield requested


@pytest.fixture
def fuzz_shop(request, payment, fulfilled_order, channel_USD, customer_user, staff_user,
              permission_group_manage_orders, permission_manage_settings, app,
              permission_manage_orders, warehouse, product, payment_app_answers):  # fmt: skip
    policy = set_policy(channel_USD, "electronics-store")
    paid_with = paid(request, fulfilled_order, payment, app)
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
        "payment": paid_with,
    }


@pytest.mark.parametrize(("caller", "payment"), CALLER_PAYMENTS)
def test_fuzz_every_operation(fuzz_shop, caller, payment, customer_user, capsys):
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
        if data.draw(st.integers(0, 9), label="settle") == 0:
            # a resolution as staff would send it, on a received claim: money and goods move
            # (random input seldom gets that far)
            operation, variables = (
                RESOLVE,
                {
                    "id": _received_claim_id(),
                    "input": {"type": data.draw(st.sampled_from(SETTLED), label="type")},
                },
            )
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
            f"\nfuzz {caller} ({payment} payment): {sent[0]} requests in {elapsed:.1f} s; "
            f"answers {answers}; "
            f"operations done: {len(done)} ({', '.join(sorted(done))}); "
            f"claims by status {_statuses()}; resolutions {_resolutions()}"
        )
    assert sent[0] >= PROFILE.max_examples // 2
    assert answers.get("done"), "no request got through to an action"
    check_invariants(fuzz_shop["order"], customer_user)


RESOLVE = next(op for op in OPERATIONS if op.name == "claimResolve")
SETTLED = ["REFUND", "REFUND", "STORE_CREDIT", "REPLACEMENT"]


def _received_claim_id() -> str:
    claim = Claim.objects.filter(status="RECEIVED").order_by("created_at", "pk").first()
    return gid("Claim", claim.pk) if claim else "Q2xhaW06bm9uZQ=="


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


def _resolutions() -> dict:
    rows = ClaimResolution.objects.values_list("type", "status").annotate(n=Count("pk"))
    return {f"{kind} {status}": n for kind, status, n in rows.order_by("type", "status")}


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
    for item in TransactionItem.objects.filter(order=order):
        # Saleor deducts a requested refund from what is charged until the app answers
        assert item.charged_value >= 0 and item.refund_pending_value >= 0, item.pk
        taken = item.charged_value + item.refund_pending_value + item.refunded_value
        granted = OrderGrantedRefund.objects.filter(transaction_item=item).aggregate(
            s=Sum("amount_value")
        )["s"] or Decimal(0)
        assert granted <= taken, (granted, taken)
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
    from saleor.order import OrderOrigin

    reissued = Order.objects.filter(original=order, origin=OrderOrigin.REISSUE)
    assert set(reissued.values_list("pk", flat=True)) <= set(
        ClaimResolution.objects.exclude(replacement_order__isnull=True).values_list(
            "replacement_order_id", flat=True
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


# --- multipart requests with files ---------------------------------------------------------

MAPS = ["right", "right", "right", "file_not_sent", "path_to_value", "path_outside", "bad_path",
        "not_a_list", "map_not_json", "no_map", "no_operations", "operations_list", "unmapped_file",
        "same_file_twice"]  # fmt: skip
CREATE = next(op for op in OPERATIONS if op.name == "claimCreate")


def multipart_body(variables: dict, files: list, framing: str) -> dict:
    """The form fields of a GraphQL multipart request (operations, map, files) for `framing`."""
    variables = json.loads(json.dumps(variables))
    target = variables.get("input")
    count = len(files)
    if isinstance(target, dict):
        target["evidence"] = [None] * count
    paths = {str(i): [f"variables.input.evidence.{i}"] for i in range(count)}
    if framing == "file_not_sent":
        paths["99"] = ["variables.input.evidence.0"]
    elif framing == "path_to_value":
        paths = {str(i): ["variables.input.reason"] for i in range(count)} or {
            "0": ["variables.input"]
        }
    elif framing == "path_outside":
        paths = {str(i): [f"variables.nothing.{i}"] for i in range(count)}
    elif framing == "bad_path":
        paths = {str(i): [f"query.{i}"] for i in range(count)}
    elif framing == "not_a_list":
        paths = {str(i): f"variables.input.evidence.{i}" for i in range(count)}
    elif framing == "unmapped_file":
        paths = {}
    elif framing == "same_file_twice" and count:
        paths = {"0": [f"variables.input.evidence.{i}" for i in range(count)]}
    operations = {"query": CREATE.document, "variables": variables}
    body: dict = {
        "operations": json.dumps([operations] if framing == "operations_list" else operations),
        "map": "{not json" if framing == "map_not_json" else json.dumps(paths),
    }
    if framing == "no_map":
        del body["map"]
    if framing == "no_operations":
        del body["operations"]
    for index, (name, content, content_type) in enumerate(files):
        body[str(index)] = SimpleUploadedFile(name, content, content_type=content_type)
    return body


@pytest.mark.parametrize(("caller", "payment"), CALLER_PAYMENTS)
def test_fuzz_multipart_uploads(fuzz_shop, caller, payment, customer_user, media_root, capsys):
    """claimCreate as the GraphQL multipart request spec sends files, well and badly framed:
    oversized files (the limit set to 1 MB), files of the wrong type, too many, a map naming
    files not sent or paths that are not nulls in the variables, parts missing."""
    configure(max_evidence_file_mb=1)
    client = fuzz_shop["callers"][caller]
    pools = fuzz_shop["pools"]
    sent = [0]
    answers: dict[str, int] = {}

    @seed(4_000 + CALLERS.index(caller))
    @hypothesis_settings(PROFILE, max_examples=max(PROFILE.max_examples // 4, 20))
    @given(data=st.data())
    def run(data):
        hostile = data.draw(st.sampled_from([False, False, True]), label="hostile")
        variables = data.draw(variables_for(CREATE, pools, hostile), label="variables")
        files = data.draw(evidence_files(), label="files")
        framing = data.draw(st.sampled_from(MAPS), label="framing")
        response = client.post_multipart(multipart_body(variables, files, framing))
        sent[0] += 1
        body = assert_typed_answer(response)
        outcome = _outcome(response.status_code, body)
        answers[outcome] = answers.get(outcome, 0) + 1

    started = time.monotonic()
    run()
    elapsed = time.monotonic() - started
    with capsys.disabled():
        print(f"\nfuzz multipart {caller}: {sent[0]} requests in {elapsed:.1f} s; {answers}")
    assert answers.get("refused") and answers.get("declined"), answers
    check_invariants(fuzz_shop["order"], customer_user)
