"""A policy's rules compiled per reason, and per kind of product the plan they make.

``rules_of`` picks, once per policy and reason, the rules (``rules.py``, ``claim_rules.py``)
that can matter (no window rule for a reason without a window), in the order their findings
are reported, as a ``ReasonRules`` with what its rules declare they read. ``plan_for`` runs
those rules once per kind of product and combination of the line's yes/no guards (a
``Plan``), leaving for each line only what reads its dates; ``finish.decide`` finishes the
option from it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .claim_rules import (
    ClaimQuantity,
    ClaimRule,
    Conditions,
    Evidence,
    PreferredFirst,
    SerialNumber,
)
from .compiled import REASON_LABELS, ReasonRule
from .context import GUARDS
from .enums import FindingCode, Payer, Verdict
from .facts import Finding, ReasonOption
from .finish import PAID_REPAIR_BLOCKERS, Outcome
from .refunds import allowed_methods
from .rules import (
    MONEY,
    AllClaimed,
    BeforeDispatchOnly,
    Excluded,
    Judgement,
    MoneyChoices,
    NeedsShipment,
    NothingLeft,
    RefundEstimate,
    Rule,
    Stock,
    Warranty,
    Window,
)

if TYPE_CHECKING:  # typing only
    from .context import LineContext
    from .policy import Policy


class ReasonRules:
    """The rules of one accepted reason, in order, and what they declare they read."""

    __slots__ = (
        "rule",
        "checks",
        "claim_checks",
        "refund",
        "inputs",
        "payer",
        "_calls",
    )

    def __init__(
        self,
        rule: ReasonRule,
        checks: tuple[Rule, ...],
        claim_checks: tuple[ClaimRule, ...],
        refund: RefundEstimate | None,
    ) -> None:
        self.rule = rule
        self.checks = checks
        self.claim_checks = claim_checks
        self.refund = refund
        self.payer = str(rule.return_shipping)
        #: per combination of guards (``LineContext.guards``), the checks to call in order
        self._calls: dict[int, tuple[Callable[[LineContext, datetime, Judgement], None], ...]] = {}
        #: the line facts the rules declare they read (``rules.Rule.inputs`` and guards)
        keyed = checks if refund is None else (*checks, refund)
        named = (name for r in keyed for name in (*r.inputs, r.guard) if name is not None)
        self.inputs = tuple(dict.fromkeys(named))

    def calls(self, guards: int) -> tuple[Callable[[LineContext, datetime, Judgement], None], ...]:
        """The checks that can find something on a line with these guards."""
        found = self._calls.get(guards)
        if found is None:
            found = self._calls[guards] = tuple(
                r.check for r in self.checks if r.guard is None or guards & GUARDS[r.guard]
            )
        return found


def not_accepted(rule: ReasonRule) -> ReasonOption:
    """The option of a reason the policy does not accept (the same for every line)."""
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


def compile_reason(policy: Policy, rule: ReasonRule) -> ReasonRules:
    """The rules that can matter for an accepted reason, in the order findings appear."""
    checks: list[Rule] = [Excluded(rule)]
    if rule.before_dispatch_only:
        checks.append(BeforeDispatchOnly(rule))
    elif rule.requires_shipment:
        checks.append(NeedsShipment(rule))
    if rule.window is not None:
        checks.append(Window(rule))
    if rule.warranty and policy.warranty is not None:
        checks.append(Warranty(rule))
    if rule.needs_stock:
        checks.append(Stock(rule))
    offered = set(rule.resolutions) | set(rule.out_of_stock_resolutions or ())
    if not MONEY.isdisjoint(offered):
        checks.append(MoneyChoices(policy, rule))
    checks += [NothingLeft(rule), AllClaimed(rule)]
    claim_checks: list[ClaimRule] = [Conditions(rule), Evidence(rule)]
    if rule.serial_required:
        claim_checks.append(SerialNumber(rule))
    claim_checks.append(ClaimQuantity(rule))
    if rule.customer_chooses:
        claim_checks.append(PreferredFirst(rule))
    refund = None if MONEY.isdisjoint(offered) else RefundEstimate(policy, rule)
    return ReasonRules(rule, tuple(checks), tuple(claim_checks), refund)


def rules_of(policy: Policy) -> dict[Any, ReasonRules | ReasonOption]:
    """Per reason: its rules, or the fixed option of a reason not accepted. Compiled once
    per policy."""
    compiled: dict[Any, ReasonRules | ReasonOption] | None = policy.cache.get("rules")
    if compiled is None:
        compiled = policy.cache["rules"] = {
            reason: compile_reason(policy, rule) if rule.accepted else not_accepted(rule)
            for reason, rule in policy.rules.items()
        }
    return compiled


#: where a static rule's findings go among the dynamic ones (window, warranty's end, the
#: "nothing left" check): before them, at the warranty's place, after, or last
_PHASE: dict[type[Rule], int] = {
    Excluded: 0,
    BeforeDispatchOnly: 0,
    NeedsShipment: 0,
    Warranty: 1,
    Stock: 2,
    MoneyChoices: 2,
    AllClaimed: 3,
}


class Plan:
    """What one reason's rules decide for one kind of product (``context.ProductFacts``)
    and one combination of guards, before a line's dates and ``now`` come in.

    Made by running the reason's own rule objects: every rule whose outcome the product
    and the guards fix (exclusions, "not shipped", activation, "no warranty", stock, money
    choices, "all claimed") runs once here; what is left for each line is the part that
    reads its dates: shipped before a before-dispatch-only reason, the window's end, the
    warranty's end, and "nothing left" (which depends on whether anything blocked).
    ``finish.decide`` finishes the option from it.
    """

    __slots__ = (
        "rules",
        "reason",
        "head",
        "warranty",
        "middle",
        "tail",
        "static_blocking",
        "before_tail",
        "ship",
        "window",
        "term",
        "nothing_left",
        "available",
        "decided_by",
        "review",
        "open_verdict",
        "paid_repair_offered",
        "money",
        "window_only",
        "rest",
        "findings",
        "closed",
        "repair_closed",
        "outcomes",
        "bare",
        "estimate",
        "evidence_kinds",
        "evidence_choices",
        "payer",
        "term_only",
        "allowed",
        "refunds",
        "fixed",
        "decider",
    )

    def __init__(self, rules: ReasonRules, facts: LineContext) -> None:
        rule = rules.rule
        self.rules = rules
        self.reason = rule.reason
        self.fixed: ReasonOption | None = None
        judgement = Judgement(rule)
        chunks: list[list[Finding]] = [[], [], [], []]
        blocks: list[set[FindingCode]] = [set(), set(), set(), set()]
        self.ship = self.window = self.term = self.nothing_left = False
        for check in rules.calls(facts.guards):
            step: Rule = check.__self__  # type: ignore[attr-defined]
            kind = type(step)
            if kind is Window:
                self.window = True
                continue
            if kind is NothingLeft:
                self.nothing_left = True
                continue
            if kind is BeforeDispatchOnly and facts.physical:
                self.ship = True  # the guard says it is shipped: blocks, dated
                continue
            if kind is Warranty and facts.term is not None and facts.term.deadline is not None:
                self.term = True
                judgement.paid_repair_offered = facts.term.paid_repair
                continue
            found, blocked = len(judgement.findings), set(judgement.blocking)
            check(facts, _NO_NOW, judgement)  # type: ignore[arg-type]
            phase = _PHASE[kind]
            chunks[phase] += judgement.findings[found:]
            blocks[phase] |= judgement.blocking - blocked
        self.head, self.warranty, self.middle, self.tail = (tuple(c) for c in chunks)
        self.before_tail = frozenset(blocks[0] | blocks[1] | blocks[2])
        self.static_blocking = self.before_tail | blocks[3]
        self.available = judgement.available
        #: every resolution was removed: the findings so far block (when nothing else does)
        self.nothing_left = self.nothing_left and not judgement.available
        self.decider = judgement.decided_by
        self.decided_by = str(judgement.decided_by)
        self.review = judgement.review
        self.open_verdict = Verdict.NEEDS_REVIEW if judgement.review else Verdict.ELIGIBLE
        self.paid_repair_offered = judgement.paid_repair_offered
        self.money = rules.refund is not None and not MONEY.isdisjoint(judgement.available)
        #: only the window's end reads the line's dates, and nothing offers a paid repair
        self.window_only = self.window and not (
            self.ship or self.term or self.nothing_left or self.paid_repair_offered
        )
        #: only the warranty's end reads the line's dates
        self.term_only = self.term and not (self.ship or self.window or self.nothing_left)
        self.rest = self.warranty + self.middle + self.tail
        #: the window's end is the only finding when it has passed
        self.bare = not (self.head or self.rest)
        #: the claim-less refund estimate of an open option
        self.estimate = rules.refund if self.money else None
        #: (original payment, store credit) allowed where the plan's resolutions are offered
        self.allowed = (
            allowed_methods(rules.refund.policy.refund_methods, self.available)
            if rules.refund
            else (False, False)
        )
        #: the estimates by price text and currency, where nothing else changes them
        self.refunds = None if self.estimate is None else self.estimate.unit.table(self.allowed)
        self.evidence_kinds = rule.evidence_kinds
        self.evidence_choices = rule.evidence_choices
        self.payer = rules.payer
        #: the findings when no dated rule finds anything
        self.findings = self.head + self.rest
        #: an ineligible option's fields after its resolutions (none)
        self.closed = (
            rule.evidence_kinds,
            None,
            self.decided_by,
            self.review,
            False,
            rule.evidence_choices,
            rules.payer,
        )
        #: the same for a paid repair offered instead (the buyer pays shipping)
        self.repair_closed = (
            rule.evidence_kinds,
            None,
            self.decided_by,
            self.review,
            True,
            rule.evidence_choices,
            str(Payer.BUYER),
        )
        #: per outcome of the dated rules (``expired + 2 * warranty_over``), what the
        #: option becomes: None while it stays open, else ``Outcome``
        self.outcomes = tuple(
            self._outcome(expired, over) for over in (False, True) for expired in (False, True)
        )

    @classmethod
    def of_fixed(cls, option: ReasonOption) -> Plan:
        """The plan of a reason not accepted: ``fixed``, the same option for every line
        (nothing else is set)."""
        plan = cls.__new__(cls)
        plan.reason, plan.fixed = option.reason, option
        plan.window_only = plan.term_only = False
        return plan

    def _outcome(self, expired: bool, over: bool) -> Outcome | None:
        """What ``finish.decide`` once found for these outcomes of the dated rules (the
        window or shipment passed, the warranty over), worked out once per plan."""
        blocked = expired or over
        blocking = self.static_blocking
        nothing_left = False
        if self.nothing_left and not blocked and not self.before_tail:
            found = self.head + self.warranty + self.middle
            nothing_left = bool(found)
            if nothing_left:  # the exclusions' findings are what blocks
                blocking = frozenset(f.code for f in found) | blocking
        if not nothing_left:
            blocking = blocking | {
                code for code, on in ((_EXPIRED, expired), (_WARRANTY_OVER, over)) if on
            }
        if not (blocked or nothing_left or self.static_blocking):
            return None
        rest = self.middle + self.tail
        if self.paid_repair_offered and blocking <= PAID_REPAIR_BLOCKERS:
            # only the warranty's end or a voiding condition stands in the way
            return Outcome.of(blocking, self.head, self.warranty, rest)
        return Outcome.of(None, self.head, self.warranty, rest)


_EXPIRED = FindingCode.RETURN_WINDOW_EXPIRED
_WARRANTY_OVER = FindingCode.WARRANTY_EXPIRED


class _NoNow:
    """``now`` for the rules a plan runs: none of them may read it."""

    def __gt__(self, other: object) -> bool:
        raise AssertionError("a rule run for a plan read now")

    __lt__ = __ge__ = __le__ = __gt__


_NO_NOW = _NoNow()


def plan_for(rules: ReasonRules, facts: LineContext) -> Plan:
    """The reason's plan for the line's kind of product and guards (kept with the product)."""
    plans = facts.product.plans
    key = (rules.rule.reason, facts.guards)
    found = plans.get(key)
    if found is None:
        found = plans[key] = Plan(rules, facts)
    return found
