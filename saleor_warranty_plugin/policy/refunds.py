"""Refund arithmetic and service-level clocks.

Money is ``Decimal`` rounded to the currency's ISO 4217 minor unit (JPY 0 decimals,
KWD/BHD/OMR/JOD/IQD/LYD/TND 3, others 2) with ROUND_HALF_UP. A plan starts from what was
actually paid per unit (after every discount) and lists each fee and deduction as its own
line; the total is the sum of the lines and never negative (a deduction that would take the
total below zero is capped and says so).

Service-level clocks (``sla`` of a reason) are computed by ``plan_due_dates`` from an
anchor, normally the goods-received date. The clock named ``refund`` also appears on each
``RefundPlan`` as ``due_at``: counted from ``claim.received_at``, or from ``now`` when
nothing has to be sent back (cancellation before dispatch); None while goods are awaited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .compiled import ReasonRule, line_exclusions
from .dates import clock_due
from .enums import ClaimReason, ItemCondition, Payer, RefundMethods, ResolutionType
from .facts import ClaimFacts, LineFacts, OrderFacts, RefundItem, RefundPlan
from .policy import Policy

_THREE_DECIMALS = frozenset({"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"})
_NO_DECIMALS = frozenset(
    {
        "BIF",
        "CLP",
        "DJF",
        "GNF",
        "ISK",
        "JPY",
        "KMF",
        "KRW",
        "PYG",
        "RWF",
        "UGX",
        "UYI",
        "VND",
        "VUV",
        "XAF",
        "XOF",
        "XPF",
    }
)
_EXPONENTS = {0: Decimal(1), 2: Decimal("0.01"), 3: Decimal("0.001")}
_HUNDRED = Decimal(100)
_ZERO = Decimal(0)
_NO_CONDITIONS: frozenset[ItemCondition] = frozenset()
#: builds a result NamedTuple from a tuple of its fields (cheaper on the evaluator's hot path)
_new = tuple.__new__


class RefundNotAllowed(ValueError):
    """The policy does not allow the requested refund destination."""


def minor_units(currency: str) -> int:
    """Decimal places of ``currency`` (ISO 4217)."""
    code = currency.upper()
    if code in _NO_DECIMALS:
        return 0
    if code in _THREE_DECIMALS:
        return 3
    return 2


_EXPONENT_OF: dict[str, Decimal] = {}


def round_money(amount: Decimal, currency: str) -> Decimal:
    """``amount`` rounded half-up to the currency's minor unit."""
    exponent = _EXPONENT_OF.get(currency)
    if exponent is None:
        exponent = _EXPONENTS[minor_units(currency)]
        if len(_EXPONENT_OF) < 1000:  # currency codes; bounded against odd input
            _EXPONENT_OF[currency] = exponent
    return amount.quantize(exponent, rounding=ROUND_HALF_UP)


def money_text(amount: Decimal, currency: str) -> str:
    """How notes and messages write an amount: in the currency's minor unit ("24.60 USD",
    never the "24.600" a stored amount reads back as)."""
    return f"{round_money(Decimal(amount), currency)} {currency}"


def money_allowed(policy: Policy, rule: ReasonRule, line: LineFacts) -> tuple[bool, bool]:
    """(original payment allowed, store credit allowed) for this line and reason."""
    offered = set(rule.resolutions)
    for exclusion in line_exclusions(policy.exclusions, line):
        if rule.reason in exclusion.reasons:
            offered -= exclusion.removes if exclusion.removes is not None else offered
    methods = policy.refund_methods
    refund = ResolutionType.REFUND in offered
    credit = refund or ResolutionType.STORE_CREDIT in offered
    return (
        refund and methods is not RefundMethods.STORE_CREDIT,
        credit and methods is not RefundMethods.ORIGINAL_PAYMENT,
    )


def plan_refund(
    policy: Policy,
    order: OrderFacts,
    line: LineFacts,
    claim: ClaimFacts,
    now: datetime,
    quantity: int | None = None,
    to_store_credit: bool = False,
) -> RefundPlan:
    """The refund for ``claim`` on ``line``: goods value, fees, accessory charges, shipping.

    ``quantity`` defaults to the claim's. The ``SHIPPING`` line is the whole order's
    shipping charge: it appears when ``claim.refund_shipping`` is true (staff decision) or,
    when that is None, where the reason refunds original shipping; callers include it on
    one plan per order. ``RETURN_SHIPPING`` reimburses the buyer's return postage
    (``claim.return_shipping_cost``) where the shop pays it back after the goods arrive.
    Raises ``RefundNotAllowed`` for store credit the policy does not allow.
    """
    rule = policy.rule(claim.reason)
    original_allowed, credit_allowed = money_allowed(policy, rule, line)
    if to_store_credit and not credit_allowed:
        raise RefundNotAllowed("the policy does not allow store credit for this claim")
    return build_plan(
        policy,
        rule,
        claim,
        now,
        quantity or claim.quantity,
        Sale(
            order.currency,
            line.unit_price_paid,
            _dispatched(order, line),
            order.country,
            order.shipping_paid,
        ),
        include_shipping=True,
        allowed=(original_allowed, credit_allowed),
    )


_GOODS: dict[tuple[str, str], tuple[RefundItem]] = {}


def goods_items(price: Decimal, currency: str) -> tuple[RefundItem]:
    """The GOODS line of one unit at ``price``, alone in a tuple (every estimate starts
    with one; kept in a bounded table rather than rounded and formatted again per option).
    Keyed by the price's text: equal Decimals may print differently (0, -0)."""
    key = (str(price), currency)
    found = _GOODS.get(key)
    if found is None:
        if len(_GOODS) >= 65536:
            _GOODS.clear()
        amount = round_money(price, currency)  # the label shows the currency's precision
        item = _new(RefundItem, ("GOODS", f"Goods paid (1 x {amount!s})", amount))
        found = _GOODS[key] = (item,)
    return found


class Sale(NamedTuple):
    """What a refund is computed from: the line's price and dispatch, the order's currency,
    country (for working-day clocks) and shipping charge."""

    currency: str
    unit_price: Decimal
    dispatched: bool
    country: str | None
    shipping_paid: Decimal = _ZERO


def build_plan(
    policy: Policy,
    rule: ReasonRule,
    claim: ClaimFacts | None,
    now: datetime,
    quantity: int,
    sale: Sale,
    *,
    include_shipping: bool,
    allowed: tuple[bool, bool],
) -> RefundPlan:
    currency, price, dispatched = sale.currency, sale.unit_price, sale.dispatched
    if quantity == 1:
        items = list(goods_items(price, currency))
        goods = items[0].amount
    else:
        goods = round_money(price * quantity, currency)
        label = f"Goods paid ({quantity} x {round_money(price, currency)!s})"
        items = [_new(RefundItem, ("GOODS", label, goods))]
    total = goods
    conditions = claim.conditions if claim is not None else _NO_CONDITIONS
    voided = bool(rule.check_conditions(conditions)) if claim is not None else False

    def deduct(code: str, label: str, amount: Decimal) -> None:
        nonlocal total
        amount = round_money(amount, currency)
        if amount <= 0:
            return
        if amount > total:
            amount, label = total, label + " (capped at the refundable amount)"
        items.append(RefundItem(code, label, -amount))
        total -= amount

    for fee in rule.fees:
        if fee.only_before_dispatch and dispatched:
            continue
        deduct(
            fee.code, f"{fee.label} ({fee.percent.normalize()}%)", goods * fee.percent / _HUNDRED
        )
    if rule.charge_missing_accessories and claim is not None:
        _charge_accessories(policy, price, claim, conditions, deduct)
    payer = Payer.BUYER if voided else rule.return_shipping
    if include_shipping and claim is not None:
        refund_shipping = (
            claim.refund_shipping
            if claim.refund_shipping is not None
            else rule.refund_original_shipping
        )
        if refund_shipping and sale.shipping_paid > 0:
            amount = round_money(sale.shipping_paid, currency)
            items.append(RefundItem("SHIPPING", "Original shipping", amount))
            total += amount
        if rule.reimburse_return_shipping and payer is Payer.SHOP and dispatched:
            cost = round_money(claim.return_shipping_cost or _ZERO, currency)
            label = "Return shipping, reimbursed after the goods arrive"
            if claim.return_shipping_cost is None:
                label += " (amount from the postage receipt)"
            items.append(RefundItem("RETURN_SHIPPING", label, cost))
            total += cost
    due_at = None
    clock = rule.refund_clock
    if clock is not None:
        received = claim.received_at if claim is not None else None
        start = received or (now if not (dispatched and rule.return_required) else None)
        if start is not None:
            due_at = clock_due(
                start,
                days=clock.days,
                working_days=clock.working_days,
                calendar=policy.calendar,
                country=sale.country,
            )
    # positional, in field order: (currency, items, total, store_credit_allowed,
    # original_payment_allowed, due_at, return_shipping_paid_by)
    return _new(
        RefundPlan, (currency, tuple(items), total, allowed[1], allowed[0], due_at, str(payer))
    )


def _charge_accessories(
    policy: Policy,
    unit_price: Decimal,
    claim: ClaimFacts,
    conditions: frozenset[ItemCondition],
    deduct: Callable[[str, str, Decimal], None],
) -> None:
    charges = policy.accessory_charges
    assert charges is not None
    names = list(claim.missing_accessories)
    if not names and ItemCondition.MISSING_ACCESSORIES in conditions:
        names = ["accessory"]
    for name in names:
        amount = charges.amounts.get(name)
        if amount is None and charges.default_amount is not None:
            amount = charges.default_amount
        if amount is None and charges.default_percent is not None:
            amount = unit_price * charges.default_percent / _HUNDRED
        if amount is not None:
            deduct("MISSING_ACCESSORY", f"Missing accessory: {name}", amount)


def _dispatched(order: OrderFacts, line: LineFacts) -> bool:
    if not line.is_shipping_required:
        return line.activated
    return (line.shipped_at or order.shipped_at) is not None


def plan_due_dates(
    policy: Policy,
    reason: ClaimReason,
    anchor: datetime,
    *,
    in_stock: bool | None = None,
    country: str | None = None,
) -> dict[str, datetime]:
    """Service-level clocks of ``reason`` counted from ``anchor`` (the goods-received date,
    or approval when nothing is sent back): ``{"refund": ..., "replacement": ...}``.
    Clocks marked ``in_stock_only`` are left out when the goods are out of stock."""
    rule = policy.rule(reason)
    return {
        clock.name: clock_due(
            anchor,
            days=clock.days,
            working_days=clock.working_days,
            calendar=policy.calendar,
            country=country,
        )
        for clock in rule.sla
        if not (clock.in_stock_only and in_stock is False)
    }


def unit_refund(
    policy: Policy,
    rule: ReasonRule,
    sale: Sale,
    claim: ClaimFacts | None,
    now: datetime,
    available: tuple[ResolutionType, ...],
) -> RefundPlan:
    """The per-unit estimate shown with an option (no shipping lines)."""
    allowed = allowed_methods(policy.refund_methods, available)
    return build_plan(policy, rule, claim, now, 1, sale, include_shipping=False, allowed=allowed)


def allowed_methods(
    methods: RefundMethods, available: tuple[ResolutionType, ...]
) -> tuple[bool, bool]:
    """(original payment allowed, store credit allowed) where ``available`` is offered."""
    refund = ResolutionType.REFUND in available
    return (
        refund and methods is not RefundMethods.STORE_CREDIT,
        (refund or ResolutionType.STORE_CREDIT in available)
        and methods is not RefundMethods.ORIGINAL_PAYMENT,
    )
