"""Preset ``equipment-reseller``: one scenario per rule of seeds/004.

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
    RefundNotAllowed,
    ResolutionType,
    Verdict,
    load_preset,
    plan_refund,
)

from .builders import at, judge, make_claim, make_line, make_order

PRESET = "equipment-reseller"
R = ClaimReason
C = ItemCondition
F = FindingCode
RT = ResolutionType
NOT_SHIPPED = {"shipped_at": None, "delivered_at": None}


def defect(**overrides: object) -> object:
    fields: dict[str, object] = {
        "serial_number": "SN-42",
        "evidence": frozenset({EvidenceKind.DESCRIPTION}),
    }
    fields.update(overrides)
    return make_claim(R.DEFECTIVE, **fields)


@pytest.mark.parametrize(("months", "last_day"), [(24, "2027-03-03"), (None, "2026-03-03")])
def test_non_functioning_equipment_within_manufacturer_warranty(
    months: int | None, last_day: str
) -> None:
    """ "We accept returns of non-functioning equipment within the warranty period. The warranty
    period is determined by the manufacturer." """
    line = make_line(warranty_months=months)
    option = judge(PRESET, R.DEFECTIVE, "2025-12-01", line=line, claim=defect())
    assert option.deadline == at(f"{last_day}T23:59:59.999999")
    assert option.verdict is Verdict.NEEDS_REVIEW
    expired = judge(PRESET, R.DEFECTIVE, "2027-03-04", line=line, claim=defect())
    assert expired.codes == (F.WARRANTY_EXPIRED,)
    assert expired.paid_repair is False


def test_serial_number_is_part_of_the_claim() -> None:
    """ "We are not responsible for any incorrect serial number information provided by the
    customer for keys, devices, or other equipment." """
    option = judge(PRESET, R.DEFECTIVE, "2025-04-01", claim=defect(serial_number=None))
    assert option.codes == (F.SERIAL_NUMBER_REQUIRED,)
    assert EvidenceKind.SERIAL_NUMBER in option.required_evidence


def test_manufacturer_decides_refund_or_replacement() -> None:
    """ "Upon receiving the returned device, we will send it to the manufacturer for diagnostics.
    Only the manufacturer makes the decision to issue a refund or replace the device." """
    option = judge(PRESET, R.DEFECTIVE, "2025-04-01", claim=defect())
    assert option.decided_by == "manufacturer"
    # "Refunds can be issued: By the same method the original payment was made. Or as a credit
    # to your personal account on our website — at your choice."
    assert option.resolutions == (RT.REPLACEMENT, RT.REFUND, RT.STORE_CREDIT)
    assert option.needs_inspection is True


def test_returns_at_buyers_expense() -> None:
    """ "Returns are made at the buyer's expense." """
    option = judge(PRESET, R.DEFECTIVE, "2025-04-01", claim=defect())
    assert option.return_shipping_paid_by == "buyer"


@pytest.mark.parametrize(
    "line",
    [
        make_line(is_shipping_required=False, product_type_slug="licenses"),
        make_line(is_shipping_required=False, product_type_slug="modules"),
        make_line(is_shipping_required=False, category_slug="configuration-services"),
    ],
)
def test_non_physical_goods_not_returnable(line: object) -> None:
    """ "Any non-physical goods such as modules, extensions, licenses, subscriptions, equipment
    configuration services, and other digital or service-based products." """
    option = judge(PRESET, R.DEFECTIVE, "2025-04-01", line=line, claim=defect())
    assert option.verdict is Verdict.INELIGIBLE
    assert option.codes == (F.NON_RETURNABLE_PRODUCT,)


def test_fully_functional_equipment_not_returnable() -> None:
    """ "Fully functional equipment." (not eligible) — no defect found by the manufacturer."""
    option = judge(
        PRESET,
        R.DEFECTIVE,
        "2025-04-01",
        claim=defect(inspected_conditions=frozenset({C.NO_DEFECT_FOUND})),
    )
    assert option.verdict is Verdict.INELIGIBLE
    assert option.codes == (F.CONDITION_NOT_MET,)


@pytest.mark.parametrize(
    ("found", "sentence"),
    [
        (C.UNAUTHORIZED_REPAIR, "Devices showing signs of unauthorized repair."),
        (C.SEALS_DAMAGED, "Devices with damaged warranty seals."),
        (C.USER_DAMAGE, "Devices showing signs of use."),
        (C.SOFTWARE_TAMPERED, "Equipment with evidence of software hacking attempts."),
        (C.NO_PACKAGING, "Devices without original packaging"),
        (C.PACKAGING_DAMAGED, "or with damaged packaging."),
    ],
)
def test_items_not_eligible_by_condition(found: ItemCondition, sentence: str) -> None:
    """ "Items Not Eligible for Return or Exchange: ..." """
    option = judge(
        PRESET, R.DEFECTIVE, "2025-04-01", claim=defect(inspected_conditions=frozenset({found}))
    )
    assert option.verdict is Verdict.INELIGIBLE, sentence
    assert option.codes == (F.CONDITION_NOT_MET,)


def test_signs_of_use_reading() -> None:
    """ "Devices showing signs of use." Reading: equipment that failed in use may be used
    (USED alone does not void a warranty claim); a dead-on-arrival device must be unused."""
    used = frozenset({C.USED})
    defective = judge(PRESET, R.DEFECTIVE, "2025-04-01", claim=defect(inspected_conditions=used))
    dead = judge(
        PRESET,
        R.DEAD_ON_ARRIVAL,
        "2025-03-07",
        claim=make_claim(
            R.DEAD_ON_ARRIVAL,
            serial_number="SN",
            inspected_conditions=used,
            evidence=frozenset({EvidenceKind.DESCRIPTION}),
        ),
    )
    assert defective.verdict is Verdict.ELIGIBLE
    assert dead.codes == (F.CONDITION_NOT_MET,)


@pytest.mark.parametrize("kind", ["sale", "promotion", "order_promotion", "voucher"])
@pytest.mark.parametrize("reason", [r for r in R if r is not R.DAMAGED_IN_TRANSIT])
def test_discounted_items_are_final_sale(kind: str, reason: R) -> None:
    """ "Discounted items. All products purchased at a discount or on promotion are final sale and
    are not eligible for return or exchange." The shop takes back nothing but non-functioning
    equipment: the exclusion bites for every reason it accepts, the warranty included."""
    line = make_line(discount_kinds=frozenset({kind}), unit_price_paid=Decimal("80.00"))
    order = make_order(**NOT_SHIPPED) if reason is R.CHANGED_MIND else None
    claim = defect() if reason in (R.DEFECTIVE, R.DEAD_ON_ARRIVAL) else None
    option = judge(PRESET, reason, "2025-04-01", order=order, line=line, claim=claim)
    assert option.verdict is Verdict.INELIGIBLE
    assert F.SALE_ITEM in option.codes
    assert option.refund is None


def test_manual_discount_is_not_final_sale() -> None:
    """Reading of "purchased at a discount": a staff price adjustment is not a sale."""
    line = make_line(discount_kinds=frozenset({"manual"}), unit_price_paid=Decimal("95.00"))
    option = judge(PRESET, R.CHANGED_MIND, "2025-03-03", order=make_order(**NOT_SHIPPED), line=line)
    assert option.verdict is Verdict.ELIGIBLE


@pytest.mark.parametrize(
    ("case", "line"),
    [
        ("You made an incorrect product selection, realized it before shipment", make_line()),
        (
            "You purchased an incorrect module or digital product, realized it before activation",
            make_line(is_shipping_required=False, product_type_slug="modules"),
        ),
        (
            "You placed an order with incorrect details ... and requested a cancellation",
            make_line(quantity=2),
        ),
        ("You placed an order but later changed your mind and requested a refund", make_line()),
    ],
)
def test_six_percent_fee_before_shipment_or_activation(case: str, line: object) -> None:
    """ "In certain cases, a 6% transaction fee will be deducted from the refund amount." Reading
    of "Fully functional equipment" vs the fee cases: a change of mind is a cancellation allowed
    until shipment (digital goods: until activation), refunded minus 6%."""
    order = make_order(**NOT_SHIPPED)
    option = judge(PRESET, R.CHANGED_MIND, "2025-03-03", order=order, line=line)
    assert option.verdict is Verdict.ELIGIBLE, case
    assert option.refund is not None
    assert [(i.code, i.amount) for i in option.refund.items] == [
        ("GOODS", Decimal("100.00")),
        ("TRANSACTION_FEE", Decimal("-6.00")),
    ]
    assert option.refund.total == Decimal("94.00")


def test_fee_rounds_half_up_in_currency() -> None:
    """ "a 6% transaction fee": 6% of 99.99 EUR is 5.9994 -> 6.00; of 1999 JPY 119.94 -> 120."""
    policy = load_preset(PRESET)
    claim = make_claim(R.CHANGED_MIND)
    eur = plan_refund(
        policy,
        make_order(**NOT_SHIPPED),
        make_line(unit_price_paid=Decimal("99.99")),
        claim,
        at("2025-03-03"),
    )
    jpy = plan_refund(
        policy,
        make_order(currency="JPY", shipping_paid=Decimal(0), **NOT_SHIPPED),
        make_line(unit_price_paid=Decimal("1999")),
        claim,
        at("2025-03-03"),
    )
    assert eur.items[1].amount == Decimal("-6.00")
    assert jpy.items[1].amount == Decimal("-120")
    assert jpy.total == Decimal("1879")


def test_no_change_of_mind_after_shipment() -> None:
    """ "Fully functional equipment." is not returnable: once shipped, a change of mind is too
    late; the deadline was the moment of shipment."""
    option = judge(PRESET, R.CHANGED_MIND, "2025-03-05")
    assert option.verdict is Verdict.INELIGIBLE
    assert option.codes == (F.RETURN_WINDOW_EXPIRED,)
    assert option.deadline == make_order().shipped_at


def test_no_cancellation_after_activation() -> None:
    """ "Licenses, modules, and other digital products cannot be canceled or modified after the
    order status changes to 'Waiting for activation.'" / "Any registered software." """
    line = make_line(is_shipping_required=False, activated=True)
    option = judge(PRESET, R.CHANGED_MIND, "2025-03-03", order=make_order(**NOT_SHIPPED), line=line)
    assert option.verdict is Verdict.INELIGIBLE
    assert option.codes == (F.NON_RETURNABLE_PRODUCT,)


def test_refund_to_original_payment_or_store_credit_at_customers_choice() -> None:
    """ "Refunds can be issued: By the same method the original payment was made. Or as a credit
    to your personal account on our website — at your choice." """
    policy = load_preset(PRESET)
    order = make_order(**NOT_SHIPPED)
    claim = make_claim(R.CHANGED_MIND)
    plan = plan_refund(policy, order, make_line(), claim, at("2025-03-03"), to_store_credit=True)
    assert plan.store_credit_allowed is True
    assert plan.original_payment_allowed is True
    # a cancellation refunds the shipping charge of an order never shipped, minus the fee
    assert [i.code for i in plan.items] == ["GOODS", "TRANSACTION_FEE", "SHIPPING"]
    assert plan.total == Decimal("103.90")


def test_cancellations_need_nothing_back_and_are_auto_approved() -> None:
    """ "requested a cancellation" — nothing to ship back; approved at once."""
    policy = load_preset(PRESET)
    assert policy.requires_return(R.CHANGED_MIND) is False
    assert policy.auto_approve(R.CHANGED_MIND) is True
    assert policy.auto_approve(R.DEFECTIVE) is False


def test_transit_damage_refuse_the_parcel() -> None:
    """ "In case of device damage, refuse to accept the parcel and contact us right away. After
    accepting the parcel, we will not be able to file a compensation claim with the courier
    service." """
    option = judge(PRESET, R.DAMAGED_IN_TRANSIT, "2025-03-06")
    assert option.codes == (F.REASON_NOT_ACCEPTED,)
    assert "refuse" in option.findings[0].message


def test_store_credit_refused_where_not_allowed() -> None:
    """Contrast: refunds of a shop that pays back only to the original payment."""
    with pytest.raises(RefundNotAllowed):
        plan_refund(
            load_preset("hardware-supplier"),
            make_order(),
            make_line(),
            make_claim(R.DEFECTIVE),
            at("2025-03-10"),
            to_store_credit=True,
        )
