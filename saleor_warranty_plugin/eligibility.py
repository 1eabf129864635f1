"""Eligibility of every line of an order for every reason its policy knows."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from .access import check_account
from .facts import build_order_context
from .policies import required_policy
from .policy import LineEvaluation, evaluate_line


@dataclass
class OrderEligibility:
    order: Any
    policy_record: Any
    lazy: bool
    lines: list[tuple[Any, LineEvaluation]]


def order_eligibility(order: Any, config: Any, now=None, requestor=None) -> OrderEligibility:
    """Raises ACCOUNT_REQUIRED for a guest `requestor` where the policy wants an account."""
    ctx = build_order_context(order, config.transit_allowance_days)
    record, policy, lazy = required_policy(order, ctx)
    if requestor is not None:
        check_account(requestor, policy)
    now = now or timezone.now()
    lines = [
        (line, evaluate_line(policy, ctx.order_facts, ctx.line_facts[line.pk], now))
        for line in ctx.lines
    ]
    return OrderEligibility(order, record, lazy, lines)
