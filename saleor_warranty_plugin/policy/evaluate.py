"""Facts + policy + now -> per-line, per-reason verdicts with findings and deadlines.

For each reason the policy knows, its rules (``rules.py``) run in a fixed order and every
finding is kept: reason accepted? exclusions (sale items, non-physical goods, listed
products), dispatch (NOT_SHIPPED, or "only before dispatch"), the reason's window, the
warranty, stock, quantity; with a claim for that reason also conditions (declared, or
inspected), evidence and serial number. Any blocking finding gives INELIGIBLE; otherwise a
pending inspection gives NEEDS_REVIEW; otherwise ELIGIBLE. Informational findings
(OUT_OF_STOCK with a fallback, SALE_ITEM that only removes refunds) do not change the
verdict.

Warranty reasons of a policy offering paid repair: when only the warranty's expiry or a
voiding condition stands in the way, the option becomes NEEDS_REVIEW with a paid REPAIR
(``paid_repair``), the buyer paying shipping, no refund.

The deadline is the last moment (inclusive) a claim for the reason is accepted: the
earlier of the reason's window and the warranty; for "only before dispatch" reasons the
moment of shipment once shipped. ``now`` is always passed in; nothing reads the clock.

Options of lines without a claim for the reason are memoised per policy under a key
derived from the inputs the reason's rules declare (``ReasonRules.key``).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from datetime import datetime

from .context import LineContext, Memo, OrderContext
from .enums import ClaimReason, FindingCode, ItemCondition, Payer, ResolutionType, Verdict
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
from .rules import MONEY, Judgement, ReasonRules, rules_of

_PAID_REPAIR_BLOCKERS = frozenset({FindingCode.WARRANTY_EXPIRED, FindingCode.CONDITION_NOT_MET})
_REPAIR = (ResolutionType.REPAIR,)
_PAID_REPAIR = " A paid repair can be offered; its price is set case by case."
_LIMIT = 200_000
#: builds a ReasonOption from a tuple of all its fields, skipping NamedTuple's keyword
#: handling (the hot path builds one per line and reason)
_option = tuple.__new__


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
    compiled = rules_of(policy)
    memo = context.memo.options if Memo.enabled else None
    claimed = claim.reason if claim is not None else None
    options = []
    shared: dict[Hashable, RefundPlan] = {}
    for reason in policy.reasons if reasons is None else reasons:
        rules = compiled.get(reason)
        if rules is None:
            raise KeyError(f"the policy does not know the reason {reason}")
        if isinstance(rules, ReasonOption):  # not accepted: the same option for every line
            options.append(rules)
        elif reason == claimed:
            options.append(judge(rules, facts, now, claim, shared))
        elif memo is None:
            options.append(judge(rules, facts, now, None, shared))
        else:
            key = rules.key(facts, now)
            found = memo.get(key)
            if found is None:
                if len(memo) >= _LIMIT:
                    memo.clear()
                found = memo[key] = judge(rules, facts, now, None, shared)
            options.append(found)
    return LineEvaluation(line.line_id, facts.claimable, tuple(options))


def judge(
    rules: ReasonRules,
    facts: LineContext,
    now: datetime,
    claim: ClaimFacts | None,
    shared: dict[Hashable, RefundPlan],
) -> ReasonOption:
    """Run a reason's rules on a line and combine what they found into its option.

    ``shared`` holds the line's claim-less refund estimates: reasons with the same refund
    profile and the same money resolutions get the same estimate, computed once per line."""
    rule = rules.rule
    judgement = Judgement(rule)
    for check in rules.calls(facts.guards):
        check(facts, now, judgement)
    if claim is not None:
        for claim_check in rules.claim_checks:
            claim_check.check(facts, claim, judgement)
    findings, blocking, available = judgement.findings, judgement.blocking, judgement.available
    paid_repair = False
    payer = Payer.BUYER if judgement.voided else rule.return_shipping
    if blocking:
        verdict = Verdict.INELIGIBLE
        available = ()  # nothing is offered for an ineligible claim
        if (
            judgement.paid_repair_offered
            and blocking <= _PAID_REPAIR_BLOCKERS
            and not (claim and ItemCondition.NO_DEFECT_FOUND in claim.conditions)
        ):
            # only the warranty's end or a voiding condition stands in the way
            verdict, paid_repair, payer = Verdict.NEEDS_REVIEW, True, Payer.BUYER
            findings = [
                Finding(f.code, f.message + _PAID_REPAIR) if f.code in blocking else f
                for f in findings
            ]
            available = _REPAIR
    elif judgement.review:
        verdict = Verdict.NEEDS_REVIEW
    else:
        verdict = Verdict.ELIGIBLE
    refund = None
    if (
        rules.refund is not None
        and verdict is not Verdict.INELIGIBLE
        and not paid_repair
        and not MONEY.isdisjoint(available)
    ):
        estimate = rules.refund
        if claim is None:
            same = (estimate.profile, available)
            refund = shared.get(same)
            if refund is None:
                refund = shared[same] = estimate.estimate(facts, now, None, available)
        else:
            refund = estimate.estimate(facts, now, claim, available)
    return _option(
        ReasonOption,
        (
            rule.reason,
            verdict,
            tuple(findings),
            judgement.deadline,
            available,
            rule.evidence_kinds,
            refund,
            str(judgement.decided_by),
            judgement.review,
            paid_repair,
            rule.evidence_choices,
            str(payer),
        ),
    )
