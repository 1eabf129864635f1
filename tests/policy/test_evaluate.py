"""The evaluator on small inline policies: composition of findings into verdicts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from saleor_warranty_plugin.policy import (
    ClaimReason,
    FindingCode,
    ItemCondition,
    ResolutionType,
    Verdict,
    evaluate_line,
    evaluate_order,
    load_preset,
    parse_policy,
)

from .builders import at, make_claim, make_line, make_order

R = ClaimReason
F = FindingCode
NOW = at("2025-03-10")


def policy(**reason: Any) -> Any:
    spec: dict[str, Any] = {
        "window": {"anchor": "delivered", "days": 14},
        "resolutions": ["REFUND", "REPLACEMENT"],
    }
    spec.update(reason)
    return parse_policy(
        {
            "version": 1,
            "name": "T",
            "exclusions": [{"when": {"slugs": ["final"]}}],
            "reasons": {"DEFECTIVE": spec, "CHANGED_MIND": {"accepted": False}},
        }
    )


def option(p: Any, line: Any = None, claim: Any = None, order: Any = None, now: Any = NOW) -> Any:
    evaluation = evaluate_line(p, order or make_order(), line or make_line(), now, claim)
    return evaluation.option(R.DEFECTIVE)


def test_one_option_per_known_reason_in_policy_order() -> None:
    evaluation = evaluate_line(policy(), make_order(), make_line(), NOW)
    assert [o.reason for o in evaluation.options] == [R.DEFECTIVE, R.CHANGED_MIND]
    assert evaluation.options[1].codes == (F.REASON_NOT_ACCEPTED,)
    only = evaluate_line(policy(), make_order(), make_line(), NOW, reasons=[R.CHANGED_MIND])
    assert [o.reason for o in only.options] == [R.CHANGED_MIND]


def test_clean_line_is_eligible_with_per_unit_refund() -> None:
    result = option(policy(), make_line(quantity=3, unit_price_paid=Decimal("19.99")))
    assert result.verdict is Verdict.ELIGIBLE
    assert result.codes == ()
    assert result.refund is not None
    assert result.refund.total == Decimal("19.99")


def test_not_shipped() -> None:
    result = option(policy(), order=make_order(shipped_at=None, delivered_at=None))
    assert result.codes == (F.NOT_SHIPPED,)
    assert result.verdict is Verdict.INELIGIBLE
    assert result.deadline is None


def test_line_dates_override_order_dates() -> None:
    line = make_line(shipped_at="2025-03-20", delivered_at="2025-03-21")
    result = option(policy(), line=line, now=at("2025-04-01"))
    assert result.deadline == at("2025-04-04T23:59:59.999999")
    assert result.verdict is Verdict.ELIGIBLE


@pytest.mark.parametrize(
    ("line", "code"),
    [
        (make_line(category_slug="final"), F.NON_RETURNABLE_PRODUCT),
        (make_line(is_gift_card=True, is_shipping_required=False), F.NON_RETURNABLE_PRODUCT),
    ],
)
def test_exclusions_make_line_ineligible(line: Any, code: FindingCode) -> None:
    result = option(policy(), line=line)
    assert result.verdict is Verdict.INELIGIBLE
    assert code in result.codes


def test_free_gift_is_never_refunded_as_money() -> None:
    result = option(policy(), line=make_line(is_gift=True, unit_price_paid=Decimal(0)))
    assert result.resolutions == (ResolutionType.REPLACEMENT,)
    assert result.codes == (F.NON_RETURNABLE_PRODUCT,)
    assert result.verdict is Verdict.ELIGIBLE
    assert result.refund is None


def test_quantities() -> None:
    line = make_line(quantity=3, quantity_claimed=1, quantity_shipped=2)
    evaluation = evaluate_line(policy(), make_order(), line, NOW)
    assert evaluation.quantity_claimable == 2
    assert option(policy(), line, make_claim(R.DEFECTIVE, quantity=3)).codes == (
        F.QUANTITY_EXCEEDED,
    )
    assert option(policy(), line, make_claim(R.DEFECTIVE, quantity=2)).codes == (F.NOT_SHIPPED,)
    assert option(policy(), line, make_claim(R.DEFECTIVE, quantity=1)).codes == ()
    exhausted = option(policy(), make_line(quantity=2, quantity_claimed=2))
    assert exhausted.codes == (F.QUANTITY_EXCEEDED,)


def test_stock_without_fallback_blocks_only_when_nothing_remains() -> None:
    p = policy(resolutions=["REPLACEMENT"], needs_stock=["REPLACEMENT"])
    assert option(p, make_line(in_stock=False)).verdict is Verdict.INELIGIBLE
    assert option(p, make_line(in_stock=None)).verdict is Verdict.ELIGIBLE
    mixed = policy(needs_stock=["REPLACEMENT"])
    result = option(mixed, make_line(in_stock=False))
    assert (result.verdict, result.codes) == (Verdict.ELIGIBLE, (F.OUT_OF_STOCK,))
    assert result.resolutions == (ResolutionType.REFUND,)


def test_declared_then_inspected_conditions() -> None:
    p = policy(conditions={"require": ["UNUSED"], "void": ["USER_DAMAGE"], "inspection": True})
    declared_bad = make_claim(R.DEFECTIVE, declared_conditions=frozenset({ItemCondition.USED}))
    declared_ok = make_claim(R.DEFECTIVE, declared_conditions=frozenset({ItemCondition.UNUSED}))
    inspected_bad = make_claim(
        R.DEFECTIVE,
        declared_conditions=frozenset({ItemCondition.UNUSED}),
        inspected_conditions=frozenset({ItemCondition.USER_DAMAGE}),
    )
    inspected_ok = make_claim(
        R.DEFECTIVE,
        declared_conditions=frozenset({ItemCondition.USED}),
        inspected_conditions=frozenset({ItemCondition.UNUSED}),
    )
    assert option(p, claim=declared_bad).codes == (F.CONDITION_NOT_MET,)
    assert option(p, claim=declared_ok).verdict is Verdict.NEEDS_REVIEW
    assert option(p, claim=inspected_bad).verdict is Verdict.INELIGIBLE
    assert option(p, claim=inspected_ok).verdict is Verdict.ELIGIBLE
    assert option(p, claim=inspected_bad).return_shipping_paid_by == "buyer"


def test_claim_checks_apply_only_to_its_reason() -> None:
    p = policy(serial_required=True)
    evaluation = evaluate_line(p, make_order(), make_line(), NOW, make_claim(R.CHANGED_MIND))
    assert evaluation.option(R.DEFECTIVE).codes == ()


def test_no_defect_found_gets_no_paid_repair() -> None:
    """Paid repair replaces a voided warranty, not a claim with nothing to repair."""
    claim = make_claim(
        R.DEFECTIVE,
        serial_number="S",
        evidence=frozenset({"DESCRIPTION"}),  # type: ignore[arg-type]
        inspected_conditions=frozenset({ItemCondition.NO_DEFECT_FOUND}),
    )
    evaluation = evaluate_line(
        load_preset("repair-parts-shop"), make_order(), make_line(), NOW, claim
    )
    result = evaluation.option(R.DEFECTIVE)
    assert result.verdict is Verdict.INELIGIBLE
    assert result.paid_repair is False


def test_evaluate_order_routes_claims_by_line() -> None:
    lines = [make_line(line_id="a"), make_line(line_id="b")]
    result = evaluate_order(
        policy(serial_required=True), make_order(), lines, NOW, {"b": make_claim(R.DEFECTIVE)}
    )
    assert [e.line_id for e in result] == ["a", "b"]
    assert result[0].option(R.DEFECTIVE).codes == ()
    assert result[1].option(R.DEFECTIVE).codes == (F.SERIAL_NUMBER_REQUIRED,)


@pytest.mark.parametrize(
    "bad",
    [
        {"discount_kinds": frozenset({"coupon"})},
        {"quantity": -1},
        {"shipped_at": at("2025-03-04").replace(tzinfo=None)},
    ],
)
def test_facts_reject_nonsense(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        make_line(**bad)


def test_kept_facts_never_change_an_answer() -> None:
    """The evaluator's tables (plans per kind of product, deadlines per timeline, refund
    estimates per price) must never change an answer: filled in another order, from a
    fresh policy, the answers are the same."""
    import random
    from datetime import timedelta

    from saleor_warranty_plugin.policy import (
        PRESETS,
        ClaimFacts,
        EvidenceKind,
        parse_policy,
        preset_document,
    )

    rng = random.Random(7)
    slugs = [None, "cell-phone-parts", "repair-equipment", "cables", "licenses"]
    cases = []
    for n in range(300):
        ordered = at("2025-01-01") + timedelta(days=rng.randint(0, 60))
        shipped = ordered + timedelta(days=rng.randint(0, 3)) if rng.random() < 0.8 else None
        order = make_order(
            ordered_at=ordered,
            paid_at=ordered,
            shipped_at=shipped,
            delivered_at=None,
            country=rng.choice([None, "DE"]),
        )
        line = make_line(
            line_id=str(n),
            product_type_slug=rng.choice(slugs),
            discount_kinds=rng.choice([frozenset(), frozenset({"sale"})]),
            is_shipping_required=rng.random() < 0.85,
            activated=rng.random() < 0.3,
            warranty_months=rng.choice([None, 0, 1, 24]),
            in_stock=rng.choice([None, False]),
            quantity_claimed=rng.choice([0, 0, 1]),
            unit_price_paid=rng.choice([Decimal("10.00"), Decimal("99.99")]),
        )
        claim = None
        if rng.random() < 0.3:
            claim = ClaimFacts(
                reason=rng.choice(list(R)),
                serial_number=rng.choice([None, "S"]),
                evidence=frozenset({EvidenceKind.DESCRIPTION}),
            )
        now = ordered + timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
        cases.append((order, line, now, claim))
    for preset_id in PRESETS:
        p = load_preset(preset_id)
        forward = [evaluate_line(p, o, ln, now, c) for o, ln, now, c in cases * 2]
        fresh = parse_policy(preset_document(preset_id))
        backward = [evaluate_line(fresh, o, ln, now, c) for o, ln, now, c in reversed(cases * 2)]
        assert forward == backward[::-1], preset_id
