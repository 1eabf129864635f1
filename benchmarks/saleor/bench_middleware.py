"""What the native-return middleware costs on a large Saleor query (same run, interleaved)."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

MIDDLEWARE = "saleor_warranty_plugin.middleware.NativeReturnPolicyMiddleware"
# A do-nothing graphene middleware: what registering any middleware costs in graphql-core 2.
NOOP = "benchmarks.saleor.bench_middleware.NoopMiddleware"


class NoopMiddleware:
    def resolve(self, next_, root, info, **args):
        return next_(root, info, **args)


ORDERS = """
query { orders(first: 100) { edges { node { id number created status
  lines { id productName variantName quantity quantityFulfilled
          unitPrice { gross { amount currency } net { amount } } } } } } }
"""
RUNS = 25


def bench_middleware_cost(
    staff_api_client, permission_group_manage_orders, order_with_lines, settings
):
    from saleor.order.models import Order

    from tests.integration.orders import order_with_n_lines

    permission_group_manage_orders.user_set.add(staff_api_client.user)
    order_with_n_lines(order_with_lines, 20)
    template = Order.objects.get(pk=order_with_lines.pk)
    _clone_orders(template, 49)  # 50 orders x 20 lines
    fields = None
    variants = (("without", []), ("with", [MIDDLEWARE]), ("noop", [NOOP]))
    timings = {label: [] for label, _ in variants}
    queries = {}
    for _label, middleware in variants * 2:
        settings.GRAPHQL_MIDDLEWARE = middleware
        staff_api_client.post_graphql(ORDERS)  # warm-up
    for _ in range(RUNS):
        for label, middleware in variants:
            settings.GRAPHQL_MIDDLEWARE = middleware
            with CaptureQueriesContext(connection) as captured:
                start = time.perf_counter()
                response = staff_api_client.post_graphql(ORDERS)
                timings[label].append((time.perf_counter() - start) * 1000)
            queries[label] = len(captured.captured_queries)
            edges = response.json()["data"]["orders"]["edges"]
            fields = sum(1 + len(e["node"]["lines"]) * 8 for e in edges)
    without, with_ = statistics.median(timings["without"]), statistics.median(timings["with"])
    print()
    print(f"Saleor orders(first: 100) with 50 orders x 20 lines (~{fields} resolved fields)")
    print(f"  without middleware: {without:7.1f} ms median, {queries['without']} queries")
    print(f"  with middleware:    {with_:7.1f} ms median, {queries['with']} queries")
    noop = statistics.median(timings["noop"])
    print(
        f"  cost: {with_ - without:+.1f} ms ({(with_ / without - 1) * 100:+.1f}%), {RUNS} interleaved runs each"
    )
    print(
        f"  for comparison, a do-nothing graphene middleware: {noop:7.1f} ms median "
        f"({(noop / without - 1) * 100:+.1f}%)"
    )


def _clone_orders(template, count):
    from saleor.order.models import Order, OrderLine, get_order_number

    lines = list(template.lines.all())
    for _ in range(count):
        order = Order.objects.get(pk=template.pk)
        order.pk = None
        order.id = None
        order.number = get_order_number()
        order.save()
        copies = []
        for line in lines:
            line.pk = None
            line.id = None
            line.order = order
            copies.append(line)
        OrderLine.objects.bulk_create(copies)
