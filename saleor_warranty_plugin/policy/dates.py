"""Date arithmetic: anchors, calendar days, working days, months, and window combinators.

Conventions:

* A window of N days/working days/months ends at the *end of its last day*
  (23:59:59.999999) in the anchor's timezone; the deadline is inclusive.
* Day 0 is the anchor's own date: "7 days after 1 March" ends 8 March 23:59:59.999999.
  Working days are counted after the anchor date, skipping weekends, public holidays of
  the calendar's country (``holidays`` package) and the policy's extra holidays.
* Months add calendar months, clamped to the month's last day (31 Jan + 1 month = 28/29 Feb).
* ``exclude_transit`` shifts the deadline by the whole days between shipment and delivery
  (the estimated transit allowance while the goods are not shipped yet).
* An anchor not reached yet (not shipped) gives no deadline. ``all_of`` takes the earliest
  known deadline; ``any_of`` the latest, and none while any part has not started.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple

import holidays

from .enums import Anchor
from .schema import Window

_CACHE_LIMIT = 65536


class Timeline(NamedTuple):
    """The resolved moments of one line (hashable: used as a cache key).

    ``paid`` falls back to ``ordered``; ``delivered`` to shipped + transit allowance;
    non-physical goods count as shipped and delivered when paid.
    """

    ordered: datetime
    paid: datetime
    shipped: datetime | None
    delivered: datetime | None
    transit_days: int
    country: str | None


def make_timeline(
    ordered: datetime,
    paid: datetime | None,
    shipped: datetime | None,
    delivered: datetime | None,
    allowance_days: int,
    country: str | None,
    physical: bool = True,
) -> Timeline:
    paid_at = paid or ordered
    if not physical:
        return Timeline(ordered, paid_at, paid_at, paid_at, 0, country)
    if shipped is None:
        return Timeline(ordered, paid_at, None, delivered, allowance_days, country)
    if delivered is None:
        delivered = shipped + timedelta(days=allowance_days)
    transit = max((delivered.date() - shipped.date()).days, 0)
    return Timeline(ordered, paid_at, shipped, delivered, transit, country)


def anchor_moment(timeline: Timeline, anchor: Anchor) -> datetime | None:
    if anchor is Anchor.ORDERED:
        return timeline.ordered
    if anchor is Anchor.PAID:
        return timeline.paid
    if anchor is Anchor.SHIPPED:
        return timeline.shipped
    return timeline.delivered


_ENDS: dict[tuple[date, int], datetime] = {}


def end_of_day(day: date, like: datetime) -> datetime:
    """The last instant of ``day`` in the timezone of ``like``.

    One object per day and timezone object: every deadline on that day is the same
    object, so the evaluator's tables keyed by deadlines find it by identity and its hash
    is computed once. (The key names the timezone object by id; the kept datetime holds
    it, so no other object has that id meanwhile.)"""
    tzinfo = like.tzinfo
    key = (day, id(tzinfo))
    found = _ENDS.get(key)
    if found is None:
        if len(_ENDS) >= _CACHE_LIMIT:
            _ENDS.clear()
        found = _ENDS[key] = datetime.combine(day, time.max, tzinfo=tzinfo)
    return found


@lru_cache(maxsize=4096)
def add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    next_month = date(year + (month == 12), month % 12 + 1, 1)
    last = (next_month - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Working days of a shop: no weekend days, public holidays or extra holidays."""

    country: str | None = None
    subdivision: str | None = None
    extra_holidays: frozenset[date] = frozenset()
    weekend: frozenset[int] = frozenset({5, 6})

    def add_working_days(self, start: date, days: int, country: str | None = None) -> date:
        """The date ``days`` working days after ``start`` (``start`` itself not counted).
        ``country`` is used when the calendar names none (the order's country)."""
        return _add_working_days(self, self.country or country, start, days)


@lru_cache(maxsize=256)
def _public_holidays(country: str, subdivision: str | None, year: int) -> frozenset[date]:
    try:
        found = holidays.country_holidays(country, subdiv=subdivision, years=year)
    except NotImplementedError:  # unsupported country (policy countries are validated)
        return frozenset()
    return frozenset(found.keys())


def supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


@lru_cache(maxsize=_CACHE_LIMIT)
def _add_working_days(calendar: WorkCalendar, country: str | None, start: date, days: int) -> date:
    subdivision = calendar.subdivision if country == calendar.country else None
    day, left = start, days
    while left > 0:
        day += timedelta(days=1)
        if day.weekday() in calendar.weekend or day in calendar.extra_holidays:
            continue
        if country is not None and day in _public_holidays(country, subdivision, day.year):
            continue
        left -= 1
    return day


DeadlineFn = Callable[[Timeline], "datetime | None"]


def compile_window(window: Window, calendar: WorkCalendar) -> DeadlineFn:
    """Turn a validated window into a memoised ``Timeline -> deadline`` function."""
    fn = _compile(window, calendar)
    cache: dict[Timeline, datetime | None] = {}

    def deadline(timeline: Timeline) -> datetime | None:
        try:
            return cache[timeline]
        except KeyError:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            value = cache[timeline] = fn(timeline)
            return value

    return deadline


def _compile(window: Window, calendar: WorkCalendar) -> DeadlineFn:
    if window.all_of is not None:
        parts = [_compile(w, calendar) for w in window.all_of]

        def earliest(timeline: Timeline) -> datetime | None:
            known = [d for d in (p(timeline) for p in parts) if d is not None]
            return min(known) if known else None

        return earliest
    if window.any_of is not None:
        options = [_compile(w, calendar) for w in window.any_of]

        def latest(timeline: Timeline) -> datetime | None:
            found = [p(timeline) for p in options]
            if any(d is None for d in found):
                return None
            return max(d for d in found if d is not None)

        return latest
    assert window.anchor is not None
    return leaf_deadline(
        window.anchor,
        days=window.days,
        working_days=window.working_days,
        months=window.months,
        exclude_transit=window.exclude_transit,
        calendar=calendar,
    )


def leaf_deadline(
    anchor: Anchor,
    *,
    days: int | None = None,
    working_days: int | None = None,
    months: int | None = None,
    exclude_transit: bool = False,
    calendar: WorkCalendar | None = None,
) -> DeadlineFn:
    """A single window: ``anchor`` + one length (see the module conventions)."""
    work = calendar or WorkCalendar()

    def deadline(timeline: Timeline) -> datetime | None:
        start = anchor_moment(timeline, anchor)
        if start is None:
            return None
        day = start.date()
        if days is not None:
            day += timedelta(days=days)
        elif months is not None:
            day = add_months(day, months)
        elif working_days is not None:
            day = work.add_working_days(day, working_days, timeline.country)
        if exclude_transit:
            day += timedelta(days=timeline.transit_days)
        return end_of_day(day, start)

    return deadline


def clock_due(
    start: datetime,
    *,
    days: int | None,
    working_days: int | None,
    calendar: WorkCalendar,
    country: str | None = None,
) -> datetime:
    """Due date of a service-level clock started at ``start`` (end of the last day)."""
    day = start.date()
    if days is not None:
        day += timedelta(days=days)
    elif working_days is not None:
        day = calendar.add_working_days(day, working_days, country)
    return end_of_day(day, start)
