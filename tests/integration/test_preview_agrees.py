"""claimResolutionPreview and claimResolve give the same answer: over a table of policies x
claim states x resolution types, the preview's allowed/refused answer and codes are what
claimResolve then does, and a refusal moves nothing in Saleor."""

from decimal import Decimal

import pytest
from django.db import transaction

from saleor_warranty_plugin.models import ClaimResolution

from .helpers import gid, set_policy
from .resolution_helpers import (
    first_line,
    inspected,
    on_sale,
    preview,
    received_claim,
    resolve,
    saleor_rows,
)

pytestmark = pytest.mark.compare_executors

TYPES = ("REFUND", "STORE_CREDIT", "REPLACEMENT", "EXCHANGE", "REPAIR")
SOUND = ("SEALS_INTACT", "ORIGINAL_PACKAGING")
#: what the inspection finds that voids each policy's warranty
VOIDING = {
    "repair-parts-shop": ("SEALS_DAMAGED", "ORIGINAL_PACKAGING"),
    "hardware-supplier": ("USER_DAMAGE",),
    "equipment-reseller": ("USER_DAMAGE", *SOUND),
    "cross-border-store": ("USER_DAMAGE",),
}
#: the table's expected answers (allowed types); the test checks preview == resolve for all
ALLOWED = {
    ("repair-parts-shop", "sound"): {"REPLACEMENT", "REPAIR", "REFUND"},
    ("repair-parts-shop", "voided"): {"REPAIR"},  # paid repair only
    ("repair-parts-shop", "sale"): {"REPLACEMENT", "REPAIR", "REFUND"},
    ("hardware-supplier", "sound"): {"REFUND", "REPLACEMENT", "REPAIR"},
    ("hardware-supplier", "voided"): set(),
    ("hardware-supplier", "sale"): {"REPLACEMENT", "REPAIR"},
    ("equipment-reseller", "sound"): {"REPLACEMENT", "REFUND", "STORE_CREDIT"},
    ("equipment-reseller", "voided"): set(),
    ("equipment-reseller", "sale"): set(),
    ("cross-border-store", "sound"): {"REPLACEMENT", "REFUND"},
    ("cross-border-store", "voided"): set(),
    ("cross-border-store", "sale"): {"REPLACEMENT", "REFUND"},
}


@pytest.mark.parametrize(("preset", "state"), sorted(ALLOWED))
def test_preview_and_resolve_agree(
    preset, state, staff_warranty_client, fulfilled_order, payment_txn_captured, channel_USD
):
    policy = set_policy(channel_USD, preset)
    line = first_line(fulfilled_order)
    if state == "sale":
        on_sale(line)
    claim = received_claim(fulfilled_order, policy, [(line, 1)])
    inspected(claim, *(VOIDING[preset] if state == "voided" else SOUND))
    allowed = set()
    for kind in TYPES:
        extra = {"exchangeVariant": gid("ProductVariant", line.variant_id)}
        with transaction.atomic():  # each type is tried on the same claim, then rolled back
            before = saleor_rows(fulfilled_order)
            shown = preview(staff_warranty_client, claim, type=kind)
            done = resolve(
                staff_warranty_client, claim, type=kind, **(extra if kind == "EXCHANGE" else {})
            )
            codes = [e["code"] for e in done["errors"]]
            if shown["allowed"]:
                allowed.add(kind)
                assert codes == [], (kind, done["errors"])
                resolution = ClaimResolution.objects.get(claim=claim)
                if shown["amount"] is not None:
                    assert resolution.amount == Decimal(shown["amount"]["amount"])
            else:
                assert codes == [e["code"] for e in shown["errors"]] != [], (kind, shown)
                assert [e["orderLines"] for e in done["errors"]] == [
                    e["orderLines"] for e in shown["errors"]
                ]
                assert saleor_rows(fulfilled_order) == before
            transaction.set_rollback(True)
    assert allowed == ALLOWED[(preset, state)]
