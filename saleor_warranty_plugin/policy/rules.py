"""Small rules, one condition each: the checks the evaluator runs for one line and reason.

A ``Rule`` looks at the facts of a line (``context.LineContext``) and ``now`` and adds what
it finds to the ``Judgement`` of the option being built: findings, blocking codes, the
deadline, the resolutions left. ``rules_of`` picks, once per policy and reason, the rules
that can matter (no window rule for a reason without a window), in the order their
findings are reported. ``evaluate.py`` combines them: any blocking finding makes the option
INELIGIBLE, else a pending inspection NEEDS_REVIEW, else ELIGIBLE.

Each rule declares what it reads: ``inputs`` names the line facts, ``now_key`` says what of
``now`` matters (has this deadline passed?). The memo key of an option is derived from these
declarations (``ReasonRules.key``), and a test runs every rule on recording facts and fails
when one reads a fact it did not declare. Claim rules also look at a customer's claim;
options with a claim are never memoised. Rules never read the clock: facts and ``now`` come
in.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, Any, ClassVar

from .compiled import REASON_LABELS, ReasonRule, format_moment
from .context import GUARDS
from .enums import EvidenceKind, FindingCode, Payer, RefundMethods, ResolutionType, Verdict
from .facts import ClaimFacts, Finding, ReasonOption, RefundPlan
from .refunds import Sale, unit_refund

if TYPE_CHECKING:  # typing only
    from .context import LineContext
    from .policy import Policy

MONEY = frozenset({ResolutionType.REFUND, ResolutionType.STORE_CREDIT})
_NONE: frozenset[ResolutionType] = frozenset()
_ZERO = Decimal(0)
#: builds a result NamedTuple from a tuple of all its fields (cheaper on the hot path)
_new = tuple.__new__
_NO_UNITS = Finding(FindingCode.QUANTITY_EXCEEDED, "Every unit of this line is already in a claim.")
_NO_WARRANTY = Finding(FindingCode.NON_RETURNABLE_PRODUCT, "This product has no warranty.")
_ACTIVATED = Finding(
    FindingCode.NON_RETURNABLE_PRODUCT,
    "Only possible before activation; this product is activated.",
)
_NOT_SHIPPED = Finding(FindingCode.NOT_SHIPPED, "This item has not been shipped yet.")
_NO_SERIAL = Finding(FindingCode.SERIAL_NUMBER_REQUIRED, "Please give the product's serial number.")
SHIPPED_TEXT = "Only possible before shipment; shipped on {date}."
WINDOW_TEXT = "The period for this request ended on {date}."
WARRANTY_TEXT = "The warranty ended on {date}."


@lru_cache(maxsize=8192)
def dated(code: FindingCode, text: str, moment: datetime) -> Finding:
    return Finding(code, text.format(date=format_moment(moment)))


_WINDOW_ENDED: dict[datetime, Finding] = {}


def window_ended(deadline: datetime) -> Finding:
    """RETURN_WINDOW_EXPIRED for a window that ended at ``deadline`` (the evaluator's most
    frequent finding: a plain dict in front of ``dated``)."""
    found = _WINDOW_ENDED.get(deadline)
    if found is None:
        if len(_WINDOW_ENDED) >= 8192:
            _WINDOW_ENDED.clear()
        found = _WINDOW_ENDED[deadline] = dated(
            FindingCode.RETURN_WINDOW_EXPIRED, WINDOW_TEXT, deadline
        )
    return found


class Judgement:
    """One option while its rules run: what they found so far."""

    __slots__ = (
        "findings",
        "blocking",
        "removed",
        "available",
        "deadline",
        "decided_by",
        "review",
        "voided",
        "paid_repair_offered",
    )

    def __init__(self, rule: ReasonRule) -> None:
        self.findings: list[Finding] = []
        self.blocking: set[FindingCode] = set()
        #: resolutions taken away by exclusions
        self.removed = _NONE
        #: the resolutions still offered (replaced, never changed in place)
        self.available: tuple[ResolutionType, ...] = rule.resolutions
        self.deadline: datetime | None = None
        self.decided_by = rule.decided_by
        #: an inspection is still to come
        self.review = rule.inspection
        #: a voiding condition was found: the buyer pays return shipping
        self.voided = False
        self.paid_repair_offered = False

    def block(self, finding: Finding) -> None:
        self.findings.append(finding)
        self.blocking.add(finding.code)


class Rule:
    """One condition of one reason, checked on a line's facts."""

    __slots__ = ("rule",)
    #: the ``LineContext`` attributes ``check`` and ``now_key`` read
    inputs: ClassVar[tuple[str, ...]] = ()
    #: whether ``now`` matters (then ``now_key`` says how)
    reads_now: ClassVar[bool] = False
    #: a yes/no fact (one of ``context.GUARDS``) without which the rule finds nothing:
    #: lines where it is false skip the rule
    guard: ClassVar[str | None] = None

    def __init__(self, rule: ReasonRule) -> None:
        self.rule = rule

    def check(self, facts: LineContext, now: datetime, judgement: Judgement) -> None:
        raise NotImplementedError

    def now_key(self, facts: LineContext, now: datetime) -> Hashable:
        """What of ``now`` decides this rule's outcome (part of the memo key)."""
        return None


class Excluded(Rule):
    """Exclusions the product matches for this reason: findings, blocking or removing
    resolutions (gift cards and free gifts included)."""

    __slots__ = ()
    inputs = ("product",)
    guard = "has_exclusions"

    def check(self, facts: LineContext, now: datetime, judgement: Judgement) -> None:
        excluded = facts.product.excluded.get(self.rule.reason)
        if excluded is None:
            return
        judgement.findings.extend(excluded.findings)
        judgement.blocking.update(excluded.blocking)
        if excluded.removes:
            judgement.removed = removes = excluded.removes
            judgement.available = tuple(r for r in judgement.available if r not in removes)


class BeforeDispatchOnly(Rule):
    """Only before shipment (the deadline is the shipment) or, for goods that are not
    shipped, before activation."""

    __slots__ = ()
    inputs = ("dispatched", "physical", "shipped")
    guard = "dispatched"

    def check(self, facts: LineContext, now: datetime, judgement: Judgement) -> None:
        if not facts.dispatched:
            return
        if facts.physical:
            shipped = facts.shipped
            assert shipped is not None
            judgement.deadline = shipped
            judgement.block(dated(FindingCode.RETURN_WINDOW_EXPIRED, SHIPPED_TEXT, shipped))
        elif FindingCode.NON_RETURNABLE_PRODUCT not in judgement.blocking:
            judgement.block(_ACTIVATED)


class NeedsShipment(Rule):
    """NOT_SHIPPED for physical goods not shipped yet."""

    __slots__ = ()
    inputs = ("physical", "shipped")
    guard = "unshipped"

    def check(self, facts: LineContext, now: datetime, judgement: Judgement) -> None:
        if facts.physical and facts.shipped is None:
            judgement.block(_NOT_SHIPPED)


class Window(Rule):
    """The reason's window: its end is the deadline; RETURN_WINDOW_EXPIRED after it."""

    __slots__ = ()
    inputs = ("dated",)
    reads_now = True

    def check(self, facts: LineContext, now: datetime, judgement: Judgement) -> None:
        judgement.deadline = deadline = facts.dated.deadlines[self.rule.reason]
        if deadline is not None and now > deadline:
            judgement.block(dated(FindingCode.RETURN_WINDOW_EXPIRED, WINDOW_TEXT, deadline))

    def now_key(self, facts: LineContext, now: datetime) -> Hashable:
        deadline = facts.dated.deadlines[self.rule.reason]
        return deadline is not None and now > deadline


class Warranty(Rule):
    """The product's warranty term: none at all, or WARRANTY_EXPIRED after its end (which
    caps the deadline); notes whether a paid repair is offered after it."""

    __slots__ = ()
    inputs = ("term", "term_deadline")
    reads_now = True
    guard = "has_term"

    def check(self, facts: LineContext, now: datetime, judgement: Judgement) -> None:
        term = facts.term
        if term is None:
            return
        judgement.paid_repair_offered = term.paid_repair
        if term.deadline is None:
            judgement.block(_NO_WARRANTY)
            return
        ends = facts.term_deadline
        if ends is None:
            return
        if now > ends:
            judgement.block(dated(FindingCode.WARRANTY_EXPIRED, WARRANTY_TEXT, ends))
        deadline = judgement.deadline
        judgement.deadline = ends if deadline is None else min(deadline, ends)

    def now_key(self, facts: LineContext, now: datetime) -> Hashable:
        ends = facts.term_deadline
        return ends is not None and now > ends


class Stock(Rule):
    """Out of stock: the resolutions that need stock give way to the policy's fallback
    (OUT_OF_STOCK says which), or to nothing (then it blocks)."""

    __slots__ = ()
    inputs = ("in_stock",)
    guard = "out_of_stock"

    def check(self, facts: LineContext, now: datetime, judgement: Judgement) -> None:
        rule = self.rule
        if facts.in_stock is not False or rule.needs_stock.isdisjoint(judgement.available):
            return
        if rule.out_of_stock_resolutions is not None:
            removed = judgement.removed
            available = tuple(r for r in rule.out_of_stock_resolutions if r not in removed)
        else:
            available = tuple(r for r in judgement.available if r not in rule.needs_stock)
        judgement.available = available
        judgement.decided_by = rule.out_of_stock_decider or judgement.decided_by
        if available:
            judgement.findings.append(_instead(available))
        else:
            judgement.block(_NOTHING_IN_STOCK)


_NOTHING_IN_STOCK = Finding(FindingCode.OUT_OF_STOCK, "Not in stock; nothing else is offered.")


@lru_cache(maxsize=256)
def _instead(available: tuple[ResolutionType, ...]) -> Finding:
    text = "Not in stock: " + ", ".join(r.lower() for r in available) + " instead."
    return Finding(FindingCode.OUT_OF_STOCK, text)


class MoneyChoices(Rule):
    """Money resolutions as the policy's refund methods allow them: store credit right after
    a refund where the customer may choose it, neither where the methods rule it out."""

    __slots__ = ("credit", "original")

    def __init__(self, policy: Policy, rule: ReasonRule) -> None:
        super().__init__(rule)
        self.credit = policy.refund_methods is not RefundMethods.ORIGINAL_PAYMENT
        self.original = policy.refund_methods is not RefundMethods.STORE_CREDIT

    def check(self, facts: LineContext, now: datetime, judgement: Judgement) -> None:
        available = judgement.available
        if MONEY.isdisjoint(available):
            return
        choices: list[ResolutionType] = []
        for kind in available:
            if kind is ResolutionType.REFUND:
                if self.original:
                    choices.append(kind)
                if self.credit and ResolutionType.STORE_CREDIT not in (
                    *available,
                    *judgement.removed,
                ):
                    choices.append(ResolutionType.STORE_CREDIT)
            elif kind is not ResolutionType.STORE_CREDIT or self.credit:
                choices.append(kind)
        judgement.available = tuple(choices)


class NothingLeft(Rule):
    """Every resolution was removed by exclusions: their findings explain why, and block."""

    __slots__ = ()
    guard = "has_exclusions"

    def check(self, facts: LineContext, now: datetime, judgement: Judgement) -> None:
        if not judgement.available and not judgement.blocking:
            judgement.blocking.update(f.code for f in judgement.findings)


class AllClaimed(Rule):
    """QUANTITY_EXCEEDED when every unit of the line is already in a claim."""

    __slots__ = ()
    inputs = ("all_claimed",)
    guard = "all_claimed"

    def check(self, facts: LineContext, now: datetime, judgement: Judgement) -> None:
        if facts.all_claimed:
            judgement.block(_NO_UNITS)


class ClaimRule:
    """One condition on a customer's claim for this reason (never memoised)."""

    __slots__ = ("rule",)

    def __init__(self, rule: ReasonRule) -> None:
        self.rule = rule

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        raise NotImplementedError


class Conditions(ClaimRule):
    """CONDITION_NOT_MET for a voiding condition or the opposite of a required one, declared
    or found at inspection; once inspected, no inspection is pending."""

    __slots__ = ()

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        finding = self.rule.check_conditions(claim.conditions)
        if finding is not None:
            judgement.block(finding)
            judgement.voided = True
        if claim.inspected_conditions is not None:
            judgement.review = False


class Evidence(ClaimRule):
    """EVIDENCE_REQUIRED for missing kinds; a serial number counts as SERIAL_NUMBER."""

    __slots__ = ()

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        present = claim.evidence
        if claim.serial_number:
            present = present | {EvidenceKind.SERIAL_NUMBER}
        finding = self.rule.check_evidence(present)
        if finding is not None:
            judgement.block(finding)


class SerialNumber(ClaimRule):
    """SERIAL_NUMBER_REQUIRED where the reason requires one and the claim has none."""

    __slots__ = ()

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        if not (claim.serial_number or "").strip():
            judgement.block(_NO_SERIAL)


class ClaimQuantity(ClaimRule):
    """QUANTITY_EXCEEDED beyond the claimable units; NOT_SHIPPED beyond the shipped ones."""

    __slots__ = ()

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        claimable, shipped = facts.claimable, facts.shipped_units
        if 0 < claimable < claim.quantity:
            text = f"At most {claimable} unit(s) of this line can be claimed."
            judgement.block(Finding(FindingCode.QUANTITY_EXCEEDED, text))
        elif self.rule.requires_shipment and facts.physical and 0 < shipped < claim.quantity:
            text = f"Only {shipped} unit(s) have been shipped."
            judgement.block(Finding(FindingCode.NOT_SHIPPED, text))


class PreferredFirst(ClaimRule):
    """Where the customer chooses, the resolution they prefer comes first."""

    __slots__ = ()

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        preferred = claim.preferred_resolution
        available = judgement.available
        if preferred is not None and preferred in available:
            judgement.available = (preferred, *(r for r in available if r is not preferred))


class RefundEstimate(Rule):
    """The per-unit refund shown with an option offering money (fees, clock, payer)."""

    __slots__ = ("policy", "profile")
    inputs = ("currency", "unit_price", "dispatched", "country")
    reads_now = True

    def __init__(self, policy: Policy, rule: ReasonRule) -> None:
        super().__init__(rule)
        self.policy = policy
        #: what of the reason a claim-less estimate depends on: reasons with the same
        #: profile get the same estimate for a line (``rules_of`` numbers the profiles)
        self.profile: Hashable = (
            rule.fees,
            rule.return_shipping,
            rule.refund_clock,
            rule.return_required,
        )

    def estimate(
        self,
        facts: LineContext,
        now: datetime,
        claim: ClaimFacts | None,
        available: tuple[ResolutionType, ...],
    ) -> RefundPlan:
        sale = _new(
            Sale, (facts.currency, facts.unit_price, facts.dispatched, facts.country, _ZERO)
        )
        return unit_refund(self.policy, self.rule, sale, claim, now, available)

    def now_key(self, facts: LineContext, now: datetime) -> Hashable:
        """The refund clock starts at ``now`` when nothing has to be sent back."""
        rule = self.rule
        if rule.refund_clock is None or (facts.dispatched and rule.return_required):
            return None
        return now


class ReasonRules:
    """The rules of one accepted reason, in order, and the memo key they declare."""

    __slots__ = (
        "rule",
        "checks",
        "claim_checks",
        "refund",
        "inputs",
        "payer",
        "_calls",
        "_read",
        "_timed",
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
        keyed = checks if refund is None else (*checks, refund)
        named = (name for r in keyed for name in (*r.inputs, r.guard) if name is not None)
        self.inputs = tuple(dict.fromkeys(named))
        self._read: Callable[[LineContext], Any] = attrgetter(*self.inputs)
        self._timed = tuple(r for r in keyed if r.reads_now)

    def calls(self, guards: int) -> tuple[Callable[[LineContext, datetime, Judgement], None], ...]:
        """The checks that can find something on a line with these guards."""
        found = self._calls.get(guards)
        if found is None:
            found = self._calls[guards] = tuple(
                r.check for r in self.checks if r.guard is None or guards & GUARDS[r.guard]
            )
        return found

    def key(self, facts: LineContext, now: datetime) -> Hashable:
        """Everything an option without a claim depends on: the reason, the declared
        inputs, and what of ``now`` the rules read."""
        return (
            self.rule.reason,
            self._read(facts),
            tuple([r.now_key(facts, now) for r in self._timed]),
        )


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
        numbers: dict[Hashable, int] = {}
        for rules in compiled.values():
            if isinstance(rules, ReasonRules) and rules.refund is not None:
                estimate = rules.refund
                estimate.profile = numbers.setdefault(estimate.profile, len(numbers))
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
    ``evaluate.decide`` finishes the option from it.
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
    )

    def __init__(self, rules: ReasonRules, facts: LineContext) -> None:
        rule = rules.rule
        self.rules = rules
        self.reason = rule.reason
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
        self.decided_by = str(judgement.decided_by)
        self.review = judgement.review
        self.open_verdict = Verdict.NEEDS_REVIEW if judgement.review else Verdict.ELIGIBLE
        self.paid_repair_offered = judgement.paid_repair_offered
        self.money = rules.refund is not None and not MONEY.isdisjoint(judgement.available)
        #: only the window's end reads the line's dates, and nothing offers a paid repair
        self.window_only = self.window and not (
            self.ship or self.term or self.nothing_left or self.paid_repair_offered
        )
        self.rest = self.warranty + self.middle + self.tail
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
