"""Small rules, one condition each: the checks the evaluator runs for one line and reason.

A ``Rule`` looks at the facts of a line (``context.LineContext``) and ``now`` and adds what
it finds to the ``Judgement`` of the option being built: findings, blocking codes, the
deadline, the resolutions left. The rules that look at a customer's claim are in
``claim_rules.py``; ``plans.py`` picks, once per policy and reason, the rules that can
matter (no window rule for a reason without a window), in the order their findings are
reported, and precomputes per kind of product what they decide before a line's dates.
``evaluate.py`` combines them: any blocking finding makes the option INELIGIBLE, else a
pending inspection NEEDS_REVIEW, else ELIGIBLE.

Each rule declares what it reads: ``inputs`` names the line facts, ``now_key`` says what of
``now`` matters (has this deadline passed?), and ``plans.Plan`` relies on it: what a rule
reads decides whether its outcome is fixed per kind of product or read per line. A test
runs every rule on recording facts and fails when one reads a fact it did not declare.
Rules never read the clock: facts and ``now`` come in.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from .compiled import ReasonRule, format_moment
from .enums import FindingCode, RefundMethods, ResolutionType
from .estimates import UnitEstimate
from .facts import ClaimFacts, Finding, RefundPlan
from .refunds import Sale, allowed_methods, unit_refund

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
SHIPPED_TEXT = "Only possible before shipment; shipped on {date}."
WINDOW_TEXT = "The period for this request ended on {date}."
WARRANTY_TEXT = "The warranty ended on {date}."


def dated(code: FindingCode, text: str, moment: datetime) -> Finding:
    """``text`` with the date of ``moment`` in its own timezone (what is kept is by that
    date: equal instants in two timezones may be two dates)."""
    return _dated(code, text, moment.date())


@lru_cache(maxsize=8192)
def _dated(code: FindingCode, text: str, day: date) -> Finding:
    return Finding(code, text.format(date=format_moment(day)))


#: ``window_ended``'s answers, by the deadline's date in its own timezone (the text names
#: that date only; instants that compare equal may be two dates)
WINDOW_ENDED: dict[date, tuple[Finding]] = {}


def window_ended(deadline: datetime) -> tuple[Finding]:
    """RETURN_WINDOW_EXPIRED for a window that ended at ``deadline``, alone in a tuple (the
    evaluator's most frequent finding: ``WINDOW_ENDED`` is looked up first)."""
    day = deadline.date()
    found = WINDOW_ENDED.get(day)
    if found is None:
        if len(WINDOW_ENDED) >= 8192:
            WINDOW_ENDED.clear()
        found = WINDOW_ENDED[day] = (
            dated(FindingCode.RETURN_WINDOW_EXPIRED, WINDOW_TEXT, deadline),
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
        """What of ``now`` decides this rule's outcome."""
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


class RefundEstimate(Rule):
    """The per-unit refund shown with an option offering money (fees, clock, payer)."""

    __slots__ = ("policy", "unit")
    inputs = ("currency", "unit_price", "dispatched", "country")
    reads_now = True

    def __init__(self, policy: Policy, rule: ReasonRule) -> None:
        super().__init__(rule)
        self.policy = policy
        self.unit = UnitEstimate(policy, rule)

    def estimate(
        self,
        facts: LineContext,
        now: datetime,
        claim: ClaimFacts | None,
        available: tuple[ResolutionType, ...],
    ) -> RefundPlan:
        if claim is None:
            allowed = allowed_methods(self.policy.refund_methods, available)
            return self.unit(
                facts.currency, facts.unit_price, facts.dispatched, facts.country, now, allowed
            )
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
