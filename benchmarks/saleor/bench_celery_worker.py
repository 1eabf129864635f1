"""A claim refunded by a real Celery worker through a real broker (run once, printed).

The test process records a REFUND resolution for a received claim on a legacy-payment order
(Saleor's `fulfilled_order` + `payment_txn_captured`, dummy gateway), commits it, and sends
`perform_resolution_task` through the broker to a `celery worker` subprocess running
`saleor.settings` against the same test database. The worker refunds through Saleor's
`create_fulfillments_for_returned_products`; the task is then sent again to show that a
repeated delivery moves no money. Loopback only, every wait bounded.

Run it with `benchmarks/run_celery_worker_demo`: it commits rows and flushes tables, so it
runs in a test database of its own (skipped otherwise, e.g. in run_saleor_benchmarks).
Broker: WARRANTY_DEMO_BROKER (default redis://127.0.0.1:6379/14; an amqp:// URL for
RabbitMQ works too). The Redis database must be empty; it is flushed afterwards.
"""

import os
import re
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from unittest import mock

import pytest

BROKER = os.environ.get("WARRANTY_DEMO_BROKER", "redis://127.0.0.1:6379/14")
CELERY = str(Path(sys.executable).with_name("celery"))
ROOT = Path(__file__).resolve().parents[2]
TASK = "saleor_warranty_plugin.perform_resolution"
READY_TIMEOUT = 60  # worker boot (imports all of Saleor)
TASK_TIMEOUT = 60


def _database_url():
    from django.db import connection

    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _worker_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "CELERY"))}
    env.pop("DATABASE_URL_REPLICA", None)  # the replica alias falls back to DATABASE_URL
    env.update(
        # saleor.tests.settings forces CELERY_TASK_ALWAYS_EAGER: the worker runs a shop's settings
        DJANGO_SETTINGS_MODULE="saleor.settings",
        DATABASE_URL=_database_url(),
        CELERY_BROKER_URL=BROKER,
        SECRET_KEY="warranty-celery-demo",
        ALLOWED_HOSTS="localhost",
        DEBUG="True",  # no RSA_PRIVATE_KEY / ALLOWED_CLIENT_HOSTS needed
        PYTHONPATH=str(ROOT),
        PYTHONUNBUFFERED="1",
    )
    return env


def _wait_for(check, timeout, what):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def _broker_is_clean(drop_queue=None):
    """Redis: the demo's database must start empty (it is flushed at the end).
    AMQP: the demo's queue and its exchange are deleted at the end."""
    from kombu import Connection

    with Connection(BROKER, connect_timeout=5) as conn:
        channel = conn.default_channel
        if BROKER.startswith("redis"):
            if drop_queue is None:
                return channel.client.dbsize() == 0
            channel.client.flushdb()
        elif drop_queue is not None:
            channel.queue_delete(drop_queue)
            channel.exchange_delete(drop_queue)  # Celery's per-queue direct exchange
    return True


def _print_worker_lines(text, task_id):
    print("Worker log:")
    for entry in text.splitlines():
        if task_id in entry:
            print(f"  {entry.strip()}")


@pytest.mark.skipif(
    os.environ.get("RUN_CELERY_WORKER_DEMO") != "1",
    reason="commits to the test database: run benchmarks/run_celery_worker_demo",
)
@pytest.mark.django_db(transaction=True)
def bench_refund_by_real_celery_worker(
    fulfilled_order, payment_txn_captured, channel_USD, staff_user
):
    from saleor.celeryconf import app
    from saleor.order.models import Fulfillment, OrderEvent
    from saleor.payment import TransactionKind

    from saleor_warranty_plugin.actions import resolve_claim
    from saleor_warranty_plugin.config import WarrantyConfig
    from saleor_warranty_plugin.graphql.auth import Requestor
    from saleor_warranty_plugin.models import ClaimRefund, ClaimResolution
    from saleor_warranty_plugin.policy import ResolutionType
    from saleor_warranty_plugin.resolutions import ResolveRequest
    from saleor_warranty_plugin.tasks import perform_resolution_task
    from tests.integration.helpers import set_policy
    from tests.integration.resolution_helpers import received_claim

    if not _broker_is_clean():
        pytest.fail(f"{BROKER} is not empty; set WARRANTY_DEMO_BROKER to an unused Redis db")

    # 1. the claim and its recorded (not yet performed) refund, committed for the worker
    order, payment = fulfilled_order, payment_txn_captured
    policy = set_policy(channel_USD, "electronics-store")
    line = order.lines.order_by("created_at", "pk").first()
    claim = received_claim(order, policy, [(line, 2)])
    request = ResolveRequest(type=ResolutionType.REFUND)
    with mock.patch("saleor_warranty_plugin.actions.perform_after_commit"):
        resolve_claim(claim, Requestor(user=staff_user), request, WarrantyConfig())
    resolution = ClaimResolution.objects.get(claim=claim)
    assert resolution.payment_path == "legacy" and not resolution.refunds.exists()
    print(
        f"\nClaim {claim.number}: resolution #{resolution.pk} {resolution.type} "
        f"{resolution.amount} {resolution.currency} via {resolution.payment_path} payment "
        f"#{payment.pk} ({payment.gateway}), status {resolution.status}"
    )

    # 2. a real worker on a queue of its own
    queue = f"warranty-demo-{uuid.uuid4().hex[:8]}"
    fd, log_name = tempfile.mkstemp(prefix="celery-worker-", suffix=".log")
    worker = subprocess.Popen(
        [CELERY, "-A", "saleor.celeryconf:app", "worker", "--pool", "solo", "--concurrency", "1",
         "-l", "info", "-Q", queue, "-n", f"{queue}@%h",
         "--without-gossip", "--without-mingle", "--without-heartbeat"],
        env=_worker_env(), cwd=ROOT, stdout=fd, stderr=subprocess.STDOUT,
    )  # fmt: skip
    os.close(fd)
    eager, passed = app.conf.task_always_eager, False
    try:

        def logged():
            return Path(log_name).read_text()

        def ready():
            assert worker.poll() is None, f"worker exited {worker.returncode}:\n{logged()}"
            return " ready." in logged()

        started = time.monotonic()
        _wait_for(ready, READY_TIMEOUT, "the worker to be ready")
        print(
            f"Worker pid {worker.pid} ready in {time.monotonic() - started:.1f}s: {CELERY} "
            f"worker --pool solo -Q {queue}, broker {BROKER}, database {_database_url()}"
        )

        # 3. send through the broker. saleor.tests.settings makes the app eager, and for a
        # Django-configured app the CELERY_-prefixed key wins over `task_always_eager`.
        app.conf.CELERY_TASK_ALWAYS_EAGER = False
        assert not app.conf.task_always_eager

        def send():
            with app.connection_for_write(BROKER) as conn:
                result = perform_resolution_task.apply_async(
                    args=[resolution.pk], queue=queue, connection=conn
                )
            return result.id

        def finished(task_id):
            pattern = rf"{TASK}\[{task_id}\] (succeeded|raised|failed)"
            return lambda: re.search(pattern, logged())

        # 4. wait for the worker, then show what a shop would see
        started = time.monotonic()
        first = send()
        _wait_for(finished(first), TASK_TIMEOUT, f"task {first}")
        resolution.refresh_from_db()
        print(
            f"Task {first} sent and done by the worker in {time.monotonic() - started:.2f}s; "
            f"resolution {resolution.status}, attempts {resolution.attempts}"
        )
        _print_worker_lines(logged(), first)
        assert resolution.status == "SUCCEEDED", (resolution.status, resolution.error, logged())

        print("Payment transactions:")
        for txn in payment.transactions.order_by("pk"):
            print(f"  #{txn.pk} {txn.kind} {txn.amount} {txn.currency} success={txn.is_success}")
        payment.refresh_from_db()
        print(f"  payment {payment.charge_status}, captured_amount={payment.captured_amount}")
        for part in ClaimRefund.objects.filter(resolution=resolution):
            print(f"Claim refund part {part.key}: {part.amount} {part.status}")
        print("Fulfillments:")
        for ful in Fulfillment.objects.filter(order=order).order_by("pk"):
            quantity = sum(fl.quantity for fl in ful.lines.all())
            print(
                f"  {ful.composed_id} {ful.status} qty={quantity} refund={ful.total_refund_amount}"
                f" warranty.claim={ful.private_metadata.get('warranty.claim', '-')}"
            )
        order.refresh_from_db()
        print(f"Order #{order.number}: status={order.status} charge_status={order.charge_status}")
        print("Order history:")
        for event in OrderEvent.objects.filter(order=order).order_by("date", "pk"):
            params = event.parameters or {}
            print(f"  {event.type:24} {params.get('message') or params.get('amount') or ''}")
        refunds = payment.transactions.filter(kind=TransactionKind.REFUND)
        assert [r.amount for r in refunds.filter(is_success=True)] == [resolution.amount]
        returned = Fulfillment.objects.filter(order=order, status="refunded_and_returned")
        assert returned.count() == 1

        # the same task delivered again moves nothing
        second = send()
        _wait_for(finished(second), TASK_TIMEOUT, f"task {second}")
        _print_worker_lines(logged(), second)
        status = ClaimResolution.objects.get(pk=resolution.pk).status
        print(
            f"After the second delivery: {refunds.count()} REFUND transaction(s), "
            f"{returned.count()} refunded_and_returned fulfillment(s), resolution {status}"
        )
        assert (refunds.count(), returned.count(), status) == (1, 1, "SUCCEEDED")
        passed = True
    finally:
        app.conf.CELERY_TASK_ALWAYS_EAGER = eager
        worker.terminate()  # warm shutdown
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait(timeout=10)
        _broker_is_clean(drop_queue=queue)
        if passed:
            os.unlink(log_name)
        kept = "" if passed else f"; worker log kept at {log_name}"
        print(f"Worker stopped (exit {worker.returncode}); broker cleaned{kept}")
