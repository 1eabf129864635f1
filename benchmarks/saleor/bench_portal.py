"""The portal's order page beside orderReturnEligibility on the same order: server time and
SQL queries. The page asks the plugin's API for eligibility and Saleor's API for the order
(names, prices, thumbnails), then renders the form."""

import functools
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.integration.fixtures import warranty_client
from tests.integration.helpers import ELIGIBILITY, gid, set_policy
from tests.integration.orders import order_with_n_lines

PORTAL = "/plugins/global/saleor.warranty/portal/"
RUNS = 20


def timed(call, check):
    call()  # warm-up
    with CaptureQueriesContext(connection) as captured:
        check(call())
    count = len([q for q in captured.captured_queries if not q["sql"].startswith("SET ")])
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return count, statistics.median(times)


def _ok_page(response):
    assert response.status_code == 200, response.content[:300]


def _ok_api(response):
    assert response.status_code == 200 and "errors" not in response.json(), response.content[:300]


def bench_portal_order_page_vs_eligibility(order_with_lines, customer_user, channel_USD):
    from saleor.core.jwt import create_access_token

    set_policy(channel_USD, "repair-parts-shop")
    rows = []
    order = order_with_lines
    for size in (1, 10, 50):
        order = order_with_n_lines(order, size)
        order_id = gid("Order", order.pk)
        browser = Client()
        handed = browser.post(
            f"{PORTAL}session/", {"token": create_access_token(customer_user), "order": order_id}
        )
        assert handed.status_code == 303
        page = timed(functools.partial(browser.get, f"{PORTAL}?order={order_id}"), _ok_page)
        api_client = warranty_client(user=customer_user)
        ask = functools.partial(api_client.post_graphql, ELIGIBILITY, {"order": order_id})
        api = timed(ask, _ok_api)
        rows.append((size, *page, *api))
    print()
    print(
        "lines | portal order page: queries  median ms | orderReturnEligibility: queries  median ms | ratio"
    )
    for size, q1, t1, q2, t2 in rows:
        print(f"{size:5d} | {q1:26d}  {t1:9.1f} | {q2:31d}  {t2:9.1f} | {t1 / t2:5.2f}")
    print(f"(medians of {RUNS} requests through the Django test client, signed-in customer)")
