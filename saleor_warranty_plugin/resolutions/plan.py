"""What a resolution is worth, from the policy's refund plan: read from the claim and its
order, then handed to `decide_resolution`, before anything moves (plan, decide, perform)."""

import dataclasses
import functools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from graphql_relay import to_global_id

from ..claim_facts import claim_facts_of, stored_evidence_kinds
from ..error_codes import ClaimError
from ..facts import build_order_context, claim_line_facts
from ..line_rows import read_order_lines
from ..policies import parsed_policy
from ..policy import ResolutionType, evaluate_line, plan_refund, round_money
from ..policy.binding import refusals


@dataclass
class ResolutionPlan:
    currency: str
    items: list[dict]  # [{code, label, amount}] summed over the claim's lines
    total: Decimal
    paid_for_lines: Decimal  # what the customer paid for the claimed units (+ shipping if refunded)
    store_credit_allowed: bool
    resolutions: set[str]  # resolutions the policy offers for every line of the claim
    refund_shipping: bool
    paid_repair: bool  # a repair is offered only as a paid one (warranty over, or voided)
    # why the policy does not offer the requested resolution for the claim as it stands
    refusals: list[ClaimError] = dataclasses.field(default_factory=list)


def _covers_whole_order(claim: Any, ctx: Any) -> bool:
    """Whether the claim takes back every unit of the order not already returned or claimed."""
    in_claim = {line.order_line_id: line.quantity for line in claim.lines.all()}
    for line in ctx.lines:
        kept = line.quantity - ctx.returned.get(line.pk, 0)
        others = ctx.claimed.get(line.pk, 0) - in_claim.get(line.pk, 0)
        if kept - max(others, 0) > in_claim.get(line.pk, 0):
            return False
    return True


def claimed_quantity(claim_line: Any, shipped: bool) -> int:
    """Units the resolution covers: what came back, or what was claimed if never shipped."""
    return claim_line.quantity_received if shipped else claim_line.quantity


@dataclass
class _Sums:
    """The plan summed over the claim's lines."""

    totals: dict[tuple[str, str], Decimal] = dataclasses.field(default_factory=dict)
    total: Decimal = Decimal(0)
    paid: Decimal = Decimal(0)
    credit_ok: bool = True
    offered: set[str] | None = None
    shipping_included: bool = False
    paid_repair: bool = False

    def add(self, line_plan: Any, paid_for_goods: Decimal) -> None:
        self.credit_ok &= line_plan.store_credit_allowed
        for item in line_plan.items:
            key = (item.code, item.label)
            self.totals[key] = self.totals.get(key, Decimal(0)) + item.amount
            if item.code == "SHIPPING":
                self.shipping_included = True
                self.paid += item.amount
        self.total += line_plan.total
        self.paid += paid_for_goods


def plan_resolution(
    claim: Any,
    resolution_type: ResolutionType,
    refund_shipping: bool | None,
    config: Any,
    now: Any,
) -> ResolutionPlan:
    """What resolving `claim` by `resolution_type` is worth under its policy, line by line
    (each line judged again with what reception found). Reads; writes nothing."""
    order = claim.order
    ctx = build_order_context(order, config.transit_allowance_days, read_order_lines(order))
    policy = parsed_policy(claim.policy)
    if refund_shipping is None and not _covers_whole_order(claim, ctx):
        # the original shipping goes back (where the policy refunds it) only when nothing of
        # the order is left with the customer; staff can still decide with refundShipping
        refund_shipping = False
    sums = _Sums()
    stored = stored_evidence_kinds(claim)
    judged = []
    for claim_line in claim.lines.all():
        facts = claim_line_facts(ctx, claim_line, claim)
        if facts is None:
            continue
        quantity = claimed_quantity(claim_line, bool(facts.quantity_shipped))
        claim_facts = claim_facts_of(claim_line, claim, stored)
        option = evaluate_line(
            policy,
            ctx.order_facts,
            facts,
            claim.created_at,
            claim=claim_facts,
            reasons=[claim_facts.reason],
        ).options[0]
        judged.append((to_global_id("OrderLine", str(claim_line.order_line_id)), option))
        sums.paid_repair |= option.paid_repair
        names = {r.value for r in option.resolutions}
        sums.offered = names if sums.offered is None else sums.offered & names
        if quantity <= 0:
            continue
        claim_facts = dataclasses.replace(
            claim_facts, refund_shipping=False if sums.shipping_included else refund_shipping
        )
        plan_line = functools.partial(
            plan_refund, policy, ctx.order_facts, facts, claim_facts, now, quantity=quantity
        )
        # whether the policy offers store credit here is the binding's answer (refusals)
        sums.add(plan_line(), facts.unit_price_paid * quantity)
    plan = _plan(sums, order.currency)
    plan.refusals = [
        ClaimError(r.code, r.message, field="type", order_lines=list(r.lines))
        for r in refusals(resolution_type, judged)
    ]
    return plan


def _plan(sums: _Sums, currency: str) -> ResolutionPlan:
    return ResolutionPlan(
        currency=currency,
        items=[
            {"code": code, "label": label, "amount": str(round_money(amount, currency))}
            for (code, label), amount in sums.totals.items()
        ],
        total=round_money(sums.total, currency),
        paid_for_lines=round_money(sums.paid, currency),
        store_credit_allowed=sums.credit_ok,
        resolutions=sums.offered or set(),
        refund_shipping=sums.shipping_included,
        paid_repair=sums.paid_repair,
    )
