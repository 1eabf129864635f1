"""The resolution lifecycle's tables and guards: resolution status, refund status, repair step."""

from __future__ import annotations

import itertools

import pytest

from saleor_warranty_plugin.policy import (
    REFUND_TRANSITIONS,
    REPAIR_TRANSITIONS,
    RESOLUTION_TRANSITIONS,
    InvalidStatusChange,
    RefundStatus,
    RepairStep,
    ResolutionStatus,
    ensure_refund_status,
    ensure_repair_step,
    ensure_resolution_status,
)

R, F, P = ResolutionStatus, RefundStatus, RepairStep
RESOLUTION_ALLOWED = {
    (R.PENDING, R.REQUESTED),
    (R.PENDING, R.SUCCEEDED),
    (R.PENDING, R.FAILED),
    (R.REQUESTED, R.SUCCEEDED),
    (R.REQUESTED, R.FAILED),
    (R.FAILED, R.PENDING),
}
REFUND_ALLOWED = {
    (F.PENDING, F.REQUESTED),
    (F.PENDING, F.SUCCEEDED),
    (F.PENDING, F.FAILED),
    (F.REQUESTED, F.SUCCEEDED),
    (F.REQUESTED, F.FAILED),
    (F.FAILED, F.REQUESTED),
}
REPAIR_ALLOWED = {
    (P.IN_REPAIR, P.REPAIRED),
    (P.AWAITING_QUOTE, P.QUOTED),
    (P.QUOTED, P.QUOTE_ACCEPTED),
    (P.QUOTED, P.QUOTE_DECLINED),
    (P.QUOTE_ACCEPTED, P.REPAIRED),
    (P.QUOTE_DECLINED, P.RETURNED),
    (P.REPAIRED, P.RETURNED),
}


@pytest.mark.parametrize(("current", "new"), list(itertools.product(R, R)))
def test_resolution_table(current: ResolutionStatus, new: ResolutionStatus) -> None:
    # when the guard is asked about every pair, exactly the listed pairs pass
    if (current, new) in RESOLUTION_ALLOWED:
        assert ensure_resolution_status(current, new) is new
    else:
        with pytest.raises(InvalidStatusChange) as error:
            ensure_resolution_status(current, new)
        assert (error.value.what, error.value.current, error.value.new) == (
            "resolution",
            current,
            new,
        )


@pytest.mark.parametrize(("current", "new"), list(itertools.product(F, F)))
def test_refund_table(current: RefundStatus, new: RefundStatus) -> None:
    if (current, new) in REFUND_ALLOWED:
        assert ensure_refund_status(current, new) is new
    else:
        with pytest.raises(InvalidStatusChange, match="refund cannot go"):
            ensure_refund_status(current, new)


@pytest.mark.parametrize(("current", "new"), list(itertools.product(P, P)))
def test_repair_table(current: RepairStep, new: RepairStep) -> None:
    if (current, new) in REPAIR_ALLOWED:
        assert ensure_repair_step(current, new) is new
    else:
        with pytest.raises(InvalidStatusChange, match="repair cannot go"):
            ensure_repair_step(current, new)


@pytest.mark.parametrize("step", list(P))
def test_a_repair_starts_free_or_awaiting_a_quote(step: RepairStep) -> None:
    # given a repair resolution with no step yet
    if step in (P.IN_REPAIR, P.AWAITING_QUOTE):
        assert ensure_repair_step("", step) is step
    else:
        with pytest.raises(InvalidStatusChange, match="from nothing"):
            ensure_repair_step("", step)


def test_tables_list_every_status_and_only_the_last_is_final() -> None:
    assert set(RESOLUTION_TRANSITIONS) == set(R)
    assert set(REFUND_TRANSITIONS) == set(F)
    assert set(REPAIR_TRANSITIONS) == set(P)
    assert [s for s, nxt in RESOLUTION_TRANSITIONS.items() if not nxt] == [R.SUCCEEDED]
    assert [s for s, nxt in REFUND_TRANSITIONS.items() if not nxt] == [F.SUCCEEDED]
    assert [s for s, nxt in REPAIR_TRANSITIONS.items() if not nxt] == [P.RETURNED]


def test_accepts_the_strings_stored_in_the_database() -> None:
    assert ensure_resolution_status("PENDING", "REQUESTED") is R.REQUESTED
    with pytest.raises(ValueError):
        ensure_resolution_status("PENDING", "DONE")
