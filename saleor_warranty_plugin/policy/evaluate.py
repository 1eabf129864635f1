"""Facts + policy + now -> per-line, per-reason verdicts with findings and deadlines.

For each reason the policy knows, its rules (``rules.py`` and ``claim_rules.py``, compiled
in ``plans.py``) run in a fixed order and every finding is kept: reason accepted? exclusions
(sale items, non-physical goods, listed products), dispatch (NOT_SHIPPED, or "only before
dispatch"), the reason's window, the warranty, stock, quantity; with a claim for that reason
also conditions (declared, or inspected), evidence and serial number. Any blocking finding
gives INELIGIBLE; otherwise a pending inspection gives NEEDS_REVIEW; otherwise ELIGIBLE.
Informational findings (OUT_OF_STOCK with a fallback, SALE_ITEM that only removes refunds)
do not change the verdict.

Warranty reasons of a policy offering paid repair: when only the warranty's expiry or a
voiding condition stands in the way, the option becomes NEEDS_REVIEW with a paid REPAIR
(``paid_repair``), the buyer paying shipping, no refund.

The deadline is the last moment (inclusive) a claim for the reason is accepted: the
earlier of the reason's window and the warranty; for "only before dispatch" reasons the
moment of shipment once shipped. ``now`` is always passed in; nothing reads the clock.

Options of lines without a claim for the reason are finished from the reason's plan for
the line's kind of product (``plans.Plan``: the rules that the product and the line's
yes/no guards decide, run once per kind of product): only what reads the line's dates runs
per line (``finish.decide``); every reason of every line is judged (no option is kept
from one line for another: that memo cost more than it saved once plans did the rest).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from .context import LineContext, OrderContext
from .enums import ClaimReason, FindingCode, ItemCondition, Payer, Verdict
from .facts import (
    ClaimFacts,
    Finding,
    LineEvaluation,
    LineFacts,
    OrderFacts,
    ReasonOption,
)
from .finish import (
    PAID_REPAIR_BLOCKERS,
    REPAIR,
    decide,
    judged,
    open_option,
    repaired,
    warranty_over,
)
from .plans import Plan, ReasonRules, plan_for, rules_of
from .policy import Policy
from .rules import (
    MONEY,
    WINDOW_ENDED,
    Judgement,
    window_ended,
)

#: builds a ReasonOption from a tuple of all its fields, skipping NamedTuple's keyword
#: handling (the hot path builds one per line and reason)
_option = _line = tuple.__new__
_EXPIRED = FindingCode.RETURN_WINDOW_EXPIRED
_WARRANTY_OVER = FindingCode.WARRANTY_EXPIRED
_INELIGIBLE = Verdict.INELIGIBLE
_NEEDS_REVIEW = Verdict.NEEDS_REVIEW
_ENDED = WINDOW_ENDED


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
    if not claims:
        return tuple([_evaluate(policy, context, line, now, None, None) for line in lines])
    return tuple(
        [_evaluate(policy, context, line, now, claims.get(line.line_id), None) for line in lines]
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
    claimed = claim.reason if claim is not None else None
    if reasons is None:
        # (subscripts in ``try`` rather than ``dict.get``: a method call costs more than a
        # lookup on this path)
        try:
            plans = facts.product.plans[facts.guards]
        except KeyError:
            plans = line_plans(policy, facts)
        options: list[ReasonOption] = []
        append = options.append
        deadlines = facts.dated.deadlines
        for plan in plans:
            reason = plan.reason
            if reason is claimed and plan.fixed is None:
                append(judge(plan.rules, facts, now, claim, plan))
            elif plan.window_only:  # ``decide``'s first case, inline
                deadline = deadlines[reason]
                if deadline is not None and now > deadline:
                    try:
                        findings: tuple[Finding, ...] = _ENDED[deadline.date()]
                    except KeyError:
                        findings = window_ended(deadline)
                    if not plan.bare:
                        findings = plan.head + findings + plan.rest
                elif plan.static_blocking:
                    findings = plan.findings
                else:
                    append(open_option(plan, facts, now, plan.findings, deadline))
                    continue
                fields = (reason, _INELIGIBLE, findings, deadline, ()) + plan.closed
                append(_option(ReasonOption, fields))
            elif plan.term_only:  # ``decide``'s second case, inline
                deadline = facts.term_deadline
                if deadline is not None and now > deadline:
                    outcome = plan.outcomes[2]
                    assert outcome is not None  # the warranty's end blocks
                    findings = outcome.before + warranty_over(deadline, outcome.repair)
                    findings += outcome.rest
                else:
                    outcome = plan.outcomes[0]
                    if outcome is None:
                        append(open_option(plan, facts, now, plan.findings, deadline))
                        continue
                    findings = outcome.findings
                if outcome.repair:
                    fields = (
                        reason,
                        _NEEDS_REVIEW,
                        findings,
                        deadline,
                        REPAIR,
                    ) + plan.repair_closed
                else:
                    fields = (reason, _INELIGIBLE, findings, deadline, ()) + plan.closed
                append(_option(ReasonOption, fields))
            elif plan.fixed is not None:  # a reason not accepted
                append(plan.fixed)
            else:
                append(decide(plan, facts, now))
        return _line(LineEvaluation, (line.line_id, facts.claimable, tuple(options)))
    compiled = rules_of(policy)
    options = []
    for reason in reasons:  # some reasons only, in the order asked
        rules = compiled.get(reason)
        if rules is None:
            raise KeyError(f"the policy does not know the reason {reason}")
        if isinstance(rules, ReasonOption):  # not accepted: the same option for every line
            options.append(rules)
        elif reason == claimed:
            options.append(judge(rules, facts, now, claim))
        else:
            options.append(decide(plan_for(rules, facts), facts, now))
    return LineEvaluation(line.line_id, facts.claimable, tuple(options))


def line_plans(policy: Policy, facts: LineContext) -> tuple[Plan, ...]:
    """Per reason of the policy, in order: its plan for the line's kind of product and
    guards, or for a reason not accepted its fixed option (``Plan.fixed``); kept with the
    product."""
    compiled = rules_of(policy)
    plans = tuple(
        Plan.of_fixed(rules) if isinstance(rules, ReasonOption) else plan_for(rules, facts)
        for rules in (compiled[reason] for reason in policy.reasons)
    )
    facts.product.plans[facts.guards] = plans
    return plans


def judge(
    rules: ReasonRules,
    facts: LineContext,
    now: datetime,
    claim: ClaimFacts | None,
    plan: Plan | None = None,
) -> ReasonOption:
    """Run a reason's rules on a line and combine what they found into its option; with
    the reason's ``plan`` for the line, the line's rules are not run again but their state
    taken from it (``finish.judged``)."""
    rule = rules.rule
    if plan is None:
        judgement = Judgement(rule)
        for check in rules.calls(facts.guards):
            check(facts, now, judgement)
    else:
        judgement = judged(plan, facts, now)
    if claim is not None:
        for claim_check in rules.claim_checks:
            claim_check.check(facts, claim, judgement)
    blocking, available = judgement.blocking, judgement.available
    findings: Iterable[Finding] = judgement.findings
    paid_repair = False
    payer = Payer.BUYER if judgement.voided else rule.return_shipping
    if blocking:
        verdict = Verdict.INELIGIBLE
        available = ()  # nothing is offered for an ineligible claim
        if (
            judgement.paid_repair_offered
            and blocking <= PAID_REPAIR_BLOCKERS
            and not (claim and ItemCondition.NO_DEFECT_FOUND in claim.conditions)
        ):
            # only the warranty's end or a voiding condition stands in the way
            verdict, paid_repair, payer = Verdict.NEEDS_REVIEW, True, Payer.BUYER
            findings = repaired(findings, blocking)
            available = REPAIR
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
        refund = rules.refund.estimate(facts, now, claim, available)
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
