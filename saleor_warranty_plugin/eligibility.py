"""Eligibility of every line of an order for every reason its policy knows."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .error_codes import ClaimError, ClaimErrorCode
from .facts import build_order_context
from .policies import parsed_policy, policy_for_order
from .policy import LineEvaluation, evaluate_line


@dataclass
class OrderEligibility:
    order: Any
    policy_record: Any
    lazy: bool
    lines: list[tuple[Any, LineEvaluation]]


def order_eligibility(order: Any, config: Any, now=None) -> OrderEligibility:
    ctx = build_order_context(order, config.transit_allowance_days)
    record, lazy = policy_for_order(order, ctx.snapshot)
    if record is None:
        raise ClaimError(
            ClaimErrorCode.POLICY_NOT_SET,
            "This shop has not set a return policy for the order's channel.",
            field="order",
        )
    policy = parsed_policy(record)
    now = now or timezone.now()
    lines = [
        (line, evaluate_line(policy, ctx.order_facts, ctx.line_facts[line.pk], now))
        for line in ctx.lines
    ]
    return OrderEligibility(order, record, lazy, lines)
