"""A claims page with 100,000 claims: the query plan and latency through the endpoint."""

import statistics
import time

from django.db import connection

from tests.integration.helpers import CLAIMS

RUNS = 20


def insert_100k_claims(order) -> None:
    """100,000 claims on one order (five statuses, 5,000 customers), analysed. Claims
    past review carry a service-level due date a week after they were opened (so the older
    open ones are overdue); pending ones have none yet."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO saleor_warranty_plugin_claim
              (id, number, order_id, channel_id, order_number, user_email, search_text, status,
               reason, description, preferred_resolution, policy_version, staff_initiated,
               override_policy, override_note, created_at, updated_at, handed_to,
               external_reference, external_decision, due_at)
            SELECT md5(random()::text || g)::uuid, (100000 + g) || '-R1', %s, %s, 100000 + g,
                   'customer' || (g %% 5000) || '@example.com',
                   (100000 + g) || '-r1 ' || (100000 + g) || ' customer' || (g %% 5000) || '@example.com',
                   (ARRAY['PENDING','APPROVED','RECEIVED','RESOLVED','REJECTED'])[1 + g %% 5],
                   'DEFECTIVE', '', '', 1, false, false, '',
                   now() - (g || ' minutes')::interval, now(), '', '', '',
                   CASE WHEN g %% 5 = 0 THEN NULL
                        ELSE now() - (g || ' minutes')::interval + interval '7 days' END
            FROM generate_series(1, 100000) AS g
            """,
            [order.pk, order.channel_id],
        )
        cursor.execute("ANALYZE saleor_warranty_plugin_claim")


def bench_claims_page_with_100k_claims(order_with_lines, staff_warranty_client):
    insert_100k_claims(order_with_lines)
    cases = {
        "first page": {"first": 20},
        "status filter": {"first": 20, "filter": {"status": ["RECEIVED"]}},
        "search by email": {"first": 20, "filter": {"search": "customer42@example.com"}},
        "search by claim number": {"first": 20, "filter": {"search": "177777-r1"}},
        "search by part of an email": {"first": 20, "filter": {"search": "omer4242@"}},
    }
    print()
    for label, variables in cases.items():
        staff_warranty_client.post_graphql(CLAIMS, variables)
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            response = staff_warranty_client.post_graphql(CLAIMS, variables)
            times.append((time.perf_counter() - start) * 1000)
        total = response.json()["data"]["claims"]["totalCount"]
        print(f"{label:24s} totalCount={total:6d}  median {statistics.median(times):6.1f} ms")
    with connection.cursor() as cursor:
        cursor.execute(
            "EXPLAIN ANALYZE SELECT * FROM saleor_warranty_plugin_claim "
            "WHERE status = 'RECEIVED' ORDER BY created_at DESC, id DESC LIMIT 21"
        )
        print("\nEXPLAIN ANALYZE status page:\n" + "\n".join(r[0] for r in cursor.fetchall()))
        cursor.execute(
            "EXPLAIN ANALYZE SELECT * FROM saleor_warranty_plugin_claim "
            "WHERE number = '177777-R1' OR user_email = '177777-r1' "
            "OR search_text LIKE '%%177777-r1%%' ORDER BY created_at DESC, id DESC LIMIT 21"
        )
        print("\nEXPLAIN ANALYZE search:\n" + "\n".join(r[0] for r in cursor.fetchall()))
