"""The dashboard app's pages. Reads and actions run through the plugin's GraphQL schema as
the staff member the dashboard's token names (see base.py)."""

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from django.http import HttpResponse
from django.utils import timezone

from ...policy import OPEN_CLAIM_STATUSES, ClaimStatus
from ..router import page_path
from ..templates import render
from .base import GraphQLFailure, dashboard_page, run, trigger

QUEUE_PAGE_SIZE = 25
OPEN_STATUSES = [s.value for s in ClaimStatus if s in OPEN_CLAIM_STATUSES]  # workflow order
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


ERRORS = "errors { field message code orderLines }"
MUTATIONS = {
    "approve": f"""mutation($id: ID!, $note: String) {{
        result: claimApprove(id: $id, note: $note) {{ {ERRORS} }} }}""",
    "reject": f"""mutation($id: ID!, $reason: String!) {{
        result: claimReject(id: $id, reason: $reason) {{ {ERRORS} }} }}""",
    "receive": f"""mutation($id: ID!, $lines: [ClaimLineReceiveInput!]!) {{
        result: claimReceive(id: $id, lines: $lines) {{ {ERRORS} }} }}""",
    "resolve": f"""mutation($id: ID!, $input: ClaimResolveInput!) {{
        result: claimResolve(id: $id, input: $input) {{ {ERRORS} }} }}""",
    "handover": f"""mutation($id: ID!, $to: ServiceProvider!, $reference: String) {{
        result: claimHandOver(id: $id, to: $to, reference: $reference) {{ {ERRORS} }} }}""",
    "decision": f"""mutation($id: ID!, $decision: ServiceDecision!, $note: String) {{
        result: claimRecordDecision(id: $id, decision: $decision, note: $note) {{ {ERRORS} }} }}""",
    "repair": f"""mutation($id: ID!, $status: RepairStatus!, $quote: Decimal, $note: String) {{
        result: claimRepairUpdate(id: $id, status: $status, quote: $quote, note: $note) {{
          {ERRORS} }} }}""",
}
DONE = {
    "approve": "Claim approved",
    "reject": "Claim rejected",
    "receive": "Goods received",
    "resolve": "Claim resolved",
    "handover": "Hand-over recorded",
    "decision": "Decision recorded",
    "repair": "Repair updated",
}
CONDITIONS = [
    "UNUSED", "USED", "ORIGINAL_PACKAGING", "PACKAGING_DAMAGED", "NO_PACKAGING",
    "ALL_ACCESSORIES", "MISSING_ACCESSORIES", "SEALS_INTACT", "SEALS_DAMAGED",
    "UNAUTHORIZED_REPAIR", "SOFTWARE_TAMPERED", "USER_DAMAGE", "NO_DEFECT_FOUND",
]  # fmt: skip
# what staff may do next with a repair (the customer answers a quote)
REPAIR_STEPS = {
    "IN_REPAIR": [("REPAIRED", "Repaired")],
    "AWAITING_QUOTE": [("QUOTED", "Quote a paid repair")],
    "QUOTE_ACCEPTED": [("REPAIRED", "Repaired")],
    "QUOTE_DECLINED": [("RETURNED", "Sent back unrepaired")],
    "REPAIRED": [("RETURNED", "Returned to the customer")],
}
RESOLUTION_TYPES = ["REFUND", "STORE_CREDIT", "REPLACEMENT", "EXCHANGE", "REPAIR"]


class FormError(Exception):
    """Input the page can tell is wrong before asking the API."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def whole_number(raw: str) -> int | None:
    """A quantity typed in a form: ASCII digits only (`²` and `१` are digits to Python, and
    `int` refuses more than 4,300 of them), at most nine."""
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 9 else None


def _text(form: Any, name: str) -> str | None:
    value = (form.get(name) or "").strip()
    return value or None


def _amount(form: Any, name: str) -> str | None:
    """An amount typed by staff (`12.50`), or None when left empty."""
    value = _text(form, name)
    if value is None:
        return None
    try:
        amount = Decimal(value) if len(value) <= 20 else None
    except InvalidOperation:
        amount = None
    if amount is None or not amount.is_finite() or amount < 0:
        raise FormError(name, "Enter an amount such as 12.50.")
    return value


def _receive_lines(form: Any, claim_id: str, context: Any) -> list[dict[str, Any]]:
    claim = run(context, CLAIM_LINES, {"id": claim_id})["claim"] or {"lines": []}
    lines = []
    for line in claim["lines"]:
        key = line["id"]
        raw = (form.get(f"quantity-{key}") or "0").strip()
        quantity = whole_number(raw)
        if quantity is None:
            raise FormError(f"quantity-{key}", "Enter a whole number.")
        if quantity > line["quantity"]:
            raise FormError(f"quantity-{key}", f"At most {line['quantity']}, the quantity claimed.")
        if quantity == 0:
            continue
        missing = [m.strip() for m in (form.get(f"missing-{key}") or "").split(",") if m.strip()]
        entry: dict[str, Any] = {
            "claimLine": key,
            "quantity": quantity,
            "conditions": form.getlist(f"conditions-{key}"),
            "missingAccessories": missing,
            "restock": form.get(f"restock-{key}") == "on",
        }
        if form.get(f"warehouse-{key}"):
            entry["warehouse"] = form.get(f"warehouse-{key}")
        lines.append(entry)
    return lines


def resolve_input(form: Any) -> dict[str, Any]:
    value: dict[str, Any] = {"type": form.get("type") or "REFUND"}
    if _amount(form, "amount") is not None:
        value["amount"] = _amount(form, "amount")
    if form.get("refundShipping") in ("yes", "no"):
        value["refundShipping"] = form.get("refundShipping") == "yes"
    if _text(form, "note"):
        value["note"] = _text(form, "note")
    if _text(form, "exchangeVariant"):
        value["exchangeVariant"] = _text(form, "exchangeVariant")
    if form.get("overridePolicy") == "on":
        value["overridePolicy"] = True
    return value


def action_variables(action: str, form: Any, claim_id: str, context: Any) -> dict[str, Any]:
    variables: dict[str, Any] = {"id": claim_id}
    if action == "approve":
        variables["note"] = _text(form, "note")
    elif action == "reject":
        if not _text(form, "reason"):
            raise FormError("reason", "Say why the claim is rejected: the customer is told.")
        variables["reason"] = _text(form, "reason")
    elif action == "receive":
        variables["lines"] = _receive_lines(form, claim_id, context)
        if not variables["lines"]:
            raise FormError("lines", "Enter the quantity received of at least one line.")
    elif action == "resolve":
        variables["input"] = resolve_input(form)
    elif action == "handover":
        variables.update(to=form.get("to"), reference=_text(form, "reference"))
    elif action == "decision":
        variables.update(decision=form.get("decision"), note=_text(form, "note"))
    elif action == "repair":
        variables.update(status=form.get("status"), quote=_amount(form, "quote"))
        variables["note"] = _text(form, "note")
    return variables


def perform(context: Any, action: str, form: Any, claim_id: str) -> list[dict[str, Any]]:
    """Run one claim action through the API; its errors (empty when it succeeded)."""
    if action not in MUTATIONS:
        return [{"field": None, "message": "Unknown action.", "code": "INVALID"}]
    try:
        variables = action_variables(action, form, claim_id, context)
    except FormError as error:
        return [{"field": error.field, "message": str(error), "code": "REQUIRED"}]
    try:
        data = run(context, MUTATIONS[action], variables)
    except GraphQLFailure as failure:  # input the schema refused
        return [refused(e) for e in failure.errors]
    return data["result"]["errors"]


VARIABLE = re.compile(r"\$(?:input\.)?(\w+)[^:\s]*: ")


def refused(error: dict[str, Any]) -> dict[str, Any]:
    """An error of the API's input checks (`$input.amount: expected ...`), by its field."""
    message = str(error.get("message") or "")
    match = VARIABLE.match(message)
    field = match[1] if match else None
    return {"field": field, "message": message[match.end():] if match else message,
            "code": "INVALID"}  # fmt: skip


# the fields each form shows its errors beside; others are listed at the top of the form
INLINE = {
    "reject": {"reason"},
    "receive": {"lines"},
    "resolve": {"type", "amount", "note"},
    "repair": {"quote", "status"},
    "handover": {"to", "reference"},
    "decision": {"decision"},
}


def errors_by_field(errors: list[dict[str, Any]], action: str = "") -> dict[str, Any]:
    inline = INLINE.get(action, set())
    fields: dict[str, Any] = {"all": []}
    for error in errors:
        field = error.get("field")
        if field and (field in inline or field.startswith(("quantity-", "missing-"))):
            fields.setdefault(field, []).append(error["message"])
        else:
            fields["all"].append(error["message"])
    return fields


CLAIM_LINES = "query($id: ID!) { claim(id: $id) { lines { id quantity } } }"


def _warehouses() -> list[tuple[str, str]]:
    import graphene
    from saleor.warehouse.models import Warehouse

    return [
        (graphene.Node.to_global_id("Warehouse", pk), name)
        for pk, name in Warehouse.objects.order_by("name").values_list("pk", "name")
    ]


@dashboard_page("Claim")
def claim_page(request: Any, context: Any, claim_id: str) -> HttpResponse:
    headers = trigger(**{"warranty:route": {"route": f"/claims/{claim_id}/"}})
    errors: dict[str, Any] = {}
    action = None
    if request.method == "POST":
        action = request.POST.get("action") or ""
        failed = perform(context, action, request.POST, claim_id)
        if failed:
            errors = {action: errors_by_field(failed, action)}
        else:
            headers = trigger(
                **{"warranty:notify": {"status": "success", "title": DONE.get(action, "Saved")}}
            )
    claim = load_claim(context, claim_id)
    if claim is None:
        return render("warranty/dashboard/not_found.html", {"what": "claim"})
    status = claim["status"]
    resolution = claim["resolution"] or {}
    receive_errors = errors.get("receive", {})
    refill = request.POST if "receive" in errors else None
    for line in claim["lines"]:  # the receipt form, as typed when it was refused
        key = line["id"]
        line["errors"] = {
            "quantity": receive_errors.get(f"quantity-{key}"),
            "missing": receive_errors.get(f"missing-{key}"),
        }
        line["form_quantity"] = refill.get(f"quantity-{key}") if refill else line["quantity"]
        line["form_missing"] = refill.get(f"missing-{key}", "") if refill else ""
        line["form_warehouse"] = refill.get(f"warehouse-{key}", "") if refill else ""
        line["form_restock"] = refill.get(f"restock-{key}") == "on" if refill else True
        line["form_conditions"] = (
            refill.getlist(f"conditions-{key}") if refill else line["declaredConditions"]
        )
    steps = REPAIR_STEPS.get(resolution.get("repairStatus") or "", [])
    return render(
        "warranty/dashboard/claim.html",
        {
            "claim": claim,
            "queue_url": page_path("dashboard:claims"),
            "claim_url": page_path("dashboard:claim", claim_id),
            "preview_url": page_path("dashboard:claim_preview", claim_id),
            "errors": errors,
            "form": request.POST if errors else {},
            "can": {
                "approve": status == "PENDING",
                "reject": status in OPEN_STATUSES,
                "receive": status == "APPROVED",
                "resolve": status in ("APPROVED", "RECEIVED"),
                "handover": status in ("APPROVED", "RECEIVED") and not claim["externalDecision"],
                "decision": status in ("APPROVED", "RECEIVED") and bool(claim["handedTo"]),
                "repair": resolution.get("type") == "REPAIR"
                and resolution.get("repairStatus") != "RETURNED",
                "quote": any(step == "QUOTED" for step, _ in steps),
            },
            "repair_steps": steps,
            "conditions": CONDITIONS,
            "resolution_types": RESOLUTION_TYPES,
            "warehouses": _warehouses() if status == "APPROVED" else [],
        },
        headers=headers,
    )


PREVIEW = """
query($id: ID!, $input: ClaimResolveInput!) {
  preview: claimResolutionPreview(id: $id, input: $input) {
    type allowed offered amount { amount currency } refundable { amount currency }
    fees { code label amount { amount currency } }
    breakdown { code label amount { amount currency } }
    errors { field message code orderLines }
  }
}"""


@dashboard_page("Preview")
def resolution_preview(request: Any, context: Any, claim_id: str) -> HttpResponse:
    try:
        preview = run(context, PREVIEW, {"id": claim_id, "input": resolve_input(request.GET)})[
            "preview"
        ]
        problem = None
    except FormError as error:
        preview, problem = None, str(error)
    except GraphQLFailure as failure:
        preview, problem = None, "; ".join(refused(e)["message"] for e in failure.errors)
    return render("warranty/dashboard/preview.html", {"preview": preview, "problem": problem})


ORDER_OVERVIEW = """
query($order: ID!, $claims: ClaimFilterInput) {
  eligibility: orderReturnEligibility(order: $order) {
    judgedByCurrentPolicy policy { name version }
    lines { orderLineId productName quantity quantityClaimable
            options { reason verdict deadline findings { code message } resolutions } }
  }
  claims(first: 50, filter: $claims) {
    edges { node { id number status reason createdAt dueAt } }
  }
}"""
REASONS = [
    "CHANGED_MIND", "DEAD_ON_ARRIVAL", "DEFECTIVE", "DAMAGED_IN_TRANSIT", "WRONG_ITEM_SENT",
    "NOT_AS_DESCRIBED",
]  # fmt: skip


def order_overview(context: Any, order_id: str) -> dict[str, Any]:
    data = run(context, ORDER_OVERVIEW, {"order": order_id, "claims": {"order": order_id}})
    return {
        "eligibility": data["eligibility"],
        "claims": [edge["node"] for edge in data["claims"]["edges"]],
    }


def _app_route(request: Any, route: str) -> str:
    """A path in the dashboard that opens one of this app's pages."""
    from .auth import our_app_id

    app_id = request.GET.get("id") or our_app_id() or ""
    return f"/extensions/app/{app_id}{route}"


@dashboard_page("Returns & warranty", kind="widget")
def order_widget(request: Any, context: Any) -> HttpResponse:
    order_id = request.GET.get("orderId") or ""
    overview = order_overview(context, order_id) if order_id else None
    if not overview or overview["eligibility"] is None:
        return render("warranty/dashboard/not_found.html", {"what": "order"})
    for claim in overview["claims"]:
        claim["route"] = _app_route(request, f"/claims/{claim['id']}/")
    for line in overview["eligibility"]["lines"]:
        line["groups"] = verdict_groups(line["options"])
    return render("warranty/dashboard/widget.html", overview)


def verdict_groups(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A line's options with the same verdict, deadline and findings as one entry listing
    its reasons (a line claimed in full says so once, not once per reason)."""
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for option in options:
        ineligible = option["verdict"] == "INELIGIBLE"
        messages = tuple(f["message"] for f in option["findings"]) if ineligible else ()
        deadline = None if ineligible else option["deadline"]
        key = (option["verdict"], deadline, messages)
        group = groups.setdefault(
            key,
            {"verdict": option["verdict"], "deadline": deadline, "findings": messages,
             "reasons": []},
        )  # fmt: skip
        group["reasons"].append(option["reason"])
    return list(groups.values())


CLAIM_CREATE = """
mutation($input: ClaimCreateInput!) {
  claimCreate(input: $input) { claim { id number status } errors { field message code orderLines } }
}"""


@dashboard_page("Open a claim", kind="popup")
def order_claim(request: Any, context: Any) -> HttpResponse:
    order_id = request.GET.get("orderId") or request.POST.get("order") or ""
    overview = order_overview(context, order_id) if order_id else None
    if not overview or overview["eligibility"] is None:
        return render("warranty/dashboard/not_found.html", {"what": "order"})
    lines = overview["eligibility"]["lines"]
    errors: dict[str, Any] = {}
    line_errors: dict[str, list[str]] = {}
    if request.method == "POST":
        form = request.POST
        chosen = []
        for line in lines:
            raw = (form.get(f"quantity-{line['orderLineId']}") or "0").strip()
            quantity = whole_number(raw) or 0
            if quantity:
                entry = {"orderLine": line["orderLineId"], "quantity": quantity}
                if _text(form, f"serial-{line['orderLineId']}"):
                    entry["serialNumber"] = _text(form, f"serial-{line['orderLineId']}")
                chosen.append(entry)
        failed: list[dict[str, Any]]
        if not chosen:
            failed = [
                {"field": "lines", "message": "Choose at least one item.", "code": "REQUIRED"}
            ]
        else:
            claim_input: dict[str, Any] = {
                "order": order_id,
                "reason": form.get("reason"),
                "lines": chosen,
                "overridePolicy": form.get("override") == "on",
            }
            if _text(form, "description"):
                claim_input["description"] = _text(form, "description")
            if form.get("preferredResolution"):
                claim_input["preferredResolution"] = form.get("preferredResolution")
            try:
                result = run(context, CLAIM_CREATE, {"input": claim_input})["claimCreate"]
                failed = result["errors"]
            except GraphQLFailure as failure:
                failed = [{"field": None, "message": str(failure), "code": "INVALID"}]
        if not failed:
            claim = result["claim"]
            return render(
                "warranty/dashboard/claim_created.html",
                {"claim": claim, "route": _app_route(request, f"/claims/{claim['id']}/")},
                headers=trigger(
                    **{
                        "warranty:notify": {
                            "status": "success",
                            "title": f"Claim {claim['number']} opened",
                        },
                        "warranty:refresh": True,
                    }
                ),
            )
        errors = errors_by_field(failed)
        for error in failed:
            for line_id in error.get("orderLines") or []:
                line_errors.setdefault(line_id, []).append(error["message"])
    for line in lines:
        line["errors"] = line_errors.get(line["orderLineId"], [])
    return render(
        "warranty/dashboard/order_claim.html",
        {
            "order_id": order_id,
            "lines": lines,
            "reasons": REASONS,
            "resolution_types": RESOLUTION_TYPES,
            "errors": errors,
            "form": request.POST,
            "url": page_path("dashboard:order_claim"),
        },
    )
