"""Claim-less per-unit refund estimates: the one every option offering money shows.

``refunds.unit_refund`` without a claim, for one reason, with what does not depend on the
line worked out once: fee labels, who pays the return.
The refund clock's due date, where it starts at ``now`` (nothing to send back), is kept per
``now`` and country.

An estimate depends on nothing else than the price (as written: its text), the currency,
the methods allowed, dispatch (where a fee is waived after it) and the due date, so each
is worked out once and kept in a bounded table, as the goods line alone already was.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from decimal import Decimal

from .compiled import ReasonRule
from .dates import clock_due
from .facts import RefundItem, RefundPlan
from .policy import Policy
from .refunds import goods_items, round_money

_HUNDRED = Decimal(100)
#: builds a RefundPlan from a tuple of its fields
_new = tuple.__new__


class UnitEstimate:
    """``unit_refund`` without a claim, for one reason (see the module)."""

    __slots__ = (
        "policy",
        "rule",
        "payer",
        "fees",
        "clock",
        "by_dispatch",
        "_due",
        "_plans",
        "_tables",
    )

    def __init__(self, policy: Policy, rule: ReasonRule) -> None:
        self.policy = policy
        self.rule = rule
        self.payer = str(rule.return_shipping)
        self.fees = tuple(
            (fee.code, f"{fee.label} ({fee.percent.normalize()}%)", fee.percent)
            + (fee.only_before_dispatch,)
            for fee in rule.fees
        )
        self.clock = rule.refund_clock
        #: some fee is waived once dispatched
        self.by_dispatch = any(fee.only_before_dispatch for fee in rule.fees)
        self._due: dict[tuple[datetime, int, str | None], datetime] = {}
        self._plans: dict[Hashable, RefundPlan] = {}
        self._tables: dict[tuple[bool, bool], dict[tuple[str, str], RefundPlan]] = {}

    def table(self, allowed: tuple[bool, bool]) -> dict[tuple[str, str], RefundPlan] | None:
        """Where the estimate depends on the price and currency alone (no refund clock,
        no fee waived after dispatch): its estimates with these methods allowed, by the
        price's text and the currency (``plain`` fills it); else None."""
        if self.clock is not None or self.by_dispatch:
            return None
        return self._tables.setdefault(allowed, {})

    def plain(
        self,
        table: dict[tuple[str, str], RefundPlan],
        key: tuple[str, str],
        price: Decimal,
        allowed: tuple[bool, bool],
    ) -> RefundPlan:
        """The estimate missing from ``table`` (``key`` is the price's text and currency)."""
        if len(table) >= 65536:
            table.clear()
        found = table[key] = self._plan(key[1], price, False, None, allowed)
        return found

    def __call__(
        self,
        currency: str,
        price: Decimal,
        dispatched: bool,
        country: str | None,
        now: datetime,
        allowed: tuple[bool, bool],
    ) -> RefundPlan:
        """The estimate for a unit at ``price``; ``allowed`` is (original payment, store
        credit) as ``refunds.allowed_methods`` gives them for the resolutions offered."""
        due_at = None
        if self.clock is not None and not (dispatched and self.rule.return_required):
            due_at = self.due(now, country)
        # the due date's timezone object is part of the key (equal instants in other
        # timezones print other dates); the kept plan holds it, so its id stays its own
        key = (
            str(price),
            currency,
            allowed,
            self.by_dispatch and dispatched,
            due_at,
            None if due_at is None else id(due_at.tzinfo),
        )
        found = self._plans.get(key)
        if found is None:
            if len(self._plans) >= 65536:
                self._plans.clear()
            found = self._plans[key] = self._plan(currency, price, dispatched, due_at, allowed)
        return found

    def _plan(
        self,
        currency: str,
        price: Decimal,
        dispatched: bool,
        due_at: datetime | None,
        allowed: tuple[bool, bool],
    ) -> RefundPlan:
        items: tuple[RefundItem, ...] = goods_items(price, currency)
        total = goods = items[0].amount
        for code, label, percent, before_dispatch in self.fees:
            if before_dispatch and dispatched:
                continue
            amount = round_money(goods * percent / _HUNDRED, currency)
            if amount <= 0:
                continue
            if amount > total:
                amount, label = total, label + " (capped at the refundable amount)"
            items += (RefundItem(code, label, -amount),)
            total -= amount
        return _new(
            RefundPlan, (currency, items, total, allowed[1], allowed[0], due_at, self.payer)
        )

    def due(self, now: datetime, country: str | None) -> datetime:
        """The refund clock's due date when it starts at ``now`` (the end of a day in
        ``now``'s timezone: its object is part of the key, held by the kept date)."""
        key = (now, id(now.tzinfo), country)
        found = self._due.get(key)
        if found is None:
            clock = self.clock
            assert clock is not None
            if len(self._due) >= 4096:
                self._due.clear()
            found = self._due[key] = clock_due(
                now,
                days=clock.days,
                working_days=clock.working_days,
                calendar=self.policy.calendar,
                country=country,
            )
        return found
