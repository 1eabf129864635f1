"""Plain, translatable words for the API's codes, and dates and money as the customer's
language writes them (Django's formats for dates, in the shop's time zone; babel, which Saleor
ships, for money)."""

import functools
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import formats, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

REASONS = {
    "CHANGED_MIND": _("I changed my mind"),
    "DEAD_ON_ARRIVAL": _("It did not work when it arrived"),
    "DEFECTIVE": _("It stopped working (warranty)"),
    "DAMAGED_IN_TRANSIT": _("It arrived damaged"),
    "WRONG_ITEM_SENT": _("I received the wrong item"),
    "NOT_AS_DESCRIBED": _("It is not as described"),
}

# What a customer can say about the item they send back.
CONDITIONS = {
    "UNUSED": _("Unused"),
    "USED": _("Used"),
    "ORIGINAL_PACKAGING": _("In its original packaging"),
    "PACKAGING_DAMAGED": _("Packaging is damaged"),
    "NO_PACKAGING": _("No packaging"),
    "ALL_ACCESSORIES": _("All accessories included"),
    "MISSING_ACCESSORIES": _("Some accessories are missing"),
    "SEALS_INTACT": _("Seals are intact"),
    "SEALS_DAMAGED": _("Seals are broken"),
}

RESOLUTIONS = {
    "REFUND": _("Money back"),
    "STORE_CREDIT": _("Store credit"),
    "REPLACEMENT": _("A replacement of the same item"),
    "EXCHANGE": _("An exchange for another item"),
    "REPAIR": _("A repair"),
}

EVIDENCE = {
    "PHOTO_OF_PACKAGE": _("a photo of the package"),
    "PHOTO_OF_ITEM": _("a photo of the item"),
    "VIDEO_OF_DEFECT": _("a video showing the fault"),
    "SHIPPING_SLIP": _("a photo of the shipping slip"),
    "PROOF_OF_PURCHASE": _("proof of purchase (this order)"),
    "SERIAL_NUMBER": _("the serial number"),
    "DESCRIPTION": _("a description of the problem"),
}

STATUSES = {
    "PENDING": pgettext_lazy("claim status", "Waiting for the shop's decision"),
    "APPROVED": pgettext_lazy("claim status", "Approved"),
    "RECEIVED": pgettext_lazy("claim status", "Items received"),
    "RESOLVED": pgettext_lazy("claim status", "Resolved"),
    "REJECTED": pgettext_lazy("claim status", "Declined"),
    "CANCELLED": pgettext_lazy("claim status", "Cancelled"),
    "EXPIRED": pgettext_lazy("claim status", "Expired: the items did not arrive in time"),
}

EVENTS = {
    "CREATED": pgettext_lazy("claim event", "Request sent"),
    "APPROVED": pgettext_lazy("claim event", "Approved"),
    "REJECTED": pgettext_lazy("claim event", "Declined"),
    "CANCELLED": pgettext_lazy("claim event", "Cancelled"),
    "RECEIVED": pgettext_lazy("claim event", "Items received"),
    "RESOLVED": pgettext_lazy("claim event", "Resolved"),
    "EXPIRED": pgettext_lazy("claim event", "Expired"),
    "REFUND_REQUESTED": pgettext_lazy("claim event", "Refund on its way"),
    "RESOLUTION_SUCCEEDED": pgettext_lazy("claim event", "Done"),
    "RESOLUTION_FAILED": pgettext_lazy("claim event", "Delayed"),
    "POLICY_OVERRIDDEN": pgettext_lazy("claim event", "Accepted by the shop as an exception"),
}

RESOLUTION_STATUSES = {
    "PENDING": pgettext_lazy("resolution status", "being prepared"),
    "REQUESTED": pgettext_lazy("resolution status", "on its way"),
    "SUCCEEDED": pgettext_lazy("resolution status", "done"),
    "FAILED": pgettext_lazy("resolution status", "delayed; the shop has been told"),
}

REPAIR_STATUSES = {
    "IN_REPAIR": _("Being repaired"),
    "AWAITING_QUOTE": _("The shop is preparing a price for the repair"),
    "QUOTED": _("A price for the repair is waiting for your answer"),
    "QUOTE_ACCEPTED": _("You accepted the repair price"),
    "QUOTE_DECLINED": _("You declined the repair; the item will be sent back"),
    "REPAIRED": _("Repaired"),
    "RETURNED": _("Sent back to you"),
}

PAYERS = {
    "buyer": _("You pay the return shipping."),
    "shop": _("The shop pays the return shipping."),
}

DECIDERS = {
    "shop": _("the shop"),
    "lab": _("the shop's laboratory"),
    "manufacturer": _("the manufacturer"),
    "service_center": _("an authorised service centre"),
}

# Errors of the API that have a better answer in the portal's own words.
ERRORS = {
    "NOT_FOUND": _(
        "We couldn't find an order with that number and email. Check both and try again. "
        "If you placed the order while signed in to your account, sign in instead."
    ),
    "ACCOUNT_REQUIRED": _(
        "This shop asks you to sign in to your account to make a claim for this order."
    ),
    "POLICY_NOT_SET": _("This shop does not take return requests online yet. Contact the shop."),
    "INTERNAL_ERROR": _("Something went wrong on our side. Please try again in a moment."),
}


def all_of(words: list[str]) -> str:
    """ "a, b and c" in the active language."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def either(words: list[str]) -> str:
    """ "a, b or c" in the active language."""
    words = [w for w in words if w]
    if len(words) <= 1:
        return "".join(words)
    return _("%(items)s or %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


def evidence_needed(requirements: list[list[str]]) -> str:
    """Evidence requirements (each satisfied by one of its kinds) in plain words: "a photo of
    the package and one of: a photo of the item or a video showing the fault". The order
    itself is the proof of purchase, so that is never asked for."""
    parts = []
    for kinds in requirements:
        if "PROOF_OF_PURCHASE" in kinds:
            continue
        if len(kinds) == 1:
            parts.append(word(EVIDENCE, kinds[0]))
        else:
            parts.append(
                _("one of: %(choices)s") % {"choices": either([word(EVIDENCE, k) for k in kinds])}
            )
    return all_of(parts)


def word(table: dict[str, Any], code: str | None) -> str:
    if not code:
        return ""
    return str(table.get(code) or code.replace("_", " ").capitalize())


def to_date(value: Any):
    """A moment from the API (ISO 8601 with offset) in the shop's time zone: Django's current
    time zone, which is Saleor's `TIME_ZONE` unless something activated another."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(value: Any) -> str:
    return _formatted(value, "DATE_FORMAT")


def format_datetime(value: Any) -> str:
    return _formatted(value, "DATETIME_FORMAT")


def _formatted(value: Any, format_name: str) -> str:
    if not value:
        return ""
    if isinstance(value, str | datetime):
        # an order page repeats the same few deadlines on every line: formatted once each
        return _date_text(value, format_name, translation.get_language() or "", _zone())
    return formats.date_format(value, format_name)


def _zone() -> str:
    return timezone.get_current_timezone_name()


@functools.lru_cache(maxsize=512)
def _date_text(value: str | datetime, format_name: str, _language: str, _zone: str) -> str:
    """(The language and the time zone are part of the key: the text depends on both.)"""
    moment = to_date(value)
    return formats.date_format(moment, format_name) if moment else ""


def format_money(money: dict | None) -> str:
    """`{amount, currency}` as the active language writes it (babel, as Saleor uses)."""
    if not money:
        return ""
    try:
        amount = Decimal(str(money["amount"]))
    except (InvalidOperation, KeyError, TypeError):
        return ""
    currency = str(money.get("currency") or "")
    return _money_text(amount, currency, translation.get_language() or "en")


@functools.lru_cache(maxsize=512)
def _money_text(amount: Decimal, currency: str, language: str) -> str:
    try:
        from babel.numbers import format_currency

        return format_currency(amount, currency, locale=translation.to_locale(language))
    except Exception:  # unknown locale or currency: still readable
        return f"{amount:.2f} {currency}"
