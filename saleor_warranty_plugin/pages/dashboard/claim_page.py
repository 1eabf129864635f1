"""The claim page and its actions (approve, reject, receive, resolve, hand over, record a
decision, update a repair), and the resolution preview beside its resolve form."""

from typing import Any

from django.http import HttpResponse

from ..router import page_path
from ..templates import render
from .base import GraphQLFailure, dashboard_page, run, trigger
from .common import (
    OPEN_STATUSES,
    RESOLUTION_TYPES,
    FormError,
    errors_by_field,
    form_amount,
    form_text,
    refused,
    whole_number,
)

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
    if form_amount(form, "amount") is not None:
        value["amount"] = form_amount(form, "amount")
    if form.get("refundShipping") in ("yes", "no"):
        value["refundShipping"] = form.get("refundShipping") == "yes"
    if form_text(form, "note"):
        value["note"] = form_text(form, "note")
    if form_text(form, "exchangeVariant"):
        value["exchangeVariant"] = form_text(form, "exchangeVariant")
    if form.get("overridePolicy") == "on":
        value["overridePolicy"] = True
    return value


def action_variables(action: str, form: Any, claim_id: str, context: Any) -> dict[str, Any]:
    variables: dict[str, Any] = {"id": claim_id}
    if action == "approve":
        variables["note"] = form_text(form, "note")
    elif action == "reject":
        if not form_text(form, "reason"):
            raise FormError("reason", "Say why the claim is rejected: the customer is told.")
        variables["reason"] = form_text(form, "reason")
    elif action == "receive":
        variables["lines"] = _receive_lines(form, claim_id, context)
        if not variables["lines"]:
            raise FormError("lines", "Enter the quantity received of at least one line.")
    elif action == "resolve":
        variables["input"] = resolve_input(form)
    elif action == "handover":
        variables.update(to=form.get("to"), reference=form_text(form, "reference"))
    elif action == "decision":
        variables.update(decision=form.get("decision"), note=form_text(form, "note"))
    elif action == "repair":
        variables.update(status=form.get("status"), quote=form_amount(form, "quote"))
        variables["note"] = form_text(form, "note")
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
