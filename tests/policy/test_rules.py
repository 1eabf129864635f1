"""Rule objects read only the facts they declare: plans (the rules' outcomes fixed once per
kind of product and guards) rely on those declarations, so a rule reading anything else
could let a plan serve a stale outcome."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from saleor_warranty_plugin.policy import (
    PRESETS,
    ClaimFacts,
    ClaimReason,
    EvidenceKind,
    ItemCondition,
    LineFacts,
    OrderFacts,
    load_preset,
    parse_policy,
)
from saleor_warranty_plugin.policy.context import GUARDS, LineContext, OrderContext
from saleor_warranty_plugin.policy.evaluate import judge
from saleor_warranty_plugin.policy.finish import decide
from saleor_warranty_plugin.policy.plans import ReasonRules, plan_for, rules_of
from saleor_warranty_plugin.policy.policy import Policy
from saleor_warranty_plugin.policy.rules import Judgement, RefundEstimate, Rule, Stock

from .builders import at, make_line, make_order


class Recording:
    """Line facts that note every attribute a rule reads."""

    def __init__(self, facts: LineContext) -> None:
        self._facts = facts
        self.read: set[str] = set()

    def __getattr__(self, name: str) -> Any:
        self.read.add(name)
        return getattr(self._facts, name)


def _cases(count: int = 150) -> list[tuple[OrderFacts, LineFacts, datetime]]:
    rng = random.Random(13)
    cases = []
    for n in range(count):
        ordered = at("2025-01-01") + timedelta(days=rng.randint(0, 90))
        shipped = ordered + timedelta(days=rng.randint(0, 3)) if rng.random() < 0.8 else None
        order = make_order(
            ordered_at=ordered,
            paid_at=ordered,
            shipped_at=shipped,
            delivered_at=shipped + timedelta(days=2) if shipped and rng.random() < 0.5 else None,
            country=rng.choice([None, "DE"]),
        )
        line = make_line(
            line_id=str(n),
            product_type_slug=rng.choice([None, "cell-phone-parts", "cables", "licenses"]),
            discount_kinds=rng.choice([frozenset(), frozenset({"sale"})]),
            is_shipping_required=rng.random() < 0.8,
            is_gift=rng.random() < 0.1,
            is_gift_card=rng.random() < 0.05,
            activated=rng.random() < 0.3,
            warranty_months=rng.choice([None, 0, 1, 24]),
            in_stock=rng.choice([None, True, False]),
            quantity=2,
            quantity_claimed=rng.choice([0, 0, 1, 2]),
            unit_price_paid=rng.choice([Decimal("10.00"), Decimal("99.99")]),
        )
        now = ordered + timedelta(days=rng.randint(0, 400))
        cases.append((order, line, now))
    return cases


def _state(judgement: Judgement) -> tuple[Any, ...]:
    return tuple(getattr(judgement, name) for name in Judgement.__slots__)


def _runs(policy: Policy):
    """Every rule of every accepted reason, run on real lines after the rules before it,
    with the facts it would see."""
    for order, line, now in _cases():
        facts = LineContext(policy, OrderContext(policy, order), line)
        for rules in rules_of(policy).values():
            if not isinstance(rules, ReasonRules):
                continue
            judgement = Judgement(rules.rule)
            for rule in rules.checks:
                yield rule, facts, now, judgement
                rule.check(facts, now, judgement)
            if rules.refund is not None:
                yield rules.refund, facts, now, judgement


def undeclared_reads(
    rule: Rule, facts: LineContext, now: datetime, judgement: Judgement
) -> set[str]:
    """What ``rule`` reads of the line's facts beyond its inputs and guard."""
    recording = Recording(facts)
    scratch = Judgement(rule.rule)
    for name in Judgement.__slots__:
        value = getattr(judgement, name)
        setattr(scratch, name, value.copy() if isinstance(value, list | set) else value)
    if isinstance(rule, RefundEstimate):
        rule.estimate(recording, now, None, scratch.available)  # type: ignore[arg-type]
    else:
        rule.check(recording, now, scratch)  # type: ignore[arg-type]
    if rule.reads_now:
        rule.now_key(recording, now)  # type: ignore[arg-type]
    return recording.read - set(rule.inputs) - {rule.guard}


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_rules_read_only_their_declared_inputs(preset_id: str) -> None:
    # given every preset's rules, run over varied lines and moments
    policy = load_preset(preset_id)
    seen: set[str] = set()
    for rule, facts, now, judgement in _runs(policy):
        # when a rule checks a line, then it reads nothing it did not declare
        assert undeclared_reads(rule, facts, now, judgement) == set(), type(rule).__name__
        seen.add(type(rule).__name__)
    assert {"Excluded", "Window", "AllClaimed", "RefundEstimate"} <= seen


@pytest.mark.parametrize("preset_id", list(PRESETS))
def test_a_rule_whose_guard_is_false_finds_nothing(preset_id: str) -> None:
    policy = load_preset(preset_id)
    skipped = 0
    for rule, facts, now, judgement in _runs(policy):
        if rule.guard is None or getattr(facts, rule.guard):
            continue
        before = _state(judgement)
        scratch = Judgement(rule.rule)
        for name, value in zip(Judgement.__slots__, before, strict=True):
            setattr(scratch, name, value.copy() if isinstance(value, list | set) else value)
        rule.check(facts, now, scratch)
        assert _state(scratch) == before, type(rule).__name__
        skipped += 1
    assert skipped > 0


def test_guard_bits_match_the_facts() -> None:
    policy = load_preset("repair-parts-shop")
    for order, line, _now in _cases(60):
        facts = LineContext(policy, OrderContext(policy, order), line)
        for name, bit in GUARDS.items():
            assert bool(facts.guards & bit) is bool(getattr(facts, name)), name


def test_an_undeclared_read_is_caught() -> None:
    """The check above can fail: a rule reading the stock without declaring it."""

    class Sloppy(Stock):
        __slots__ = ()
        inputs = ()

    policy = load_preset("repair-parts-shop")
    rule = Sloppy(policy.rule(ClaimReason.DEFECTIVE))
    order, line = make_order(), make_line(in_stock=False)
    facts = LineContext(policy, OrderContext(policy, order), line)
    judgement = Judgement(rule.rule)
    assert undeclared_reads(rule, facts, at("2025-03-10"), judgement) == {"in_stock"}


def test_reason_rules_gather_their_rules_inputs() -> None:
    policy = load_preset("electronics-store")
    for rules in rules_of(policy).values():
        if isinstance(rules, ReasonRules):
            declared = {n for r in (*rules.checks, rules.refund) if r for n in r.inputs}
            assert declared <= set(rules.inputs)


PLAN_KINDS: set[str] = set()
#: rules the presets do not combine: a window with a warranty, a window after "only before
#: dispatch", exclusions that leave nothing or only a repair, a stock fallback
MIXED = {
    "version": 1,
    "name": "Mixed",
    "warranty": {
        "period": {"anchor": "delivered", "months": 3},
        "product_months": True,
        "paid_repair_after_expiry": True,
    },
    "exclusions": [
        {
            "when": {"discounts": ["sale"]},
            "reasons": ["CHANGED_MIND"],
            "removes": ["REFUND", "EXCHANGE"],
        },
        {"when": {"slugs": ["cables"]}, "reasons": ["DEFECTIVE"], "removes": ["REFUND"]},
        {
            "when": {"slugs": ["licenses"]},
            "reasons": ["DEFECTIVE"],
            "removes": ["REPAIR", "REFUND"],
        },
    ],
    "reasons": {
        "CHANGED_MIND": {
            "window": {"anchor": "delivered", "days": 14},
            "resolutions": ["REFUND", "EXCHANGE"],
            "needs_stock": ["EXCHANGE"],
            "out_of_stock": {"resolutions": ["REFUND"]},
        },
        "DEFECTIVE": {
            "window": {"anchor": "delivered", "days": 20},
            "warranty": True,
            "resolutions": ["REPAIR", "REFUND"],
            "needs_stock": ["REPAIR"],
        },
        "WRONG_ITEM_SENT": {
            "before_dispatch_only": True,
            "window": {"anchor": "ordered", "days": 3},
            "resolutions": ["REFUND"],
        },
    },
}


def _reasons_of_lines(policy, count: int):
    """(line, its context, a reason's compiled rules, a moment) for `count` varied lines and
    every reason the policy accepts."""
    for order, line, now in _cases(count):
        facts = LineContext(policy, OrderContext(policy, order), line)
        for rules in rules_of(policy).values():
            if isinstance(rules, ReasonRules):
                yield line, facts, rules, now


@pytest.mark.parametrize("preset_id", [*PRESETS, "mixed"])
def test_plans_give_the_rules_answers(preset_id: str) -> None:
    """A reason's plan (the rules the product and guards decide, run once) finishes every
    claim-less option exactly as running all of the reason's rules on the line does."""
    # given every preset, varied lines and moments before, inside and after every window
    policy = parse_policy(MIXED) if preset_id == "mixed" else load_preset(preset_id)
    compared = 0
    for line, facts, rules, now in _reasons_of_lines(policy, 400):
        plan = plan_for(rules, facts)
        for moment in (now, now - timedelta(days=200), now + timedelta(days=600)):
            # when the option is finished from the plan, then it equals the rules' own
            expected = judge(rules, facts, moment, None)
            assert decide(plan, facts, moment) == expected, (rules.rule.reason, line)
            compared += 1
            PLAN_KINDS.update(
                name
                for name, on in (
                    ("ship", plan.ship),
                    ("term", plan.term),
                    ("nothing_left", plan.nothing_left),
                    ("window_only", plan.window_only),
                    ("paid_repair", expected.paid_repair),
                    ("refund", expected.refund is not None),
                )
                if on
            )
    assert compared > 1000


def test_plans_compared_cover_every_kind() -> None:
    # then (over the presets above) every kind of plan and outcome was compared
    if len(PLAN_KINDS) == 0:
        for preset_id in [*PRESETS, "mixed"]:
            test_plans_give_the_rules_answers(preset_id)
    assert {"ship", "term", "nothing_left", "window_only", "paid_repair", "refund"} == PLAN_KINDS


@pytest.mark.parametrize("preset_id", [*PRESETS, "mixed"])
def test_claims_judged_from_plans_as_from_the_rules(preset_id: str) -> None:
    """A claimed reason's option, its line rules' state taken from the plan, is the one
    running every rule gives."""
    # given every preset, varied lines and moments, and varied claims on each reason
    policy = parse_policy(MIXED) if preset_id == "mixed" else load_preset(preset_id)
    rng = random.Random(preset_id)
    conditions, kinds = list(ItemCondition), list(EvidenceKind)
    compared = 0
    for line, facts, rules, now in _reasons_of_lines(policy, 200):
        claim = ClaimFacts(
            reason=rules.rule.reason,
            quantity=rng.choice([1, 2]),
            declared_conditions=frozenset(rng.sample(conditions, rng.randint(0, 2))),
            evidence=frozenset(rng.sample(kinds, rng.randint(0, 2))),
            serial_number=rng.choice([None, "S"]),
        )
        plan = plan_for(rules, facts)
        for moment in (now, now - timedelta(days=200), now + timedelta(days=600)):
            # when judged from the plan, then it equals running the rules
            expected = judge(rules, facts, moment, claim)
            assert judge(rules, facts, moment, claim, plan) == expected, (claim, line)
            compared += 1
    assert compared > 1000
