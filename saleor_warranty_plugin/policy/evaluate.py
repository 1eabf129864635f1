"""Facts + policy + now -> per-line, per-reason verdicts with findings and deadlines.

For each reason the policy knows, the rules are applied in a fixed order and every finding
is kept: reason accepted? exclusions (sale items, non-physical goods, listed products),
dispatch (NOT_SHIPPED, or "only before dispatch"), the reason's window, the warranty,
stock, quantity; with a claim for that reason also conditions (declared, or inspected),
evidence and serial number. Any blocking finding gives INELIGIBLE; otherwise a pending
inspection gives NEEDS_REVIEW; otherwise ELIGIBLE. Informational findings (OUT_OF_STOCK
with a fallback, SALE_ITEM that only removes refunds) do not change the verdict.

Warranty reasons of a policy offering paid repair: when only the warranty's expiry or a
voiding condition stands in the way, the option becomes NEEDS_REVIEW with a paid REPAIR
(``paid_repair``), the buyer paying shipping, no refund.

The deadline is the last moment (inclusive) a claim for the reason is accepted: the
earlier of the reason's window and the warranty; for "only before dispatch" reasons the
moment of shipment once shipped. ``now`` is always passed in; nothing reads the clock.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Hashable, Iterable, Mapping, Sequence
from datetime import datetime
from functools import lru_cache
from typing import Any

from .context import LineContext, Memo, OrderContext
from .enums import (
    ClaimReason,
    FindingCode,
    ItemCondition,
    Payer,
    RefundMethods,
    ResolutionType,
    Verdict,
)
from .facts import (
    ClaimFacts,
    Finding,
    LineEvaluation,
    LineFacts,
    OrderFacts,
    ReasonOption,
    RefundPlan,
)
from .policy import Policy
from .refunds import unit_refund
from .rules import REASON_LABELS, ReasonRule, check_claim, format_moment

_MONEY = frozenset({ResolutionType.REFUND, ResolutionType.STORE_CREDIT})
_PAID_REPAIR_BLOCKERS = frozenset({FindingCode.WARRANTY_EXPIRED, FindingCode.CONDITION_NOT_MET})
_REPAIR = (ResolutionType.REPAIR,)
_NO_UNITS = Finding(FindingCode.QUANTITY_EXCEEDED, "Every unit of this line is already in a claim.")
_NO_WARRANTY = Finding(FindingCode.NON_RETURNABLE_PRODUCT, "This product has no warranty.")
_ACTIVATED = Finding(
    FindingCode.NON_RETURNABLE_PRODUCT,
    "Only possible before activation; this product is activated.",
)
_NOT_SHIPPED = Finding(FindingCode.NOT_SHIPPED, "This item has not been shipped yet.")
_PAID_REPAIR = " A paid repair can be offered; its price is set case by case."


@lru_cache(maxsize=8192)
def _dated(code: FindingCode, text: str, moment: datetime) -> Finding:
    return Finding(code, text.format(date=format_moment(moment)))


def _money_choices(
    methods: RefundMethods,
    available: list[ResolutionType],
    removed: frozenset[ResolutionType],
) -> list[ResolutionType]:
    """Money resolutions as the refund methods allow them: store credit right after a refund
    where the customer may choose it, neither where the methods rule it out."""
    if _MONEY.isdisjoint(available):
        return available
    credit = methods is not RefundMethods.ORIGINAL_PAYMENT
    choices: list[ResolutionType] = []
    for kind in available:
        if kind is ResolutionType.REFUND:
            if methods is not RefundMethods.STORE_CREDIT:
                choices.append(kind)
            if credit and ResolutionType.STORE_CREDIT not in (*available, *removed):
                choices.append(ResolutionType.STORE_CREDIT)
        elif kind is not ResolutionType.STORE_CREDIT or credit:
            choices.append(kind)
    return choices


def _not_accepted(rule: ReasonRule) -> ReasonOption:
    message = rule.message or f"Claims for {REASON_LABELS[rule.reason]} are not accepted."
    return ReasonOption(
        reason=rule.reason,
        verdict=Verdict.INELIGIBLE,
        findings=(Finding(FindingCode.REASON_NOT_ACCEPTED, message),),
        deadline=None,
        resolutions=(),
        required_evidence=(),
        refund=None,
        decided_by=str(rule.decided_by),
        needs_inspection=False,
        paid_repair=False,
    )


_REJECTED: dict[int, tuple[ReasonRule, ReasonOption]] = {}


def _rejected(rule: ReasonRule) -> ReasonOption:
    cached = _REJECTED.get(id(rule))
    if cached is None or cached[0] is not rule:
        cached = _REJECTED[id(rule)] = (rule, _not_accepted(rule))
    return cached[1]


def evaluate_line(
    policy: Policy,
    order: OrderFacts,
    line: LineFacts,
    now: datetime,
    claim: ClaimFacts | None = None,
    reasons: Iterable[ClaimReason] | None = None,
) -> LineEvaluation:
    """Every reason's option for ``line`` (or only ``reasons``); the option for
    ``claim.reason`` also checks the claim's conditions, evidence, serial and quantity."""
    return _evaluate(policy, OrderContext(policy, order), line, now, claim, reasons)


def evaluate_order(
    policy: Policy,
    order: OrderFacts,
    lines: Iterable[LineFacts],
    now: datetime,
    claims_by_line: Mapping[str, ClaimFacts] | None = None,
) -> tuple[LineEvaluation, ...]:
    """``evaluate_line`` for each line; ``claims_by_line`` maps line ids to claims."""
    claims = claims_by_line or {}
    context = OrderContext(policy, order)
    return tuple(
        _evaluate(policy, context, line, now, claims.get(line.line_id), None) for line in lines
    )


def _evaluate(
    policy: Policy,
    context: OrderContext,
    line: LineFacts,
    now: datetime,
    claim: ClaimFacts | None,
    reasons: Iterable[ClaimReason] | None,
) -> LineEvaluation:
    facts = LineContext(policy, context, line)
    table = _line_table(context, facts) if Memo.enabled else None
    if table is not None and claim is None and reasons is None:
        # the whole line at once: every reason's expiry as seen from `now`
        # (how many window deadlines have passed decides every window's expiry)
        term = facts.term_deadline
        due_from = (
            now
            if policy.refund_clocks and (not facts.dispatched or policy.refund_clocks_at_once)
            else None
        )
        key = (
            bisect_left(facts.moments, now),
            term is not None and now > term,
            due_from,
            context.order.country if due_from is not None else None,
        )
        found = table.get(key)
        if found is None:
            found = table[key] = _options(policy, context, table, line, facts, now, None, None)
        return LineEvaluation(line.line_id, facts.claimable, found)
    options = _options(policy, context, table, line, facts, now, claim, reasons)
    return LineEvaluation(line.line_id, facts.claimable, options)


def _options(
    policy: Policy,
    context: OrderContext,
    table: dict[Hashable, Any] | None,
    line: LineFacts,
    facts: LineContext,
    now: datetime,
    claim: ClaimFacts | None,
    reasons: Iterable[ClaimReason] | None,
) -> tuple[ReasonOption, ...]:
    wanted: Sequence[ClaimReason] = policy.reasons if reasons is None else tuple(reasons)
    rules = policy.rules
    options = []
    for reason in wanted:
        rule = rules.get(reason)
        if rule is None:
            raise KeyError(f"the policy does not know the reason {reason}")
        if not rule.accepted:
            options.append(_rejected(rule))
        elif claim is not None and claim.reason == reason:
            options.append(_option(policy, rule, context.order, line, facts, now, claim))
        elif table is None:
            options.append(_option(policy, rule, context.order, line, facts, now, None))
        else:
            options.append(_memoised(policy, rule, context, table, line, facts, now))
    return tuple(options)


def _line_table(context: OrderContext, facts: LineContext) -> dict[Hashable, Any]:
    """The memo of options for lines with the same ``facts.key``."""
    tables = context.memo.options
    table = tables.get(facts.key)
    if table is None:
        if len(tables) >= 100_000:
            tables.clear()
        table = tables[facts.key] = {}
    return table


def _memoised(
    policy: Policy,
    rule: ReasonRule,
    context: OrderContext,
    table: dict[Hashable, Any],
    line: LineFacts,
    facts: LineContext,
    now: datetime,
) -> ReasonOption:
    """The option for a line without a claim for this reason, from the memo when the same
    inputs were seen before: ``facts.key`` plus the reason and what ``now`` decides."""
    window = facts.deadlines[rule.reason]
    term = facts.term_deadline if rule.warranty else None
    due_from = (
        now
        if rule.refund_clock is not None and not (facts.dispatched and rule.return_required)
        else None
    )
    key = (
        rule.reason,
        window is not None and now > window,
        term is not None and now > term,
        due_from,
        context.order.country if due_from is not None else None,
    )
    found: ReasonOption | None = table.get(key)
    if found is None:
        found = table[key] = _option(policy, rule, context.order, line, facts, now, None)
    return found


def _option(
    policy: Policy,
    rule: ReasonRule,
    order: OrderFacts,
    line: LineFacts,
    facts: LineContext,
    now: datetime,
    claim: ClaimFacts | None,
) -> ReasonOption:
    reason = rule.reason
    findings: list[Finding] = []
    blocking: set[FindingCode] = set()
    removed: frozenset[ResolutionType] = frozenset()
    for exclusion in facts.exclusions:
        if reason in exclusion.reasons:
            findings.append(exclusion.finding)
            if exclusion.removes is None:
                blocking.add(exclusion.finding.code)
            else:
                removed |= exclusion.removes

    deadline: datetime | None = None
    if rule.before_dispatch_only:
        if facts.dispatched:
            if facts.physical:
                assert facts.shipped is not None
                deadline = facts.shipped
                findings.append(
                    _dated(
                        FindingCode.RETURN_WINDOW_EXPIRED,
                        "Only possible before shipment; shipped on {date}.",
                        facts.shipped,
                    )
                )
                blocking.add(FindingCode.RETURN_WINDOW_EXPIRED)
            elif FindingCode.NON_RETURNABLE_PRODUCT not in blocking:
                findings.append(_ACTIVATED)
                blocking.add(FindingCode.NON_RETURNABLE_PRODUCT)
    elif rule.requires_shipment and facts.physical and facts.shipped is None:
        findings.append(_NOT_SHIPPED)
        blocking.add(FindingCode.NOT_SHIPPED)

    if rule.window is not None:
        deadline = facts.deadlines[reason]
        if deadline is not None and now > deadline:
            findings.append(
                _dated(
                    FindingCode.RETURN_WINDOW_EXPIRED,
                    "The period for this request ended on {date}.",
                    deadline,
                )
            )
            blocking.add(FindingCode.RETURN_WINDOW_EXPIRED)

    paid_repair_offered = False
    if rule.warranty and facts.term is not None:
        term = facts.term
        paid_repair_offered = term.paid_repair
        if term.deadline is None:
            findings.append(_NO_WARRANTY)
            blocking.add(FindingCode.NON_RETURNABLE_PRODUCT)
        else:
            ends = facts.term_deadline
            if ends is not None:
                if now > ends:
                    findings.append(
                        _dated(FindingCode.WARRANTY_EXPIRED, "The warranty ended on {date}.", ends)
                    )
                    blocking.add(FindingCode.WARRANTY_EXPIRED)
                deadline = ends if deadline is None else min(deadline, ends)

    available = (
        [r for r in rule.resolutions if r not in removed] if removed else list(rule.resolutions)
    )
    decided_by = rule.decided_by
    if line.in_stock is False and rule.needs_stock and not rule.needs_stock.isdisjoint(available):
        if rule.out_of_stock_resolutions is not None:
            available = [r for r in rule.out_of_stock_resolutions if r not in removed]
        else:
            available = [r for r in available if r not in rule.needs_stock]
        decided_by = rule.out_of_stock_decider or decided_by
        if available:
            text = "Not in stock: " + ", ".join(r.lower() for r in available) + " instead."
            findings.append(Finding(FindingCode.OUT_OF_STOCK, text))
        else:
            findings.append(
                Finding(FindingCode.OUT_OF_STOCK, "Not in stock; nothing else is offered.")
            )
            blocking.add(FindingCode.OUT_OF_STOCK)
    available = _money_choices(policy.refund_methods, available, removed)
    if not available and not blocking:
        # every resolution was removed by exclusions: the exclusion findings explain why
        blocking.update(f.code for f in findings)

    if facts.claimable == 0:
        findings.append(_NO_UNITS)
        blocking.add(FindingCode.QUANTITY_EXCEEDED)

    review = rule.inspection
    voided = False
    if claim is not None:
        voided, review = check_claim(
            rule,
            claim,
            facts.claimable,
            facts.shipped_units,
            facts.physical,
            findings,
            blocking,
            review,
        )
        if (
            rule.customer_chooses
            and claim.preferred_resolution is not None
            and claim.preferred_resolution in available
        ):
            available.remove(claim.preferred_resolution)
            available.insert(0, claim.preferred_resolution)

    paid_repair = False
    payer = Payer.BUYER if voided else rule.return_shipping
    if blocking:
        verdict = Verdict.INELIGIBLE
        available = []  # nothing is offered for an ineligible claim
        if (
            paid_repair_offered
            and blocking <= _PAID_REPAIR_BLOCKERS
            and not (claim and ItemCondition.NO_DEFECT_FOUND in claim.conditions)
        ):
            verdict, paid_repair, payer = Verdict.NEEDS_REVIEW, True, Payer.BUYER
            findings = [
                Finding(f.code, f.message + _PAID_REPAIR) if f.code in blocking else f
                for f in findings
            ]
            available = list(_REPAIR)
    elif review:
        verdict = Verdict.NEEDS_REVIEW
    else:
        verdict = Verdict.ELIGIBLE

    refund: RefundPlan | None = None
    if verdict is not Verdict.INELIGIBLE and not paid_repair and not _MONEY.isdisjoint(available):
        refund = unit_refund(policy, rule, order, line, claim, now, available)
    return ReasonOption(
        reason=reason,
        verdict=verdict,
        findings=tuple(findings),
        deadline=deadline,
        resolutions=tuple(available),
        required_evidence=rule.evidence_kinds,
        refund=refund,
        decided_by=str(decided_by),
        needs_inspection=review,
        paid_repair=paid_repair,
        evidence_choices=rule.evidence_choices,
        return_shipping_paid_by=str(payer),
    )
