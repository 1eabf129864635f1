"""The policy document compiled into plain objects: no pydantic on the hot path.

Product matchers, exclusions, warranty terms and one ``ReasonRule`` per reason, each built
once per policy. The conditions the evaluator checks with them are the rule objects of
``rules.py`` and ``claim_rules.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from .dates import DeadlineFn, WorkCalendar, compile_window
from .enums import (
    OPPOSITES,
    ClaimReason,
    Decider,
    EvidenceKind,
    FindingCode,
    ItemCondition,
    Payer,
    ResolutionType,
)
from .facts import Finding, LineFacts
from .schema import Clock, Exclusion, Fee, Matcher, ProductGroup, Reason, Warranty, Window

LineTest = Callable[[LineFacts], bool]

REASON_LABELS: dict[ClaimReason, str] = {
    ClaimReason.CHANGED_MIND: "change of mind",
    ClaimReason.DEAD_ON_ARRIVAL: "dead on arrival",
    ClaimReason.DEFECTIVE: "defective (warranty)",
    ClaimReason.DAMAGED_IN_TRANSIT: "damaged in transit",
    ClaimReason.WRONG_ITEM_SENT: "wrong item sent",
    ClaimReason.NOT_AS_DESCRIBED: "not as described",
}


def humanize(value: str) -> str:
    return value.replace("_", " ").lower()


def format_moment(moment: date) -> str:
    return f"{moment:%d %B %Y}"


def compile_matcher(matcher: Matcher, groups: Mapping[str, ProductGroup]) -> LineTest:
    """A predicate over a line; product criteria are OR-ed, other criteria AND-ed."""
    either: set[str] = set(matcher.slugs)
    products: set[str] = set(matcher.products)
    for name in matcher.groups:
        either.update(groups[name].slugs)
        products.update(groups[name].products)
    types = frozenset(either | set(matcher.product_types))
    categories = frozenset(either | set(matcher.categories))
    product_set = frozenset(products)
    checks: list[LineTest] = []
    if types or categories or product_set:
        checks.append(
            lambda line: (
                line.product_type_slug in types
                or line.category_slug in categories
                or line.product_slug in product_set
            )
        )
    if matcher.discounts:
        kinds = frozenset(str(k) for k in matcher.discounts)
        checks.append(lambda line: not kinds.isdisjoint(line.discount_kinds))
    if matcher.non_physical is not None:
        want_non_physical = matcher.non_physical
        checks.append(lambda line: (not line.is_shipping_required) is want_non_physical)
    if matcher.gift_card is not None:
        want_gift_card = matcher.gift_card
        checks.append(lambda line: line.is_gift_card is want_gift_card)
    if matcher.gift is not None:
        want_gift = matcher.gift
        checks.append(lambda line: line.is_gift is want_gift)
    if matcher.activated is not None:
        want_activated = matcher.activated
        checks.append(lambda line: line.activated is want_activated)
    if len(checks) == 1:
        return checks[0]
    return lambda line: all(check(line) for check in checks)


@dataclass(frozen=True, slots=True)
class ExclusionRule:
    """Lines matching ``matches`` lose ``removes`` (None: the whole claim) for ``reasons``."""

    matches: LineTest
    reasons: frozenset[ClaimReason]
    removes: frozenset[ResolutionType] | None
    finding: Finding


def compile_exclusion(exclusion: Exclusion, groups: Mapping[str, ProductGroup]) -> ExclusionRule:
    code = FindingCode(
        exclusion.code or ("SALE_ITEM" if exclusion.when.discounts else "NON_RETURNABLE_PRODUCT")
    )
    reasons = frozenset(exclusion.reasons or ClaimReason) - set(exclusion.except_reasons)
    removes = None if exclusion.removes is None else frozenset(exclusion.removes)
    if exclusion.message:
        message = exclusion.message
    elif code is FindingCode.SALE_ITEM:
        message = "Items bought at a discount are final sale."
    else:
        message = "This product cannot be returned."
    if removes is not None and not exclusion.message:
        message += " Not available: " + ", ".join(humanize(r) for r in sorted(removes)) + "."
    return ExclusionRule(
        compile_matcher(exclusion.when, groups), reasons, removes, Finding(code, message)
    )


@dataclass(frozen=True, slots=True, eq=False)
class WarrantyTerm:
    """The warranty that applies to one kind of line."""

    deadline: DeadlineFn | None  # None: the product has no warranty
    months_label: str
    paid_repair: bool


class WarrantyRule:
    """The warranty section, compiled; terms are memoised per (period, product months)."""

    __slots__ = ("_default", "_overrides", "_calendar", "_terms")

    def __init__(
        self, warranty: Warranty, groups: Mapping[str, ProductGroup], calendar: WorkCalendar
    ) -> None:
        self._default = (
            warranty.period,
            warranty.product_months,
            warranty.paid_repair_after_expiry,
        )
        self._overrides = tuple(
            (
                compile_matcher(o.match, groups),
                o.period,
                warranty.product_months if o.product_months is None else o.product_months,
                warranty.paid_repair_after_expiry
                if o.paid_repair_after_expiry is None
                else o.paid_repair_after_expiry,
            )
            for o in warranty.overrides
        )
        self._calendar = calendar
        self._terms: dict[tuple[int, int | None], WarrantyTerm] = {}

    def term_for(self, line: LineFacts) -> WarrantyTerm:
        """The first matching override's term, else the default; the product's own
        ``warranty_months`` replaces the length where ``product_months`` is on."""
        index, (period, product_months, paid_repair) = -1, self._default
        for i, (matches, o_period, o_months, o_paid) in enumerate(self._overrides):
            if matches(line):
                index, period, product_months, paid_repair = i, o_period, o_months, o_paid
                break
        months = line.warranty_months if product_months else None
        key = (index, months)
        term = self._terms.get(key)
        if term is None:
            term = self._terms[key] = self._make_term(period, months, paid_repair)
        return term

    def _make_term(self, period: Window, months: int | None, paid_repair: bool) -> WarrantyTerm:
        if months == 0:
            return WarrantyTerm(None, "no warranty", paid_repair)
        if months is not None:
            period = Window(anchor=period.anchor, months=months)
        return WarrantyTerm(
            compile_window(period, self._calendar), describe_window(period), paid_repair
        )


def describe_window(window: Window) -> str:
    """Plain words for a window: "14 days from delivery, excluding transit"."""
    if window.all_of is not None:
        return " but no more than ".join(describe_window(w) for w in window.all_of)
    if window.any_of is not None:
        return " or ".join(describe_window(w) for w in window.any_of)
    if window.days is not None:
        length = f"{window.days} day{'s' * (window.days != 1)}"
    elif window.working_days is not None:
        length = f"{window.working_days} working day{'s' * (window.working_days != 1)}"
    else:
        length = f"{window.months} month{'s' * (window.months != 1)}"
    anchor = {
        "ordered": "the order",
        "paid": "payment",
        "shipped": "shipment",
        "delivered": "delivery",
    }[str(window.anchor)]
    text = f"{length} from {anchor}"
    return text + " (time in transit not counted)" if window.exclude_transit else text


@dataclass(frozen=True, slots=True)
class ReasonRule:
    """One reason of the policy, compiled: everything the evaluator needs, no pydantic."""

    reason: ClaimReason
    accepted: bool
    message: str | None
    window: DeadlineFn | None
    window_text: str | None
    warranty: bool
    before_dispatch_only: bool
    requires_shipment: bool
    require: frozenset[ItemCondition]
    broken_by: frozenset[ItemCondition]
    void: frozenset[ItemCondition]
    inspection: bool
    required_evidence: tuple[EvidenceKind, ...]
    evidence_choices: tuple[tuple[EvidenceKind, ...], ...]
    optional_evidence: tuple[EvidenceKind, ...]
    serial_required: bool
    resolutions: tuple[ResolutionType, ...]
    needs_stock: frozenset[ResolutionType]
    out_of_stock_resolutions: tuple[ResolutionType, ...] | None
    out_of_stock_decider: Decider | None
    customer_chooses: bool
    decided_by: Decider
    return_required: bool
    return_shipping: Payer
    reimburse_return_shipping: bool
    refund_original_shipping: bool
    fees: tuple[Fee, ...]
    charge_missing_accessories: bool
    auto_approve: bool
    sla: tuple[Clock, ...]
    refund_clock: Clock | None
    evidence_kinds: tuple[EvidenceKind, ...]  # required kinds, SERIAL_NUMBER when required

    @classmethod
    def compile(
        cls,
        reason: ClaimReason,
        spec: Reason,
        fees: Mapping[str, Fee],
        calendar: WorkCalendar,
    ) -> ReasonRule:
        require = frozenset(spec.conditions.require)
        broken_by = frozenset(c for r in require for c in OPPOSITES.get(r, ()))
        requires_shipment = (
            spec.requires_shipment
            if spec.requires_shipment is not None
            else reason is not ClaimReason.CHANGED_MIND and not spec.before_dispatch_only
        )
        oos = spec.out_of_stock
        return cls(
            reason=reason,
            accepted=spec.accepted,
            message=spec.message,
            window=None if spec.window is None else compile_window(spec.window, calendar),
            window_text=None if spec.window is None else describe_window(spec.window),
            warranty=spec.warranty,
            before_dispatch_only=spec.before_dispatch_only,
            requires_shipment=requires_shipment,
            require=require,
            broken_by=broken_by,
            void=frozenset(spec.conditions.void),
            inspection=spec.conditions.inspection,
            required_evidence=tuple(spec.evidence.required),
            evidence_choices=tuple(tuple(group) for group in spec.evidence.one_of),
            optional_evidence=tuple(spec.evidence.optional),
            serial_required=spec.serial_required,
            resolutions=tuple(spec.resolutions),
            needs_stock=frozenset(spec.needs_stock),
            out_of_stock_resolutions=(
                tuple(oos.resolutions) if oos and oos.resolutions is not None else None
            ),
            out_of_stock_decider=oos.decided_by if oos else None,
            customer_chooses=spec.customer_chooses,
            decided_by=spec.decided_by,
            return_required=spec.return_required and not spec.before_dispatch_only,
            return_shipping=spec.return_shipping,
            reimburse_return_shipping=spec.reimburse_return_shipping,
            refund_original_shipping=spec.refund_original_shipping,
            fees=tuple(fees[code] for code in spec.fees),
            charge_missing_accessories=spec.charge_missing_accessories,
            auto_approve=spec.auto_approve,
            sla=tuple(spec.sla),
            refund_clock=next((c for c in spec.sla if c.name == "refund"), None),
            evidence_kinds=tuple(spec.evidence.required)
            + (
                (EvidenceKind.SERIAL_NUMBER,)
                if spec.serial_required and EvidenceKind.SERIAL_NUMBER not in spec.evidence.required
                else ()
            ),
        )

    def check_conditions(self, conditions: frozenset[ItemCondition]) -> Finding | None:
        """CONDITION_NOT_MET when a voiding condition, or the opposite of a required one,
        is among ``conditions`` (declared, or found at inspection)."""
        bad = (conditions & self.void) | (conditions & self.broken_by)
        if not bad:
            return None
        listed = ", ".join(humanize(c) for c in sorted(bad))
        return Finding(
            FindingCode.CONDITION_NOT_MET, f"The item's condition rules this out: {listed}."
        )

    def check_evidence(self, present: frozenset[EvidenceKind]) -> Finding | None:
        """EVIDENCE_REQUIRED listing each missing kind and each unmet one-of group."""
        missing = [humanize(k) for k in self.required_evidence if k not in present]
        missing += [
            " or ".join(humanize(k) for k in group)
            for group in self.evidence_choices
            if present.isdisjoint(group)
        ]
        if not missing:
            return None
        return Finding(FindingCode.EVIDENCE_REQUIRED, "Please provide: " + "; ".join(missing) + ".")


_MONEY = frozenset({ResolutionType.REFUND, ResolutionType.STORE_CREDIT})
_GIFT = Finding(FindingCode.NON_RETURNABLE_PRODUCT, "Free gifts cannot be refunded as money.")
_GIFT_CARD = Finding(FindingCode.NON_RETURNABLE_PRODUCT, "Gift cards cannot be returned.")


def line_exclusions(
    exclusions: tuple[ExclusionRule, ...], line: LineFacts
) -> tuple[ExclusionRule, ...]:
    """The exclusion rules a line matches, plus the built-in ones: gift cards are never
    returnable, free gifts are never refunded as money."""
    matched = tuple(rule for rule in exclusions if rule.matches(line))
    if line.is_gift_card:
        matched += (ExclusionRule(_always, frozenset(ClaimReason), None, _GIFT_CARD),)
    if line.is_gift:
        matched += (ExclusionRule(_always, frozenset(ClaimReason), _MONEY, _GIFT),)
    return matched


def _always(line: LineFacts) -> bool:
    return True
