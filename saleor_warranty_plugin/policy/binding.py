"""The verdict binds the money: which resolutions a claim may have, as it stands.

A claim's lines are judged again with what is known now (the inspected conditions replace
the declared ones); ``refusals`` says why a requested resolution is not offered for some of
them. An INELIGIBLE line gets no refund, store credit, replacement, exchange or free repair;
a paid repair stays possible where the policy offers it. Each refusal carries the finding
codes that explain it (SALE_ITEM, CONDITION_NOT_MET, WARRANTY_EXPIRED, ...) and the lines
concerned; only where no finding explains it is the code RESOLUTION_NOT_ALLOWED.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .enums import FindingCode, ResolutionType, Verdict
from .facts import ReasonOption

NOT_OFFERED = "RESOLUTION_NOT_ALLOWED"

#: findings that explain a missing resolution without making the line ineligible
_EXPLAINS_ABSENCE = frozenset(
    {
        FindingCode.SALE_ITEM,
        FindingCode.NON_RETURNABLE_PRODUCT,
        FindingCode.OUT_OF_STOCK,
        FindingCode.WARRANTY_EXPIRED,
        FindingCode.CONDITION_NOT_MET,
    }
)


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why ``kind`` is refused for ``lines`` (their ids, in claim order)."""

    code: str
    message: str
    lines: tuple[str, ...]


def refusals(
    kind: ResolutionType, judged: Iterable[tuple[str, ReasonOption]]
) -> tuple[Refusal, ...]:
    """Refusals of ``kind`` over a claim's ``(line id, option)`` pairs; empty when every
    line's option offers it. One refusal per code and message, listing every line."""
    found: dict[tuple[str, str], list[str]] = {}
    for line_id, option in judged:
        if kind in option.resolutions and option.verdict is not Verdict.INELIGIBLE:
            continue
        for code, message in _reasons(kind, option):
            found.setdefault((code, message), []).append(line_id)
    return tuple(Refusal(code, message, tuple(lines)) for (code, message), lines in found.items())


def _reasons(kind: ResolutionType, option: ReasonOption) -> list[tuple[str, str]]:
    label = kind.value.lower().replace("_", " ")
    if option.verdict is Verdict.INELIGIBLE:
        explained = [(f.code.value, f.message) for f in option.findings]
    else:
        explained = [
            (f.code.value, f.message) for f in option.findings if f.code in _EXPLAINS_ABSENCE
        ]
    if explained:
        return explained
    offered = ", ".join(r.value.lower().replace("_", " ") for r in option.resolutions)
    return [(NOT_OFFERED, f"The policy offers {offered or 'nothing'} here, not {label}.")]
