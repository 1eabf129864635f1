"""The rules that look at a customer's claim for a reason: conditions, evidence, serial
number, quantity and the preferred resolution. Options with a claim are never memoised, so
these rules declare no inputs; like the line's rules (``rules.py``) they add what they find
to the option's ``Judgement`` and never read the clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .compiled import ReasonRule
from .enums import EvidenceKind, FindingCode, ItemCondition
from .facts import ClaimFacts, Finding
from .rules import Judgement

if TYPE_CHECKING:  # typing only
    from .context import LineContext

_NO_SERIAL = Finding(FindingCode.SERIAL_NUMBER_REQUIRED, "Please give the product's serial number.")


class ClaimRule:
    """One condition on a customer's claim for this reason (never memoised)."""

    __slots__ = ("rule",)

    def __init__(self, rule: ReasonRule) -> None:
        self.rule = rule

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        raise NotImplementedError


_LIMIT = 4096


class Conditions(ClaimRule):
    """CONDITION_NOT_MET for a voiding condition or the opposite of a required one, declared
    or found at inspection; once inspected, no inspection is pending. What a set of
    conditions finds is kept (its text is worked out once)."""

    __slots__ = ("found",)

    def __init__(self, rule: ReasonRule) -> None:
        super().__init__(rule)
        self.found: dict[frozenset[ItemCondition], Finding | None] = {}

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        conditions = claim.conditions
        try:
            finding = self.found[conditions]
        except KeyError:
            if len(self.found) >= _LIMIT:
                self.found.clear()
            finding = self.found[conditions] = self.rule.check_conditions(conditions)
        if finding is not None:
            judgement.block(finding)
            judgement.voided = True
        if claim.inspected_conditions is not None:
            judgement.review = False


class Evidence(ClaimRule):
    """EVIDENCE_REQUIRED for missing kinds; a serial number counts as SERIAL_NUMBER. What
    the evidence given finds is kept (its text is worked out once)."""

    __slots__ = ("found",)

    def __init__(self, rule: ReasonRule) -> None:
        super().__init__(rule)
        self.found: dict[tuple[frozenset[EvidenceKind], bool], Finding | None] = {}

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        key = (claim.evidence, bool(claim.serial_number))
        try:
            finding = self.found[key]
        except KeyError:
            present = claim.evidence
            if claim.serial_number:
                present = present | {EvidenceKind.SERIAL_NUMBER}
            if len(self.found) >= _LIMIT:
                self.found.clear()
            finding = self.found[key] = self.rule.check_evidence(present)
        if finding is not None:
            judgement.block(finding)


class SerialNumber(ClaimRule):
    """SERIAL_NUMBER_REQUIRED where the reason requires one and the claim has none."""

    __slots__ = ()

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        if not (claim.serial_number or "").strip():
            judgement.block(_NO_SERIAL)


class ClaimQuantity(ClaimRule):
    """QUANTITY_EXCEEDED beyond the claimable units; NOT_SHIPPED beyond the shipped ones."""

    __slots__ = ()

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        claimable, shipped = facts.claimable, facts.shipped_units
        if 0 < claimable < claim.quantity:
            text = f"At most {claimable} unit(s) of this line can be claimed."
            judgement.block(Finding(FindingCode.QUANTITY_EXCEEDED, text))
        elif self.rule.requires_shipment and facts.physical and 0 < shipped < claim.quantity:
            text = f"Only {shipped} unit(s) have been shipped."
            judgement.block(Finding(FindingCode.NOT_SHIPPED, text))


class PreferredFirst(ClaimRule):
    """Where the customer chooses, the resolution they prefer comes first."""

    __slots__ = ()

    def check(self, facts: LineContext, claim: ClaimFacts, judgement: Judgement) -> None:
        preferred = claim.preferred_resolution
        available = judgement.available
        if preferred is not None and preferred in available:
            judgement.available = (preferred, *(r for r in available if r is not preferred))
