"""Concurrent claims for the same line can never add up to more than was bought."""

import pytest

from saleor_warranty_plugin.models import Claim, ClaimLine

from .helpers import CLAIM_CREATE, claim_input, set_policy
from .racing import race


@pytest.mark.django_db(transaction=True)
def test_racing_claims_never_over_commit_a_line(fulfilled_order, channel_USD, customer_user):
    # given a line of 3 units and four customers' tabs each claiming 2 at the same moment
    set_policy(channel_USD, "electronics-store")
    declared = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
    line = fulfilled_order.lines.get(quantity=3)
    variables = {
        "input": claim_input(fulfilled_order, [(line, 2, {"declaredConditions": declared})])
    }
    results = race(customer_user, CLAIM_CREATE, variables)

    # then exactly one claim got through; the others got QUANTITY_EXCEEDED
    payloads = [r["data"]["claimCreate"] for r in results]
    accepted = [p for p in payloads if p["claim"]]
    refused = [p for p in payloads if not p["claim"]]
    assert len(accepted) == 1, payloads
    assert {e["code"] for p in refused for e in p["errors"]} == {"QUANTITY_EXCEEDED"}
    assert Claim.objects.count() == 1
    assert sum(ClaimLine.objects.values_list("quantity", flat=True)) == 2
