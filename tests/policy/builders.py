"""Small builders for policy facts: defaults describe an ordinary shipped, paid line."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from saleor_warranty_plugin.policy import (
    ClaimFacts,
    ClaimReason,
    LineFacts,
    OrderFacts,
    ReasonOption,
    evaluate_line,
    load_preset,
)


def at(value: str) -> datetime:
    """``"2025-03-01"`` or ``"2025-03-01T10:00"`` as an aware UTC datetime."""
    moment = datetime.fromisoformat(value)
    if len(value) == 10:  # a bare date: midday, so day arithmetic is unambiguous
        moment = moment.replace(hour=12)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def make_order(**overrides: Any) -> OrderFacts:
    base = OrderFacts(
        ordered_at=at("2025-03-03"),
        paid_at=at("2025-03-03"),
        shipped_at=at("2025-03-04"),
        delivered_at=at("2025-03-06"),
        currency="EUR",
        shipping_paid=Decimal("9.90"),
    )
    return replace(
        base,
        **{
            k: at(v) if isinstance(v, str) and k.endswith("_at") else v
            for k, v in overrides.items()
        },
    )


def make_line(**overrides: Any) -> LineFacts:
    base = LineFacts(
        line_id="L1",
        product_name="Device",
        quantity=1,
        unit_price_paid=Decimal("100.00"),
        undiscounted_unit_price=Decimal("100.00"),
    )
    return replace(
        base,
        **{
            k: at(v) if isinstance(v, str) and k.endswith("_at") else v
            for k, v in overrides.items()
        },
    )


def make_claim(reason: ClaimReason, **overrides: Any) -> ClaimFacts:
    if isinstance(overrides.get("received_at"), str):
        overrides["received_at"] = at(overrides["received_at"])
    return ClaimFacts(reason=reason, **overrides)


def judge(
    preset: str,
    reason: ClaimReason,
    now: str,
    *,
    order: OrderFacts | None = None,
    line: LineFacts | None = None,
    claim: ClaimFacts | None = None,
) -> ReasonOption:
    """The option for ``reason`` under ``preset`` at ``now``."""
    evaluation = evaluate_line(
        load_preset(preset), order or make_order(), line or make_line(), at(now), claim, [reason]
    )
    return evaluation.options[0]
