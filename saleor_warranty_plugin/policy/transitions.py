"""Claim status transitions as one table and one guard.

PENDING -> APPROVED | REJECTED | CANCELLED
APPROVED -> RECEIVED | RESOLVED | CANCELLED | EXPIRED | REJECTED
RECEIVED -> RESOLVED | REJECTED
RESOLVED, REJECTED, CANCELLED, EXPIRED: terminal.

APPROVED -> RESOLVED skips reception, so it is allowed only when nothing has to be shipped
back (a cancellation before dispatch): callers say so with ``goods_to_receive=False``.
EXPIRED is for approved claims whose goods never arrived.
"""

from __future__ import annotations

from types import MappingProxyType

from .enums import ClaimStatus

_S = ClaimStatus

TRANSITIONS: MappingProxyType[ClaimStatus, frozenset[ClaimStatus]] = MappingProxyType(
    {
        _S.PENDING: frozenset({_S.APPROVED, _S.REJECTED, _S.CANCELLED}),
        _S.APPROVED: frozenset({_S.RECEIVED, _S.RESOLVED, _S.CANCELLED, _S.EXPIRED, _S.REJECTED}),
        _S.RECEIVED: frozenset({_S.RESOLVED, _S.REJECTED}),
        _S.RESOLVED: frozenset(),
        _S.REJECTED: frozenset(),
        _S.CANCELLED: frozenset(),
        _S.EXPIRED: frozenset(),
    }
)

TERMINAL: frozenset[ClaimStatus] = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)
# claims still under way (overdue clocks count them)
OPEN_CLAIM_STATUSES: frozenset[ClaimStatus] = frozenset(TRANSITIONS) - TERMINAL
# claims that ended without taking anything back: they hold no quantity of the order
RELEASED_CLAIM_STATUSES: frozenset[ClaimStatus] = TERMINAL - {_S.RESOLVED}


class InvalidTransition(Exception):
    """A status change the table does not allow."""

    def __init__(self, current: ClaimStatus, new: ClaimStatus, detail: str = "") -> None:
        self.current = current
        self.new = new
        message = f"a claim cannot go from {current} to {new}"
        super().__init__(f"{message}: {detail}" if detail else message)


def can_transition(
    current: ClaimStatus, new: ClaimStatus, *, goods_to_receive: bool = True
) -> bool:
    """Whether ``current -> new`` is allowed (see the module docstring)."""
    if new not in TRANSITIONS[current]:
        return False
    return not (current is _S.APPROVED and new is _S.RESOLVED and goods_to_receive)


def ensure_transition(
    current: ClaimStatus, new: ClaimStatus, *, goods_to_receive: bool = True
) -> None:
    """Raise ``InvalidTransition`` unless ``current -> new`` is allowed."""
    current, new = ClaimStatus(current), ClaimStatus(new)
    if can_transition(current, new, goods_to_receive=goods_to_receive):
        return
    detail = ""
    if current is _S.APPROVED and new is _S.RESOLVED:
        detail = "the goods must be received first"
    elif current in TERMINAL:
        detail = f"{current} is final"
    raise InvalidTransition(current, new, detail)
