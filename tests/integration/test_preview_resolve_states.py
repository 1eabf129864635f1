"""claimResolutionPreview and claimResolve give the same answer for the same claim and input:
a table of claim states x resolution requests, each asked first as a preview, then for real
(each request on the same claim, rolled back after it)."""

from decimal import Decimal

import pytest
from django.db import transaction

from saleor_warranty_plugin.models import ClaimResolution

from .helpers import ERRORS, gid, set_policy
from .resolution_helpers import CLAIM_RESOLVE, received_claim
from .test_resolution_replacement import variant_priced

PREVIEW = f"""query($id: ID!, $input: ClaimResolveInput!) {{
  claimResolutionPreview(id: $id, input: $input) {{
    allowed amount {{ amount }} offered {ERRORS} }} }}"""

# claim states: (claim status, reason, whether the order was paid, resolved before by)
STATES = {
    "pending": ("PENDING", "DEFECTIVE", True, None),
    "approved-goods-due": ("APPROVED", "DEFECTIVE", True, None),
    "received": ("RECEIVED", "DEFECTIVE", True, None),
    "received-wrong-item": ("RECEIVED", "WRONG_ITEM_SENT", True, None),
    "received-unpaid": ("RECEIVED", "DEFECTIVE", False, None),
    "rejected": ("REJECTED", "DEFECTIVE", True, None),
    "resolved-by-refund": ("RECEIVED", "DEFECTIVE", True, "REFUND"),
}
# requests: (type, extra input); "VARIANT" stands for a sellable variant of the claimed product
REQUESTS = {
    "refund": ("REFUND", {}),
    "refund-amount": ("REFUND", {"amount": "1.00", "note": "Scratched box"}),
    "refund-amount-no-note": ("REFUND", {"amount": "1.00"}),
    "refund-too-much": ("REFUND", {"amount": "99999.00", "note": "Goodwill"}),
    "store-credit": ("STORE_CREDIT", {}),
    "replacement": ("REPLACEMENT", {}),
    "exchange-no-variant": ("EXCHANGE", {}),
    "exchange": ("EXCHANGE", {"exchangeVariant": "VARIANT"}),
    "repair": ("REPAIR", {}),
}
# the expected answer for a sample of the table (so agreement is not agreement on nonsense);
# electronics-store: a defective item is repaired, replaced or refunded to the original
# payment; a wrong item is exchanged or refunded
EXPECTED = {
    ("pending", "refund"): [("INVALID_TRANSITION", "id")],
    ("approved-goods-due", "refund"): [("INVALID_TRANSITION", "id")],
    ("rejected", "repair"): [("INVALID_TRANSITION", "id")],
    ("received", "refund"): [],
    ("received", "refund-amount"): [],
    ("received", "refund-amount-no-note"): [("REQUIRED", "note")],
    ("received", "refund-too-much"): [("INVALID", "amount")],
    ("received", "store-credit"): [("RESOLUTION_NOT_ALLOWED", "type")],
    ("received", "replacement"): [],
    ("received", "exchange-no-variant"): [("RESOLUTION_NOT_ALLOWED", "type")],
    ("received", "repair"): [],
    ("received-wrong-item", "exchange-no-variant"): [("REQUIRED", "exchangeVariant")],
    ("received-wrong-item", "exchange"): [],
    ("received-unpaid", "refund"): [("RESOLUTION_FAILED", "type")],
    ("received-unpaid", "repair"): [],
    ("resolved-by-refund", "refund"): [],
    ("resolved-by-refund", "repair"): [("INVALID_TRANSITION", "type")],
}


class _Undo(Exception):
    """Rolls one request's effects back, so the next request meets the same claim."""


def codes(errors):
    return [(e["code"], e["field"]) for e in errors]


def _ask(client, claim, state_name, request_name, kind, extra) -> list[str]:
    """Preview, then resolve; the disagreements found (empty when they agree)."""
    case = f"{state_name} x {request_name}"
    variables = {"id": gid("Claim", claim.pk), "input": {"type": kind, **extra}}
    before = ClaimResolution.objects.count()
    preview = client.post_graphql(PREVIEW, variables).json()["data"]["claimResolutionPreview"]
    wrong = []
    if ClaimResolution.objects.count() != before:
        wrong.append(f"{case}: the preview wrote a resolution")
    payload = client.post_graphql(CLAIM_RESOLVE, variables).json()["data"]["claimResolve"]
    if codes(payload["errors"]) != codes(preview["errors"]):
        wrong.append(f"{case}: preview {preview['errors']} but resolve {payload['errors']}")
    if preview["allowed"] is not (payload["errors"] == []):
        wrong.append(f"{case}: allowed={preview['allowed']} but resolve {payload['errors']}")
    expected = EXPECTED.get((state_name, request_name))
    if expected is not None and codes(preview["errors"]) != expected:
        wrong.append(f"{case}: expected {expected}, got {codes(preview['errors'])}")
    resolution = ClaimResolution.objects.filter(claim=claim).first()
    if preview["allowed"]:
        if payload["claim"]["status"] != "RESOLVED" or resolution is None:
            wrong.append(f"{case}: allowed, yet the claim is not resolved")
        elif preview["amount"] and resolution.amount != Decimal(preview["amount"]["amount"]):
            wrong.append(f"{case}: previewed {preview['amount']}, recorded {resolution.amount}")
    elif ClaimResolution.objects.count() != before:
        wrong.append(f"{case}: refused, yet a resolution was recorded")
    return wrong


@pytest.mark.parametrize("state_name", list(STATES))
def test_preview_and_resolve_agree(
    request, state_name, staff_warranty_client, fulfilled_order, channel_USD
):
    # given a claim in that state
    status, reason, paid, resolved_by = STATES[state_name]
    policy = set_policy(channel_USD, "electronics-store")
    if paid:
        request.getfixturevalue("payment_txn_captured")
    line = fulfilled_order.lines.order_by("created_at", "pk").first()
    claim = received_claim(fulfilled_order, policy, [(line, 1)], reason=reason, status=status)
    if resolved_by:
        first = staff_warranty_client.post_graphql(
            CLAIM_RESOLVE, {"id": gid("Claim", claim.pk), "input": {"type": resolved_by}}
        ).json()["data"]["claimResolve"]
        assert first["errors"] == []
    variant = gid("ProductVariant", variant_priced(line, "5").pk)
    # when staff preview, then resolve, each request of the table
    wrong = []
    for request_name, (kind, extra) in REQUESTS.items():
        if extra.get("exchangeVariant") == "VARIANT":
            extra = {**extra, "exchangeVariant": variant}
        try:
            with transaction.atomic():
                wrong += _ask(staff_warranty_client, claim, state_name, request_name, kind, extra)
                raise _Undo
        except _Undo:
            pass
    # then resolve did what the preview said, refusing with the same errors
    assert wrong == []
