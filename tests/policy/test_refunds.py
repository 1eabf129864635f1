"""Refund arithmetic: currency rounding, fees, deductions, shipping, never negative."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from saleor_warranty_plugin.policy import (
    ClaimReason,
    ItemCondition,
    minor_units,
    parse_policy,
    plan_refund,
    round_money,
)

from .builders import at, make_claim, make_line, make_order

R = ClaimReason


def policy_with(reason: dict[str, Any], refund: dict[str, Any] | None = None) -> Any:
    spec = {"window": {"anchor": "delivered", "days": 30}, "resolutions": ["REFUND"]}
    spec.update(reason)
    return parse_policy(
        {"version": 1, "name": "T", "refund": refund or {}, "reasons": {"CHANGED_MIND": spec}}
    )


@pytest.mark.parametrize(
    ("currency", "amount", "expected"),
    [
        ("EUR", "10.005", "10.01"),
        ("EUR", "10.004", "10.00"),
        ("JPY", "100.5", "101"),
        ("KWD", "1.2345", "1.235"),
        ("BHD", "0.0005", "0.001"),
        ("usd", "2.675", "2.68"),
    ],
)
def test_round_money_half_up_to_minor_units(currency: str, amount: str, expected: str) -> None:
    assert round_money(Decimal(amount), currency) == Decimal(expected)
    assert minor_units(currency) == len(expected.partition(".")[2])


def test_goods_value_is_what_was_paid_after_discounts() -> None:
    policy = policy_with({})
    line = make_line(
        unit_price_paid=Decimal("33.333"),
        undiscounted_unit_price=Decimal("50"),
        discount_kinds=frozenset({"voucher"}),
        quantity=3,
    )
    plan = plan_refund(
        policy, make_order(), line, make_claim(R.CHANGED_MIND, quantity=3), at("2025-03-10")
    )
    assert plan.items[0].amount == Decimal("100.00")
    assert plan.total == Decimal("100.00")


@pytest.mark.parametrize(
    ("currency", "unit_price", "shown"),
    [("USD", "12.300", "12.30"), ("USD", "33.333", "33.33"), ("JPY", "1200.0", "1200"),
     ("KWD", "1.2", "1.200")],
)  # fmt: skip
def test_goods_label_shows_the_unit_price_in_the_currencys_precision(
    currency: str, unit_price: str, shown: str
) -> None:
    line = make_line(unit_price_paid=Decimal(unit_price), quantity=2)
    plan = plan_refund(
        policy_with({}),
        make_order(currency=currency),
        line,
        make_claim(R.CHANGED_MIND, quantity=2),
        at("2025-03-10"),
    )
    assert plan.items[0].label == f"Goods paid (2 x {shown})"
    single = plan_refund(
        policy_with({}),
        make_order(currency=currency),
        line,
        make_claim(R.CHANGED_MIND, quantity=1),
        at("2025-03-10"),
    )
    assert single.items[0].label == f"Goods paid (1 x {shown})"


def test_deductions_never_make_the_total_negative() -> None:
    # given a 60% fee and an accessory charge larger than what is left
    policy = policy_with(
        {"fees": ["F"], "charge_missing_accessories": True},
        {
            "fees": [{"code": "F", "label": "Fee", "percent": 60}],
            "accessory_charges": {"default_amount": "50", "amounts": {"dock": "5"}},
        },
    )
    claim = make_claim(R.CHANGED_MIND, missing_accessories=("dock", "cable"))
    # when the refund is planned
    plan = plan_refund(policy, make_order(), make_line(), claim, at("2025-03-10"))
    # then the last deduction is capped and the lines add up to a zero total
    assert [(i.code, i.amount) for i in plan.items] == [
        ("GOODS", Decimal("100.00")),
        ("F", Decimal("-60.00")),
        ("MISSING_ACCESSORY", Decimal("-5.00")),
        ("MISSING_ACCESSORY", Decimal("-35.00")),
    ]
    assert "capped" in plan.items[-1].label
    assert plan.total == Decimal("0.00")
    assert sum(i.amount for i in plan.items) == plan.total


def test_missing_accessories_condition_without_names_charges_once() -> None:
    policy = policy_with(
        {"charge_missing_accessories": True}, {"accessory_charges": {"default_percent": "12.5"}}
    )
    claim = make_claim(
        R.CHANGED_MIND, inspected_conditions=frozenset({ItemCondition.MISSING_ACCESSORIES})
    )
    plan = plan_refund(
        policy, make_order(), make_line(unit_price_paid=Decimal("9.99")), claim, at("2025-03-10")
    )
    assert [i.amount for i in plan.items] == [Decimal("9.99"), Decimal("-1.25")]


@pytest.mark.parametrize(
    ("policy_refunds", "claim_says", "shipping_line"),
    [(False, None, False), (True, None, True), (True, False, False), (False, True, True)],
)
def test_original_shipping(
    policy_refunds: bool, claim_says: bool | None, shipping_line: bool
) -> None:
    policy = policy_with({"refund_original_shipping": policy_refunds})
    claim = make_claim(R.CHANGED_MIND, refund_shipping=claim_says)
    plan = plan_refund(policy, make_order(), make_line(), claim, at("2025-03-10"))
    assert ("SHIPPING" in [i.code for i in plan.items]) is shipping_line
    assert plan.total == (Decimal("109.90") if shipping_line else Decimal("100.00"))


def test_only_before_dispatch_fee_skipped_once_shipped() -> None:
    policy = policy_with(
        {"fees": ["F"]},
        {"fees": [{"code": "F", "label": "Fee", "percent": 10, "only_before_dispatch": True}]},
    )
    claim = make_claim(R.CHANGED_MIND)
    shipped = plan_refund(policy, make_order(), make_line(), claim, at("2025-03-10"))
    unshipped = plan_refund(
        policy, make_order(shipped_at=None, delivered_at=None), make_line(), claim, at("2025-03-10")
    )
    assert shipped.total == Decimal("100.00")
    assert unshipped.total == Decimal("90.00")


def test_store_credit_only_policy() -> None:
    policy = parse_policy(
        {
            "version": 1,
            "name": "T",
            "refund": {"methods": "store_credit"},
            "reasons": {
                "CHANGED_MIND": {
                    "window": {"anchor": "delivered", "days": 30},
                    "resolutions": ["STORE_CREDIT"],
                }
            },
        }
    )
    plan = plan_refund(
        policy,
        make_order(),
        make_line(),
        make_claim(R.CHANGED_MIND),
        at("2025-03-10"),
        to_store_credit=True,
    )
    assert (plan.original_payment_allowed, plan.store_credit_allowed) == (False, True)
