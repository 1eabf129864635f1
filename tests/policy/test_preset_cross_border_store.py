"""Preset ``cross-border-store``: one scenario per rule of seeds/002.

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

PRESET = "cross-border-store"
R = ClaimReason
C = ItemCondition
F = FindingCode
E = EvidenceKind
PROOFS = frozenset({E.PHOTO_OF_PACKAGE, E.PHOTO_OF_ITEM, E.DESCRIPTION})


def claim_for(reason: ClaimReason, **overrides: object) -> object:
    fields: dict[str, object] = {"evidence": PROOFS}
    fields.update(overrides)
    return make_claim(reason, **fields)


@pytest.mark.parametrize(("now", "expired"), [("2025-03-13", False), ("2025-03-14", True)])
def test_dead_on_arrival_within_7_days_of_delivery(now: str, expired: bool) -> None:
    """ "If the item arrives broken or is faulty, please do not hesitate to contact us within 7
    days from its delivery date." Delivered 6 Mar: until 13 Mar."""
    option = judge(PRESET, R.DEAD_ON_ARRIVAL, now, claim=claim_for(R.DEAD_ON_ARRIVAL))
    assert option.deadline == at("2025-03-13T23:59:59.999999")
    assert (option.codes == (F.RETURN_WINDOW_EXPIRED,)) is expired
    assert (option.verdict is Verdict.INELIGIBLE) is expired


def test_arrives_broken_covers_transit_damage() -> None:
    """ "If the item arrives broken ... contact us within 7 days from its delivery date." """
    option = judge(
        PRESET, R.DAMAGED_IN_TRANSIT, "2025-03-10", claim=claim_for(R.DAMAGED_IN_TRANSIT)
    )
    assert option.verdict is Verdict.NEEDS_REVIEW
    assert option.return_shipping_paid_by == "shop"


def test_unknown_delivery_date_uses_transit_allowance() -> None:
    """ "within 7 days from its delivery date" — without a delivery date, shipped 4 Mar + a 10-day
    transit allowance counts as delivered 14 Mar."""
    order = make_order(delivered_at=None, transit_allowance_days=10)
    option = judge(PRESET, R.DEAD_ON_ARRIVAL, "2025-03-20", order=order)
    assert option.deadline == at("2025-03-21T23:59:59.999999")


def test_missing_accessories_are_charged() -> None:
    """ "you may have to return the defective product, which should come with all its
    accessories, like cable, charger, and battery. If a component or accessory is missing, we
    will ask you to pay for it." Default charge: 10% of the unit price per accessory."""
    claim = claim_for(R.DEAD_ON_ARRIVAL, missing_accessories=("charger", "battery"))
    plan = plan_refund(load_preset(PRESET), make_order(), make_line(), claim, at("2025-03-10"))
    assert [(i.code, i.amount) for i in plan.items] == [
        ("GOODS", Decimal("100.00")),
        ("MISSING_ACCESSORY", Decimal("-10.00")),
        ("MISSING_ACCESSORY", Decimal("-10.00")),
        ("RETURN_SHIPPING", Decimal("0.00")),
    ]
    assert plan.total == Decimal("80.00")
    # missing accessories charge, they do not void the claim
    option = judge(
        PRESET,
        R.DEAD_ON_ARRIVAL,
        "2025-03-10",
        claim=claim_for(R.DEAD_ON_ARRIVAL, inspected_conditions=frozenset({C.MISSING_ACCESSORIES})),
    )
    assert option.verdict is Verdict.ELIGIBLE


def test_shop_covers_return_shipping_refunded_after_arrival() -> None:
    """ "We will cover the return shipping fees, which will be refunded to you after the
    defective item has arrived in our warehouse." """
    claim = claim_for(R.DEFECTIVE, return_shipping_cost=Decimal("23.456"), received_at="2025-03-20")
    plan = plan_refund(load_preset(PRESET), make_order(), make_line(), claim, at("2025-03-20"))
    assert plan.items[-1].code == "RETURN_SHIPPING"
    assert plan.items[-1].amount == Decimal("23.46")
    assert plan.total == Decimal("123.46")
    assert plan.return_shipping_paid_by == "shop"


@pytest.mark.parametrize(
    ("delivered", "now", "expired"),
    [
        ("2025-03-06", "2025-04-03", False),  # 30 days after shipment (4 Mar) is the later
        ("2025-03-06", "2025-04-04", True),
        ("2025-04-01", "2025-04-08", False),  # slow delivery: 7 days after delivery is later
        ("2025-04-01", "2025-04-09", True),
    ],
)
def test_faulty_within_7_days_after_delivery_or_30_after_shipment(
    delivered: str, now: str, expired: bool
) -> None:
    """ "If the item is faulty within 7 days after delivery or 30 days after shipment and the
    problem is caused by its manufacturing process, we will arrange a replacement or a refund" """
    order = make_order(delivered_at=delivered)
    option = judge(PRESET, R.DEFECTIVE, now, order=order, claim=claim_for(R.DEFECTIVE))
    assert (F.RETURN_WINDOW_EXPIRED in option.codes) is expired


@pytest.mark.parametrize("preferred", [ResolutionType.REFUND, ResolutionType.REPLACEMENT])
def test_replacement_or_refund_as_customer_prefers(preferred: ResolutionType) -> None:
    """ "we will arrange a replacement or a refund according to your preferences." """
    claim = claim_for(R.DEFECTIVE, preferred_resolution=preferred)
    option = judge(PRESET, R.DEFECTIVE, "2025-03-10", claim=claim)
    assert option.resolutions[0] is preferred
    assert set(option.resolutions) == {ResolutionType.REFUND, ResolutionType.REPLACEMENT}


def test_refund_when_no_replacement_in_stock() -> None:
    """ "replacement or a refund": out of stock, the refund remains and the claim stays open."""
    option = judge(
        PRESET,
        R.DEFECTIVE,
        "2025-03-10",
        line=make_line(in_stock=False),
        claim=claim_for(R.DEFECTIVE),
    )
    assert option.resolutions == (ResolutionType.REFUND,)
    assert option.codes == (F.OUT_OF_STOCK,)
    assert option.verdict is Verdict.NEEDS_REVIEW


@pytest.mark.parametrize(
    ("evidence", "ok"),
    [
        (PROOFS, True),
        (frozenset({E.PHOTO_OF_PACKAGE, E.VIDEO_OF_DEFECT, E.DESCRIPTION}), True),
        (frozenset({E.PHOTO_OF_PACKAGE, E.DESCRIPTION}), False),  # no photo or video of the item
        (frozenset({E.PHOTO_OF_ITEM, E.DESCRIPTION}), False),  # no photo of the package
        (frozenset({E.PHOTO_OF_PACKAGE, E.PHOTO_OF_ITEM}), False),  # no description
    ],
)
def test_proofs_of_a_defect(evidence: frozenset[EvidenceKind], ok: bool) -> None:
    """ "please provide us with the following proofs: Photos of the front and the back of the
    package or box; Partial shipment slips (if applicable); Photo or video of the defective
    item; Photo or video and a detailed description of the problem" — the slip is optional."""
    option = judge(
        PRESET, R.DEFECTIVE, "2025-03-10", claim=make_claim(R.DEFECTIVE, evidence=evidence)
    )
    assert (F.EVIDENCE_REQUIRED in option.codes) is not ok
    assert option.required_evidence == (E.PHOTO_OF_PACKAGE, E.DESCRIPTION)
    assert option.evidence_choices == ((E.PHOTO_OF_ITEM, E.VIDEO_OF_DEFECT),)


def test_refund_or_replacement_after_confirming_defect() -> None:
    """ "We can arrange a refund or a replacement of the product after receiving the defective
    item and confirming that it is indeed defective" """
    waiting = judge(PRESET, R.DEFECTIVE, "2025-03-10", claim=claim_for(R.DEFECTIVE))
    confirmed = judge(
        PRESET,
        R.DEFECTIVE,
        "2025-03-10",
        claim=claim_for(R.DEFECTIVE, inspected_conditions=frozenset()),
    )
    assert waiting.verdict is Verdict.NEEDS_REVIEW
    assert confirmed.verdict is Verdict.ELIGIBLE


@pytest.mark.parametrize("found", [C.USER_DAMAGE, C.NO_DEFECT_FOUND])
def test_not_a_manufacturing_defect(found: ItemCondition) -> None:
    """ "If the defect on the product is not related to its manufacturing process, the customer
    should pay the return shipping fees." / "Accidental damage and damage resulting from misuse,
    abuse or any other cause not related to the product itself are not covered by this
    warranty." / "This clause does not include products of damages caused by incorrect usage" """
    option = judge(
        PRESET,
        R.DEFECTIVE,
        "2025-03-10",
        claim=claim_for(R.DEFECTIVE, inspected_conditions=frozenset({found})),
    )
    assert option.verdict is Verdict.INELIGIBLE
    assert option.codes == (F.CONDITION_NOT_MET,)
    assert option.return_shipping_paid_by == "buyer"


def test_only_defective_goods_come_back() -> None:
    """ "Return a defective item" — no change-of-mind returns."""
    option = judge(PRESET, R.CHANGED_MIND, "2025-03-07")
    assert option.codes == (F.REASON_NOT_ACCEPTED,)
    assert option.verdict is Verdict.INELIGIBLE
