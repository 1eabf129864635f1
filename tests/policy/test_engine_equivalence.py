"""Golden outputs: the evaluator's answers for a seeded, varied set of orders, under every
preset and a policy mixing what the presets do not combine, must not change when the
engine does.

Each answer (verdicts, findings and their messages, deadlines, resolutions, refund
estimates and plans, due dates) is serialised with the type of every value (``Decimal``
as text, so 10.0 and 10.00 differ; enums apart from plain strings) and hashed per policy;
a small sample is kept in ``golden/engine_sample.json`` so a change shows as a readable
difference before the hashes are compared.

After an intended change of outputs, regenerate with
``PYTHONPATH=. python -m tests.policy.test_engine_equivalence``.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from pathlib import Path
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
    Policy,
    ResolutionType,
    evaluate_line,
    evaluate_order,
    load_preset,
    parse_policy,
    plan_due_dates,
    plan_refund,
)
from saleor_warranty_plugin.policy.refunds import RefundNotAllowed

from .test_rules import MIXED

SAMPLE = Path(__file__).parent / "golden" / "engine_sample.json"
#: sha256 of the serialised answers per policy (see ``fingerprint``)
FINGERPRINTS = {
    "repair-parts-shop": "015710e41c5d11853c30d17f149ed4ca9d261104f846d1416007345488fb99d9",
    "electronics-store": "343f4b2500eed482412068e221147fd1b21f072e72d4d7f3481403e9402e9155",
    "cross-border-store": "f84ad7f34cb8a2167319797e62cf3142dc37019527b73a6b6fbc2846c2c078fa",
    "hardware-supplier": "eb5636b0da73c9a92712b32243edaac80918fd03ee588d5add57e6d62ad1d8a5",
    "equipment-reseller": "17e178290118130bb52b750348029676dcf46871b58355ccb5b708e6725ca963",
    "mixed": "b62f1df40fa52d53598d83ee57355572bb5d230c55a56bc1271d69950290347b",
}
POLICIES = list(FINGERPRINTS)
SLUGS = [None, "cell-phone-parts", "phone-parts", "service-products", "repair-equipment"]
SLUGS += ["cables", "adapters", "accessories", "laptops", "licenses", "modules", "electronics"]
ZONES = [UTC, UTC, timezone(timedelta(hours=-5)), timezone(timedelta(hours=9, minutes=30))]
PRICES = ["0.01", "0.5", "10", "10.0", "10.00", "19.99", "99.995", "1234.5", "4999.99", "0"]
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def policy_for(name: str) -> Policy:
    return parse_policy(MIXED) if name == "mixed" else load_preset(name)


def _some(rng: random.Random, values: list[Any], most: int) -> frozenset[Any]:
    return frozenset(rng.sample(values, rng.randint(0, most)))


def make_claim(rng: random.Random, ordered: datetime) -> ClaimFacts:
    inspected = None
    if rng.random() < 0.25:
        inspected = _some(rng, list(ItemCondition), 2)
    return ClaimFacts(
        reason=rng.choice(list(ClaimReason)),
        quantity=rng.choice([1, 1, 1, 2, 5]),
        declared_conditions=_some(rng, list(ItemCondition), 3),
        inspected_conditions=inspected,
        evidence=_some(rng, list(EvidenceKind), 3),
        serial_number=rng.choice([None, "SN-1"]),
        missing_accessories=rng.choice([(), (), ("charger",), ("cable", "battery")]),
        received_at=rng.choice([None, None, ordered + timedelta(days=rng.randint(3, 60))]),
        preferred_resolution=rng.choice([None, *ResolutionType]),
        refund_shipping=rng.choice([None, None, True, False]),
        return_shipping_cost=rng.choice([None, Decimal("4.95"), Decimal("0")]),
    )


def make_line(rng: random.Random, line_id: str, ordered: datetime) -> LineFacts:
    physical = rng.random() < 0.8
    price = Decimal(rng.choice(PRICES))
    discounts = rng.choice(
        [frozenset(), frozenset(), frozenset({"sale"}), frozenset({"voucher", "promotion"})]
        + [frozenset({"order_promotion"}), frozenset({"manual"})]
    )
    own_dates = rng.random() < 0.1
    shipped = ordered + timedelta(days=rng.randint(0, 5)) if own_dates else None
    quantity = rng.choice([0, 1, 1, 1, 2, 4])
    return LineFacts(
        line_id=line_id,
        product_name="Product",
        quantity=quantity,
        unit_price_paid=price,
        undiscounted_unit_price=price + 1,
        discount_kinds=discounts,
        is_shipping_required=physical,
        is_gift_card=rng.random() < 0.04,
        is_gift=rng.random() < 0.04,
        product_type_slug=rng.choice(SLUGS),
        category_slug=rng.choice(SLUGS),
        product_slug=rng.choice([None, None, "phone-x"]),
        warranty_months=rng.choice([None, None, 0, 1, 6, 12, 24, 36]),
        quantity_claimed=rng.choice([0, 0, 0, 0, 0, 1, quantity]),
        quantity_shipped=rng.choice([None, None, None, 0, 1]),
        in_stock=rng.choice([None, True, False]),
        activated=not physical and rng.random() < 0.5,
        shipped_at=shipped,
        delivered_at=shipped + timedelta(days=rng.randint(0, 9)) if shipped else None,
    )


def make_cases(
    seed: str, count: int
) -> list[tuple[OrderFacts, list[LineFacts], dict[str, ClaimFacts], list[datetime]]]:
    rng = random.Random(seed)
    cases = []
    for n in range(count):
        zone = rng.choice(ZONES)
        ordered = (NOW - timedelta(days=rng.randint(0, 900), hours=rng.randint(0, 23))).astimezone(
            zone
        )
        shipped = ordered + timedelta(days=rng.randint(0, 6)) if rng.random() < 0.9 else None
        delivered = (
            shipped + timedelta(days=rng.randint(0, 15), hours=rng.randint(0, 23))
            if shipped and rng.random() < 0.6
            else None
        )
        order = OrderFacts(
            ordered_at=ordered,
            paid_at=rng.choice([None, ordered + timedelta(minutes=rng.randint(1, 3000))]),
            shipped_at=shipped,
            delivered_at=delivered,
            currency=rng.choice(["EUR", "EUR", "USD", "JPY", "KWD", "CLP", "eur"]),
            shipping_paid=Decimal(rng.randint(0, 2000)) / 100,
            country=rng.choice([None, "DE", "PL", "US"]),
            transit_allowance_days=rng.choice([0, 3, 7]),
        )
        lines = [make_line(rng, f"{n}-{i}", ordered) for i in range(rng.choice([1, 1, 2, 3, 7]))]
        claims = {line.line_id: make_claim(rng, ordered) for line in lines if rng.random() < 0.3}
        days = rng.randint(0, 40) if rng.random() < 0.7 else rng.randint(0, 800)
        nows = [ordered + timedelta(days=days, hours=rng.randint(0, 23))]
        nows.append(rng.choice([nows[0], NOW, ordered]))
        cases.append((order, lines, claims, nows))
    return cases


def plain(value: Any) -> Any:
    """``value`` as JSON with the type of every value kept."""
    if hasattr(value, "_fields"):  # a result NamedTuple
        fields = {name: plain(getattr(value, name)) for name in value._fields}
        return {"type": type(value).__name__, **fields}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    if isinstance(value, frozenset | set):
        return sorted(plain(v) for v in value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, Enum):
        return f"{type(value).__name__}:{value.value}"
    if isinstance(value, Decimal | datetime):
        return (
            f"{type(value).__name__}:{value.isoformat() if isinstance(value, datetime) else value}"
        )
    if value is None or type(value) in (bool, int, str):
        return value
    raise TypeError(f"cannot serialise {type(value).__name__}")


def answers(policy: Policy, seed: str, count: int = 150) -> Iterator[Any]:
    """Every answer the engine gives for the cases: whole orders, single lines for some
    reasons, and refund plans and due dates for each claim."""
    for order, lines, claims, nows in make_cases(seed, count):
        for now in nows:
            yield plain(evaluate_order(policy, order, lines, now, claims))
        now = nows[0]
        reasons = policy.reasons[1::2] or policy.reasons
        yield plain(evaluate_line(policy, order, lines[0], now, None, reasons))
        for line in lines:
            claim = claims.get(line.line_id)
            if claim is None or claim.reason not in policy.reasons:
                continue
            yield plain(plan_due_dates(policy, claim.reason, now, in_stock=line.in_stock))
            if not policy.rule(claim.reason).accepted:
                continue
            for to_credit in (False, True):
                try:
                    yield plain(plan_refund(policy, order, line, claim, now, None, to_credit))
                except RefundNotAllowed as exc:
                    yield f"refused: {exc}"


def fingerprint(name: str) -> tuple[str, Any]:
    """The sha256 of a policy's answers (canonical JSON, one per line) and the first line
    evaluation as a sample."""
    digest = hashlib.sha256()
    sample = None
    for answer in answers(policy_for(name), seed=name):
        text = json.dumps(answer, sort_keys=True, separators=(",", ":"))
        digest.update(text.encode() + b"\n")
        if sample is None:
            sample = answer[0]
    return digest.hexdigest(), sample


@pytest.mark.parametrize("name", POLICIES)
def test_answers_are_unchanged(name: str) -> None:
    # given the seeded cases, when the engine answers them, then the answers are the stored ones
    digest, sample = fingerprint(name)
    assert sample == json.loads(SAMPLE.read_text())[name]
    assert digest == FINGERPRINTS[name]


def test_the_cases_reach_every_preset_and_many_answers() -> None:
    # the fingerprints above check something: every preset, every verdict, paid repairs,
    # refund estimates with a due date, refund plans and refusals
    assert set(PRESETS) < set(POLICIES)
    seen: set[str] = set()
    for name in POLICIES:
        for answer in answers(policy_for(name), name, 60):
            if isinstance(answer, str):
                seen.add("refused")
            elif isinstance(answer, dict) and answer.get("type") != "LineEvaluation":
                seen.add(answer.get("type", "due dates"))
            else:
                lines = answer if isinstance(answer, list) else [answer]
                options = [o for line in lines for o in line["options"]]
                seen.update(o["verdict"] for o in options)
                seen.update("paid repair" for o in options if o["paid_repair"])
                seen.update("due" for o in options if o["refund"] and o["refund"]["due_at"])
    assert seen == {
        "Verdict:ELIGIBLE",
        "Verdict:INELIGIBLE",
        "Verdict:NEEDS_REVIEW",
        "paid repair",
        "due",
        "RefundPlan",
        "due dates",
        "refused",
    }


if __name__ == "__main__":
    samples = {}
    for name in POLICIES:
        digest, samples[name] = fingerprint(name)
        print(f'    "{name}": "{digest}",')
    SAMPLE.parent.mkdir(exist_ok=True)
    SAMPLE.write_text(json.dumps(samples, indent=1, sort_keys=True) + "\n")
