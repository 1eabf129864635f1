"""A reason's claim-less option finished from its plan for the line's kind of product.

``plans.Plan`` holds what the product and the line's yes/no guards decide, and what each
outcome of the dated rules makes of the option; here only what reads the line's dates and
``now`` runs: has the window (or the shipment, for "only before dispatch") passed, is the
warranty over. ``evaluate.py`` inlines the most frequent case, a window alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from .enums import FindingCode, ResolutionType, Verdict
from .facts import Finding, ReasonOption
from .rules import SHIPPED_TEXT, WARRANTY_TEXT, Judgement, dated, window_ended

if TYPE_CHECKING:  # typing only
    from .context import LineContext
    from .plans import Plan

REPAIR = (ResolutionType.REPAIR,)
PAID_REPAIR_BLOCKERS = frozenset({FindingCode.WARRANTY_EXPIRED, FindingCode.CONDITION_NOT_MET})
PAID_REPAIR = " A paid repair can be offered; its price is set case by case."
#: builds a ReasonOption from a tuple of all its fields, skipping NamedTuple's keyword
#: handling (one per line and reason)
_option = tuple.__new__
_EXPIRED = FindingCode.RETURN_WINDOW_EXPIRED
_INELIGIBLE = Verdict.INELIGIBLE
_NEEDS_REVIEW = Verdict.NEEDS_REVIEW
#: the warranty's end alone in a tuple, as said plainly and where a paid repair is offered
#: instead, by the end's date in its own timezone (equal instants may be two dates)
_OVER: dict[date, tuple[Finding]] = {}
_OVER_REPAIR: dict[date, tuple[Finding]] = {}


class Outcome(NamedTuple):
    """A plan's option once a dated rule (or a static one) blocks: a paid repair offered
    instead or not, and its findings around the dated ones (head, the window's or the
    shipment's end, warranty, the warranty's end, rest); ``before`` is head and warranty
    together (nothing ended between them), ``findings`` all of them (nothing dated)."""

    repair: bool
    head: tuple[Finding, ...]
    warranty: tuple[Finding, ...]
    rest: tuple[Finding, ...]
    before: tuple[Finding, ...]
    findings: tuple[Finding, ...]

    @classmethod
    def of(
        cls,
        blocking: frozenset[FindingCode] | None,
        head: tuple[Finding, ...],
        warranty: tuple[Finding, ...],
        rest: tuple[Finding, ...],
    ) -> Outcome:
        """The outcome with these findings; where ``blocking`` is given a paid repair is
        offered instead, and the blocking findings say so."""
        if blocking is not None:
            head, warranty, rest = (repaired(part, blocking) for part in (head, warranty, rest))
        parts = (head, warranty, rest, head + warranty, head + warranty + rest)
        return cls(blocking is not None, *parts)


def repaired(findings: Iterable[Finding], blocking: Set[FindingCode]) -> tuple[Finding, ...]:
    """``findings`` where a paid repair is offered instead: the blocking ones say so."""
    return tuple(
        Finding(f.code, f.message + PAID_REPAIR) if f.code in blocking else f for f in findings
    )


#: "shipped on" alone in a tuple, by the shipment's date in its own timezone
_SHIPPED: dict[date, tuple[Finding]] = {}


def shipped_ended(shipped: datetime) -> tuple[Finding]:
    """RETURN_WINDOW_EXPIRED for a request possible only before shipment, alone in a tuple."""
    key = shipped.date()
    found = _SHIPPED.get(key)
    if found is None:
        if len(_SHIPPED) >= 8192:
            _SHIPPED.clear()
        found = _SHIPPED[key] = (dated(_EXPIRED, SHIPPED_TEXT, shipped),)
    return found


def warranty_over(ends: datetime, repair: bool) -> tuple[Finding]:
    """WARRANTY_EXPIRED for a warranty that ended at ``ends``, alone in a tuple."""
    table = _OVER_REPAIR if repair else _OVER
    key = ends.date()
    found = table.get(key)
    if found is None:
        if len(table) >= 8192:
            table.clear()
        text = WARRANTY_TEXT + PAID_REPAIR if repair else WARRANTY_TEXT
        found = table[key] = (dated(FindingCode.WARRANTY_EXPIRED, text, ends),)
    return found


def closed(plan: Plan, findings: tuple[Finding, ...], deadline: datetime | None) -> ReasonOption:
    """The option of an ineligible claim: nothing offered."""
    return _option(ReasonOption, (plan.reason, _INELIGIBLE, findings, deadline, ()) + plan.closed)


def decide(plan: Plan, facts: LineContext, now: datetime) -> ReasonOption:
    """``judge`` without a claim, from the reason's plan for the line's kind of product:
    only the rules that read the line's dates run here (the same option as ``judge``; a
    test compares them); what their outcome makes of the option is the plan's."""
    reason = plan.reason
    if plan.term_only:  # only the warranty's end reads the line's dates
        deadline = facts.term_deadline
        if deadline is not None and now > deadline:
            outcome = plan.outcomes[2]
            assert outcome is not None  # the warranty's end blocks
            findings = outcome.before + warranty_over(deadline, outcome.repair) + outcome.rest
        else:
            outcome = plan.outcomes[0]
            if outcome is None:
                return open_option(plan, facts, now, plan.findings, deadline)
            findings = outcome.findings
        if outcome.repair:
            return _option(
                ReasonOption,
                (reason, _NEEDS_REVIEW, findings, deadline, REPAIR) + plan.repair_closed,
            )
        return closed(plan, findings, deadline)
    if plan.window_only:  # the common case: only the window's end reads the line's dates
        deadline = facts.dated.deadlines[reason]
        if deadline is not None and now > deadline:
            findings = plan.head + window_ended(deadline) + plan.rest
            return closed(plan, findings, deadline)
        if plan.static_blocking:
            return closed(plan, plan.findings, deadline)
        return open_option(plan, facts, now, plan.findings, deadline)
    deadline = ends = None
    ended: tuple[Finding, ...] = ()
    expired = over = False
    if plan.ship:
        deadline = facts.shipped
        assert deadline is not None
        try:
            ended = _SHIPPED[deadline.date()]
        except KeyError:
            ended = shipped_ended(deadline)
        expired = True
    if plan.window:
        deadline = facts.dated.deadlines[reason]
        if deadline is not None and now > deadline:
            ended += window_ended(deadline)
            expired = True
    if plan.term:
        ends = facts.term_deadline
        if ends is not None:
            over = now > ends
            if deadline is None or ends < deadline:
                deadline = ends
    outcome = plan.outcomes[expired + 2 * over]
    if outcome is None:
        return open_option(plan, facts, now, plan.findings, deadline)
    repair, head, warranty, rest = outcome[:4]
    if over:
        assert ends is not None
        findings = head + ended + warranty + warranty_over(ends, repair) + rest
    else:
        findings = head + ended + warranty + rest
    if repair:
        return _option(
            ReasonOption,
            (reason, _NEEDS_REVIEW, findings, deadline, REPAIR) + plan.repair_closed,
        )
    return closed(plan, findings, deadline)


def open_option(
    plan: Plan,
    facts: LineContext,
    now: datetime,
    findings: tuple[Finding, ...],
    deadline: datetime | None,
) -> ReasonOption:
    """The option when nothing blocks: the plan's resolutions and, where they include
    money, the refund estimate."""
    refund = None
    estimate = plan.estimate
    if estimate is not None:
        table = plan.refunds
        if table is None:
            price, currency = facts.unit_price, facts.currency
            unit = estimate.unit
            refund = unit(currency, price, facts.dispatched, facts.country, now, plan.allowed)
        else:
            key = (str(facts.unit_price), facts.currency)
            try:
                refund = table[key]
            except KeyError:
                refund = estimate.unit.plain(table, key, facts.unit_price, plan.allowed)
    return _option(
        ReasonOption,
        (
            plan.reason,
            plan.open_verdict,
            findings,
            deadline,
            plan.available,
            plan.evidence_kinds,
            refund,
            plan.decided_by,
            plan.review,
            False,
            plan.evidence_choices,
            plan.payer,
        ),
    )


def judged(plan: Plan, facts: LineContext, now: datetime) -> Judgement:
    """What running the reason's line rules leaves on the line, from its plan: the plan's
    findings with the dated ones in place, what blocks, the deadline (``evaluate.judge``
    goes on with the checks of a claim; the same state as running the rules, which a test
    compares through the options)."""
    deadline = ends = None
    ended: tuple[Finding, ...] = ()
    over: tuple[Finding, ...] = ()
    if plan.ship:
        deadline = facts.shipped
        assert deadline is not None
        ended = shipped_ended(deadline)
    if plan.window:
        deadline = facts.dated.deadlines[plan.reason]
        if deadline is not None and now > deadline:
            ended += window_ended(deadline)
    if plan.term:
        ends = facts.term_deadline
        if ends is not None:
            if now > ends:
                over = warranty_over(ends, False)
            if deadline is None or ends < deadline:
                deadline = ends
    judgement = Judgement(plan.rules.rule)
    judgement.findings = [*plan.head, *ended, *plan.warranty, *over, *plan.middle, *plan.tail]
    blocking = judgement.blocking = set(plan.static_blocking)
    if ended:
        blocking.add(_EXPIRED)
    if over:
        blocking.add(FindingCode.WARRANTY_EXPIRED)
    if plan.nothing_left and not (ended or over or plan.before_tail):
        # every resolution was removed: the findings so far block
        blocking.update(f.code for f in plan.head + plan.warranty + plan.middle)
    judgement.available = plan.available
    judgement.deadline = deadline
    judgement.decided_by = plan.decider
    judgement.review = plan.review
    judgement.paid_repair_offered = plan.paid_repair_offered
    return judgement
