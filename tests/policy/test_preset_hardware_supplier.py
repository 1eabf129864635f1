"""Preset ``hardware-supplier``: one scenario per rule of seeds/003.

Default timeline (builders): ordered 3 Mar 2025, shipped 4 Mar, delivered 6 Mar.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from saleor_warranty_plugin.policy import (
    ClaimReason,
    EvidenceKind,
    FindingCode,
    ItemCondition,
    ResolutionType,
    Verdict,
    load_preset,
    plan_refund,
)

from .builders import at, judge, make_claim, make_line, make_order

PRESET = "hardware-supplier"
R = ClaimReason
F = FindingCode
E = EvidenceKind
RT = ResolutionType
PAPERS = frozenset({E.PROOF_OF_PURCHASE, E.DESCRIPTION})


def defect(**overrides: object) -> object:
    fields: dict[str, object] = {"evidence": PAPERS}
    fields.update(overrides)
    return make_claim(R.DEFECTIVE, **fields)


@pytest.mark.parametrize(
    ("delivered", "deadline"),
    [
        ("2025-03-06", "2025-03-20"),  # 14 days from receipt
        ("2025-04-10", "2025-04-17"),  # capped: 45 days from the order (3 Mar)
    ],
)
def test_14_days_from_receipt_but_no_more_than_45_from_order(delivered: str, deadline: str) -> None:
    """ "Our return and refund policy is valid within 14 days from the moment the customer
    receives the product, but no more than 45 days from the moment the customer orders the
    product." """
    order = make_order(delivered_at=delivered, shipped_at="2025-03-05")
    inside = judge(PRESET, R.DEFECTIVE, deadline, order=order, claim=defect())
    after = judge(
        PRESET,
        R.DEFECTIVE,
        f"{deadline[:8]}{int(deadline[8:]) + 1:02d}",
        order=order,
        claim=defect(),
    )
    assert inside.deadline == at(f"{deadline}T23:59:59.999999")
    assert F.RETURN_WINDOW_EXPIRED not in inside.codes
    assert after.codes == (F.RETURN_WINDOW_EXPIRED,)


@pytest.mark.parametrize(
    "reason", [R.DEFECTIVE, R.DEAD_ON_ARRIVAL, R.DAMAGED_IN_TRANSIT, R.NOT_AS_DESCRIBED]
)
def test_defective_or_damaged_goods_are_accepted(reason: ClaimReason) -> None:
    """ "Only those goods purchased by the Customer from the Supplier, which turned out to be
    defective or damaged and which the Customer could not use as intended in accordance with the
    Supplier's documentation for the product, are subject to return." """
    option = judge(PRESET, reason, "2025-03-10")
    assert option.verdict is Verdict.NEEDS_REVIEW
    assert F.REASON_NOT_ACCEPTED not in option.codes


def test_new_and_unused_items_are_not_returnable() -> None:
    """ "Only damaged and defective goods are eligible for replacement or refund. New and never
    used items are non-returnable and non-refundable." """
    option = judge(PRESET, R.CHANGED_MIND, "2025-03-07")
    assert option.verdict is Verdict.INELIGIBLE
    assert option.codes == (F.REASON_NOT_ACCEPTED,)


def test_laboratory_diagnosis_decides() -> None:
    """ "Diagnostics in the laboratory" / "As soon as your return is received, we will carry out
    a technical inspection of the device." / "we will offer you reasonable options: return of the
    cost of the goods; replacement of the product with a new similar one; repair of the
    product" """
    option = judge(PRESET, R.DEFECTIVE, "2025-03-10", claim=defect())
    assert option.decided_by == "lab"
    assert option.needs_inspection is True
    assert option.verdict is Verdict.NEEDS_REVIEW
    assert option.resolutions == (RT.REFUND, RT.REPLACEMENT, RT.REPAIR)


def test_proof_of_purchase_and_description_required() -> None:
    """ "We need you to provide us with all the information you have, as well as information
    proving that you actually purchased the product" / "It is advisable to describe exactly how
    you use the product" """
    option = judge(PRESET, R.DEFECTIVE, "2025-03-10", claim=make_claim(R.DEFECTIVE))
    assert option.codes == (F.EVIDENCE_REQUIRED,)
    assert option.required_evidence == (E.PROOF_OF_PURCHASE, E.DESCRIPTION)


def test_refund_excludes_postal_costs() -> None:
    """ "return of the cost of the goods (the cost of the postal shipment is not reimbursed)" /
    "send the goods by mail to the physical postal address indicated by us at your own
    expense." """
    claim = defect(return_shipping_cost=Decimal("15.00"))
    plan = plan_refund(load_preset(PRESET), make_order(), make_line(), claim, at("2025-03-10"))
    assert [(i.code, i.amount) for i in plan.items] == [("GOODS", Decimal("100.00"))]
    assert plan.return_shipping_paid_by == "buyer"


@pytest.mark.parametrize("kind", ["sale", "promotion"])
def test_sale_items_not_refundable_but_replaceable(kind: str) -> None:
    """ "Items purchased on sale are not refundable. Only regular priced items can be refunded."
    Reading: a defective sale item is still replaced or repaired."""
    line = make_line(discount_kinds=frozenset({kind}), unit_price_paid=Decimal("70.00"))
    option = judge(PRESET, R.DEFECTIVE, "2025-03-10", line=line, claim=defect())
    assert option.codes == (F.SALE_ITEM,)
    assert option.verdict is Verdict.NEEDS_REVIEW
    assert option.resolutions == (RT.REPLACEMENT, RT.REPAIR)
    assert option.refund is None


def test_voucher_is_not_a_sale() -> None:
    """ "Only regular priced items can be refunded." Reading: a voucher does not make an item
    "purchased on sale"; it is refunded at the price actually paid."""
    line = make_line(discount_kinds=frozenset({"voucher"}), unit_price_paid=Decimal("90.00"))
    option = judge(PRESET, R.DEFECTIVE, "2025-03-10", line=line, claim=defect())
    assert option.codes == ()
    assert option.refund is not None
    assert option.refund.total == Decimal("90.00")


def test_repair_when_replacement_impossible_for_lack_of_stock() -> None:
    """ "This resolution scenario applies only in cases where it has an economic or
    organizational effect ... when it is impossible to replace the product with a new one due
    to the lack of necessary components in stock." """
    option = judge(
        PRESET, R.DEFECTIVE, "2025-03-10", line=make_line(in_stock=False), claim=defect()
    )
    assert option.codes == (F.OUT_OF_STOCK,)
    assert option.resolutions == (RT.REPAIR, RT.REFUND)
    assert option.verdict is Verdict.NEEDS_REVIEW


@pytest.mark.parametrize(
    "found",
    [ItemCondition.USER_DAMAGE, ItemCondition.UNAUTHORIZED_REPAIR, ItemCondition.NO_DEFECT_FOUND],
)
def test_customer_caused_malfunction_is_not_covered(found: ItemCondition) -> None:
    """ "The reason for the refund, replacement or repair of the product cannot be malfunctions
    caused by the Customer due to his own mistake, carelessness or use of the product in
    violation of the rules" """
    option = judge(
        PRESET, R.DEFECTIVE, "2025-03-10", claim=defect(inspected_conditions=frozenset({found}))
    )
    assert option.verdict is Verdict.INELIGIBLE
    assert option.codes == (F.CONDITION_NOT_MET,)


def test_wrong_item_reading() -> None:
    """Not in the seed. Reading: the supplier's picking mistake is replaced at its cost."""
    option = judge(PRESET, R.WRONG_ITEM_SENT, "2025-03-10")
    assert option.verdict is Verdict.NEEDS_REVIEW
    assert option.resolutions == (RT.REPLACEMENT, RT.REFUND)
    assert option.return_shipping_paid_by == "shop"
