"""Preset ``electronics-store``: one scenario per rule of seeds/001.

Default timeline (builders): ordered 3 Mar 2025, shipped 4 Mar, delivered 6 Mar.
"""

from __future__ import annotations

from datetime import timedelta
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

PRESET = "electronics-store"
R = ClaimReason
C = ItemCondition
F = FindingCode
E = EvidenceKind
PROOF = frozenset({E.PROOF_OF_PURCHASE})
PRISTINE = frozenset({C.UNUSED, C.ORIGINAL_PACKAGING, C.ALL_ACCESSORIES, C.SEALS_INTACT})


def warranty_claim(**overrides: object) -> object:
    fields: dict[str, object] = {"serial_number": "IMEI-1", "evidence": PROOF}
    fields.update(overrides)
    return make_claim(R.DEFECTIVE, **fields)


@pytest.mark.parametrize(
    ("months", "last_day"),
    [(None, "2026-03-03"), (12, "2026-03-03"), (24, "2027-03-03"), (36, "2028-03-03")],
)
def test_warranty_12_to_36_months_per_model(months: int | None, last_day: str) -> None:
    """ "Warranty is provided for a period of 12 to 36 months depending on the product model.
    The warranty period is indicated in the description of each product" — counted from the
    "Date of sale of goods" on the warranty card; 12 months when the product says nothing."""
    line = make_line(warranty_months=months)
    day_after = at(f"{last_day}T23:59:59.999999") + timedelta(microseconds=1)
    inside = judge(PRESET, R.DEFECTIVE, f"{last_day}T23:59", line=line, claim=warranty_claim())
    past = judge(PRESET, R.DEFECTIVE, day_after.isoformat(), line=line, claim=warranty_claim())
    assert inside.deadline == at(f"{last_day}T23:59:59.999999")
    assert F.WARRANTY_EXPIRED not in inside.codes
    assert past.codes == (F.WARRANTY_EXPIRED,)
    assert past.verdict is Verdict.INELIGIBLE
    assert past.paid_repair is False


@pytest.mark.parametrize(("now", "expired"), [("2025-04-02", False), ("2025-04-03", True)])
def test_return_within_30_days_of_purchase(now: str, expired: bool) -> None:
    """ "Yes, you can exchange or return the goods within 30 days after purchase if you have not
    used the goods." """
    claim = make_claim(R.CHANGED_MIND, declared_conditions=PRISTINE, evidence=PROOF)
    option = judge(PRESET, R.CHANGED_MIND, now, claim=claim)
    assert option.deadline == at("2025-04-02T23:59:59.999999")
    assert (F.RETURN_WINDOW_EXPIRED in option.codes) is expired
    # once the window has passed nothing is offered any more
    offered = set() if expired else {ResolutionType.REFUND, ResolutionType.EXCHANGE}
    assert set(option.resolutions) == offered


@pytest.mark.parametrize(
    ("state", "sentence"),
    [
        (C.USED, "If you have opened a product and used it, it cannot be returned and exchanged."),
        (C.PACKAGING_DAMAGED, "packaging integrity is not violated"),
        (C.NO_PACKAGING, "If the product has its presentation and packaging"),
        (C.MISSING_ACCESSORIES, "The goods are fully equipped"),
        (C.SEALS_DAMAGED, "All labels and factory markings are saved."),
        (C.SOFTWARE_TAMPERED, "the software was not changed"),
        (C.USER_DAMAGE, "has no signs of use: scratches, chips, scuffs"),
    ],
)
def test_return_requires_unused_complete_goods(state: ItemCondition, sentence: str) -> None:
    """ "To use this feature, please make sure that: The product was not in use and has no
    signs of use ...; The goods are fully equipped and packaging integrity is not violated; All
    labels and factory markings are saved." — declared or found at inspection."""
    declared = make_claim(R.CHANGED_MIND, declared_conditions=frozenset({state}), evidence=PROOF)
    inspected = make_claim(
        R.CHANGED_MIND,
        declared_conditions=PRISTINE,
        evidence=PROOF,
        inspected_conditions=frozenset({state}),
    )
    for claim in (declared, inspected):
        option = judge(PRESET, R.CHANGED_MIND, "2025-03-20", claim=claim)
        assert option.verdict is Verdict.INELIGIBLE, sentence
        assert option.codes == (F.CONDITION_NOT_MET,)


def test_return_is_checked_by_the_store() -> None:
    """ "If the product does not meet the above requirements, the store has the right to refuse
    the exchange or return procedure." — NEEDS_REVIEW until inspected, then ELIGIBLE."""
    claim = make_claim(R.CHANGED_MIND, declared_conditions=PRISTINE, evidence=PROOF)
    before = judge(PRESET, R.CHANGED_MIND, "2025-03-20", claim=claim)
    after = judge(
        PRESET,
        R.CHANGED_MIND,
        "2025-03-20",
        claim=make_claim(R.CHANGED_MIND, evidence=PROOF, inspected_conditions=PRISTINE),
    )
    assert before.verdict is Verdict.NEEDS_REVIEW
    assert after.verdict is Verdict.ELIGIBLE


def test_return_needs_documents_confirming_purchase() -> None:
    """ "provided that the presentation of the purchased equipment, packaging, and the presence
    of documents confirming the fact of purchase are preserved." """
    option = judge(PRESET, R.CHANGED_MIND, "2025-03-20", claim=make_claim(R.CHANGED_MIND))
    assert option.codes == (F.EVIDENCE_REQUIRED,)
    assert option.required_evidence == (E.PROOF_OF_PURCHASE,)


def test_buyer_pays_return_shipping() -> None:
    """ "Note that the buyer pays for the return shipping." / "Exchange and return of goods of
    good quality is carried out at the buyer's expense" """
    option = judge(PRESET, R.CHANGED_MIND, "2025-03-20")
    assert option.return_shipping_paid_by == "buyer"
    assert option.refund is not None
    assert option.refund.return_shipping_paid_by == "buyer"


def test_refund_on_return_day_or_within_7_days() -> None:
    """ "We will refund the money on the day the product is returned or, in the absence of money
    at the checkout, no later than 7 days later." """
    claim = make_claim(R.CHANGED_MIND, received_at="2025-03-20", evidence=PROOF)
    plan = plan_refund(load_preset(PRESET), make_order(), make_line(), claim, at("2025-03-20"))
    assert plan.due_at == at("2025-03-27T23:59:59.999999")
    assert plan.total == Decimal("100.00")
    assert [i.code for i in plan.items] == ["GOODS"]


def test_defect_repaired_by_service_centre_first() -> None:
    """ "If during the warranty period the goods ... are out of order due to the fault of the
    manufacturer and cannot be repaired at an authorized service center, we will exchange the
    goods for a similar one or refund the money." / "The repair period is determined by an
    authorized SC." """
    option = judge(PRESET, R.DEFECTIVE, "2025-09-01", claim=warranty_claim())
    assert option.resolutions == (
        ResolutionType.REPAIR,
        ResolutionType.REPLACEMENT,
        ResolutionType.REFUND,
    )
    assert option.decided_by == "service_center"
    assert option.needs_inspection is True
    assert option.verdict is Verdict.NEEDS_REVIEW


def test_defect_needs_warranty_card_payment_document_and_serial() -> None:
    """ "please provide us: Goods with a complete set; Warranty card; Document confirming
    payment; The conclusion of the service center" / "The serial or IMEI number ..." """
    option = judge(PRESET, R.DEFECTIVE, "2025-09-01", claim=make_claim(R.DEFECTIVE))
    assert set(option.codes) == {F.EVIDENCE_REQUIRED, F.SERIAL_NUMBER_REQUIRED}
    assert option.required_evidence == (E.PROOF_OF_PURCHASE, E.SERIAL_NUMBER)


@pytest.mark.parametrize(
    ("found", "sentence"),
    [
        (C.SEALS_DAMAGED, "The safety of warranty seals is violated"),
        (C.USER_DAMAGE, "mechanical or other damage ... of the buyer or third parties"),
        (C.UNAUTHORIZED_REPAIR, "an unauthorized opening, repair, or ... components were changed"),
        (C.SOFTWARE_TAMPERED, "The serial or IMEI number in the product's memory has been changed"),
        (C.NO_DEFECT_FOUND, "Natural wear or depletion of a resource"),
    ],
)
def test_service_centre_may_refuse(found: ItemCondition, sentence: str) -> None:
    """ "The service center may refuse warranty repair if: ..." / "Warranty does not apply to the
    following malfunctions: ..." """
    option = judge(
        PRESET,
        R.DEFECTIVE,
        "2025-09-01",
        claim=warranty_claim(inspected_conditions=frozenset({found})),
    )
    assert option.verdict is Verdict.INELIGIBLE, sentence
    assert option.codes == (F.CONDITION_NOT_MET,)


def test_inadequate_quality_is_exchanged_after_expert_check() -> None:
    """ "If the goods are of INadequate quality (defectiveness is revealed), we will exchange for
    goods of good quality. The presence of marriage is carefully checked by our experts." """
    claim = make_claim(R.DEAD_ON_ARRIVAL, evidence=PROOF)
    option = judge(PRESET, R.DEAD_ON_ARRIVAL, "2025-03-10", claim=claim)
    assert option.verdict is Verdict.NEEDS_REVIEW
    assert option.resolutions[0] is ResolutionType.REPLACEMENT
    assert option.return_shipping_paid_by == "shop"
