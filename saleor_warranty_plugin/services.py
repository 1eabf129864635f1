"""Diagnosis outside the shop: the claim records the hand-over, the provider's reference and
its decision, and is resolved (or rejected) by that decision."""

from django.db import transaction
from django.utils import timezone

from . import events
from .actions import reject_claim, resolve_claim
from .config import WarrantyConfig
from .error_codes import ClaimError, ClaimErrorCode, ClaimErrors
from .models import Claim
from .policy import ClaimStatus, Decider, ResolutionType
from .requestor import Requestor
from .resolutions import ResolveRequest, decide_for_claim

# Who diagnoses goods outside the shop (the API's ServiceProvider), and how notes name them.
PROVIDERS: dict[str, str] = {
    Decider.MANUFACTURER.value: "the manufacturer",
    Decider.LAB.value: "the lab",
    Decider.SERVICE_CENTER.value: "a service centre",
}


def hand_over(claim: Claim, requestor: Requestor, to: str, reference: str) -> Claim:
    """Record that the goods went to the manufacturer, a lab or a service centre."""
    if to not in PROVIDERS:
        raise ClaimError(ClaimErrorCode.INVALID, "Unknown service provider.", "to")
    if len(reference) > 255:
        raise ClaimError(ClaimErrorCode.INVALID, "The reference is too long.", "reference")
    with transaction.atomic():
        claim = (
            Claim.objects.select_for_update(of=("self",)).select_related("order").get(pk=claim.pk)
        )
        if claim.status not in (ClaimStatus.APPROVED, ClaimStatus.RECEIVED):
            raise ClaimError(
                ClaimErrorCode.INVALID_TRANSITION,
                f"A {claim.status.lower()} claim cannot be handed over.",
                "id",
            )
        claim.handed_to, claim.external_reference = to, reference
        claim.save(update_fields=["handed_to", "external_reference", "updated_at"])
        ref = f" (reference {reference})" if reference else ""
        events.claim_note(
            claim, requestor, "HANDED_OVER", f"Sent to {PROVIDERS[to]} for diagnosis{ref}."
        )
    return claim


def record_decision(
    claim: Claim, requestor: Requestor, decision: str, note: str, config: WarrantyConfig
) -> Claim:
    """The provider's decision, which rejects or resolves the claim. A resolution the claim
    cannot have is refused before the decision is recorded."""
    if not claim.handed_to:
        raise ClaimError(ClaimErrorCode.INVALID, "Hand the claim over first.", "id")
    request = None if decision == "REJECT" else ResolveRequest(ResolutionType(decision), note=note)
    with transaction.atomic():
        locked = (
            Claim.objects.select_for_update(of=("self",))
            .select_related("order__channel", "policy")
            .get(pk=claim.pk)
        )
        if locked.external_decision and locked.external_decision != decision:
            raise ClaimError(
                ClaimErrorCode.INVALID_TRANSITION,
                f"{PROVIDERS[locked.handed_to].capitalize()} already decided: "
                f"{locked.external_decision.lower()}.",
                "decision",
            )
        if request is not None:
            _state, verdict = decide_for_claim(locked, requestor, request, config, timezone.now())
            if verdict.errors:
                raise ClaimErrors(verdict.errors)
        locked.external_decision = decision
        locked.save(update_fields=["external_decision", "updated_at"])
        events.claim_note(
            locked,
            requestor,
            "DECISION",
            f"Decision of {PROVIDERS[locked.handed_to]}: {decision.lower()}. {note}".strip(),
        )
    if request is not None:
        return resolve_claim(locked, requestor, request, config)
    if locked.status == ClaimStatus.REJECTED:
        return locked
    return reject_claim(locked, requestor, note or f"Decision of {PROVIDERS[locked.handed_to]}.")
