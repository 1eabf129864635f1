"""A worker killed in the middle of a refund, and the periodic sweep ending it, with real Celery.

Each test commits its data (a transactional test) and runs Saleor's Celery app in `celery
worker` processes on a real broker (RabbitMQ at amqp://guest:guest@127.0.0.1:5672//, Redis
at redis://127.0.0.1:6379/13; WARRANTY_TEST_BROKERS lists others, space-separated), on a
queue of its own that is deleted afterwards. Staff resolve through `claimResolve`; the
resolution's task goes through the broker to the worker, which refunds through Saleor's
legacy payment path (`fulfilled_order` paid with the dummy gateway). The payment provider's
answer is the only stub (`celery_worker_app.py`): it never comes, and the worker is killed
while it waits; or it comes, and the worker is killed the moment it is committed; or no
worker ever takes the task (lost after the claim's RESOLVED commit). A second
worker then receives the beat tasks (`resume_resolutions`, `sync_refunds`) as beat sends them,
once the rows are older than their grace periods, and Saleor's payment rows show the money
moved exactly once. Skipped, with the broker named, where no broker answers.
"""

import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from saleor.order.models import Fulfillment
from saleor.payment import TransactionKind

from saleor_warranty_plugin.models import ClaimRefund, ClaimResolution
from saleor_warranty_plugin.resolutions.performing import STRANDED_AFTER
from saleor_warranty_plugin.tasks import LEGACY_STUCK_AFTER

from .fixtures import data_of, warranty_client
from .helpers import gid, set_policy
from .resolution_helpers import CLAIM_RESOLVE, received_claim

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))
BROKERS = os.environ.get(
    "WARRANTY_TEST_BROKERS", "amqp://guest:guest@127.0.0.1:5672// redis://127.0.0.1:6379/13"
).split()
BOOT_TIMEOUT = 120  # a worker imports all of Saleor
TASK_TIMEOUT = 120

pytestmark = pytest.mark.django_db(transaction=True)


def _answers(broker: str) -> bool:
    from kombu import Connection

    try:
        with Connection(broker, connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception:
        return False
    return True


@dataclass(frozen=True)
class Broker:
    url: str
    queue: str

    def drop_messages(self) -> int:
        """Empty the queue: what a dead worker's broker still held for it is lost."""
        from kombu import Connection

        with Connection(self.url, connect_timeout=5) as conn:
            return conn.default_channel.queue_purge(self.queue) or 0


@pytest.fixture(params=BROKERS, ids=lambda url: url.split(":", 1)[0])
def broker(request) -> Iterator[Broker]:
    """A broker that answers, and a queue of its own on it (deleted afterwards); the test
    process sends Saleor's tasks there instead of running them eagerly."""
    url = request.param
    if not _answers(url):
        pytest.skip(f"no broker answers at {url}: a real Celery worker needs one")
    queue = f"warranty-test-{uuid.uuid4().hex[:8]}"
    with tasks_sent_to(url, queue):
        yield Broker(url, queue)


@contextmanager
def tasks_sent_to(url: str, queue: str) -> Iterator[None]:
    """Saleor's tasks sent to `queue` on the broker at `url` instead of run at once; the
    app's settings back and the queue deleted afterwards."""
    from kombu import Connection
    from saleor.celeryconf import app

    settings = {
        "broker_url": url,
        "task_default_queue": queue,
        "task_always_eager": False,
    }
    # for a Django-configured app the CELERY_-prefixed key wins over the plain one
    saved = {key: app.conf.get(key) for key in settings}
    saved |= {f"CELERY_{key.upper()}": app.conf.get(f"CELERY_{key.upper()}") for key in settings}
    for key, value in settings.items():
        app.conf[key] = value
        app.conf[f"CELERY_{key.upper()}"] = value
    _reset_pools(app)
    try:
        yield
    finally:
        app.conf.update(saved)
        _reset_pools(app)
        with Connection(url, connect_timeout=5) as conn:
            conn.default_channel.queue_delete(queue)
            if url.startswith("amqp"):
                conn.default_channel.exchange_delete(queue)  # Celery's per-queue exchange


def _reset_pools(app) -> None:
    """Close the app's connections so the next task uses the broker now configured (as
    Celery does after a fork); even eager tasks take a producer from the pool."""
    from kombu import pools

    pools.reset()  # kombu keeps the pools per broker, process-wide
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None


def _database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """One `celery worker` process (solo pool) of Saleor's app on the test's queue."""

    def __init__(self, broker: str, queue: str, gateway: str, workdir: Path):
        self.signal = workdir / f"{gateway}.signal"
        self.log = workdir / f"worker-{gateway}-{uuid.uuid4().hex[:6]}.log"
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "CELERY"))}
        env.pop("DATABASE_URL_REPLICA", None)  # the replica alias falls back to DATABASE_URL
        env.update(
            # a shop's settings (saleor.tests.settings would run every task eagerly)
            DJANGO_SETTINGS_MODULE="saleor.settings",
            DATABASE_URL=_database_url(),
            CELERY_BROKER_URL=broker,
            SECRET_KEY="warranty-celery-test",
            ALLOWED_HOSTS="localhost",
            DEBUG="True",  # no RSA_PRIVATE_KEY / ALLOWED_CLIENT_HOSTS needed
            PYTHONPATH=str(ROOT),
            PYTHONUNBUFFERED="1",
            WARRANTY_WORKER_QUEUE=queue,
            WARRANTY_WORKER_GATEWAY=gateway,
            WARRANTY_WORKER_SIGNAL=str(self.signal),
        )
        with self.log.open("w") as out:
            self.process = subprocess.Popen(
                [CELERY, "-A", "tests.integration.celery_worker_app:app", "worker",
                 "--pool", "solo", "-l", "info", "-Q", queue, "-n", f"{queue}-{gateway}@%h",
                 "--without-gossip", "--without-mingle", "--without-heartbeat"],
                env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        self.wait_for(lambda: " ready." in self.text(), BOOT_TIMEOUT, "the worker to start")

    def text(self) -> str:
        return self.log.read_text()

    def wait_for(self, check, timeout: float, what: str, alive: bool = True) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if check():
                return
            if alive and self.process.poll() is not None:
                raise AssertionError(f"worker exited {self.process.returncode}:\n{self.text()}")
            time.sleep(0.2)
        raise AssertionError(f"timed out after {timeout}s waiting for {what}:\n{self.text()}")

    def run(self, task_name: str, *args) -> None:
        """Send a task by name through the broker, as beat does, and wait until it is done."""
        from saleor.celeryconf import app

        task_id = app.send_task(task_name, args=args).id
        done = re.compile(rf"{re.escape(task_name)}\[{task_id}\] (succeeded|raised|failed)")
        self.wait_for(lambda: done.search(self.text()), TASK_TIMEOUT, f"{task_name}[{task_id}]")
        assert f"[{task_id}] succeeded" in self.text(), self.text()

    def done(self, task_name: str) -> None:
        """Wait until a task sent by someone else (`claimResolve`'s commit) is done."""
        done = re.compile(rf"{re.escape(task_name)}\[[^\]]+\] succeeded")
        self.wait_for(lambda: done.search(self.text()), TASK_TIMEOUT, task_name)

    def killed(self) -> int:
        """Wait for the worker to have died (its stubbed payment answer kills it)."""
        self.wait_for(lambda: self.process.poll() is not None, TASK_TIMEOUT, "death", alive=False)
        return self.process.returncode

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()  # warm shutdown
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture
def workers(broker) -> Iterator:
    """Start workers on the test's queue with `workers(gateway)`; all stopped afterwards
    (before the test database is flushed). Logs are kept where a test fails."""
    started: list[Worker] = []
    workdir = Path(tempfile.mkdtemp(prefix="warranty-celery-"))

    def start(gateway: str) -> Worker:
        worker = Worker(broker.url, broker.queue, gateway, workdir)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
    print(f"worker logs: {workdir}")


@pytest.fixture
def legacy_refund_claim(
    fulfilled_order, payment_txn_captured, channel_USD, staff_user, permission_group_manage_orders
):
    """A received claim on an order paid through the dummy gateway (Saleor's legacy payments),
    and staff allowed to resolve it."""
    permission_group_manage_orders.user_set.add(staff_user)
    policy = set_policy(channel_USD, "electronics-store")
    line = fulfilled_order.lines.order_by("created_at", "pk").first()
    return received_claim(fulfilled_order, policy, [(line, 1)])


def claim_resolve(staff_user, claim) -> dict:
    """claimResolve as staff; its performing is sent through the broker once it commits."""
    variables = {"id": gid("Claim", claim.pk), "input": {"type": "REFUND"}}
    payload = data_of(warranty_client(user=staff_user).post_graphql(CLAIM_RESOLVE, variables))
    assert payload["claimResolve"]["errors"] == []
    return payload["claimResolve"]["claim"]


def older(model, pk, age: timedelta) -> None:
    """Let `age` pass for a row (what the sweeps measure from)."""
    model.objects.filter(pk=pk).update(updated_at=timezone.now() - age)


def money_moved(claim) -> tuple[list, int]:
    """Saleor's rows: successful refund transactions of the claim's payment (amounts), and
    return fulfillments that refunded."""
    payment = claim.order.payments.get()
    refunds = payment.transactions.filter(kind=TransactionKind.REFUND, is_success=True)
    returned = Fulfillment.objects.filter(order=claim.order, status="refunded_and_returned")
    return [r.amount for r in refunds.order_by("pk")], returned.count()


RESUME = "saleor_warranty_plugin.resume_resolutions"
SYNC = "saleor_warranty_plugin.sync_refunds"
PERFORM = "saleor_warranty_plugin.perform_resolution"


def test_worker_killed_while_the_provider_is_silent_ends_failed_then_refunds_once(
    broker, workers, legacy_refund_claim, staff_user
):
    claim = legacy_refund_claim
    # given a worker whose payment provider never answers a refund
    first = workers("hang")
    assert claim_resolve(staff_user, claim)["resolution"]["status"] == "PENDING"
    first.wait_for(first.signal.exists, TASK_TIMEOUT, "the refund to reach the provider")
    # when the worker is killed while it waits (the claim's RESOLVED commit came before)
    first.kill()
    # (the broker may hand the dead worker's task to the next one; drop it, so that only
    # the sweep can carry the resolution on)
    broker.drop_messages()
    resolution = ClaimResolution.objects.get(claim=claim)
    part = ClaimRefund.objects.get(resolution=resolution)
    # then the resolution is left PENDING, the refund marked requested, no money moved
    assert (resolution.claim.status, resolution.status, part.status) == (
        "RESOLVED",
        "PENDING",
        "REQUESTED",
    )
    assert money_moved(claim) == ([], 0)

    second = workers("answer")
    # when beat's sweep runs within the grace period, nothing is touched
    second.run(RESUME)
    assert ClaimResolution.objects.get(pk=resolution.pk).attempts == resolution.attempts
    # and past it, the sweep carries the resolution on without asking the provider again
    older(ClaimResolution, resolution.pk, STRANDED_AFTER + timedelta(minutes=1))
    second.run(RESUME)
    resolution.refresh_from_db()
    assert (resolution.status, resolution.attempts) == ("REQUESTED", 2)
    assert money_moved(claim) == ([], 0)
    # and the refund sync, once the refund's own grace is over, finds no refund: FAILED
    older(ClaimRefund, part.pk, LEGACY_STUCK_AFTER + timedelta(minutes=1))
    second.run(SYNC)
    resolution.refresh_from_db()
    assert resolution.status == "FAILED"
    assert "No refund was recorded" in resolution.error
    assert money_moved(claim) == ([], 0)

    # when staff retry, the answer shows the retry under way (the worker performs it)
    answer = claim_resolve(staff_user, claim)
    assert answer["resolution"]["status"] == "PENDING"
    # then the money moves once; and a late duplicate of the task moves nothing
    second.done(PERFORM)
    second.run(PERFORM, str(resolution.pk), staff_user.pk)
    second.run(RESUME)
    resolution.refresh_from_db()
    assert resolution.status == "SUCCEEDED", resolution.error
    assert money_moved(claim) == ([resolution.amount], 1)


def test_worker_killed_right_after_the_money_moved_is_resumed_to_succeeded(
    broker, workers, legacy_refund_claim, staff_user
):
    claim = legacy_refund_claim
    # given a worker that dies the moment the provider's refund is committed
    first = workers("die")
    claim_resolve(staff_user, claim)
    assert first.killed() == -signal.SIGKILL
    broker.drop_messages()  # only the sweep may carry it on (see above)
    resolution = ClaimResolution.objects.get(claim=claim)
    # then the money moved, but the resolution was never settled
    assert resolution.status == "PENDING"
    assert ClaimRefund.objects.get(resolution=resolution).status == "SUCCEEDED"
    assert money_moved(claim) == ([resolution.amount], 1)

    # when beat's sweep runs on another worker: within the grace period it waits
    second = workers("answer")
    second.run(RESUME)
    assert ClaimResolution.objects.get(pk=resolution.pk).status == "PENDING"
    # and past it
    older(ClaimResolution, resolution.pk, STRANDED_AFTER + timedelta(minutes=1))
    second.run(RESUME)
    # then the resolution succeeded without refunding again
    resolution.refresh_from_db()
    assert resolution.status == "SUCCEEDED", resolution.error
    assert money_moved(claim) == ([resolution.amount], 1)
    # and later sweeps and a duplicate of the task change nothing
    older(ClaimResolution, resolution.pk, STRANDED_AFTER + timedelta(minutes=1))
    second.run(RESUME)
    second.run(SYNC)
    second.run(PERFORM, str(resolution.pk), staff_user.pk)
    assert ClaimResolution.objects.get(pk=resolution.pk).status == "SUCCEEDED"
    assert money_moved(claim) == ([resolution.amount], 1)


def test_task_lost_after_the_resolved_commit_is_performed_by_the_sweep(
    broker, workers, legacy_refund_claim, staff_user
):
    claim = legacy_refund_claim
    # given the claim resolved while no worker runs, and its task lost before one took it
    assert claim_resolve(staff_user, claim)["status"] == "RESOLVED"
    assert broker.drop_messages() == 1
    resolution = ClaimResolution.objects.get(claim=claim)
    assert (resolution.status, resolution.attempts) == ("PENDING", 0)
    # when beat's sweep runs on a worker: within the grace period it waits
    worker = workers("answer")
    worker.run(RESUME)
    assert ClaimResolution.objects.get(pk=resolution.pk).status == "PENDING"
    assert money_moved(claim) == ([], 0)
    # and past it, the resolution is performed, once
    older(ClaimResolution, resolution.pk, STRANDED_AFTER + timedelta(minutes=1))
    worker.run(RESUME)
    resolution.refresh_from_db()
    assert (resolution.status, resolution.attempts) == ("SUCCEEDED", 1), resolution.error
    assert money_moved(claim) == ([resolution.amount], 1)
