"""claimCreate beside Saleor's orderFulfillmentReturnProducts, and claimResolve (legacy
refund) beside orderFulfillmentRefundProducts, for the same lines: p50 latency and SQL
queries, the two sides interleaved in one run. Every request runs in a savepoint rolled
back after it, so each one starts from the same order.

claimResolve is measured twice: as Saleor runs without a broker (the refund performed
within the request, as the Saleor side's is), and, where RabbitMQ answers on 127.0.0.1, with
Saleor's tasks sent to it as in production, where the answer comes once the decision is
recorded and a worker performs the refund afterwards."""

import json
import os
import uuid
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from saleor.graphql.tests.fixtures import ApiClient

from tests.integration.fixtures import warranty_client
from tests.integration.helpers import CLAIM_CREATE, claim_input, gid, set_policy
from tests.integration.orders import order_with_n_lines
from tests.integration.resolution_helpers import CLAIM_RESOLVE, received_claim

from .interleaved import NOTE, count_queries, interleaved, listed_queries

RETURN_PRODUCTS = """
mutation($order: ID!, $input: OrderReturnProductsInput!) {
  orderFulfillmentReturnProducts(order: $order, input: $input) {
    returnFulfillment { id status lines { id quantity } } errors { field code message } } }"""
REFUND_PRODUCTS = """
mutation($order: ID!, $input: OrderRefundProductsInput!) {
  orderFulfillmentRefundProducts(order: $order, input: $input) {
    fulfillment { id status lines { id quantity } } errors { field code message } } }"""
DECLARED = ["UNUSED", "ORIGINAL_PACKAGING", "ALL_ACCESSORIES", "SEALS_INTACT"]
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 16
RUNS = 20


class _Undo(Exception):
    pass


def rolled_back(call):
    """`call` inside a savepoint that is rolled back afterwards."""

    def run():
        try:
            with transaction.atomic():
                result = call()
                raise _Undo
        except _Undo:
            return result

    return run


def _ok(response, name):
    content = response.json()
    assert response.status_code == 200 and "errors" not in content, response.content[:300]
    assert not content["data"][name]["errors"], content["data"][name]["errors"]
    return content


def _claim_create(client, order, lines, photo):
    data = claim_input(order, [(line, 1, {"declaredConditions": DECLARED}) for line in lines])
    if not photo:
        return _ok(client.post_graphql(CLAIM_CREATE, {"input": data}), "claimCreate")
    data["evidence"] = [None]
    operations = {"query": CLAIM_CREATE, "variables": {"input": data}}
    body = {
        "operations": json.dumps(operations),
        "map": json.dumps({"0": ["variables.input.evidence.0"]}),
        "0": SimpleUploadedFile("photo.jpg", JPEG, content_type="image/jpeg"),
    }
    return _ok(client.post_multipart(body), "claimCreate")


def _fulfillment_lines(order, lines):
    by_line = {fl.order_line_id: fl for f in order.fulfillments.all() for fl in f.lines.all()}
    return [
        {"fulfillmentLineId": gid("FulfillmentLine", by_line[line.pk].pk), "quantity": 1}
        for line in lines
    ]


def bench_claims_vs_saleor(
    order_with_lines,
    customer_user,
    staff_user,
    permission_group_manage_orders,
    payment_txn_captured,
    channel_USD,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = str(tmp_path)
    permission_group_manage_orders.user_set.add(staff_user)
    policy = set_policy(channel_USD, "electronics-store")
    customer = warranty_client(user=customer_user)
    staff = warranty_client(user=staff_user)
    saleor_staff = ApiClient(user=staff_user)
    rows = []
    order = order_with_lines
    for size in (1, 10):
        order = order_with_n_lines(order, size)
        order.user = customer_user
        order.save(update_fields=["user"])
        payment_txn_captured.total = payment_txn_captured.captured_amount = 10**6
        payment_txn_captured.save(update_fields=["total", "captured_amount"])
        lines = list(order.lines.order_by("created_at", "pk"))
        fulfillment_lines = _fulfillment_lines(order, lines)
        customer.user, staff.user, saleor_staff.user = customer_user, staff_user, staff_user
        return_input = {
            "order": gid("Order", order.pk),
            "input": {"fulfillmentLines": fulfillment_lines},
        }

        def saleor_return(variables=return_input):
            return _ok(
                saleor_staff.post_graphql(RETURN_PRODUCTS, variables),
                "orderFulfillmentReturnProducts",
            )

        for photo in (False, True):

            def ours(lines=lines, photo=photo, order=order):
                return _claim_create(customer, order, lines, photo)

            label = (
                f"claimCreate, {size} line{'s' * (size > 1)}, {'a photo' if photo else 'no photo'}"
            )
            rows.append(_measure(label, "orderFulfillmentReturnProducts", ours, saleor_return))

        claim = received_claim(order, policy, [(line, 1) for line in lines])
        resolve_input = {"id": gid("Claim", claim.pk), "input": {"type": "REFUND"}}
        refund_input = {
            "order": gid("Order", order.pk),
            "input": {"fulfillmentLines": fulfillment_lines, "includeShippingCosts": False},
        }

        def ours_resolve(variables=resolve_input):
            content = _ok(staff.post_graphql(CLAIM_RESOLVE, variables), "claimResolve")
            assert content["data"]["claimResolve"]["claim"]["status"] == "RESOLVED"
            return content

        def saleor_refund(variables=refund_input):
            return _ok(
                saleor_staff.post_graphql(REFUND_PRODUCTS, variables),
                "orderFulfillmentRefundProducts",
            )

        label = f"claimResolve REFUND (legacy payment), {size} line{'s' * (size > 1)}"
        rows.append(_measure(label, "orderFulfillmentRefundProducts", ours_resolve, saleor_refund))
        with celery_broker() as queued:
            if queued:  # the answer once the decision is recorded; a worker refunds after
                label = (
                    f"  the same, with a Celery broker (RabbitMQ), {size} line{'s' * (size > 1)}"
                )
                rows.append(
                    _measure(label, "orderFulfillmentRefundProducts", ours_resolve, saleor_refund)
                )
    print()
    print(f"{'ours':52} {'Saleor':32} queries  p50 ms ours  Saleor   ratio")
    for label, theirs, q1, q2, t1, t2 in rows:
        print(f"{label:52} {theirs:32} {q1:3d} {q2:3d}  {t1:11.1f} {t2:7.1f}  {t1 / t2:5.2f}x")
    print(NOTE.format(runs=RUNS))


@contextmanager
def celery_broker(url="amqp://guest:guest@127.0.0.1:5672//"):
    """Saleor's tasks sent to a real broker instead of run at once, as in production (no
    worker takes them: the queue is deleted afterwards); yields False where none answers."""
    from tests.integration.test_celery_worker import _answers, tasks_sent_to

    if not _answers(url):
        yield False
        return
    with tasks_sent_to(url, f"warranty-bench-{uuid.uuid4().hex[:8]}"):
        yield True


def _measure(label, theirs, ours, saleor):
    ours, saleor = rolled_back(ours), rolled_back(saleor)
    ours(), saleor()  # warm-up
    if os.environ.get("BENCH_SQL"):  # each side's queries, in order, with their time
        for side, call in ((label, ours), (theirs, saleor)):
            print(f"\n=== {side}")
            print(listed_queries(call, everything=os.environ["BENCH_SQL"] == "all"))
    counts = count_queries(ours), count_queries(saleor)
    return (label, theirs, *counts, *interleaved(ours, saleor, RUNS))
