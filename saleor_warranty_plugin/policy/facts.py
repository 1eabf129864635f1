"""Facts in (orders, lines, claims) and results out (options, findings, refund plans).

Facts are frozen, slotted dataclasses that validate themselves. Results are NamedTuples:
as immutable and hashable, and several times cheaper to build than a frozen dataclass (the
evaluator builds one option per line and reason). All are safe to cache and share.
Datetimes must be timezone-aware; amounts are ``Decimal`` in the order's currency.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import NamedTuple

from .enums import (
    ClaimReason,
    EvidenceKind,
    FindingCode,
    ItemCondition,
    ResolutionType,
    Verdict,
)

DISCOUNT_KINDS = frozenset({"sale", "promotion", "order_promotion", "voucher", "manual"})


def _aware(name: str, value: datetime | None) -> None:
    if value is not None and value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware")


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """What is known about an order.

    ``transit_allowance_days`` stands in for an unknown delivery date:
    delivered = shipped + allowance (the plugin's configuration holds the figure).
    ``country`` selects public holidays for working-day windows when the policy's
    calendar names no country. ``shipping_paid`` is the whole order's shipping charge.
    """

    ordered_at: datetime
    paid_at: datetime | None
    shipped_at: datetime | None
    delivered_at: datetime | None
    currency: str
    shipping_paid: Decimal = Decimal(0)
    country: str | None = None
    transit_allowance_days: int = 7

    def __post_init__(self) -> None:
        for name in ("ordered_at", "paid_at", "shipped_at", "delivered_at"):
            _aware(name, getattr(self, name))
        if self.transit_allowance_days < 0:
            raise ValueError("transit_allowance_days must be >= 0")


@dataclass(frozen=True, slots=True)
class LineFacts:
    """What is known about one order line; line-level dates override the order's when set.

    ``unit_price_paid`` is what the customer actually paid per unit after every discount;
    ``discount_kinds`` names the discounts the line carries (see ``DISCOUNT_KINDS``); the
    adapter reports ``sale`` when the list price exceeds the paid one without a recorded
    discount. Policies match these kinds, never the prices.
    ``warranty_months`` is the product's own warranty period read from product data.
    ``quantity_claimed`` counts units already in other claims; ``quantity_shipped`` defaults
    to the whole quantity once the line is shipped. ``in_stock`` is None when unknown.
    """

    line_id: str
    product_name: str
    quantity: int
    unit_price_paid: Decimal
    undiscounted_unit_price: Decimal
    discount_kinds: frozenset[str] = frozenset()
    is_shipping_required: bool = True
    is_gift_card: bool = False
    is_gift: bool = False
    product_type_slug: str | None = None
    category_slug: str | None = None
    product_slug: str | None = None
    warranty_months: int | None = None
    quantity_claimed: int = 0
    quantity_shipped: int | None = None
    in_stock: bool | None = None
    activated: bool = False
    shipped_at: datetime | None = None
    delivered_at: datetime | None = None

    def __post_init__(self) -> None:
        unknown = self.discount_kinds - DISCOUNT_KINDS
        if unknown:
            raise ValueError(f"unknown discount kinds: {', '.join(sorted(unknown))}")
        if self.quantity < 0 or self.quantity_claimed < 0:
            raise ValueError("quantities must be >= 0")
        if self.warranty_months is not None and self.warranty_months < 0:
            raise ValueError("warranty_months must be >= 0")
        _aware("shipped_at", self.shipped_at)
        _aware("delivered_at", self.delivered_at)


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """A customer's claim on one line.

    ``inspected_conditions`` is None until staff inspected the goods; once set it replaces
    the customer's ``declared_conditions``. ``serial_number`` counts as SERIAL_NUMBER
    evidence. ``return_shipping_cost`` is what the customer paid to send the goods back
    (used where the shop reimburses it). ``refund_shipping`` overrides the policy's default
    for refunding the original shipping (None = policy default).
    """

    reason: ClaimReason
    quantity: int = 1
    declared_conditions: frozenset[ItemCondition] = frozenset()
    inspected_conditions: frozenset[ItemCondition] | None = None
    evidence: frozenset[EvidenceKind] = frozenset()
    serial_number: str | None = None
    missing_accessories: tuple[str, ...] = ()
    received_at: datetime | None = None
    preferred_resolution: ResolutionType | None = None
    refund_shipping: bool | None = None
    return_shipping_cost: Decimal | None = None

    def __post_init__(self) -> None:
        if self.quantity < 1:
            raise ValueError("claim quantity must be >= 1")
        _aware("received_at", self.received_at)

    @property
    def conditions(self) -> frozenset[ItemCondition]:
        """The conditions that count: inspection findings once inspected, else declared."""
        if self.inspected_conditions is not None:
            return self.inspected_conditions
        return self.declared_conditions


class Finding(NamedTuple):
    code: FindingCode
    message: str


class RefundItem(NamedTuple):
    """One line of a refund plan: positive adds to the refund, negative deducts."""

    code: str
    label: str
    amount: Decimal


class RefundPlan(NamedTuple):
    """What would be refunded; ``total`` equals the sum of ``items`` and is never negative.

    ``due_at`` is the refund service-level clock (policy ``sla`` named ``refund``), counted
    from the goods-received date, or from ``now`` when nothing has to be sent back.
    """

    currency: str
    items: tuple[RefundItem, ...]
    total: Decimal
    store_credit_allowed: bool
    original_payment_allowed: bool
    due_at: datetime | None
    return_shipping_paid_by: str

    @property
    def fees(self) -> tuple[RefundItem, ...]:
        """What is deducted from what was paid (fees, charges), each as a positive amount;
        goods and shipping refunded are not fees."""
        return tuple(RefundItem(i.code, i.label, -i.amount) for i in self.items if i.amount < 0)


class ReasonOption(NamedTuple):
    """The policy's answer for one line and one reason.

    ``deadline`` is the last moment (inclusive) a claim for this reason is accepted.
    ``required_evidence`` lists kinds each required; ``evidence_choices`` lists groups of
    which one kind is required. ``refund`` is per unit, where REFUND/STORE_CREDIT is
    possible. ``paid_repair`` marks a paid (out-of-warranty) repair offer.
    """

    reason: ClaimReason
    verdict: Verdict
    findings: tuple[Finding, ...]
    deadline: datetime | None
    resolutions: tuple[ResolutionType, ...]
    required_evidence: tuple[EvidenceKind, ...]
    refund: RefundPlan | None
    decided_by: str
    needs_inspection: bool
    paid_repair: bool
    evidence_choices: tuple[tuple[EvidenceKind, ...], ...] = ()
    return_shipping_paid_by: str = "buyer"

    @property
    def codes(self) -> tuple[FindingCode, ...]:
        return tuple(f.code for f in self.findings)

    @property
    def evidence_requirements(self) -> tuple[tuple[EvidenceKind, ...], ...]:
        """Each entry is satisfied by one of its kinds: every required kind alone, then
        each group of alternatives."""
        return tuple((kind,) for kind in self.required_evidence) + self.evidence_choices

    @property
    def evidence_to_ask(self) -> tuple[EvidenceKind, ...]:
        """Every required kind and the first kind of each group of alternatives: asking for
        these is always enough."""
        kinds = list(self.required_evidence)
        for group in self.evidence_choices:
            if kinds and not set(group).isdisjoint(kinds):
                continue
            kinds.append(group[0])
        return tuple(kinds)


class LineEvaluation(NamedTuple):
    line_id: str
    quantity_claimable: int
    options: tuple[ReasonOption, ...] = ()

    def option(self, reason: ClaimReason) -> ReasonOption:
        for option in self.options:
            if option.reason == reason:
                return option
        raise KeyError(reason)
