"""A finding's date is the moment's date in its own timezone: equal instants in two
timezones are two dates, and what is kept for one is not shown for the other."""

from datetime import UTC, datetime, timedelta, timezone

from saleor_warranty_plugin.policy.enums import FindingCode
from saleor_warranty_plugin.policy.finish import warranty_over
from saleor_warranty_plugin.policy.rules import SHIPPED_TEXT, dated, window_ended

ADELAIDE = timezone(timedelta(hours=9, minutes=30))
KIRITIMATI, HAWAII = timezone(timedelta(hours=14)), timezone(timedelta(hours=-10))


def test_a_shipment_instant_is_dated_in_each_timezone():
    shipped = datetime(2024, 1, 18, 23, 0, tzinfo=UTC)
    later_there = shipped.astimezone(ADELAIDE)  # the same instant: 19 January there
    assert later_there == shipped
    there = dated(FindingCode.RETURN_WINDOW_EXPIRED, SHIPPED_TEXT, later_there)
    here = dated(FindingCode.RETURN_WINDOW_EXPIRED, SHIPPED_TEXT, shipped)
    assert "19 January 2024" in there.message
    assert "18 January 2024" in here.message


def test_ends_of_day_24_hours_apart_keep_their_own_dates():
    # the end of 19 May at +14:00 is the end of 18 May at -10:00: one instant, two dates
    east = datetime(2024, 5, 19, 23, 59, 59, 999999, tzinfo=KIRITIMATI)
    west = east.astimezone(HAWAII)
    assert east == west and east.date() != west.date()
    assert "19 May 2024" in window_ended(east)[0].message
    assert "18 May 2024" in window_ended(west)[0].message
    assert "19 May 2024" in warranty_over(east, repair=False)[0].message
    assert "18 May 2024" in warranty_over(west, repair=True)[0].message
