"""The policy core: pure Python, no Django, no Saleor.

Parse a policy document (``parse_policy``, ``load_preset``), evaluate order lines against it
(``evaluate_line``, ``evaluate_order``), plan refunds and service-level clocks
(``plan_refund``, ``plan_due_dates``), guard claim status changes (``ensure_transition``) and
the resolution lifecycle's (``lifecycle.py``), and explain it in plain words (``summarize``).
``now`` is always passed in.
"""

from .enums import (
    ClaimReason,
    ClaimStatus,
    Decider,
    EvidenceKind,
    FindingCode,
    ItemCondition,
    ResolutionType,
    Verdict,
)
from .evaluate import evaluate_line, evaluate_order
from .facts import (
    ClaimFacts,
    Finding,
    LineEvaluation,
    LineFacts,
    OrderFacts,
    ReasonOption,
    RefundItem,
    RefundPlan,
)
from .lifecycle import (
    CUSTOMER_REPAIR_STEPS,
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
from .policy import Policy, PolicyError, PolicyIssue, parse_policy, policy_json_schema
from .presets import PRESETS, PresetInfo, load_preset, preset_document
from .refunds import (
    RefundNotAllowed,
    minor_units,
    money_text,
    plan_due_dates,
    plan_refund,
    round_money,
)
from .schema import SCHEMA_VERSION
from .summary import summarize
from .transitions import (
    OPEN_CLAIM_STATUSES,
    RELEASED_CLAIM_STATUSES,
    TRANSITIONS,
    InvalidTransition,
    can_transition,
    ensure_transition,
)

__all__ = [
    "CUSTOMER_REPAIR_STEPS",
    "OPEN_CLAIM_STATUSES",
    "PRESETS",
    "REFUND_TRANSITIONS",
    "RELEASED_CLAIM_STATUSES",
    "REPAIR_TRANSITIONS",
    "RESOLUTION_TRANSITIONS",
    "SCHEMA_VERSION",
    "TRANSITIONS",
    "ClaimFacts",
    "ClaimReason",
    "ClaimStatus",
    "Decider",
    "EvidenceKind",
    "Finding",
    "FindingCode",
    "InvalidStatusChange",
    "InvalidTransition",
    "ItemCondition",
    "LineEvaluation",
    "LineFacts",
    "OrderFacts",
    "Policy",
    "PolicyError",
    "PolicyIssue",
    "PresetInfo",
    "ReasonOption",
    "RefundItem",
    "RefundNotAllowed",
    "RefundPlan",
    "RefundStatus",
    "RepairStep",
    "ResolutionStatus",
    "ResolutionType",
    "Verdict",
    "can_transition",
    "ensure_refund_status",
    "ensure_repair_step",
    "ensure_resolution_status",
    "ensure_transition",
    "evaluate_line",
    "evaluate_order",
    "load_preset",
    "minor_units",
    "parse_policy",
    "plan_due_dates",
    "plan_refund",
    "policy_json_schema",
    "preset_document",
    "round_money",
    "money_text",
    "summarize",
]
