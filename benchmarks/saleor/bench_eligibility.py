"""orderReturnEligibility beside Saleor's own order(id){lines}: SQL queries and p50 latency,
the same customer asking on both sides, interleaved in one run."""

from saleor.graphql.tests.fixtures import ApiClient

from tests.integration.fixtures import warranty_client
from tests.integration.helpers import ELIGIBILITY, gid, set_policy
from tests.integration.orders import order_with_n_lines

from .interleaved import NOTE, count_queries, interleaved

SALEOR_ORDER = """
query($id: ID!) { order(id: $id) { id number lines { id productName quantity
  unitPrice { gross { amount currency } } totalPrice { gross { amount } } } } }
"""
RUNS = 30


def _ok(response):
    assert response.status_code == 200 and "errors" not in response.json(), response.content[:300]
    return response


def both_sides(order_with_lines, customer_user, channel_USD, sizes):
    """(size, ours, saleor) per order size: the same customer asking about the same order
    through the plugin's `orderReturnEligibility` and Saleor's `order(id){lines}`."""
    set_policy(channel_USD, "repair-parts-shop")
    order = order_with_lines
    order.user = customer_user
    order.save(update_fields=["user"])
    ours_client = warranty_client(user=customer_user)
    saleor_client = ApiClient(user=customer_user)
    for size in sizes:
        order = order_with_n_lines(order, size)
        variables = {"order": gid("Order", order.pk)}
        ours_client.user = saleor_client.user = customer_user  # fresh tokens: runs are long

        def ours(variables=variables):
            return _ok(ours_client.post_graphql(ELIGIBILITY, variables))

        def saleor(variables=variables):
            return _ok(saleor_client.post_graphql(SALEOR_ORDER, {"id": variables["order"]}))

        yield size, ours, saleor


def bench_eligibility_vs_saleor_order(order_with_lines, customer_user, channel_USD):
    # given one customer, asking through both APIs with the same token
    rows = []
    sides = both_sides(order_with_lines, customer_user, channel_USD, (1, 10, 50, 200))
    for size, ours, saleor in sides:
        ours(), saleor()  # warm-up
        counts = count_queries(ours), count_queries(saleor)
        p50 = interleaved(ours, saleor, RUNS)
        rows.append((size, *counts, *p50))
    print()
    print("orderReturnEligibility vs Saleor order(id){lines}, same customer token on both sides")
    print("lines | queries ours  Saleor | p50 ms ours  Saleor | ratio (ours / Saleor)")
    for size, q1, q2, t1, t2 in rows:
        print(f"{size:5d} | {q1:12d} {q2:7d} | {t1:11.1f} {t2:7.1f} | {t1 / t2:5.2f}x")
    print(NOTE.format(runs=RUNS))
