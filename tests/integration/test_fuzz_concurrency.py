"""Concurrent fuzz: rounds of claimCreate, claimResolve, claimReceive and claimCancel sent at
the same moment from several threads, each on its own database connection (committed data,
as in production), with drawn inputs, on an order paid through the legacy Payment API or a
payment app's transaction. Every answer is typed, and Saleor's rows keep the invariants.

    tests/run -- -k fuzz_concurrency
"""

import json
import threading
import time

import pytest
from django.db import connection
from django.test import Client
from hypothesis import given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from saleor.core.jwt import create_access_token

from saleor_warranty_plugin.models import Claim

from .fixtures import WARRANTY_API_PATH
from .helpers import CLAIM_CANCEL, CLAIM_CREATE, CLAIM_RECEIVE, gid, set_policy
from .hostile import assert_typed_answer
from .resolution_helpers import CLAIM_RESOLVE
from .schema_fuzz import PROFILE
from .test_fuzz import (
    _open_claim,
    check_invariants,
    paid,
    payment_app_answers,  # noqa: F401 - a fixture the transaction run uses
)

THREADS = 8
DECLARED = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
# rounds per payment kind: each round sends THREADS requests at once
ROUNDS = max(PROFILE.max_examples // 40, 8)


def post_all(requests: list[tuple[str, str, dict]]) -> list:
    """Send each (token, query, variables) from its own thread, released together."""
    barrier = threading.Barrier(len(requests))
    answers: list = [None] * len(requests)

    def submit(index, token, query, variables):
        from saleor.tests.utils import prepare_test_db_connections

        prepare_test_db_connections()
        try:
            barrier.wait()
            answers[index] = Client().post(
                WARRANTY_API_PATH,
                json.dumps({"query": query, "variables": variables}),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"JWT {token}",
            )
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(i, *request)) for i, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("payment", ["legacy", "transaction"])
def test_fuzz_concurrent_claims_and_resolutions(
    request, payment, fulfilled_order, channel_USD, customer_user, staff_user,
    permission_group_manage_orders, app, capsys,
):  # fmt: skip
    policy = set_policy(channel_USD, "electronics-store")
    permission_group_manage_orders.user_set.add(staff_user)
    if payment == "transaction":
        request.getfixturevalue("payment_app_answers")
    paid(request, fulfilled_order, payment, app)
    lines = list(fulfilled_order.lines.order_by("created_at", "pk"))
    tokens = {"customer": create_access_token(customer_user),
              "staff": create_access_token(staff_user)}  # fmt: skip
    sent = [0]
    outcomes: dict[str, int] = {}

    def claim_ids():
        return [
            gid("Claim", pk) for pk in Claim.objects.order_by("pk").values_list("pk", flat=True)
        ]

    creates = st.builds(
        lambda who, line, quantity, reason: (
            who, CLAIM_CREATE,
            {"input": {"order": gid("Order", fulfilled_order.pk), "reason": reason,
                       "lines": [{"orderLine": gid("OrderLine", lines[line].pk),
                                  "quantity": quantity, "declaredConditions": DECLARED}]}}),
        st.sampled_from(["customer", "staff"]), st.integers(0, len(lines) - 1),
        st.integers(0, 4) | st.just(2**31), st.sampled_from(["DEFECTIVE", "CHANGED_MIND"]),
    )  # fmt: skip
    resolves = st.builds(
        lambda index, kind, amount: ("staff", CLAIM_RESOLVE, {"index": index, "input": {
            "type": kind, **({"amount": amount, "note": "fuzz"} if amount else {})}}),
        st.integers(0, 50), st.sampled_from(["REFUND", "REFUND", "STORE_CREDIT", "REPLACEMENT"]),
        st.none() | st.sampled_from(["1.00", "5", "999999", "-1", "12,30"]),
    )  # fmt: skip
    others = st.builds(
        lambda index, action: (
            ("customer", CLAIM_CANCEL, {"index": index}) if action == "cancel" else
            ("staff", CLAIM_RECEIVE, {"index": index, "lines": []})),
        st.integers(0, 50), st.sampled_from(["cancel", "receive"]),
    )  # fmt: skip

    @seed(5_000 + (payment == "transaction"))
    @hypothesis_settings(PROFILE, max_examples=ROUNDS)
    @given(round_=st.lists(creates | resolves | resolves | others, min_size=THREADS,
                           max_size=THREADS))  # fmt: skip
    def run(round_):
        # a received claim to resolve in every round, while units are left
        if not Claim.objects.filter(status="RECEIVED").exists():
            _open_claim(fulfilled_order, policy, lines, "RECEIVED")
        ids = claim_ids()
        requests = []
        for who, query, variables in round_:
            variables = dict(variables)
            if "index" in variables:
                variables["id"] = ids[variables.pop("index") % len(ids)] if ids else "x"
            if query is CLAIM_RECEIVE:
                variables["lines"] = _receive_all(variables["id"])
            requests.append((tokens[who], query, variables))
        for response in post_all(requests):
            sent[0] += 1
            body = assert_typed_answer(response)
            payload = next(iter((body.get("data") or {"x": None}).values()))
            key = ("error" if body.get("errors") else
                   "declined" if payload and payload.get("errors") else "done")  # fmt: skip
            outcomes[key] = outcomes.get(key, 0) + 1

    started = time.monotonic()
    run()
    elapsed = time.monotonic() - started
    from .test_fuzz import _resolutions, _statuses

    with capsys.disabled():
        print(f"\nfuzz concurrency ({payment} payment, {THREADS} threads): {sent[0]} requests "
              f"in {elapsed:.1f} s; {outcomes}; claims {_statuses()}; resolutions "
              f"{_resolutions()}")  # fmt: skip
    assert outcomes.get("done") and outcomes.get("declined"), outcomes
    check_invariants(fulfilled_order, customer_user)


def _receive_all(claim_id: str) -> list[dict]:
    from saleor_warranty_plugin.graphql.ids import decode_uuid

    pk = decode_uuid(claim_id, "Claim")
    claim = Claim.objects.filter(pk=pk).prefetch_related("lines").first() if pk else None
    if claim is None:
        return [{"claimLine": "Q2xhaW1MaW5lOjA=", "quantity": 1}]
    return [{"claimLine": gid("ClaimLine", line.pk), "quantity": line.quantity,
             "conditions": ["SEALS_INTACT", "ORIGINAL_PACKAGING"]} for line in claim.lines.all()]  # fmt: skip
