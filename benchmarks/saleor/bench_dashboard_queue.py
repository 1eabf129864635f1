"""The dashboard's claims queue with 100,000 claims: the page's server time (token check,
the page's GraphQL document: the page of claims by due date and the status counts in one
grouped query, template) beside the plugin's own `claims` query for the same page (same
filter and sort) through the endpoint, measured in one run. The page's SQL is printed."""

import statistics
import time

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from saleor_warranty_plugin.pages.dashboard.install import install
from saleor_warranty_plugin.pages.router import PREFIX

from .bench_claims_list import insert_100k_claims

RUNS = 30
CLAIMS = """query($first: Int, $filter: ClaimFilterInput, $sortBy: ClaimSortingInput) {
  claims(first: $first, filter: $filter, sortBy: $sortBy) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id number status orderId dueAt } } } }"""
BY_DUE = {"field": "DUE_DATE", "direction": "ASC"}
NEWEST = {"field": "CREATED_AT", "direction": "DESC"}


def _median_ms(call) -> float:
    call()  # warm
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


# Committed rows, vacuumed, as a shop's table is: PostgreSQL answers the counts from the
# status index alone only where its visibility map says the rows are visible to everyone.
@pytest.mark.django_db(transaction=True)
def bench_dashboard_queue_with_100k_claims(order_with_lines, staff_warranty_client):
    from saleor.core.jwt import create_access_token_for_app

    insert_100k_claims(order_with_lines)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE saleor_warranty_plugin_claim")
    app = install(f"http://testserver{PREFIX}/").app
    token = create_access_token_for_app(app, staff_warranty_client.user)
    page = Client(HTTP_HX_REQUEST="true", HTTP_AUTHORIZATION=f"Bearer {token}")
    open_ = ["PENDING", "APPROVED", "RECEIVED"]
    cases = {
        "open claims (default)": ("", {"filter": {"status": open_}}),
        "status RECEIVED": ("?status=RECEIVED", {"filter": {"status": ["RECEIVED"]}}),
        "overdue only": ("?overdue=1", {"filter": {"status": open_, "overdue": True}}),
        "all (newest first)": ("?status=ALL", {"filter": {}, "sortBy": NEWEST}),
        "all, by due date": ("?status=ALL&sort=due", {"filter": {}}),
        "search by email": (
            "?status=ALL&q=customer42@example.com",
            {"filter": {"search": "customer42@example.com"}, "sortBy": NEWEST},
        ),
        "search by claim number": (
            "?status=ALL&q=177777-R1",
            {"filter": {"search": "177777-R1"}, "sortBy": NEWEST},
        ),
    }
    cases = {
        label: (query, {"first": 25, "sortBy": BY_DUE, **variables})
        for label, (query, variables) in cases.items()
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
    with CaptureQueriesContext(connection) as queries:
        page.get(f"{PREFIX}/dashboard/claims/")
    print(f"\nthe default page's SQL ({len(queries.captured_queries)} queries):")
    for captured in queries.captured_queries:
        print(f"  {captured['time']:>6}s  {captured['sql'][:160]}")
    with connection.cursor() as cursor:
        for label, sql in [
            (
                "the open claims by due date",
                "SELECT id FROM saleor_warranty_plugin_claim WHERE status IN "
                "('PENDING', 'APPROVED', 'RECEIVED') ORDER BY due_at ASC, created_at ASC, id ASC "
                "LIMIT 26",
            ),
            (
                "the open claims' status counts",
                "SELECT status, COUNT(*), COUNT(status) FILTER (WHERE due_at < now()) "
                "FROM saleor_warranty_plugin_claim WHERE status IN "
                "('PENDING', 'APPROVED', 'RECEIVED') GROUP BY status",
            ),
        ]:
            cursor.execute("EXPLAIN ANALYZE " + sql)
            print(f"\nEXPLAIN ANALYZE {label}:\n" + "\n".join(r[0] for r in cursor.fetchall()))
