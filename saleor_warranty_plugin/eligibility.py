"""Eligibility of every line of an order for every reason its policy knows."""

from dataclasses import dataclass
from typing import Any, NamedTuple

from django.utils import timezone

from .access import check_account
from .facts import build_order_context
from .line_rows import read_order_lines
from .policies import required_policy
from .policy import LineEvaluation, evaluate_order


class LineRow(NamedTuple):
    """A Saleor order line and the policy's evaluation of it."""

    line: Any
    evaluation: LineEvaluation


@dataclass
class OrderEligibility:
    order: Any
    policy_record: Any
    lazy: bool
    lines: list[LineRow]


def order_eligibility(order: Any, config: Any, now=None, requestor=None) -> OrderEligibility:
    """Raises ACCOUNT_REQUIRED for a guest `requestor` where the policy wants an account."""
    ctx = build_order_context(order, config.transit_allowance_days, read_order_lines(order))
    record, policy, lazy = required_policy(order, ctx)
    if requestor is not None:
        check_account(requestor, policy)
    now = now or timezone.now()
    facts = [ctx.line_facts[line.pk] for line in ctx.lines]
    evaluations = evaluate_order(policy, ctx.order_facts, facts, now)
    lines = [LineRow(line, e) for line, e in zip(ctx.lines, evaluations, strict=True)]
    return OrderEligibility(order, record, lazy, lines)
