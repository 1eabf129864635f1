"""Concurrent claims for the same line can never add up to more than was bought."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from saleor_warranty_plugin.models import Claim, ClaimLine

from .fixtures import WARRANTY_API_PATH
from .helpers import CLAIM_CREATE, claim_input, set_policy


@pytest.mark.django_db(transaction=True)
def test_racing_claims_never_over_commit_a_line(fulfilled_order, channel_USD, customer_user):
    from saleor.core.jwt import create_access_token

    # given a line of 3 units and four customers' tabs each claiming 2 at the same moment
    set_policy(channel_USD, "electronics-store")
    declared = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
    line = fulfilled_order.lines.get(quantity=3)
    token = create_access_token(customer_user)
    body = json.dumps(
        {
            "query": CLAIM_CREATE,
            "variables": {
                "input": claim_input(fulfilled_order, [(line, 2, {"declaredConditions": declared})])
            },
        }
    )
    barrier = threading.Barrier(4)
    results = []

    def submit():
        # Saleor's tests alias the replica to the writer per thread; do it for this one
        from saleor.tests.utils import prepare_test_db_connections

        prepare_test_db_connections()
        try:
            barrier.wait()
            response = Client().post(
                WARRANTY_API_PATH,
                body,
                content_type="application/json",
                HTTP_AUTHORIZATION=f"JWT {token}",
            )
            results.append(response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly one claim got through; the others got QUANTITY_EXCEEDED
    payloads = [r["data"]["claimCreate"] for r in results]
    accepted = [p for p in payloads if p["claim"]]
    refused = [p for p in payloads if not p["claim"]]
    assert len(accepted) == 1, payloads
    assert {e["code"] for p in refused for e in p["errors"]} == {"QUANTITY_EXCEEDED"}
    assert Claim.objects.count() == 1
    assert sum(ClaimLine.objects.values_list("quantity", flat=True)) == 2
