"""Facts derived once per order, per product and per line, and the tables that keep them.

Evaluation is a pure function of its inputs, so the facts it starts from are kept per
policy (``Memo``):

* per product (the line attributes rules read: slugs, discounts, physical, gift, activated,
  warranty months): the matching exclusions, the warranty term, and per combination of
  the line's yes/no guards every reason's plan (``plans.Plan``);
* per timeline (order dates): every reason's window deadline, found by the dates as
  given (resolving them into a ``Timeline`` only the first time).

No option is kept: every reason of every line is judged. Tables are bounded (cleared when
full).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import datetime
from typing import Any

from .compiled import ExclusionRule, WarrantyTerm, line_exclusions
from .dates import Timeline, make_timeline
from .enums import ClaimReason, ResolutionType
from .facts import Finding, LineFacts, OrderFacts
from .policy import Policy

_LIMIT = 200_000


class Excluded:
    """What the exclusions a product matches do to one reason: their findings, the codes
    that block it, the resolutions they remove."""

    __slots__ = ("findings", "blocking", "removes")

    def __init__(self, rules: tuple[ExclusionRule, ...]) -> None:
        self.findings: tuple[Finding, ...] = tuple(rule.finding for rule in rules)
        self.blocking = frozenset(rule.finding.code for rule in rules if rule.removes is None)
        self.removes: frozenset[ResolutionType] = frozenset().union(
            *(rule.removes for rule in rules if rule.removes is not None)
        )


class ProductFacts:
    """What the policy says about a kind of product; identity-hashed (used in keys)."""

    __slots__ = ("exclusions", "excluded", "term", "plans", "has_exclusions", "guards")

    def __init__(
        self,
        reasons: Iterable[ClaimReason],
        exclusions: tuple[ExclusionRule, ...],
        term: WarrantyTerm | None,
    ) -> None:
        self.exclusions = exclusions
        #: per reason, what its exclusions do (reasons no exclusion names are absent)
        self.excluded: dict[ClaimReason, Excluded] = {}
        for reason in reasons:
            rules = tuple(rule for rule in exclusions if reason in rule.reasons)
            if rules:
                self.excluded[reason] = Excluded(rules)
        self.term = term
        self.has_exclusions = bool(self.excluded)
        #: the bits of ``LineContext.guards`` that the product decides
        self.guards = self.has_exclusions | (term is not None) << 3
        #: per (reason, guards), what the reason's rules decide for this kind of product
        #: before dates and ``now`` come in (``plans.Plan``); per guards, every reason's
        self.plans: dict[Hashable, Any] = {}


class Memo:
    """Per-policy tables of facts (attached to the policy on first use)."""

    __slots__ = ("products", "dates", "timelines")

    def __init__(self) -> None:
        self.products: dict[Hashable, ProductFacts] = {}
        #: per order and line dates as given (``OrderContext.timeline``), their timeline
        self.dates: dict[Hashable, TimelineFacts] = {}
        self.timelines: dict[Timeline, TimelineFacts] = {}


def memo_for(policy: Policy) -> Memo:
    try:
        memo: Memo = policy.cache["memo"]
    except KeyError:
        memo = policy.cache["memo"] = Memo()
    return memo


def _bounded(table: dict[Any, Any]) -> None:
    if len(table) >= _LIMIT:
        table.clear()


def product_facts(policy: Policy, memo: Memo, key: Hashable, line: LineFacts) -> ProductFacts:
    """The facts of the line's kind of product; ``key`` is made of the line attributes
    they depend on (``LineContext`` makes it)."""
    found = memo.products.get(key)
    if found is None:
        _bounded(memo.products)
        term = policy.warranty.term_for(line) if policy.warranty is not None else None
        exclusions = line_exclusions(policy.exclusions, line)
        found = memo.products[key] = ProductFacts(policy.rules, exclusions, term)
    return found


class TimelineFacts:
    """A timeline with every reason's window deadline and the warranty deadlines seen so
    far; identity-hashed (used in keys)."""

    __slots__ = ("timeline", "deadlines", "terms")

    def __init__(self, policy: Policy, timeline: Timeline) -> None:
        self.timeline = timeline
        self.deadlines: dict[ClaimReason, datetime | None] = {
            reason: rule.window(timeline) if rule.window is not None else None
            for reason, rule in policy.rules.items()
        }
        #: the warranty deadlines worked out so far (``term_deadline``)
        self.terms: dict[WarrantyTerm, datetime | None] = {}

    def term_deadline(self, term: WarrantyTerm) -> datetime | None:
        try:
            return self.terms[term]
        except KeyError:
            found = self.terms[term] = term.deadline(self.timeline) if term.deadline else None
            return found


def timeline_facts(policy: Policy, memo: Memo, timeline: Timeline) -> TimelineFacts:
    found = memo.timelines.get(timeline)
    if found is None:
        _bounded(memo.timelines)
        found = memo.timelines[timeline] = TimelineFacts(policy, timeline)
    return found


class OrderContext:
    """Order-level timelines (physical / non-physical goods), computed once per order:
    ``physical`` and ``virtual`` once a line without dates of its own asked."""

    __slots__ = ("order", "memo", "physical", "virtual")

    def __init__(self, policy: Policy, order: OrderFacts) -> None:
        self.order = order
        self.memo = memo_for(policy)
        self.physical: TimelineFacts | None = None
        self.virtual: TimelineFacts | None = None

    def timeline(self, policy: Policy, line: LineFacts) -> TimelineFacts:
        physical = line.is_shipping_required
        own_dates = line.shipped_at is not None or line.delivered_at is not None
        if not own_dates:
            cached = self.physical if physical else self.virtual
            if cached is not None:
                return cached
        order = self.order
        # the dates as given are the key: resolving them (``make_timeline``) is only
        # needed the first time
        key = (
            order.ordered_at,
            order.paid_at,
            line.shipped_at or order.shipped_at,
            line.delivered_at or order.delivered_at,
            order.transit_allowance_days,
            order.country,
            physical,
        )
        dates = self.memo.dates
        try:
            result = dates[key]
        except KeyError:
            _bounded(dates)
            result = dates[key] = timeline_facts(policy, self.memo, make_timeline(*key))
        if own_dates:
            pass
        elif physical:
            self.physical = result
        else:
            self.virtual = result
        return result


#: yes/no line facts that let a rule be skipped (``rules.Rule.guard``), as bits of
#: ``LineContext.guards``
GUARDS = {
    name: 1 << bit
    for bit, name in enumerate(
        ("has_exclusions", "dispatched", "unshipped", "has_term", "out_of_stock", "all_claimed")
    )
}


class LineContext:
    """Per-line facts computed once and shared by every reason: what rules read.

    Each attribute is a fact a rule may declare as an input (``rules.Rule.inputs``); the
    memo key of an option is made of the declared ones, so every attribute is hashable.
    What only the rules of a claim, or the plans of a new kind of product, read is worked
    out when read (the properties below).
    """

    __slots__ = (
        "line",
        "dated",
        "dispatched",
        "shipped",
        "claimable",
        "guards",
        "product",
        "term_deadline",
        "unit_price",
        "currency",
        "country",
    )

    def __init__(self, policy: Policy, context: OrderContext, line: LineFacts) -> None:
        order = context.order
        self.line = line
        physical = line.is_shipping_required
        self.shipped = shipped = line.shipped_at or order.shipped_at
        #: the timeline with every reason's window deadline
        if line.shipped_at is None and line.delivered_at is None:
            dated = (context.physical if physical else context.virtual) or context.timeline(
                policy, line
            )
        else:
            dated = context.timeline(policy, line)
        self.dated = dated
        self.dispatched = dispatched = shipped is not None if physical else line.activated
        claimable = line.quantity - line.quantity_claimed
        self.claimable = claimable = claimable if claimable > 0 else 0
        memo = context.memo
        key = (
            line.product_type_slug,
            line.category_slug,
            line.product_slug,
            line.discount_kinds,
            physical,
            line.is_gift_card,
            line.is_gift,
            line.activated,
            line.warranty_months,
        )
        try:
            self.product = product = memo.products[key]
        except KeyError:
            self.product = product = product_facts(policy, memo, key, line)
        term = product.term
        if term is None:
            self.term_deadline = None
        else:
            try:
                self.term_deadline = dated.terms[term]
            except KeyError:
                self.term_deadline = dated.term_deadline(term)
        self.unit_price = line.unit_price_paid
        self.currency = order.currency
        self.country = order.country
        guards = product.guards  # has_exclusions, has_term
        if dispatched:
            guards |= 2
        elif physical:  # not shipped yet
            guards |= 4
        if line.in_stock is False:
            guards |= 16
        if not claimable:
            guards |= 32
        self.guards = guards

    @property
    def physical(self) -> bool:
        return self.line.is_shipping_required

    @property
    def term(self) -> WarrantyTerm | None:
        return self.product.term

    @property
    def in_stock(self) -> bool | None:
        return self.line.in_stock

    @property
    def all_claimed(self) -> bool:
        return self.claimable == 0

    @property
    def shipped_units(self) -> int:
        line = self.line
        if not line.is_shipping_required:
            units = line.quantity
        elif line.quantity_shipped is not None:
            units = line.quantity_shipped
        else:
            units = line.quantity if self.shipped is not None else 0
        return max(units - line.quantity_claimed, 0)

    @property
    def unshipped(self) -> bool:
        return self.line.is_shipping_required and self.shipped is None

    @property
    def has_exclusions(self) -> bool:
        return self.product.has_exclusions

    @property
    def has_term(self) -> bool:
        return self.product.term is not None

    @property
    def out_of_stock(self) -> bool:
        return self.line.in_stock is False
