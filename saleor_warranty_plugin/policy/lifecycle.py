"""How a resolution's money and goods move: three small status tables and their guards,
like the claim's own (`transitions.py`).

ResolutionStatus (a claim's `ClaimResolution`):
    PENDING -> REQUESTED | SUCCEEDED | FAILED     performed: waiting on a payment app or a
                                                  repair, done, or refused/crashed
    REQUESTED -> SUCCEEDED | FAILED               the payment app or the repair answered
    FAILED -> PENDING                             staff (or a provider's decision) retry
    SUCCEEDED: terminal.

RefundStatus (one money movement, `ClaimRefund`):
    PENDING -> REQUESTED | SUCCEEDED | FAILED     asked of the payment app (or paid at once)
    REQUESTED -> SUCCEEDED | FAILED               the payment app answered
    FAILED -> REQUESTED                           asked again on a retry
    SUCCEEDED: terminal.

RepairStep (a REPAIR resolution's goods):
    IN_REPAIR -> REPAIRED -> RETURNED                                    free, within warranty
    AWAITING_QUOTE -> QUOTED -> QUOTE_ACCEPTED -> REPAIRED -> RETURNED   paid repair
                      QUOTED -> QUOTE_DECLINED -> RETURNED               sent back unrepaired
    A repair starts at IN_REPAIR or AWAITING_QUOTE; it succeeds once RETURNED.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType


class ResolutionStatus(StrEnum):
    PENDING = "PENDING"
    REQUESTED = "REQUESTED"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class RefundStatus(StrEnum):
    PENDING = "PENDING"
    REQUESTED = "REQUESTED"
    SUCCEEDED = "SUCCEEDED"
    FAILED = "FAILED"


class RepairStep(StrEnum):
    IN_REPAIR = "IN_REPAIR"
    AWAITING_QUOTE = "AWAITING_QUOTE"
    QUOTED = "QUOTED"
    QUOTE_ACCEPTED = "QUOTE_ACCEPTED"
    QUOTE_DECLINED = "QUOTE_DECLINED"
    REPAIRED = "REPAIRED"
    RETURNED = "RETURNED"


_R = ResolutionStatus
RESOLUTION_TRANSITIONS: MappingProxyType[ResolutionStatus, frozenset[ResolutionStatus]] = (
    MappingProxyType(
        {
            _R.PENDING: frozenset({_R.REQUESTED, _R.SUCCEEDED, _R.FAILED}),
            _R.REQUESTED: frozenset({_R.SUCCEEDED, _R.FAILED}),
            _R.FAILED: frozenset({_R.PENDING}),
            _R.SUCCEEDED: frozenset(),
        }
    )
)

_F = RefundStatus
REFUND_TRANSITIONS: MappingProxyType[RefundStatus, frozenset[RefundStatus]] = MappingProxyType(
    {
        _F.PENDING: frozenset({_F.REQUESTED, _F.SUCCEEDED, _F.FAILED}),
        _F.REQUESTED: frozenset({_F.SUCCEEDED, _F.FAILED}),
        _F.FAILED: frozenset({_F.REQUESTED}),
        _F.SUCCEEDED: frozenset(),
    }
)

_P = RepairStep
REPAIR_TRANSITIONS: MappingProxyType[RepairStep, frozenset[RepairStep]] = MappingProxyType(
    {
        _P.IN_REPAIR: frozenset({_P.REPAIRED}),
        _P.AWAITING_QUOTE: frozenset({_P.QUOTED}),
        _P.QUOTED: frozenset({_P.QUOTE_ACCEPTED, _P.QUOTE_DECLINED}),
        _P.QUOTE_ACCEPTED: frozenset({_P.REPAIRED}),
        _P.QUOTE_DECLINED: frozenset({_P.RETURNED}),
        _P.REPAIRED: frozenset({_P.RETURNED}),
        _P.RETURNED: frozenset(),
    }
)
REPAIR_STARTS: frozenset[RepairStep] = frozenset({_P.IN_REPAIR, _P.AWAITING_QUOTE})
# the steps only the customer takes (answering a quote)
CUSTOMER_REPAIR_STEPS: frozenset[RepairStep] = frozenset({_P.QUOTE_ACCEPTED, _P.QUOTE_DECLINED})


class InvalidStatusChange(Exception):
    """A change of a resolution's, refund's or repair's status that its table forbids."""

    def __init__(self, what: str, current: str, new: str) -> None:
        self.what, self.current, self.new = what, current, new
        super().__init__(f"a {what} cannot go from {current or 'nothing'} to {new}")


def ensure_resolution_status(current: str, new: str) -> ResolutionStatus:
    """The new status, unless the table forbids ``current -> new``."""
    to = ResolutionStatus(new)
    if to not in RESOLUTION_TRANSITIONS[ResolutionStatus(current)]:
        raise InvalidStatusChange("resolution", current, new)
    return to


def ensure_refund_status(current: str, new: str) -> RefundStatus:
    """The new status, unless the table forbids ``current -> new``."""
    to = RefundStatus(new)
    if to not in REFUND_TRANSITIONS[RefundStatus(current)]:
        raise InvalidStatusChange("refund", current, new)
    return to


def ensure_repair_step(current: str, new: str) -> RepairStep:
    """The new step, unless the table forbids ``current -> new`` (from nothing, only a
    starting step)."""
    to = RepairStep(new)
    allowed = REPAIR_STARTS if not current else REPAIR_TRANSITIONS[RepairStep(current)]
    if to not in allowed:
        raise InvalidStatusChange("repair", current, new)
    return to
