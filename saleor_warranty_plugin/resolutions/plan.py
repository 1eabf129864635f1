"""What a resolution is worth, from the policy's refund plan: a pure value shown before
anything moves (plan, then perform)."""

import dataclasses
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from graphql_relay import to_global_id

from ..error_codes import ClaimError
from ..facts import build_order_context, claim_line_facts
from ..policies import parsed_policy
from ..policy import ResolutionType, plan_refund, round_money
from ..policy.binding import refusals


@dataclass
class ResolutionPlan:
    currency: str
    items: list[dict]  # [{code, label, amount}] summed over the claim's lines
    total: Decimal
    paid_for_lines: Decimal  # what the customer paid for the claimed units (+ shipping if refunded)
    store_credit_allowed: bool
    original_payment_allowed: bool
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


def plan_resolution(
    claim: Any,
    resolution_type: ResolutionType,
    refund_shipping: bool | None,
    config: Any,
    now,
) -> ResolutionPlan:
    from ..actions import claim_facts_of, stored_evidence_kinds
    from ..policy import evaluate_line

    order = claim.order
    ctx = build_order_context(order, config.transit_allowance_days)
    policy = parsed_policy(claim.policy)
    if refund_shipping is None and not _covers_whole_order(claim, ctx):
        # the original shipping goes back (where the policy refunds it) only when nothing of
        # the order is left with the customer; staff can still decide with refundShipping
        refund_shipping = False
    totals: dict[tuple[str, str], Decimal] = {}
    total = Decimal(0)
    paid = Decimal(0)
    credit_ok = money_ok = True
    offered: set[str] | None = None
    shipping_included = False
    paid_repair = False
    stored = stored_evidence_kinds(claim)
    judged = []
    for claim_line in claim.lines.all():
        facts = claim_line_facts(ctx, claim_line, claim)
        if facts is None:
            continue
        shipped = bool(facts.quantity_shipped)
        quantity = claimed_quantity(claim_line, shipped)
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
        paid_repair |= option.paid_repair
        names = {r.value for r in option.resolutions}
        offered = names if offered is None else offered & names
        if quantity <= 0:
            continue
        claim_facts = dataclasses.replace(
            claim_facts, refund_shipping=False if shipping_included else refund_shipping
        )
        # whether the policy offers store credit here is the binding's answer (refusals)
        line_plan = plan_refund(policy, ctx.order_facts, facts, claim_facts, now, quantity=quantity)
        credit_ok &= line_plan.store_credit_allowed
        money_ok &= line_plan.original_payment_allowed
        for item in line_plan.items:
            key = (item.code, item.label)
            totals[key] = totals.get(key, Decimal(0)) + item.amount
            if item.code == "SHIPPING":
                shipping_included = True
                paid += item.amount
        total += line_plan.total
        paid += facts.unit_price_paid * quantity
    currency = order.currency
    return ResolutionPlan(
        currency=currency,
        items=[
            {"code": code, "label": label, "amount": str(round_money(amount, currency))}
            for (code, label), amount in totals.items()
        ],
        total=round_money(total, currency),
        paid_for_lines=round_money(paid, currency),
        store_credit_allowed=credit_ok,
        original_payment_allowed=money_ok,
        resolutions=offered or set(),
        refund_shipping=shipping_included,
        paid_repair=paid_repair,
        refusals=[
            ClaimError(r.code, r.message, field="type", order_lines=list(r.lines))
            for r in refusals(resolution_type, judged)
        ],
    )
