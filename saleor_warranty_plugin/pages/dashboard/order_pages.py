"""The pages on an order in Saleor's dashboard: the widget (what each line may still claim,
and the order's claims) and the popup that opens a claim for the order."""

from typing import Any

from django.http import HttpResponse

from ..router import page_path
from ..templates import render
from .base import GraphQLFailure, dashboard_page, run, trigger
from .common import RESOLUTION_TYPES, errors_by_field, form_text, whole_number

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
                if form_text(form, f"serial-{line['orderLineId']}"):
                    entry["serialNumber"] = form_text(form, f"serial-{line['orderLineId']}")
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
            if form_text(form, "description"):
                claim_input["description"] = form_text(form, "description")
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
