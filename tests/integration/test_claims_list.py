"""`claim` and `claims`: who sees what, filters, search, cursor pagination, totalCount."""

import pytest
from saleor.account.models import Group

from saleor_warranty_plugin.models import Claim

from .fixtures import data_of, warranty_client
from .helpers import CLAIM, CLAIMS, gid, set_policy

pytestmark = pytest.mark.compare_executors


def make_claim(order, line, number, status="PENDING", user=None, email=None):
    from saleor_warranty_plugin.models import ClaimLine

    claim = Claim.objects.create(
        number=number,
        order=order,
        channel_id=order.channel_id,
        order_number=order.number,
        user=user if user is not None else order.user,
        user_email=(email or order.user_email or "").lower(),
        search_text=f"{number} {order.number} {email or order.user_email or ''}".lower(),
        status=status,
        reason="DEFECTIVE",
    )
    ClaimLine.objects.create(
        claim=claim, order_line=line, quantity=1, reason="DEFECTIVE", verdict="ELIGIBLE"
    )
    return claim


@pytest.fixture
def claims(fulfilled_order, order_list, channel_PLN):
    set_policy(fulfilled_order.channel, "repair-parts-shop")
    line = fulfilled_order.lines.first()
    made = [
        make_claim(fulfilled_order, line, f"{fulfilled_order.number}-R{i}") for i in range(1, 6)
    ]
    other = order_list[0]
    other.channel = channel_PLN
    other.user = None
    other.user_email = "someone@else.test"
    other.save(update_fields=["channel", "user", "user_email"])
    other_line = fulfilled_order.lines.last()
    made.append(make_claim(other, other_line, f"{other.number}-R1", status="APPROVED", user=None))
    return made


def edges(response):
    return data_of(response)["claims"]


def test_owner_sees_only_own_claims(customer_warranty_client, claims):
    page = edges(customer_warranty_client.post_graphql(CLAIMS, {"first": 50}))
    assert page["totalCount"] == 5
    assert {e["node"]["number"] for e in page["edges"]} == {c.number for c in claims[:5]}


def test_anonymous_cannot_list(claims):
    response = warranty_client().post_graphql(CLAIMS, {"first": 5})
    assert response.json()["errors"][0]["extensions"]["exception"]["code"] == "PermissionDenied"


def test_staff_pages_through_everything_newest_first(staff_warranty_client, claims):
    seen, after = [], None
    while True:
        page = edges(staff_warranty_client.post_graphql(CLAIMS, {"first": 2, "after": after}))
        assert page["totalCount"] == 6
        seen += [e["node"]["number"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == len(set(seen)) == 6
    expected = [c.number for c in sorted(claims, key=lambda c: (c.created_at, c.pk), reverse=True)]
    assert seen == expected


def test_filters_and_search(staff_warranty_client, claims, fulfilled_order, channel_PLN):
    def numbers(filter_):
        page = edges(staff_warranty_client.post_graphql(CLAIMS, {"first": 50, "filter": filter_}))
        return {e["node"]["number"] for e in page["edges"]}

    assert numbers({"status": ["APPROVED"]}) == {claims[5].number}
    assert numbers({"channel": channel_PLN.slug}) == {claims[5].number}
    assert numbers({"order": gid("Order", fulfilled_order.pk)}) == {c.number for c in claims[:5]}
    assert numbers({"search": claims[2].number}) == {claims[2].number}
    assert numbers({"search": str(fulfilled_order.number)}) == {c.number for c in claims[:5]}
    assert numbers({"search": "someone@else.test"}) == {claims[5].number}
    assert numbers({"search": "else.te"}) == {claims[5].number}
    assert numbers({"search": "nothing-like-this"}) == set()


def test_staff_limited_to_a_channel_sees_only_its_claims(
    staff_users, permission_manage_orders, claims, channel_PLN
):
    group = Group.objects.create(name="PLN only", restricted_access_to_channels=True)
    group.permissions.add(permission_manage_orders)
    group.channels.add(channel_PLN)
    group.user_set.add(staff_users[2])
    client = warranty_client(user=staff_users[2])
    page = edges(client.post_graphql(CLAIMS, {"first": 50}))
    assert {e["node"]["number"] for e in page["edges"]} == {claims[5].number}
    # and a claim of another channel is as invisible as a missing one
    assert data_of(client.post_graphql(CLAIM, {"id": gid("Claim", claims[0].pk)}))["claim"] is None


def test_page_size_is_bounded(staff_warranty_client, claims):
    response = staff_warranty_client.post_graphql(CLAIMS, {"first": 1000})
    assert "between 0 and 100" in response.json()["errors"][0]["message"]


def test_bad_cursor_is_an_error(staff_warranty_client, claims):
    response = staff_warranty_client.post_graphql(CLAIMS, {"first": 2, "after": "garbage"})
    assert response.json()["errors"][0]["message"] == "Invalid cursor."


SORTED = """query($first: Int, $after: String, $filter: ClaimFilterInput,
                  $sortBy: ClaimSortingInput) {
  claims(first: $first, after: $after, filter: $filter, sortBy: $sortBy) {
    pageInfo { hasNextPage endCursor }
    edges { node { number dueAt } } } }"""
COUNTS = """query($filter: ClaimFilterInput) {
  claims(first: 0, filter: $filter) { totalCount edges { cursor }
    statusCounts { status count overdue } } }"""


@pytest.fixture
def dated_claims(claims):
    """The six claims with due dates: two overdue, two due later, two without one; one
    overdue claim is already resolved (no longer counts as overdue)."""
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    dues = [now + timedelta(days=3), None, now - timedelta(days=2), now - timedelta(days=5),
            None, now + timedelta(days=1)]  # fmt: skip
    for claim, due in zip(claims, dues, strict=True):
        claim.due_at = due
    claims[3].status = "RESOLVED"
    for claim in claims:
        claim.save(update_fields=["due_at", "status"])
    return claims


def pages_of(client, sort_by, first=2, **extra):
    seen, after = [], None
    while True:
        variables = {"first": first, "after": after, "sortBy": sort_by, **extra}
        page = edges(client.post_graphql(SORTED, variables))
        seen += [e["node"]["number"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            return seen
        after = page["pageInfo"]["endCursor"]


def test_sorted_by_due_date_overdue_first_undated_last(staff_warranty_client, dated_claims):
    c = dated_claims
    # due dates ascending (the overdue ones first), then the claims without one, oldest first
    expected = [c[3].number, c[2].number, c[5].number, c[0].number, c[1].number, c[4].number]
    ascending = {"field": "DUE_DATE", "direction": "ASC"}
    assert pages_of(staff_warranty_client, ascending) == expected
    assert pages_of(staff_warranty_client, ascending, first=4) == expected
    descending = {"field": "DUE_DATE", "direction": "DESC"}
    assert pages_of(staff_warranty_client, descending) == expected[::-1]
    assert pages_of(staff_warranty_client, descending, first=3) == expected[::-1]
    # with a filter, the order holds within it
    open_only = pages_of(
        staff_warranty_client, ascending, filter={"status": ["PENDING", "APPROVED"]}
    )
    assert open_only == [n for n in expected if n != c[3].number]


def test_sorted_by_creation_date_both_ways(staff_warranty_client, dated_claims):
    newest = [c.number for c in sorted(dated_claims, key=lambda c: (c.created_at, c.pk))][::-1]
    assert pages_of(staff_warranty_client, {"field": "CREATED_AT", "direction": "DESC"}) == newest
    assert (
        pages_of(staff_warranty_client, {"field": "CREATED_AT", "direction": "ASC"}) == newest[::-1]
    )
    assert pages_of(staff_warranty_client, None) == newest  # the default


def test_a_cursor_belongs_to_its_sort(staff_warranty_client, dated_claims):
    by_due = {"field": "DUE_DATE", "direction": "ASC"}
    page = edges(staff_warranty_client.post_graphql(SORTED, {"first": 1, "sortBy": by_due}))
    cursor = page["pageInfo"]["endCursor"]
    response = staff_warranty_client.post_graphql(SORTED, {"first": 1, "after": cursor})
    assert response.json()["errors"][0]["message"] == "Invalid cursor."
    newest = edges(staff_warranty_client.post_graphql(SORTED, {"first": 1}))
    response = staff_warranty_client.post_graphql(
        SORTED, {"first": 1, "after": newest["pageInfo"]["endCursor"], "sortBy": by_due}
    )
    assert response.json()["errors"][0]["message"] == "Invalid cursor."


def test_status_counts_per_status_with_the_overdue_share(
    staff_warranty_client, dated_claims, channel_PLN
):
    page = data_of(staff_warranty_client.post_graphql(COUNTS, {}))["claims"]
    counts = {row["status"]: (row["count"], row["overdue"]) for row in page["statusCounts"]}
    assert counts == {
        "PENDING": (4, 1),  # claims[2] is overdue; claims[3] is overdue but resolved
        "APPROVED": (1, 0),
        "RECEIVED": (0, 0),
        "RESOLVED": (1, 0),
        "REJECTED": (0, 0),
        "CANCELLED": (0, 0),
        "EXPIRED": (0, 0),
    }
    assert page["totalCount"] == 6 and page["edges"] == []
    # counted under the same filter and visibility as the page
    pln = data_of(
        staff_warranty_client.post_graphql(COUNTS, {"filter": {"channel": channel_PLN.slug}})
    )["claims"]["statusCounts"]
    assert {r["status"]: r["count"] for r in pln if r["count"]} == {"APPROVED": 1}


@pytest.mark.compare_executors(False)  # counts SQL queries
def test_status_counts_cost_one_query(staff_warranty_client, dated_claims):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    query = "query { claims(first: 0) { statusCounts { status count } } }"
    staff_warranty_client.post_graphql(query)
    with CaptureQueriesContext(connection) as counted:
        data_of(staff_warranty_client.post_graphql(query))
    with CaptureQueriesContext(connection) as bare:
        data_of(
            staff_warranty_client.post_graphql("query { claims(first: 0) { edges { cursor } } }")
        )
    claim_queries = [
        q["sql"] for q in counted.captured_queries if "warranty_plugin_claim" in q["sql"]
    ]
    assert len(counted.captured_queries) - len(bare.captured_queries) == 1
    assert len(claim_queries) == 1 and "GROUP BY" in claim_queries[0]
