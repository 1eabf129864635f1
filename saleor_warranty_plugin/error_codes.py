"""Codes of `ClaimError.code`: stable, clients store them. Policy finding codes
(RETURN_WINDOW_EXPIRED, SALE_ITEM, ...) are used as they are."""

from enum import StrEnum


class ClaimErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    INVALID = "INVALID"
    REQUIRED = "REQUIRED"
    DUPLICATED_INPUT = "DUPLICATED_INPUT"
    QUANTITY_EXCEEDED = "QUANTITY_EXCEEDED"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    POLICY_NOT_SET = "POLICY_NOT_SET"
    INVALID_POLICY = "INVALID_POLICY"
    INVALID_FILE = "INVALID_FILE"
    FILE_TOO_LARGE = "FILE_TOO_LARGE"
    TOO_MANY_FILES = "TOO_MANY_FILES"
    NOT_SHIPPED = "NOT_SHIPPED"
    OUT_OF_STOCK = "OUT_OF_STOCK"
    RESOLUTION_NOT_ALLOWED = "RESOLUTION_NOT_ALLOWED"
    RESOLUTION_FAILED = "RESOLUTION_FAILED"
    ACCOUNT_REQUIRED = "ACCOUNT_REQUIRED"


class ClaimError(Exception):
    """A typed, client-facing error; nothing was stored when it is raised."""

    def __init__(
        self,
        code: str,
        message: str,
        field: str | None = None,
        order_lines: list[str] | None = None,
    ):
        super().__init__(message)
        self.code = str(code)
        self.message = message
        self.field = field
        self.order_lines = order_lines


class ClaimErrors(Exception):
    """Several errors at once (every ineligible line, every invalid policy path)."""

    def __init__(self, errors: list[ClaimError]):
        super().__init__("; ".join(e.message for e in errors))
        self.errors = errors


def claim_not_found() -> ClaimError:
    """The answer for a claim that does not exist, and for one the requestor may not see."""
    return ClaimError(ClaimErrorCode.NOT_FOUND, "Couldn't find the claim.", field="id")
