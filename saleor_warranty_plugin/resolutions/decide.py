"""Whether a claim may be resolved a given way, and with what: one pure decision shared by
`claimResolutionPreview` (shown to staff) and `claimResolve` (acted upon), so the two can
never disagree.

`decide_resolution(plan, request, state)` reads nothing: the policy's plan (`plan.py`), what
was asked (`ResolveRequest`) and what the claim looks like now (`ClaimState`, read once by
`read_claim_state`). It runs `RULES` in order; the first rule that objects refuses the
request with its typed errors (code, field, order lines). A rule is a function
`(plan, request, state) -> list[ClaimError]`: to add one, write it and place it in `RULES`.
Rules listed before `_already_resolved` see every request; the rest only see requests that
would record a new resolution (a same-type retry resumes what was recorded).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ..error_codes import ClaimError, ClaimErrorCode
from ..policy import ClaimStatus, RepairStep, ResolutionStatus, ResolutionType, can_transition
from .plan import ResolutionPlan

MONEY = (ResolutionType.REFUND, ResolutionType.STORE_CREDIT)
# what `payment_path` answers: Transaction API, legacy Payment API, or nothing to refund to
PATH_TRANSACTION, PATH_LEGACY, PATH_NONE = "transaction", "legacy", "none"


@dataclass
class ResolveRequest:
    """What staff, an app or a provider's decision asks for (`ClaimResolveInput`)."""

    type: ResolutionType
    amount: Decimal | None = None
    refund_shipping: bool | None = None
    note: str = ""
    exchange_variant_id: Any = None
    override_policy: bool = False  # staff only, with a note: resolve what the policy refuses


@dataclass(frozen=True)
class RecordedResolution:
    """The claim's resolution, when one was recorded before."""

    type: ResolutionType
    status: str
    amount: Decimal | None
    fees: list[dict]
    exchange_variant_id: Any
    payment_path: str


@dataclass(frozen=True)
class LineState:
    """One claim line as judged last (at creation, or again at reception)."""

    order_line_id: str  # the OrderLine's global ID, as errors report it
    verdict: str
    findings: tuple[tuple[str, str], ...]  # (code, message)
    quantity: int
    quantity_received: int


@dataclass(frozen=True)
class ClaimState:
    """Everything the decision needs to know about the claim, read before deciding."""

    status: ClaimStatus
    goods_to_receive: bool  # goods must come back before the claim may be resolved
    override_policy: bool  # staff opened the claim overriding the policy
    by_staff_user: bool  # asked by a staff user (not an app, not the system)
    payment_path: str  # PATH_TRANSACTION | PATH_LEGACY | PATH_NONE
    refundable: Decimal  # what the original payment can still take
    currency: str
    lines: tuple[LineState, ...] = ()
    existing: RecordedResolution | None = None
    exchange_problem: ClaimError | None = None  # why the requested variant cannot be sent
    payment_id: int | None = None  # the legacy payment `payment_path` found


@dataclass
class ResolutionDecision:
    """What `claimResolve` records (when `allowed`) and `claimResolutionPreview` shows."""

    type: ResolutionType
    currency: str
    offered: list[str]
    errors: list[ClaimError] = field(default_factory=list)
    amount: Decimal | None = None
    fees: list[dict] = field(default_factory=list)
    refundable: Decimal | None = None
    payment_path: str = PATH_NONE
    refund_shipping: bool = False
    repair_step: str = ""
    amount_overridden: bool = False
    policy_amount: Decimal | None = None  # what the policy pays, before a staff override
    overridden: list[ClaimError] = field(default_factory=list)  # refusals staff overrode
    resumes: bool = False  # a same-type retry: carry on with the recorded resolution

    @property
    def allowed(self) -> bool:
        return not self.errors


Rule = Callable[[ResolutionPlan, ResolveRequest, ClaimState], list[ClaimError]]


def _already_resolved(
    plan: ResolutionPlan, request: ResolveRequest, state: ClaimState
) -> list[ClaimError]:
    existing = state.existing
    if existing is not None and existing.type != request.type:
        return [
            ClaimError(
                ClaimErrorCode.INVALID_TRANSITION,
                f"The claim is already being resolved by {existing.type.value.lower()}.",
                field="type",
            )
        ]
    return []


def _exchange_retry(
    plan: ResolutionPlan, request: ResolveRequest, state: ClaimState
) -> list[ClaimError]:
    """A failed exchange may be retried with another variant, which must be sendable."""
    existing = state.existing
    if existing is None or not _changes_exchange_variant(existing, request):
        return []
    return [state.exchange_problem] if state.exchange_problem else []


def _changes_exchange_variant(existing: RecordedResolution, request: ResolveRequest) -> bool:
    return (
        existing.type == ResolutionType.EXCHANGE
        and existing.status == ResolutionStatus.FAILED
        and request.exchange_variant_id is not None
        and request.exchange_variant_id != existing.exchange_variant_id
    )


def _claim_status(
    plan: ResolutionPlan, request: ResolveRequest, state: ClaimState
) -> list[ClaimError]:
    if can_transition(state.status, ClaimStatus.RESOLVED, goods_to_receive=state.goods_to_receive):
        return []
    if state.status == ClaimStatus.APPROVED:
        message = "The goods must be received before the claim is resolved."
    else:
        message = f"A {state.status.value.lower()} claim cannot be resolved."
    return [ClaimError(ClaimErrorCode.INVALID_TRANSITION, message, field="id")]


def _policy_binds(
    plan: ResolutionPlan, request: ResolveRequest, state: ClaimState
) -> list[ClaimError]:
    """The verdict binds the money: the policy's refusals for the claim as it stands (finding
    codes and order lines, `policy/binding.py`), unless staff override them with a note (who
    may override is checked before deciding: `record.decide_for_claim`)."""
    if not plan.refusals or not request.override_policy:
        return list(plan.refusals)
    if not request.note.strip():
        return [ClaimError(ClaimErrorCode.REQUIRED, "Say why the policy is overridden.", "note")]
    return []


def _amount_override(
    plan: ResolutionPlan, request: ResolveRequest, state: ClaimState
) -> list[ClaimError]:
    """Staff users (not apps) may replace the policy's amount, with a reason, up to what was
    paid for the claimed items."""
    if request.amount is None or request.type not in MONEY:
        return []
    if not state.by_staff_user:
        return [ClaimError(ClaimErrorCode.INVALID, "Only staff may set the amount.", "amount")]
    if not request.note.strip():
        return [ClaimError(ClaimErrorCode.REQUIRED, "Say why the amount differs.", "note")]
    if request.amount <= 0:
        return [ClaimError(ClaimErrorCode.INVALID, "The amount must be positive.", "amount")]
    if request.amount > plan.paid_for_lines:
        message = f"At most {plan.paid_for_lines} {plan.currency} was paid for these items."
        return [ClaimError(ClaimErrorCode.INVALID, message, "amount")]
    return []


def _refundable_payment(
    plan: ResolutionPlan, request: ResolveRequest, state: ClaimState
) -> list[ClaimError]:
    if request.type != ResolutionType.REFUND or state.payment_path != PATH_NONE:
        return []
    return [
        ClaimError(
            ClaimErrorCode.RESOLUTION_FAILED,
            "The order has no payment that can be refunded; offer store credit.",
            field="type",
        )
    ]


def _something_to_pay(
    plan: ResolutionPlan, request: ResolveRequest, state: ClaimState
) -> list[ClaimError]:
    amount = _amount(plan, request, state)
    if amount is not None and amount <= 0:
        return [ClaimError(ClaimErrorCode.INVALID, "There is nothing to refund.", field="amount")]
    return []


def _exchange_variant(
    plan: ResolutionPlan, request: ResolveRequest, state: ClaimState
) -> list[ClaimError]:
    if request.type != ResolutionType.EXCHANGE:
        return []
    if request.exchange_variant_id is None:
        return [
            ClaimError(
                ClaimErrorCode.REQUIRED, "Choose the variant to send instead.", "exchangeVariant"
            )
        ]
    return [state.exchange_problem] if state.exchange_problem else []


# Rules for every request, then (after `_already_resolved` lets a same-type retry through)
# rules for a new resolution. Order matters: the first objection is the answer.
RESUME_RULES: tuple[Rule, ...] = (_already_resolved, _exchange_retry)
RULES: tuple[Rule, ...] = (
    _claim_status,
    _policy_binds,
    _amount_override,
    _refundable_payment,
    _something_to_pay,
    _exchange_variant,
)


def _amount(plan: ResolutionPlan, request: ResolveRequest, state: ClaimState) -> Decimal | None:
    if request.type not in MONEY:
        return None
    amount = plan.total if request.amount is None else request.amount
    if request.type == ResolutionType.REFUND:
        amount = min(amount, state.refundable)
    return amount


def first_repair_step(plan: ResolutionPlan, kind: ResolutionType) -> str:
    """Where a repair starts: free within warranty, else waiting for a quote."""
    if kind != ResolutionType.REPAIR:
        return ""
    return RepairStep.AWAITING_QUOTE if plan.paid_repair else RepairStep.IN_REPAIR


def _run(
    rules: Sequence[Rule], plan: ResolutionPlan, request: ResolveRequest, state: ClaimState
) -> list[ClaimError]:
    for rule in rules:
        errors = rule(plan, request, state)
        if errors:
            return errors
    return []


def decide_resolution(
    plan: ResolutionPlan, request: ResolveRequest, state: ClaimState
) -> ResolutionDecision:
    """The one answer to "may this claim be resolved so, and with what?" (see the module
    docstring); `errors` is empty when it may."""
    decision = ResolutionDecision(
        type=request.type,
        currency=plan.currency,
        offered=sorted(plan.resolutions),
        refundable=state.refundable if request.type == ResolutionType.REFUND else None,
    )
    decision.errors = _run(RESUME_RULES, plan, request, state)
    existing = state.existing
    if existing is not None and not decision.errors:
        decision.resumes = True
        decision.amount, decision.fees = existing.amount, list(existing.fees)
        decision.payment_path = existing.payment_path
        return decision
    if not decision.errors:
        decision.errors = _run(RULES, plan, request, state)
    money = request.type in MONEY and not decision.errors
    decision.overridden = [] if decision.errors else list(plan.refusals)
    decision.amount = _amount(plan, request, state) if money else None
    decision.fees = plan.items if money else []
    decision.amount_overridden = money and request.amount is not None
    decision.policy_amount = plan.total if money else None
    decision.payment_path = state.payment_path if request.type == ResolutionType.REFUND else "none"
    decision.refund_shipping = plan.refund_shipping
    decision.repair_step = first_repair_step(plan, request.type)
    return decision
