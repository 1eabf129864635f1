"""What the dashboard's pages share: reading what staff typed in a form, placing the API's
errors beside their fields, and the claim statuses and choices the pages list."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from ...policy import OPEN_CLAIM_STATUSES, ClaimStatus

OPEN_STATUSES = [s.value for s in ClaimStatus if s in OPEN_CLAIM_STATUSES]  # workflow order
RESOLUTION_TYPES = ["REFUND", "STORE_CREDIT", "REPLACEMENT", "EXCHANGE", "REPAIR"]


class FormError(Exception):
    """Input the page can tell is wrong before asking the API."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def whole_number(raw: str) -> int | None:
    """A quantity typed in a form: ASCII digits only (`²` and `१` are digits to Python, and
    `int` refuses more than 4,300 of them), at most nine."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def form_text(form: Any, name: str) -> str | None:
    value = (form.get(name) or "").strip()
    return value or None


def form_amount(form: Any, name: str) -> str | None:
    """An amount typed by staff (`12.50`), or None when left empty."""
    value = form_text(form, name)
    if value is None:
        return None
    try:
        amount = Decimal(value) if len(value) <= 20 else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise FormError(name, "Enter an amount such as 12.50.")
    return value


VARIABLE = re.compile(r"\$(?:input\.)?(\w+)[^:\s]*: ")


def refused(error: dict[str, Any]) -> dict[str, Any]:
    """An error of the API's input checks (`$input.amount: expected ...`), by its field."""
    message = str(error.get("message") or "")
    match = VARIABLE.match(message)
    field = match[1] if match else None
    return {"field": field, "message": message[match.end():] if match else message,
            "code": "INVALID"}  # fmt: skip


# the fields each form shows its errors beside; others are listed at the top of the form
INLINE = {
    "reject": {"reason"},
    "receive": {"lines"},
    "resolve": {"type", "amount", "note"},
    "repair": {"quote", "status"},
    "handover": {"to", "reference"},
    "decision": {"decision"},
}


def errors_by_field(errors: list[dict[str, Any]], action: str = "") -> dict[str, Any]:
    inline = INLINE.get(action, set())
    fields: dict[str, Any] = {"all": []}
    for error in errors:
        field = error.get("field")
        if field and (field in inline or field.startswith(("quantity-", "missing-"))):
            fields.setdefault(field, []).append(error["message"])
        else:
            fields["all"].append(error["message"])
    return fields
