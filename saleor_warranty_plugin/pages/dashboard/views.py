"""The dashboard app's pages. Reads and actions run through the plugin's GraphQL schema as
the staff member the dashboard's token names (see base.py)."""

from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse

from ..router import page_path
from ..templates import render
from .base import dashboard_page, run, trigger

QUEUE_PAGE_SIZE = 25
OPEN_STATUSES = ["PENDING", "APPROVED", "RECEIVED"]
ALL_STATUSES = [*OPEN_STATUSES, "RESOLVED", "REJECTED", "CANCELLED", "EXPIRED"]
COUNTED = "{ totalCount }"

QUEUE = f"""
query Queue($first: Int, $after: String, $filter: ClaimFilterInput,
            $pending: ClaimFilterInput, $approved: ClaimFilterInput,
            $received: ClaimFilterInput, $overdue: ClaimFilterInput) {{
  page: claims(first: $first, after: $after, filter: $filter) {{
    totalCount pageInfo {{ hasNextPage endCursor }}
    edges {{ node {{ id number status reason orderId orderNumber channel createdAt dueAt
                    staffInitiated lines {{ quantity verdict }} }} }}
  }}
  pending: claims(first: 0, filter: $pending) {COUNTED}
  approved: claims(first: 0, filter: $approved) {COUNTED}
  received: claims(first: 0, filter: $received) {COUNTED}
  overdue: claims(first: 0, filter: $overdue) {COUNTED}
}}"""


def _channels() -> list[tuple[str, str]]:
    from saleor.channel.models import Channel

    return list(Channel.objects.order_by("name").values_list("slug", "name"))


def queue_filters(request: Any) -> dict[str, Any]:
    status = request.GET.get("status") or "OPEN"
    return {
        "status": status if status in [*ALL_STATUSES, "OPEN", "ALL"] else "OPEN",
        "overdue": request.GET.get("overdue") == "1",
        "channel": (request.GET.get("channel") or "").strip(),
        "q": (request.GET.get("q") or "").strip()[:100],
        "after": request.GET.get("after") or None,
    }


def _api_filter(filters: dict[str, Any], status: list[str] | None) -> dict[str, Any]:
    api: dict[str, Any] = {}
    if status:
        api["status"] = status
    if filters["channel"]:
        api["channel"] = filters["channel"]
    if filters["q"]:
        api["search"] = filters["q"]
    if filters["overdue"]:
        api["overdue"] = True
    return api


@dashboard_page("Returns & warranty")
def claims_queue(request: Any, context: Any) -> HttpResponse:
    filters = queue_filters(request)
    status = filters["status"]
    selected = OPEN_STATUSES if status == "OPEN" else ([] if status == "ALL" else [status])
    counting = {**filters, "overdue": False}
    data = run(
        context,
        QUEUE,
        {
            "first": QUEUE_PAGE_SIZE,
            "after": filters["after"],
            "filter": _api_filter(filters, selected),
            "pending": _api_filter(counting, ["PENDING"]),
            "approved": _api_filter(counting, ["APPROVED"]),
            "received": _api_filter(counting, ["RECEIVED"]),
            "overdue": _api_filter({**filters, "overdue": True}, OPEN_STATUSES),
        },
    )
    page = data["page"]
    base = {k: v for k, v in filters.items() if k != "after" and v}
    next_url = None
    if page["pageInfo"]["hasNextPage"]:
        next_url = _queue_url({**base, "after": page["pageInfo"]["endCursor"]})
    tabs = [
        {
            "status": s,
            "label": label,
            "count": count,
            "url": _queue_url({**base, "status": s}),
            "current": s == status,
        }
        for s, label, count in [
            ("OPEN", "Open", None),
            ("PENDING", "To review", data["pending"]["totalCount"]),
            ("APPROVED", "Awaiting goods", data["approved"]["totalCount"]),
            ("RECEIVED", "To resolve", data["received"]["totalCount"]),
            ("RESOLVED", "Resolved", None),
            ("REJECTED", "Rejected", None),
            ("CANCELLED", "Cancelled", None),
            ("EXPIRED", "Expired", None),
            ("ALL", "All", None),
        ]
    ]
    return render(
        "warranty/dashboard/queue.html",
        {
            "claims": [edge["node"] for edge in page["edges"]],
            "total": page["totalCount"],
            "overdue_count": data["overdue"]["totalCount"],
            "filters": filters,
            "tabs": tabs,
            "channels": _channels(),
            "next_url": next_url,
            "first_url": _queue_url(base) if filters["after"] else None,
            "queue_url": page_path("dashboard:claims"),
        },
        headers=trigger(**{"warranty:route": {"route": "/claims/"}}),
    )


def _queue_url(params: dict[str, Any]) -> str:
    clean = {k: ("1" if v is True else v) for k, v in params.items() if v}
    query = urlencode(clean)
    return page_path("dashboard:claims") + (f"?{query}" if query else "")


CLAIM = """
query Claim($id: ID!) {
  claim(id: $id) {
    id number status reason orderId orderNumber channel createdAt updatedAt policyVersion
    staffInitiated overridePolicy description preferredResolution dueAt handedTo
    externalReference externalDecision
    lines { id orderLineId quantity quantityReceived reason verdict
            findings { code message } serialNumber declaredConditions inspectedConditions
            missingAccessories restock }
    resolution { type status amount { amount currency }
                 breakdown { code label amount { amount currency } }
                 amountOverridden giftCardCode replacementOrderId returnFulfillmentId
                 repairStatus repairQuote { amount currency } error }
    events { type date message }
    evidence { id kind contentType size name url }
  }
}"""

ORDER_LINES = """
query OrderLines($order: ID!) {
  orderReturnEligibility(order: $order) {
    lines { orderLineId productName quantity quantityClaimable }
  }
}"""


def load_claim(context: Any, claim_id: str) -> dict[str, Any] | None:
    claim = run(context, CLAIM, {"id": claim_id})["claim"]
    if claim is None:
        return None
    eligibility = run(context, ORDER_LINES, {"order": claim["orderId"]})["orderReturnEligibility"]
    names = {line["orderLineId"]: line for line in (eligibility or {}).get("lines", [])}
    for line in claim["lines"]:
        line["product"] = names.get(line["orderLineId"], {}).get("productName", "")
    return claim


@dashboard_page("Claim")
def claim_page(request: Any, context: Any, claim_id: str) -> HttpResponse:
    claim = load_claim(context, claim_id)
    if claim is None:
        return render("warranty/dashboard/not_found.html", {"what": "claim"})
    return render(
        "warranty/dashboard/claim.html",
        {"claim": claim, "queue_url": page_path("dashboard:claims")},
        headers=trigger(**{"warranty:route": {"route": f"/claims/{claim_id}/"}}),
    )
