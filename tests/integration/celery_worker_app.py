"""Saleor's own Celery app, as `test_celery_worker.py` runs it in a `celery worker` process.

`celery -A tests.integration.celery_worker_app:app worker` runs Saleor's app unchanged (its
settings, its tasks, the plugin's tasks) with two test settings from the environment:

- WARRANTY_WORKER_QUEUE: the queue the worker consumes and every task it sends goes to, so
  nothing is left on a broker other processes use.
- WARRANTY_WORKER_GATEWAY: how the payment provider answers a refund (Saleor's dummy
  gateway stands for it; its answer is the only thing stubbed):
  `answer`  the real dummy answer;
  `hang`    no answer ever comes: the file WARRANTY_WORKER_SIGNAL is written and the call
            waits, so the test can kill the worker while the refund is in flight;
  `die`     the real answer, and the process is killed (SIGKILL) the moment the database
            transaction holding it commits: the money moved and nothing after it ran.
"""

import os
import signal
import time
from pathlib import Path

from celery.signals import task_prerun
from django.db import transaction
from saleor.celeryconf import app

app.conf.task_default_queue = os.environ["WARRANTY_WORKER_QUEUE"]

GATEWAY = os.environ.get("WARRANTY_WORKER_GATEWAY", "answer")


def _no_answer(real):
    def refund(payment_information, config):
        Path(os.environ["WARRANTY_WORKER_SIGNAL"]).write_text("waiting for the provider")
        while True:
            time.sleep(1)

    return refund


def _answer_then_die(real):
    def refund(payment_information, config):
        answer = real(payment_information, config)
        transaction.on_commit(lambda: os.kill(os.getpid(), signal.SIGKILL))
        return answer

    return refund


STUBS = {"hang": _no_answer, "die": _answer_then_die}


@task_prerun.connect(weak=False)
def _stub_payment_provider(**_kwargs) -> None:
    """Replace the dummy gateway's refund answer once Django is set up (at the first task)."""
    from saleor.payment.gateways.dummy import plugin

    if GATEWAY in STUBS and not getattr(plugin.refund, "stubbed", False):
        plugin.refund = STUBS[GATEWAY](plugin.refund)
        plugin.refund.stubbed = True
