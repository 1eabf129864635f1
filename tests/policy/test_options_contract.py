"""What an option promises a client: every resolution claimResolve would accept (store
credit included where the customer may choose it), evidence alternatives, fees as positive
deductions beside a signed breakdown, accounts, and rules the shop added to its text."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from saleor_warranty_plugin.policy import (
    PRESETS,
    ClaimReason,
    EvidenceKind,
    FindingCode,
    ResolutionType,
    Verdict,
    evaluate_line,
    load_preset,
    parse_policy,
    summarize,
)
from saleor_warranty_plugin.policy.cli import main

from .builders import at, judge, make_claim, make_line, make_order

R = ClaimReason
RT = ResolutionType
K = EvidenceKind
PRESET_DIR = Path(__file__).resolve().parents[2] / "saleor_warranty_plugin" / "policy" / "presets"


def test_store_credit_is_offered_where_the_customer_may_choose_it():
    """ "Refunds can be issued: By the same method the original payment was made. Or as a
    credit to your personal account on our website — at your choice." """
    claim = make_claim(R.DEFECTIVE, serial_number="SN-1", evidence=frozenset({K.DESCRIPTION}))
    option = judge("equipment-reseller", R.DEFECTIVE, "2025-04-01", claim=claim)
    assert option.resolutions == (RT.REPLACEMENT, RT.REFUND, RT.STORE_CREDIT)
    assert option.refund is not None and option.refund.store_credit_allowed
    # a customer who prefers credit gets it first
    cancel = judge(
        "equipment-reseller",
        R.CHANGED_MIND,
        "2025-03-03",
        order=make_order(shipped_at=None, delivered_at=None),
        claim=make_claim(R.CHANGED_MIND, preferred_resolution=RT.STORE_CREDIT),
    )
    assert cancel.resolutions == (RT.STORE_CREDIT, RT.REFUND)


def test_original_payment_only_offers_no_store_credit():
    """hardware-supplier: "The return of the cost of the product is made to the Customer's
    card" """
    option = judge("hardware-supplier", R.DEFECTIVE, "2025-03-10")
    assert RT.STORE_CREDIT not in option.resolutions
    assert option.resolutions[0] == RT.REFUND


def _credit(kind: str) -> str:
    return "STORE_CREDIT" if kind == "REFUND" else kind


def test_store_credit_only_policy_offers_no_refund_to_the_card():
    doc = yaml.safe_load((PRESET_DIR / "hardware-supplier.yaml").read_text())
    doc["refund"]["methods"] = "store_credit"
    for spec in doc["reasons"].values():
        if "resolutions" in spec:
            spec["resolutions"] = [_credit(r) for r in spec["resolutions"]]
        if "out_of_stock" in spec:
            fallback = spec["out_of_stock"]
            fallback["resolutions"] = [_credit(r) for r in fallback["resolutions"]]
    policy = parse_policy(doc)
    evaluation = evaluate_line(
        policy, make_order(), make_line(), at("2025-03-10"), None, [R.DEFECTIVE]
    )
    option = evaluation.options[0]
    assert option.resolutions[0] == RT.STORE_CREDIT
    assert RT.REFUND not in option.resolutions


def test_sale_item_options_say_why_refund_is_absent():
    """hardware-supplier: "Items purchased on sale are not refundable. Only regular priced
    items can be refunded." """
    line = make_line(discount_kinds=frozenset({"sale"}), unit_price_paid=Decimal("80.00"))
    option = judge("hardware-supplier", R.DEFECTIVE, "2025-03-10", line=line)
    assert RT.REFUND not in option.resolutions and RT.STORE_CREDIT not in option.resolutions
    assert option.resolutions == (RT.REPLACEMENT, RT.REPAIR)
    assert FindingCode.SALE_ITEM in option.codes
    assert option.verdict is not Verdict.INELIGIBLE
    assert option.refund is None


def test_evidence_alternatives_are_listed_and_the_first_is_asked_for():
    """cross-border-store: "Photo or video of the defective item" """
    option = judge("cross-border-store", R.DEFECTIVE, "2025-03-08")
    assert option.evidence_requirements == (
        (K.PHOTO_OF_PACKAGE,),
        (K.DESCRIPTION,),
        (K.PHOTO_OF_ITEM, K.VIDEO_OF_DEFECT),
    )
    assert option.evidence_to_ask == (K.PHOTO_OF_PACKAGE, K.DESCRIPTION, K.PHOTO_OF_ITEM)


def test_fees_are_positive_deductions_and_the_items_sum_to_the_total():
    """equipment-reseller: "In certain cases, a 6% transaction fee will be deducted from the
    refund amount." """
    order = make_order(shipped_at=None, delivered_at=None)
    option = judge("equipment-reseller", R.CHANGED_MIND, "2025-03-03", order=order)
    plan = option.refund
    assert plan is not None
    assert [(f.code, f.amount) for f in plan.fees] == [("TRANSACTION_FEE", Decimal("6.00"))]
    assert all(f.amount > 0 for f in plan.fees)
    goods = next(i.amount for i in plan.items if i.code == "GOODS")
    assert plan.total == goods - sum(f.amount for f in plan.fees) == Decimal("94.00")
    assert sum(i.amount for i in plan.items) == plan.total


def test_an_account_is_required_where_the_text_says_so():
    """equipment-reseller: "Please note that you must be logged into the system to access the
    form." """
    assert load_preset("equipment-reseller").require_account
    assert not load_preset("hardware-supplier").require_account
    assert "sign in" in summarize(load_preset("equipment-reseller")).lower()


def _blocks(text: str, section: str) -> list[str]:
    """The YAML text of each entry of a top-level section, with the comments above it."""
    if f"\n{section}:\n" not in text:
        return []
    body = text.split(f"\n{section}:\n", 1)[1]
    blocks: list[list[str]] = []
    pending: list[str] = []
    for line in body.splitlines():
        if line and not line.startswith(" "):
            break  # the next top-level section
        if re.match(r"^  #", line):
            pending.append(line)
        elif re.match(r"^  (- |[A-Z_]+:)", line):
            blocks.append([*pending, line])
            pending = []
        elif blocks:
            blocks[-1] += [*pending, line]
            pending = []
    return ["\n".join(block) for block in blocks]


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_every_rule_quotes_its_sentence_or_is_a_shop_default(preset):
    """Each reason and exclusion of a preset quotes the policy text it encodes, or is marked
    `shop_default` (the text does not say it)."""
    text = (PRESET_DIR / f"{preset}.yaml").read_text()
    blocks = _blocks(text, "reasons") + _blocks(text, "exclusions")
    assert blocks
    for block in blocks:
        assert '"' in block or "shop_default:" in block, block


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_explain_shows_shop_defaults_as_such(preset, capsys):
    policy = load_preset(preset)
    doc = policy.model
    marked = [*doc.reasons.values(), *doc.exclusions, doc.refund, doc.claims]
    if doc.warranty is not None:
        marked += [doc.warranty, *doc.warranty.overrides]
    if doc.refund.accessory_charges is not None:
        marked.append(doc.refund.accessory_charges)
    defaults = [item.shop_default for item in marked if item.shop_default]
    assert defaults
    assert main(["explain", preset]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for text in defaults:
        assert f"[Shop default, not in the policy text: {' '.join(text.split())}]" in out


def test_reasons_the_text_never_mentions_are_shop_defaults():
    """Example: windows for reasons a text never mentions."""
    for preset in PRESETS:
        spec = load_preset(preset).model.reasons.get(R.WRONG_ITEM_SENT)
        if spec is not None and spec.accepted:
            assert spec.shop_default, preset
