"""The only code that moves money or goods through Saleor.

- `decide.py`: whether and how a claim may be resolved - one pure decision, the same for
  `claimResolutionPreview` and `actions.resolve_claim`.
- `record.py`: reads the claim for the decision and records the resolution.
- `performing.py`: carries it out after commit, resumably, always ending somewhere.
- `kinds.py`: one performer per resolution type; `status.py`: the one writer of each status.
- `refunds.py`, `store_credit.py`, `replacement.py`, `repair.py`, `goods.py`, `stock.py`:
  Saleor's payment, gift-card, order and stock paths.

Every step records what it did before the next one runs, and skips what is already done, so a
second call, a concurrent call, a retried task or a run after a crash resumes instead of
repeating: money never moves twice.
"""

from .decide import ResolutionDecision, ResolveRequest, decide_resolution
from .performing import perform, resume_stranded, settle, sync_refund_outcomes
from .record import (
    decide_for_claim,
    preview_resolution,
    record_resolution,
    resolved_message,
    resume_resolution,
)
from .refunds import charged_transactions_exist
from .status import fail, last_failure

__all__ = [
    "ResolutionDecision",
    "ResolveRequest",
    "charged_transactions_exist",
    "decide_for_claim",
    "decide_resolution",
    "fail",
    "last_failure",
    "perform",
    "preview_resolution",
    "record_resolution",
    "resolved_message",
    "resume_resolution",
    "resume_stranded",
    "settle",
    "sync_refund_outcomes",
]
