"""API answers turned into what the templates show, in plain, translated words."""

import json
from typing import Any

from django.utils.translation import gettext as _

from ...config import WarrantyConfig
from .forms import ClaimForm, line_field
from .words import (
    CONDITIONS,
    DECIDERS,
    EVENTS,
    PAYERS,
    REASONS,
    REPAIR_STATUSES,
    RESOLUTION_STATUSES,
    RESOLUTIONS,
    STATUSES,
    evidence_needed,
    format_date,
    format_datetime,
    format_money,
    word,
)

CANCELLABLE = {"PENDING", "APPROVED"}


def _option(option: dict) -> dict:
    verdict = option["verdict"]
    evidence = evidence_needed([r["anyOf"] for r in option["evidenceRequirements"]])
    refund = format_money(option.get("estimatedRefund"))
    deadline = format_date(option.get("deadline"))
    if verdict == "INELIGIBLE":
        headline = _("Not possible")
    elif deadline:
        headline = _("Possible until %(date)s") % {"date": deadline}
    else:
        headline = _("Possible")
    if verdict == "NEEDS_REVIEW":
        headline += " " + _("(the shop checks it first)")
    return {
        "reason": option["reason"],
        "label": word(REASONS, option["reason"]),
        "verdict": verdict,
        "eligible": verdict != "INELIGIBLE",
        "headline": headline,
        "why_not": [f["message"] for f in option["findings"]] if verdict == "INELIGIBLE" else [],
        "notes": [f["message"] for f in option["findings"]] if verdict == "NEEDS_REVIEW" else [],
        "evidence": _("You will need %(items)s.") % {"items": evidence} if evidence else "",
        "shipping": word(PAYERS, option.get("returnShippingPaidBy"))
        if verdict != "INELIGIBLE"
        else "",
        "refund": _("Estimated refund: %(amount)s per item.") % {"amount": refund}
        if refund and verdict != "INELIGIBLE"
        else "",
        "resolutions": option["resolutions"] if verdict != "INELIGIBLE" else [],
        "resolution_labels": " · ".join(word(RESOLUTIONS, r) for r in option["resolutions"])
        if verdict != "INELIGIBLE"
        else "",
        "decided_by": _("Decided by %(who)s.") % {"who": word(DECIDERS, option.get("decidedBy"))}
        if option.get("decidedBy") and option["decidedBy"] != "shop" and verdict != "INELIGIBLE"
        else "",
        "paid_repair": _("Repair is possible, at your cost.")
        if option.get("paidRepair") and verdict != "INELIGIBLE"
        else "",
    }


def order_view(eligibility: dict, order: dict, form: ClaimForm, config: WarrantyConfig) -> dict:
    saleor_lines = {line["id"]: line for line in order.get("lines") or []}
    # translated once: every line offers the same conditions
    condition_labels = [(code, str(label)) for code, label in CONDITIONS.items()]
    reasons: dict[str, str] = {}
    resolutions: dict[str, str] = {}
    lines = []
    for line in eligibility["lines"]:
        line_id = line["orderLineId"]
        extra = saleor_lines.get(line_id) or {}
        options = [_option(o) for o in line["options"]]
        for option in options:
            reasons.setdefault(option["reason"], option["label"])
            for r in option["resolutions"]:
                resolutions.setdefault(r, word(RESOLUTIONS, r))
        choice = form.line(line_id)
        claimable = line["quantityClaimable"]
        ok = {o["reason"]: o["resolutions"] for o in options if o["eligible"]}
        lines.append(
            {
                "id": line_id,
                "name": line["productName"],
                "variant": extra.get("variantName") or "",
                "thumbnail": (extra.get("thumbnail") or {}).get("url") or "",
                "price": format_money((extra.get("unitPrice") or {}).get("gross")),
                "quantity": line["quantity"],
                "claimable": claimable,
                "options": options,
                "open": claimable > 0 and bool(ok),
                "ok_json": json.dumps(ok),
                "choice": choice,
                "qty_field": line_field("qty", line_id),
                "serial_field": line_field("serial", line_id),
                "cond_field": line_field("cond", line_id),
                "conditions": [
                    {"code": code, "label": label, "checked": code in choice.conditions}
                    for code, label in condition_labels
                ],
                "errors": [
                    e.message
                    for e in form.errors
                    if e.field in (line_field("qty", line_id), line_field("serial", line_id))
                ],
                "serial_required": any(
                    "SERIAL_NUMBER" in o["requiredEvidence"] for o in line["options"]
                ),
            }
        )
    selected = [line for line in lines if line["choice"].selected]
    return {
        "id": eligibility["orderId"],
        "number": order.get("number") or "",
        "created": format_date(order.get("created")),
        "policy_name": eligibility["policy"]["name"],
        "channel": eligibility["policy"]["channel"],
        "lines": lines,
        "any_open": any(line["open"] for line in lines),
        "reasons": [{"code": c, "label": label} for c, label in reasons.items()],
        "resolutions": [{"code": c, "label": label} for c, label in resolutions.items()],
        "reason_label": word(REASONS, form.reason),
        "resolution_label": word(RESOLUTIONS, form.resolution)
        or _("Let the shop suggest the best option"),
        "selected": selected,
        "field_errors": _by_field(form),
    }


def _by_field(form: ClaimForm) -> dict[str, str]:
    """Each control's messages (several may belong to one, e.g. two kinds of evidence)."""
    messages: dict[str, list[str]] = {}
    for error in form.errors:
        messages.setdefault(error.field, []).append(error.message)
    return {name: " ".join(texts) for name, texts in messages.items()}


def _next_step(claim: dict, shop: dict) -> dict:
    status = claim["status"]
    resolution = claim.get("resolution") or {}
    due = format_date(claim.get("dueAt"))
    address = _address(shop.get("companyAddress"), shop.get("name") or "")
    step: dict[str, Any] = {"text": "", "address": [], "quote": None, "after": ""}
    repair = resolution.get("repairStatus")
    if repair == "QUOTED":
        quote = format_money(resolution.get("repairQuote"))
        step["text"] = _("The repair costs %(amount)s. Do you want it done?") % {"amount": quote}
        step["quote"] = {"amount": quote}
        return step
    if status == "PENDING":
        step["text"] = _(
            "The shop is looking at your request. You will get an email when it has decided. "
            "Please do not send anything yet."
        )
    elif status == "APPROVED":
        step["text"] = _(
            "Your request is approved. Pack the items, put the request number %(number)s on "
            "the parcel and send it to:"
        ) % {"number": claim["number"]}
        step["address"] = address
        if due:
            step["after"] = _("Please send it by %(date)s.") % {"date": due}
    elif status == "RECEIVED":
        step["text"] = _("We have your items and are checking them.")
        if due:
            step["text"] += " " + _("You will hear from us by %(date)s.") % {"date": due}
    elif status == "RESOLVED":
        kind = word(RESOLUTIONS, resolution.get("type"))
        state = word(RESOLUTION_STATUSES, resolution.get("status"))
        amount = format_money(resolution.get("amount"))
        step["text"] = _("Outcome: %(kind)s (%(state)s).") % {"kind": kind, "state": state}
        if amount:
            step["text"] += " " + _("Amount: %(amount)s.") % {"amount": amount}
        if repair:
            step["text"] += " " + word(REPAIR_STATUSES, repair)
    elif status == "REJECTED":
        step["text"] = _("The shop declined this request. The timeline below says why.")
    elif status == "CANCELLED":
        step["text"] = _("This request was cancelled. Nothing more is needed.")
    elif status == "EXPIRED":
        step["text"] = _("The items did not arrive in time. Contact the shop if you sent them.")
    return step


def _address(address: dict | None, shop_name: str) -> list[str]:
    if not address:
        return []
    country = (address.get("country") or {}).get("country") or ""
    city = " ".join(filter(None, [address.get("postalCode"), address.get("city")]))
    rows = [
        address.get("companyName") or shop_name,
        address.get("streetAddress1"),
        address.get("streetAddress2"),
        city,
        address.get("countryArea"),
        country,
    ]
    return [r for r in rows if r]


def _status_label(claim: dict) -> str:
    """The claim's status in the customer's words; a repair is resolved for the shop from
    the moment it is decided, but the customer follows its steps (a price waiting for their
    answer, being repaired, sent back)."""
    repair = (claim.get("resolution") or {}).get("repairStatus")
    if claim["status"] == "RESOLVED" and repair:
        return word(REPAIR_STATUSES, repair)
    return word(STATUSES, claim["status"])


def claim_view(claim: dict, order: dict, shop: dict) -> dict:
    names = {
        line["id"]: " — ".join(filter(None, [line.get("productName"), line.get("variantName")]))
        for line in order.get("lines") or []
    }
    return {
        "id": claim["id"],
        "number": claim["number"],
        "status": claim["status"],
        "status_label": _status_label(claim),
        "reason_label": word(REASONS, claim["reason"]),
        "created": format_date(claim["createdAt"]),
        "order_number": claim["orderNumber"],
        "description": claim["description"],
        "preferred": word(RESOLUTIONS, claim.get("preferredResolution")),
        "lines": [
            {
                "name": names.get(line["orderLineId"]) or "",
                "quantity": line["quantity"],
                "serial": line.get("serialNumber") or "",
                # each condition is a label of its own ("Seals are intact · In its original
                # packaging"), like the line's other parts: not joined into one sentence
                "conditions": " · ".join(word(CONDITIONS, c) for c in line["declaredConditions"]),
                "findings": [f["message"] for f in line["findings"]],
            }
            for line in claim["lines"]
        ],
        "events": [
            {
                "date": format_datetime(e["date"]),
                "iso": e["date"],
                "type": word(EVENTS, e["type"]),
                "message": "" if e["type"] == "CREATED" else e.get("message") or "",
            }
            for e in claim["events"]
        ],
        "evidence": claim["evidence"],
        "next": _next_step(claim, shop),
        "can_cancel": claim["status"] in CANCELLABLE,
    }


def orders_list(orders: list[dict]) -> list[dict]:
    return [
        {
            "id": o["id"],
            "number": o["number"],
            "created": format_date(o["created"]),
            "total": format_money((o.get("total") or {}).get("gross")),
        }
        for o in orders
    ]


def claims_list(claims: list[dict]) -> list[dict]:
    return [
        {
            "id": c["id"],
            "number": c["number"],
            "status": word(STATUSES, c["status"]),
            "created": format_date(c["createdAt"]),
        }
        for c in claims
    ]
