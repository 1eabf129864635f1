"""Facts derived once per order, per product and per line, and the evaluator's memo tables.

Evaluation is a pure function of its inputs, so its pieces are memoised per policy:

* per product (the line attributes rules read: slugs, discounts, physical, gift, activated,
  warranty months): the matching exclusions and the warranty term;
* per timeline (order dates): every reason's window deadline;
* per option key: a whole ``ReasonOption`` for lines without a claim for that reason. The
  key holds every input the option depends on (see ``evaluate._option_key``); ``now`` enters
  only through "is this deadline past" flags, so keys repeat across calls.

Tables are bounded (cleared when full). ``Memo.enabled = False`` turns the option table off
(tests compare both paths).
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from typing import Any

from .dates import Timeline, make_timeline
from .enums import ClaimReason
from .facts import LineFacts, OrderFacts
from .policy import Policy
from .rules import ExclusionRule, WarrantyTerm, line_exclusions

_LIMIT = 200_000


class ProductFacts:
    """What the policy says about a kind of product; identity-hashed (used in keys)."""

    __slots__ = ("exclusions", "term")

    def __init__(self, exclusions: tuple[ExclusionRule, ...], term: WarrantyTerm | None) -> None:
        self.exclusions = exclusions
        self.term = term


class Memo:
    """Per-policy memo tables (attached to the policy on first use)."""

    __slots__ = ("products", "timelines", "options")
    enabled = True

    def __init__(self) -> None:
        self.products: dict[Hashable, ProductFacts] = {}
        self.timelines: dict[Timeline, TimelineFacts] = {}
        self.options: dict[Hashable, dict[Hashable, Any]] = {}


def memo_for(policy: Policy) -> Memo:
    memo: Memo | None = policy.cache.get("memo")
    if memo is None:
        memo = policy.cache["memo"] = Memo()
    return memo


def _bounded(table: dict[Any, Any]) -> None:
    if len(table) >= _LIMIT:
        table.clear()


def product_facts(policy: Policy, memo: Memo, line: LineFacts) -> ProductFacts:
    key = (
        line.product_type_slug,
        line.category_slug,
        line.product_slug,
        line.discount_kinds,
        line.is_shipping_required,
        line.is_gift_card,
        line.is_gift,
        line.activated,
        line.warranty_months,
    )
    found = memo.products.get(key)
    if found is None:
        _bounded(memo.products)
        term = policy.warranty.term_for(line) if policy.warranty is not None else None
        found = memo.products[key] = ProductFacts(line_exclusions(policy.exclusions, line), term)
    return found


class TimelineFacts:
    """A timeline with every reason's window deadline and the warranty deadlines seen so
    far; identity-hashed (used in keys)."""

    __slots__ = ("timeline", "deadlines", "moments", "_terms")

    def __init__(self, policy: Policy, timeline: Timeline) -> None:
        self.timeline = timeline
        self.deadlines: dict[ClaimReason, datetime | None] = {
            reason: rule.window(timeline) if rule.window is not None else None
            for reason, rule in policy.rules.items()
        }
        #: the distinct window deadlines, sorted: bisecting `now` tells which have passed
        self.moments = tuple(sorted({d for d in self.deadlines.values() if d is not None}))
        self._terms: dict[WarrantyTerm, datetime | None] = {}

    def term_deadline(self, term: WarrantyTerm) -> datetime | None:
        try:
            return self._terms[term]
        except KeyError:
            found = self._terms[term] = term.deadline(self.timeline) if term.deadline else None
            return found


def timeline_facts(policy: Policy, memo: Memo, timeline: Timeline) -> TimelineFacts:
    found = memo.timelines.get(timeline)
    if found is None:
        _bounded(memo.timelines)
        found = memo.timelines[timeline] = TimelineFacts(policy, timeline)
    return found


class OrderContext:
    """Order-level timelines (physical / non-physical goods), computed once per order."""

    __slots__ = ("order", "memo", "_timelines")

    def __init__(self, policy: Policy, order: OrderFacts) -> None:
        self.order = order
        self.memo = memo_for(policy)
        self._timelines: dict[bool, TimelineFacts] = {}

    def timeline(self, policy: Policy, line: LineFacts) -> TimelineFacts:
        physical = line.is_shipping_required
        own_dates = line.shipped_at is not None or line.delivered_at is not None
        if not own_dates:
            cached = self._timelines.get(physical)
            if cached is not None:
                return cached
        order = self.order
        timeline = make_timeline(
            order.ordered_at,
            order.paid_at,
            line.shipped_at or order.shipped_at,
            line.delivered_at or order.delivered_at,
            order.transit_allowance_days,
            order.country,
            physical,
        )
        result = timeline_facts(policy, self.memo, timeline)
        if not own_dates:
            self._timelines[physical] = result
        return result


class LineContext:
    """Per-line facts computed once and shared by every reason."""

    __slots__ = (
        "timeline",
        "deadlines",
        "moments",
        "key",
        "physical",
        "dispatched",
        "shipped",
        "claimable",
        "shipped_units",
        "product",
        "exclusions",
        "term",
        "term_deadline",
    )

    def __init__(self, policy: Policy, context: OrderContext, line: LineFacts) -> None:
        order = context.order
        self.physical = physical = line.is_shipping_required
        self.shipped = shipped = line.shipped_at or order.shipped_at
        dated = context.timeline(policy, line)
        self.timeline, self.deadlines, self.moments = dated.timeline, dated.deadlines, dated.moments
        self.dispatched = shipped is not None if physical else line.activated
        quantity, claimed = line.quantity, line.quantity_claimed
        self.claimable = max(quantity - claimed, 0)
        if not physical:
            units = quantity
        elif line.quantity_shipped is not None:
            units = line.quantity_shipped
        else:
            units = quantity if shipped is not None else 0
        self.shipped_units = max(units - claimed, 0)
        self.product = product = product_facts(policy, context.memo, line)
        self.exclusions = product.exclusions
        self.term = term = product.term
        self.term_deadline = None if term is None else dated.term_deadline(term)
        # everything the options of a claim-less line depend on, besides the reason and `now`
        # (timeline and product determine dates, dispatch, exclusions and warranty)
        self.key = (
            dated,
            product,
            line.in_stock,
            self.claimable == 0,
            line.unit_price_paid,
            order.currency,
        )
