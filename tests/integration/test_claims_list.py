"""`claim` and `claims`: who sees what, filters, search, cursor pagination, totalCount."""

import pytest
from saleor.account.models import Group

from saleor_warranty_plugin.models import Claim

from .fixtures import data_of, warranty_client
from .helpers import CLAIM, CLAIMS, gid, set_policy


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
