"""Claim status table and guard."""

from __future__ import annotations

import itertools

import pytest

from saleor_warranty_plugin.policy import (
    TRANSITIONS,
    ClaimStatus,
    InvalidTransition,
    can_transition,
    ensure_transition,
)

S = ClaimStatus
ALLOWED = {
    (S.PENDING, S.APPROVED),
    (S.PENDING, S.REJECTED),
    (S.PENDING, S.CANCELLED),
    (S.APPROVED, S.RECEIVED),
    (S.APPROVED, S.RESOLVED),
    (S.APPROVED, S.CANCELLED),
    (S.APPROVED, S.EXPIRED),
    (S.APPROVED, S.REJECTED),
    (S.RECEIVED, S.RESOLVED),
    (S.RECEIVED, S.REJECTED),
}


@pytest.mark.parametrize(("current", "new"), list(itertools.product(S, S)))
def test_table(current: ClaimStatus, new: ClaimStatus) -> None:
    # when the guard is asked about every pair (nothing left to receive)
    allowed = can_transition(current, new, goods_to_receive=False)
    # then exactly the listed pairs pass, the others raise a typed error
    assert allowed is ((current, new) in ALLOWED)
    if allowed:
        ensure_transition(current, new, goods_to_receive=False)
    else:
        with pytest.raises(InvalidTransition) as error:
            ensure_transition(current, new, goods_to_receive=False)
        assert (error.value.current, error.value.new) == (current, new)


def test_resolving_an_approved_claim_needs_the_goods_first() -> None:
    # given an approved claim whose goods must come back
    with pytest.raises(InvalidTransition, match="received first"):
        ensure_transition(S.APPROVED, S.RESOLVED)
    # a cancellation before dispatch has nothing to receive
    ensure_transition(S.APPROVED, S.RESOLVED, goods_to_receive=False)


@pytest.mark.parametrize("status", [S.RESOLVED, S.REJECTED, S.CANCELLED, S.EXPIRED])
def test_terminal_statuses(status: ClaimStatus) -> None:
    assert TRANSITIONS[status] == frozenset()
    with pytest.raises(InvalidTransition, match="final"):
        ensure_transition(status, S.PENDING)


def test_accepts_plain_strings() -> None:
    ensure_transition("PENDING", "APPROVED")  # type: ignore[arg-type]
