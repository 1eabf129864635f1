"""The claims queue: the claims page by page, tabs per status with their counts, filters
and sort orders."""

from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils import timezone

from ..router import page_path
from ..templates import render
from .base import dashboard_page, run, trigger
from .common import OPEN_STATUSES

QUEUE_PAGE_SIZE = 25
ALL_STATUSES = [*OPEN_STATUSES, "RESOLVED", "REJECTED", "CANCELLED", "EXPIRED"]
SORTS = {
    "due": ("Due date, overdue first", {"field": "DUE_DATE", "direction": "ASC"}),
    "newest": ("Newest first", {"field": "CREATED_AT", "direction": "DESC"}),
}

# The page of claims, and (one grouped count) how many open claims each status tab holds;
# a closed status's tab counts its own claims only when it is shown.
QUEUE = """
query Queue($first: Int, $after: String, $filter: ClaimFilterInput,
            $sortBy: ClaimSortingInput, $counting: ClaimFilterInput, $withTotal: Boolean!) {
  page: claims(first: $first, after: $after, filter: $filter, sortBy: $sortBy) {
    totalCount @include(if: $withTotal) pageInfo { hasNextPage endCursor }
    edges { node { id number status reason orderId orderNumber channel createdAt dueAt
                    staffInitiated lines { quantity verdict } } }
  }
  counts: claims(first: 0, filter: $counting) { statusCounts { status count overdue } }
}"""


def _channels() -> list[tuple[str, str]]:
    from saleor.channel.models import Channel

    return list(Channel.objects.order_by("name").values_list("slug", "name"))


def queue_filters(request: Any) -> dict[str, Any]:
    status = request.GET.get("status") or "OPEN"
    status = status if status in [*ALL_STATUSES, "OPEN", "ALL"] else "OPEN"
    # open work by due date; closed claims (and all of them) newest first, unless chosen
    sort = request.GET.get("sort") or ("due" if status in OPEN_TABS else "newest")
    return {
        "status": status,
        "overdue": request.GET.get("overdue") == "1",
        "channel": (request.GET.get("channel") or "").strip(),
        "q": (request.GET.get("q") or "").strip()[:100],
        "sort": sort if sort in SORTS else "due",
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


def _statuses(tab: str) -> list[str]:
    return OPEN_STATUSES if tab == "OPEN" else ([] if tab == "ALL" else [tab])


OPEN_TABS = ["OPEN", *OPEN_STATUSES]
TABS = [
    ("OPEN", "Open"), ("PENDING", "To review"), ("APPROVED", "Awaiting goods"),
    ("RECEIVED", "To resolve"), ("RESOLVED", "Resolved"), ("REJECTED", "Rejected"),
    ("CANCELLED", "Cancelled"), ("EXPIRED", "Expired"), ("ALL", "All"),
]  # fmt: skip


@dashboard_page("Returns & warranty")
def claims_queue(request: Any, context: Any) -> HttpResponse:
    filters = queue_filters(request)
    status = filters["status"]
    data = run(
        context,
        QUEUE,
        {
            "first": QUEUE_PAGE_SIZE,
            "after": filters["after"],
            "filter": _api_filter(filters, _statuses(status)),
            "sortBy": SORTS[filters["sort"]][1],
            # the open statuses, the other criteria as chosen (the tabs' counts)
            "counting": _api_filter({**filters, "overdue": False}, OPEN_STATUSES),
            "withTotal": status not in OPEN_TABS,
        },
    )
    page = data["page"]
    counts = {row["status"]: row for row in data["counts"]["statusCounts"]}
    measure = "overdue" if filters["overdue"] else "count"

    def tab_count(tab: str) -> int | None:
        if tab not in OPEN_TABS:
            return page["totalCount"] if tab == status else None
        return sum(counts[s][measure] for s in _statuses(tab))

    base = {k: v for k, v in filters.items() if k != "after" and v}
    next_url = None
    if page["pageInfo"]["hasNextPage"]:
        next_url = _queue_url({**base, "after": page["pageInfo"]["endCursor"]})
    tabs = [
        {
            "status": s,
            "label": label,
            "count": tab_count(s),
            "url": _queue_url({**base, "status": s, "sort": None}),  # each tab's own order
            "current": s == status,
        }
        for s, label in TABS
    ]
    return render(
        "warranty/dashboard/queue.html",
        {
            "claims": [_mark_overdue(edge["node"]) for edge in page["edges"]],
            "total": tab_count(status),
            "overdue_count": sum(counts[s]["overdue"] for s in OPEN_STATUSES),
            "filters": filters,
            "tabs": tabs,
            "sorts": [(key, label) for key, (label, _) in SORTS.items()],
            "channels": _channels(),
            "next_url": next_url,
            "first_url": _queue_url(base) if filters["after"] else None,
            "queue_url": page_path("dashboard:claims"),
        },
        headers=trigger(**{"warranty:route": {"route": "/claims/"}}),
    )


def _mark_overdue(claim: dict[str, Any]) -> dict[str, Any]:
    due = claim["dueAt"]  # ISO 8601 with offset, as the API answers
    late = bool(due) and datetime.fromisoformat(due) < timezone.now()
    claim["overdue"] = late and claim["status"] in OPEN_STATUSES
    return claim


def _queue_url(params: dict[str, Any]) -> str:
    clean = {k: ("1" if v is True else v) for k, v in params.items() if v}
    query = urlencode(clean)
    return page_path("dashboard:claims") + (f"?{query}" if query else "")
