"""The dashboard's claims queue with 100,000 claims: the page's server time (token check,
the page's GraphQL document with its status counts, template) beside the plugin's own
`claims` query for the same page through the endpoint, measured in one run."""

import statistics
import time

from django.test import Client

from saleor_warranty_plugin.pages.dashboard.install import install
from saleor_warranty_plugin.pages.router import PREFIX
from tests.integration.helpers import CLAIMS

from .bench_claims_list import insert_100k_claims

RUNS = 30


def _median_ms(call) -> float:
    call()  # warm
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def bench_dashboard_queue_with_100k_claims(order_with_lines, staff_warranty_client):
    from saleor.core.jwt import create_access_token_for_app

    insert_100k_claims(order_with_lines)
    app = install(f"http://testserver{PREFIX}/").app
    token = create_access_token_for_app(app, staff_warranty_client.user)
    page = Client(HTTP_HX_REQUEST="true", HTTP_AUTHORIZATION=f"Bearer {token}")
    cases = {
        "open claims (default)": (
            "",
            {"first": 25, "filter": {"status": ["PENDING", "APPROVED", "RECEIVED"]}},
        ),
        "status RECEIVED": ("?status=RECEIVED", {"first": 25, "filter": {"status": ["RECEIVED"]}}),
        "search by email": (
            "?status=ALL&q=customer42@example.com",
            {"first": 25, "filter": {"search": "customer42@example.com"}},
        ),
        "search by claim number": (
            "?status=ALL&q=177777-R1",
            {"first": 25, "filter": {"search": "177777-R1"}},
        ),
    }
    print(f"\nclaims queue page vs the `claims` query, 100,000 claims, median of {RUNS} (p50)")
    for label, (query, variables) in cases.items():

        def load_page(query=query):
            response = page.get(f"{PREFIX}/dashboard/claims/{query}")
            assert response.status_code == 200 and b"data-no-access" not in response.content

        def load_query(variables=variables):
            response = staff_warranty_client.post_graphql(CLAIMS, variables)
            assert "errors" not in response.json()

        page_ms, query_ms = _median_ms(load_page), _median_ms(load_query)
        print(
            f"{label:24s} page {page_ms:6.1f} ms   claims query {query_ms:6.1f} ms   ratio {page_ms / query_ms:4.2f}"
        )
