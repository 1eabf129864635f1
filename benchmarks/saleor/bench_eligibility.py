"""orderReturnEligibility beside Saleor's own order query: SQL queries and latency."""

import statistics
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.integration.fixtures import warranty_client
from tests.integration.helpers import ELIGIBILITY, gid, set_policy
from tests.integration.orders import order_with_n_lines

SALEOR_ORDER = """
query($id: ID!) { order(id: $id) { id number lines { id productName quantity
  unitPrice { gross { amount currency } } totalPrice { gross { amount } } } } }
"""
RUNS = 30


def measure(client, query, variables):
    client.post_graphql(query, variables)  # warm-up
    with CaptureQueriesContext(connection) as captured:
        response = client.post_graphql(query, variables)
    assert response.status_code == 200 and "errors" not in response.json(), response.content[:300]
    count = len([q for q in captured.captured_queries if not q["sql"].startswith("SET ")])
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        client.post_graphql(query, variables)
        times.append((time.perf_counter() - start) * 1000)
    return count, statistics.median(times)


def bench_eligibility_vs_saleor_order(
    order_with_lines,
    customer_user,
    staff_api_client,
    permission_group_manage_orders,
    channel_USD,
    django_db_blocker,
):
    permission_group_manage_orders.user_set.add(staff_api_client.user)
    set_policy(channel_USD, "repair-parts-shop")
    rows = []
    order = order_with_lines
    for size in (1, 10, 50):
        order = order_with_n_lines(order, size)
        variables = {"order": gid("Order", order.pk)}
        ours = measure(warranty_client(user=customer_user), ELIGIBILITY, variables)
        saleor = measure(staff_api_client, SALEOR_ORDER, {"id": gid("Order", order.pk)})
        rows.append((size, *ours, *saleor))
    print()
    print("lines | eligibility: queries  median ms | Saleor order(id){lines}: queries  median ms")
    for size, q1, t1, q2, t2 in rows:
        print(f"{size:5d} | {q1:20d}  {t1:9.1f} | {q2:33d}  {t2:9.1f}")
    print(f"(medians of {RUNS} requests through the Django test client, both with tokens)")
