"""Preset ``repair-parts-shop``: one scenario per rule of seeds/000.

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
    plan_due_dates,
    plan_refund,
)

from .builders import at, judge, make_claim, make_line, make_order

PRESET = "repair-parts-shop"
R = ClaimReason
C = ItemCondition
F = FindingCode
GOOD = frozenset({C.ORIGINAL_PACKAGING, C.SEALS_INTACT})


def defect_claim(**overrides: object) -> object:
    fields: dict[str, object] = {
        "serial_number": "SN-1",
        "evidence": frozenset({EvidenceKind.DESCRIPTION}),
    }
    fields.update(overrides)
    return make_claim(R.DEFECTIVE, **fields)


@pytest.mark.parametrize(
    ("now", "expired"),
    [("2025-03-12T23:59", False), ("2025-03-13T00:00", True)],
)
def test_exchange_within_7_days_excluding_delivery_time(now: str, expired: bool) -> None:
    """ "User can exchange any item within 7 days after the purchase (excluding the delivery
    time) if the exchangeable item is in stock." Ordered 3 Mar, in transit 4->6 Mar (2 days):
    the 7 days end on 12 Mar."""
    # given the default timeline; when a change of mind is judged
    option = judge(PRESET, R.CHANGED_MIND, now)
    # then the deadline is 3 Mar + 7 days + 2 days of transit, inclusive
    assert option.deadline == at("2025-03-12T23:59:59.999999")
    assert option.resolutions == (() if expired else (ResolutionType.EXCHANGE,))
    assert (F.RETURN_WINDOW_EXPIRED in option.codes) is expired
    assert (option.verdict is Verdict.INELIGIBLE) is expired


def test_exchange_with_unknown_delivery_uses_transit_allowance() -> None:
    """ "(excluding the delivery time)" — without a delivery date the configured transit
    allowance stands in for it: shipped 4 Mar + 5 days allowance -> transit 5 days."""
    order = make_order(delivered_at=None, transit_allowance_days=5)
    option = judge(PRESET, R.CHANGED_MIND, "2025-03-14", order=order)
    assert option.deadline == at("2025-03-15T23:59:59.999999")


def test_exchange_only_if_in_stock() -> None:
    """ "...if the exchangeable item is in stock." No fallback: out of stock, no exchange."""
    option = judge(PRESET, R.CHANGED_MIND, "2025-03-05", line=make_line(in_stock=False))
    assert option.verdict is Verdict.INELIGIBLE
    assert option.codes == (F.OUT_OF_STOCK,)
    assert option.resolutions == ()


@pytest.mark.parametrize(
    ("now", "code"),
    [("2025-06-04", None), ("2025-06-05", F.WARRANTY_EXPIRED)],
)
def test_warranty_three_months_from_dispatch(now: str, code: FindingCode | None) -> None:
    """ "Usually warranty covers 3 month from the time of item dispatching." Shipped 4 Mar:
    covered until 4 Jun inclusive."""
    option = judge(PRESET, R.DEFECTIVE, now, claim=defect_claim())
    assert option.deadline == at("2025-06-04T23:59:59.999999")
    assert option.codes == (() if code is None else (code,))


def test_warranty_period_from_product_data() -> None:
    """ "Please make sure to ask our managers about correct warranty period for purchased
    goods" — a product's own warranty.months replaces the usual 3 months."""
    option = judge(
        PRESET, R.DEFECTIVE, "2025-12-01", line=make_line(warranty_months=12), claim=defect_claim()
    )
    assert option.deadline == at("2026-03-04T23:59:59.999999")
    assert F.WARRANTY_EXPIRED not in option.codes


def test_shipping_paid_by_customer_unless_received_malfunctioning() -> None:
    """ "Warranty does not cover any expenses for shipping to the company any damaged items and
    shipping of the repair/exchange items to the customer, unless customer have received
    malfunctioning device with the warranty sticker." """
    defective = judge(PRESET, R.DEFECTIVE, "2025-04-01", claim=defect_claim())
    dead = judge(PRESET, R.DEAD_ON_ARRIVAL, "2025-03-07")
    assert defective.return_shipping_paid_by == "buyer"
    assert dead.return_shipping_paid_by == "shop"
    assert dead.verdict is not Verdict.INELIGIBLE


def test_transit_damage_not_covered() -> None:
    """ "Warranty does not cover any damages or losses caused buy postal or shipping services."
    "Our company is not responsible for damaged packages or those shipped back to us for the
    reason the designated courier service fail to deliver the package." "Our company is not
    responsible for any faults discovered after you confirmed the receipt." """
    option = judge(PRESET, R.DAMAGED_IN_TRANSIT, "2025-03-06")
    assert option.verdict is Verdict.INELIGIBLE
    assert option.codes == (F.REASON_NOT_ACCEPTED,)
    assert "courier" in option.findings[0].message


@pytest.mark.parametrize(
    ("found", "why"),
    [
        (C.SEALS_DAMAGED, "Warranty seals are removed or damaged"),
        (C.NO_PACKAGING, "There is no original package"),
        (C.UNAUTHORIZED_REPAIR, "There were made any modifications or adjustments to the device"),
        (C.SOFTWARE_TAMPERED, "modifications or adjustments ... or misuse of the item"),
        (C.USER_DAMAGE, "damages of the item caused by user (mechanical, heat, electrical etc)"),
    ],
)
def test_refusal_grounds_turn_into_paid_repair(found: ItemCondition, why: str) -> None:
    """ "We can refuse to provide the warranty service if: ..." and "If our investigation shows
    that malfunction was caused by the user, repair and shipping will be paid by the
    customer." The free warranty is void; a paid repair is offered, shipping on the buyer."""
    claim = defect_claim(inspected_conditions=frozenset({found}))
    option = judge(PRESET, R.DEFECTIVE, "2025-04-01", claim=claim)
    assert F.CONDITION_NOT_MET in option.codes, why
    assert option.paid_repair is True
    assert option.verdict is Verdict.NEEDS_REVIEW
    assert option.resolutions == (ResolutionType.REPAIR,)
    assert option.return_shipping_paid_by == "buyer"
    assert option.refund is None


def test_post_warranty_paid_repair_any_time() -> None:
    """ "We provide post-warranty repair, no matter how much time has passed after the item
    purchase. Price of the repairs is set for each case individually." / "The company does not
    hold any responsibility for any damages caused after the warranty period" """
    option = judge(PRESET, R.DEFECTIVE, "2030-01-01", claim=defect_claim())
    assert option.codes == (F.WARRANTY_EXPIRED,)
    assert option.paid_repair is True
    assert option.resolutions == (ResolutionType.REPAIR,)
    assert option.refund is None


def test_service_products_three_months_from_shipping() -> None:
    """ "Warranty for service products covers 3 months from the moment of shipping the item to
    the client." """
    line = make_line(product_type_slug="service-products", warranty_months=None)
    assert judge(PRESET, R.DEFECTIVE, "2025-06-04", line=line, claim=defect_claim()).codes == ()
    assert judge(PRESET, R.DEFECTIVE, "2025-06-05", line=line, claim=defect_claim()).codes == (
        F.WARRANTY_EXPIRED,
    )


@pytest.mark.parametrize("slug", ["cables", "adapters", "sockets", "accessories"])
def test_warranty_excludes_cables_and_accessories(slug: str) -> None:
    """ "Warranty covers only the hardware part of an item and does not include cables and
    accessories (namely: cables, adapters, sockets and accessories)." They can still be
    exchanged within 7 days."""
    line = make_line(category_slug=slug)
    defective = judge(PRESET, R.DEFECTIVE, "2025-03-20", line=line, claim=defect_claim())
    exchange = judge(PRESET, R.CHANGED_MIND, "2025-03-07", line=line)
    assert defective.verdict is Verdict.INELIGIBLE
    assert defective.codes == (F.NON_RETURNABLE_PRODUCT,)
    assert defective.paid_repair is False
    assert exchange.verdict is not Verdict.INELIGIBLE


def test_only_hardware_is_covered() -> None:
    """ "Warranty only covers hardware items." / "Company does not guarantee the correct work of
    the software, unless it is related to the hardware" — non-physical goods are excluded."""
    line = make_line(is_shipping_required=False, product_type_slug="software")
    option = judge(PRESET, R.DEFECTIVE, "2025-03-20", line=line, claim=defect_claim())
    assert option.verdict is Verdict.INELIGIBLE
    assert F.NON_RETURNABLE_PRODUCT in option.codes


@pytest.mark.parametrize(("now", "expired"), [("2025-03-11", False), ("2025-03-12", True)])
def test_cell_phone_parts_seven_days_from_shipping(now: str, expired: bool) -> None:
    """ "We offer a 7days warranty for cell phone parts. Warranty period starts at the moment the
    item is shipped to the customer." Spare parts get no post-warranty repair."""
    line = make_line(product_type_slug="cell-phone-parts")
    option = judge(PRESET, R.DEFECTIVE, now, line=line, claim=defect_claim())
    assert option.deadline == at("2025-03-11T23:59:59.999999")
    assert (option.verdict is Verdict.INELIGIBLE) is expired
    assert (F.WARRANTY_EXPIRED in option.codes) is expired
    assert option.paid_repair is False


@pytest.mark.parametrize(
    ("found", "sentence"),
    [
        (C.SEALS_DAMAGED, "LCD protecting screens and warranty seals are missing"),
        (C.USER_DAMAGE, "Ribbon cables have visible damage"),
        (C.UNAUTHORIZED_REPAIR, "IC and small parts have traces of soldering"),
    ],
)
def test_cell_phone_parts_refusal_grounds(found: ItemCondition, sentence: str) -> None:
    """ "We can refuse to provide warranty service if: LCD protecting screens and warranty seals
    are missing...; Ribbon cables have visible damage; IC and small parts have traces of
    soldering." """
    line = make_line(category_slug="cell-phone-parts")
    claim = defect_claim(inspected_conditions=frozenset({found}))
    option = judge(PRESET, R.DEFECTIVE, "2025-03-08", line=line, claim=claim)
    assert option.verdict is Verdict.INELIGIBLE, sentence
    assert option.codes == (F.CONDITION_NOT_MET,)


def test_some_phone_parts_not_covered() -> None:
    """ "Some types of phone spare parts are not covered by the warranty." — such parts carry
    warranty.months = 0."""
    line = make_line(product_type_slug="cell-phone-parts", warranty_months=0)
    option = judge(PRESET, R.DEFECTIVE, "2025-03-05", line=line, claim=defect_claim())
    assert option.codes == (F.NON_RETURNABLE_PRODUCT,)
    assert option.verdict is Verdict.INELIGIBLE


@pytest.mark.parametrize(("months", "until"), [(None, "2025-06-04"), (6, "2025-09-04")])
def test_repair_equipment_three_months_or_longer(months: int | None, until: str) -> None:
    """ "Warranty for repair equipment covers 3 months from the moment of shipping the item to
    the client. Some items may have the longer warranty period." """
    line = make_line(product_type_slug="repair-equipment", warranty_months=months)
    option = judge(PRESET, R.DEFECTIVE, "2025-05-01", line=line, claim=defect_claim())
    assert option.deadline == at(f"{until}T23:59:59.999999")


def test_describe_issue_and_give_serial_number() -> None:
    """ "In detail describe your issue and specify the serial number of your product" """
    option = judge(PRESET, R.DEFECTIVE, "2025-04-01", claim=make_claim(R.DEFECTIVE))
    assert option.verdict is Verdict.INELIGIBLE
    assert set(option.codes) == {F.EVIDENCE_REQUIRED, F.SERIAL_NUMBER_REQUIRED}
    assert option.required_evidence == (EvidenceKind.DESCRIPTION, EvidenceKind.SERIAL_NUMBER)


def test_box_only_without_cables_is_fine() -> None:
    """ "If your box is considered eligible for repair/replacement under warranty terms you can
    send us a box only (without cables)" — missing accessories do not void the warranty, while
    "Please make sure that: Warranty seals are not damaged" still holds."""
    claim = defect_claim(inspected_conditions=GOOD | {C.MISSING_ACCESSORIES})
    option = judge(PRESET, R.DEFECTIVE, "2025-04-01", claim=claim)
    assert option.verdict is Verdict.ELIGIBLE
    assert option.codes == ()


def test_warranty_needs_inspection_and_contact_first() -> None:
    """ "Before sending items for warranty service, please contact our manager" / "If our
    investigation shows..." — claims wait for approval and inspection."""
    policy = load_preset(PRESET)
    option = judge(PRESET, R.DEFECTIVE, "2025-04-01", claim=defect_claim())
    assert option.verdict is Verdict.NEEDS_REVIEW
    assert option.needs_inspection is True
    assert policy.auto_approve(R.DEFECTIVE) is False
    assert policy.requires_return(R.DEFECTIVE) is True


def test_replacement_within_14_working_days_if_in_stock() -> None:
    """ "If we have the analogous item in stock, we will provide you with the replacement within
    14 working days." Received Thu 10 Apr 2025; in Germany Good Friday, Easter Monday and
    1 May are holidays."""
    policy = load_preset(PRESET)
    received = at("2025-04-10")
    plain = plan_due_dates(policy, R.DEFECTIVE, received, in_stock=True)
    german = plan_due_dates(policy, R.DEFECTIVE, received, in_stock=True, country="DE")
    assert plain == {"replacement": at("2025-04-30T23:59:59.999999")}
    assert german == {"replacement": at("2025-05-05T23:59:59.999999")}


def test_otherwise_forwarded_to_manufacturer() -> None:
    """ "Otherwise the reclamation will be forwarded to the manufacturer and the replacement term
    might delay." — out of stock informs, the claim stays open, the manufacturer decides and
    the 14-day clock does not apply."""
    line = make_line(in_stock=False)
    option = judge(PRESET, R.DEFECTIVE, "2025-04-01", line=line, claim=defect_claim())
    assert option.verdict is Verdict.NEEDS_REVIEW
    assert option.codes == (F.OUT_OF_STOCK,)
    assert option.decided_by == "manufacturer"
    assert option.resolutions == (ResolutionType.REPLACEMENT, ResolutionType.REFUND)
    assert plan_due_dates(load_preset(PRESET), R.DEFECTIVE, at("2025-04-10"), in_stock=False) == {}


def test_refund_of_reclamation_cost_if_preferable() -> None:
    """ "We can refund you with the reclamation cost if preferable." / "Please note that the
    company does not refund any shipping expenses." """
    claim = defect_claim(preferred_resolution=ResolutionType.REFUND)
    option = judge(PRESET, R.DEFECTIVE, "2025-04-01", claim=claim)
    plan = plan_refund(load_preset(PRESET), make_order(), make_line(), claim, at("2025-04-01"))
    assert option.resolutions[0] is ResolutionType.REFUND
    assert [(i.code, i.amount) for i in plan.items] == [("GOODS", Decimal("100.00"))]
    assert plan.total == Decimal("100.00")
    assert plan.return_shipping_paid_by == "buyer"


def test_wrong_item_reading() -> None:
    """Not in the seed; reading: the shop's own mistake is put right within the 7-day exchange
    period at the shop's cost, refunded if it cannot be exchanged."""
    option = judge(PRESET, R.WRONG_ITEM_SENT, "2025-03-08", line=make_line(in_stock=False))
    assert option.verdict is Verdict.NEEDS_REVIEW
    assert option.resolutions == (ResolutionType.REFUND,)
    assert option.return_shipping_paid_by == "shop"
    assert option.deadline is not None
    assert option.deadline - at("2025-03-12T23:59:59.999999") == timedelta(0)
