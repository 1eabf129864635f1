"""Performing as a Celery task once the claim's RESOLVED commit has landed (eager, in the same
process, where Saleor runs without a broker: `CELERY_TASK_ALWAYS_EAGER`)."""

from django.db.transaction import on_commit
from saleor.celeryconf import app
from saleor.core.db.connection import allow_writer

from ..managers import carried, shared_manager
from ..models import Claim
from ..requestor import Requestor
from .performing import claim_at_hand, perform
from .status import ResolutionId


@app.task(name="saleor_warranty_plugin.perform_resolution")
@allow_writer()
def perform_resolution_task(
    resolution_id: ResolutionId, user_id: int | None = None, app_id: int | None = None
) -> None:
    """Carry out or resume a recorded resolution (money, goods, stock) as the user or app who
    resolved the claim; it always ends SUCCEEDED, REQUESTED or FAILED (`performing`)."""
    with shared_manager():
        perform(resolution_id, Requestor.from_ids(user_id, app_id))


def perform_after_commit(
    resolution_id: ResolutionId, requestor: Requestor, claim: Claim | None = None
) -> None:
    """Enqueue the resolution's performing for when the current transaction commits (at once
    outside one). Were the process to die before it runs, the periodic sweep resumes it.
    Performed eagerly (no broker), it runs as the same requestor with the same plugins
    manager as the request, and on `claim` as the request read it (its order, channel and
    lines), without reading them again; a worker reads them itself."""
    ids = requestor.ids()
    carry = carried()

    def enqueue() -> None:
        with carry, requestor.acting(), claim_at_hand(claim):
            perform_resolution_task.delay(str(resolution_id), **ids)

    on_commit(enqueue)
