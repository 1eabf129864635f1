"""Date arithmetic: calendar days, months, working days, combinators, transit."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from saleor_warranty_plugin.policy.dates import (
    WorkCalendar,
    add_months,
    compile_window,
    make_timeline,
)
from saleor_warranty_plugin.policy.schema import Window

ORDERED = datetime(2025, 3, 3, 12, tzinfo=UTC)
SHIPPED = datetime(2025, 3, 4, 12, tzinfo=UTC)
DELIVERED = datetime(2025, 3, 6, 12, tzinfo=UTC)


def deadline(window: dict[str, object], **timeline: object) -> datetime | None:
    facts: dict[str, object] = {
        "ordered": ORDERED,
        "paid": None,
        "shipped": SHIPPED,
        "delivered": DELIVERED,
        "allowance_days": 7,
        "country": None,
    }
    facts.update(timeline)
    fn = compile_window(Window.model_validate(window), WorkCalendar())
    return fn(make_timeline(**facts))  # type: ignore[arg-type]


def end(day: str) -> datetime:
    return datetime.fromisoformat(f"{day}T23:59:59.999999+00:00")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2025, 12, 15), 1, date(2026, 1, 15)),
        (date(2025, 3, 4), 12, date(2026, 3, 4)),
    ],
)
def test_add_months_clamps_to_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ({"anchor": "ordered", "days": 7}, "2025-03-10"),
        ({"anchor": "shipped", "months": 3}, "2025-06-04"),
        ({"anchor": "delivered", "working_days": 5}, "2025-03-13"),  # Thu -> next Thu
        ({"anchor": "ordered", "days": 7, "exclude_transit": True}, "2025-03-12"),
        (
            {"all_of": [{"anchor": "delivered", "days": 14}, {"anchor": "ordered", "days": 10}]},
            "2025-03-13",
        ),
        (
            {"any_of": [{"anchor": "delivered", "days": 7}, {"anchor": "shipped", "days": 30}]},
            "2025-04-03",
        ),
    ],
)
def test_windows(window: dict[str, object], expected: str) -> None:
    assert deadline(window) == end(expected)


def test_paid_anchor_falls_back_to_order() -> None:
    assert deadline({"anchor": "paid", "days": 1}) == end("2025-03-04")
    paid = datetime(2025, 3, 5, 9, tzinfo=UTC)
    assert deadline({"anchor": "paid", "days": 1}, paid=paid) == end("2025-03-06")


def test_unknown_delivery_is_shipment_plus_allowance() -> None:
    assert deadline({"anchor": "delivered", "days": 7}, delivered=None, allowance_days=3) == end(
        "2025-03-14"
    )


def test_not_shipped_windows_have_not_started() -> None:
    unshipped = {"shipped": None, "delivered": None}
    assert deadline({"anchor": "shipped", "days": 7}, **unshipped) is None
    # all_of keeps the known bound; any_of cannot know yet
    assert deadline(
        {"all_of": [{"anchor": "delivered", "days": 14}, {"anchor": "ordered", "days": 45}]},
        **unshipped,
    ) == end("2025-04-17")
    assert (
        deadline(
            {"any_of": [{"anchor": "delivered", "days": 7}, {"anchor": "ordered", "days": 30}]},
            **unshipped,
        )
        is None
    )


def test_non_physical_goods_count_as_delivered_when_paid() -> None:
    timeline = make_timeline(ORDERED, None, None, None, 7, None, physical=False)
    assert timeline.shipped == timeline.delivered == ORDERED


def test_deadline_is_end_of_day_in_anchor_timezone() -> None:
    warsaw = ZoneInfo("Europe/Warsaw")
    ordered = datetime(2025, 3, 3, 23, 30, tzinfo=warsaw)
    result = deadline({"anchor": "ordered", "days": 1}, ordered=ordered)
    assert result == datetime(2025, 3, 4, 23, 59, 59, 999999, tzinfo=warsaw)
    assert result is not None
    assert result.utcoffset() == timedelta(hours=1)


@pytest.mark.parametrize(
    ("calendar", "country", "days", "expected"),
    [
        (WorkCalendar(), None, 14, date(2025, 4, 30)),
        (WorkCalendar(), "DE", 14, date(2025, 5, 5)),  # Good Friday, Easter Monday, 1 May
        (WorkCalendar(country="PL"), "DE", 14, date(2025, 5, 2)),  # policy country wins: PL
        (WorkCalendar(extra_holidays=frozenset({date(2025, 4, 14)})), None, 14, date(2025, 5, 1)),
        (WorkCalendar(), None, 1, date(2025, 4, 11)),
        (WorkCalendar(weekend=frozenset({4, 5})), None, 1, date(2025, 4, 13)),  # Fri+Sat weekend
    ],
)
def test_working_days(
    calendar: WorkCalendar, country: str | None, days: int, expected: date
) -> None:
    # given goods received on Thursday 10 April 2025; when working days are counted
    assert calendar.add_working_days(date(2025, 4, 10), days, country) == expected
