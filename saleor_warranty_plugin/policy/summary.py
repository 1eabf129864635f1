"""A plain-language summary of a policy, the kind a shop can publish next to its terms."""

from __future__ import annotations

from .compiled import REASON_LABELS, describe_window, humanize
from .enums import Decider, Payer, RefundMethods
from .policy import Policy
from .schema import Matcher, PolicyDocument, Reason

_DECIDERS = {
    Decider.SHOP: "the shop",
    Decider.LAB: "the shop's laboratory",
    Decider.MANUFACTURER: "the manufacturer",
    Decider.SERVICE_CENTER: "an authorised service centre",
}


def summarize(policy: Policy) -> str:
    """Paragraphs: what can be claimed and until when, warranty, exclusions, refunds."""
    doc = policy.model
    paragraphs = [
        f"{doc.name}" + (f" — {' '.join(doc.description.split())}" if doc.description else "")
    ]
    for reason, spec in doc.reasons.items():
        label = REASON_LABELS[reason].capitalize()
        if not spec.accepted:
            text = f"{label}: not accepted. {spec.message or ''}".strip()
        else:
            text = f"{label}: {_reason_text(doc, spec)}"
        paragraphs.append(text + _default_note(spec.shop_default))
    if doc.warranty is not None:
        paragraphs.append(_warranty_text(doc))
    exclusions = [
        _exclusion_text(doc, i) + _default_note(e.shop_default)
        for i, e in enumerate(doc.exclusions)
    ]
    if exclusions:
        paragraphs.append("Exceptions: " + " ".join(exclusions))
    paragraphs.append(_refund_text(doc))
    paragraphs.append(_claims_text(doc))
    return "\n\n".join(paragraphs)


SHOP_DEFAULT = "[Shop default, not in the policy text: {}]"


def _default_note(text: str | None) -> str:
    """How a rule the written policy does not state is marked wherever it is shown."""
    return " " + SHOP_DEFAULT.format(" ".join(text.split())) if text else ""


def _join(words: list[str], last: str = "and") -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + f" {last} " + words[-1]


def _reason_text(doc: PolicyDocument, spec: Reason) -> str:
    parts: list[str] = []
    when: list[str] = []
    if spec.before_dispatch_only:
        when.append("before the order is shipped (digital goods: before activation)")
    if spec.window is not None:
        when.append("within " + describe_window(spec.window))
    if spec.warranty:
        when.append("within the warranty period")
    parts.append("accepted " + " and ".join(when) + ".")
    if spec.conditions.require:
        parts.append(
            "The item must be: " + _join([humanize(c) for c in spec.conditions.require]) + "."
        )
    if spec.conditions.void:
        parts.append(
            "Not accepted when: " + _join([humanize(c) for c in spec.conditions.void], "or") + "."
        )
    evidence = [humanize(k) for k in spec.evidence.required]
    evidence += [" or ".join(humanize(k) for k in group) for group in spec.evidence.one_of]
    if spec.serial_required and "serial number" not in evidence:
        evidence.append("serial number")
    if evidence:
        text = "Please provide: " + _join(evidence) + "."
        if spec.evidence.optional:
            text += (
                " If applicable also: " + _join([humanize(k) for k in spec.evidence.optional]) + "."
            )
        parts.append(text)
    outcome = _join([humanize(r) for r in spec.resolutions], "or")
    order = "as you prefer" if spec.customer_chooses else "in this order of preference"
    parts.append(
        f"Outcome: {outcome} ({order}), decided by {_DECIDERS[spec.decided_by]}"
        + (" after inspection." if spec.conditions.inspection else ".")
    )
    if spec.needs_stock:
        stock = _join([humanize(r) for r in spec.needs_stock], "or")
        fallback = spec.out_of_stock
        text = f"{stock.capitalize()} only while in stock"
        if fallback and fallback.resolutions:
            text += "; otherwise " + _join([humanize(r) for r in fallback.resolutions], "or")
        if fallback and fallback.decided_by:
            text += f", decided by {_DECIDERS[fallback.decided_by]}"
        parts.append(text + ".")
    if spec.return_required:
        payer = "the shop" if spec.return_shipping is Payer.SHOP else "you"
        text = f"Return shipping is paid by {payer}"
        if spec.reimburse_return_shipping:
            text += " (refunded to you after the item arrives)"
        parts.append(text + ".")
    else:
        parts.append("Nothing needs to be sent back.")
    parts.append(
        "Original shipping is " + ("" if spec.refund_original_shipping else "not ") + "refunded."
    )
    fees = {fee.code: fee for fee in doc.refund.fees}
    for code in spec.fees:
        parts.append(f"A {fees[code].percent.normalize()}% {fees[code].label.lower()} is deducted.")
    if spec.charge_missing_accessories:
        parts.append("Missing accessories are charged.")
    for clock in spec.sla:
        length = f"{clock.days} days" if clock.days else f"{clock.working_days} working days"
        parts.append(
            f"{clock.name.capitalize()} within {length} of receiving the goods"
            + (" (when in stock)." if clock.in_stock_only else ".")
        )
    if spec.message:
        parts.append(spec.message)
    return " ".join(parts)


def _warranty_text(doc: PolicyDocument) -> str:
    warranty = doc.warranty
    assert warranty is not None
    text = f"Warranty: {describe_window(warranty.period)}"
    if warranty.product_months:
        text += ", or the period stated for the product"
    text += "." + _default_note(warranty.shop_default)
    for override in warranty.overrides:
        what = _matcher_text(doc, override.match).capitalize()
        text += f" {what}: {describe_window(override.period)}"
        if override.paid_repair_after_expiry is False:
            text += " (no paid repair)"
        text += "." + _default_note(override.shop_default)
    if warranty.paid_repair_after_expiry:
        text += (
            " After the warranty, or when it does not apply, we repair for a fee set case by case."
        )
    return text


def _matcher_text(doc: PolicyDocument, matcher: Matcher) -> str:
    words: list[str] = []
    for name in matcher.groups:
        words.append(name.replace("-", " "))
    words += [
        s.replace("-", " ")
        for s in (*matcher.slugs, *matcher.product_types, *matcher.categories, *matcher.products)
    ]
    if matcher.non_physical:
        words.append("non-physical goods")
    if matcher.activated:
        words.append("activated software")
    if matcher.gift_card:
        words.append("gift cards")
    if matcher.discounts:
        words.append("items bought with a " + _join([humanize(d) for d in matcher.discounts], "or"))
    return _join(words, "or")


def _exclusion_text(doc: PolicyDocument, index: int) -> str:
    exclusion = doc.exclusions[index]
    if exclusion.message:
        return exclusion.message
    what = _matcher_text(doc, exclusion.when).capitalize()
    if exclusion.removes is None:
        return f"{what} cannot be returned."
    return f"{what}: no " + _join([humanize(r) for r in exclusion.removes], "or") + "."


def _claims_text(doc: PolicyDocument) -> str:
    claims = doc.claims
    text = f"Once a claim is approved, send the goods within {claims.goods_due_days} days"
    if claims.reminder_after_days:
        text += f" (we remind you after {claims.reminder_after_days})"
    text += "; otherwise the claim expires." + _default_note(claims.shop_default)
    if claims.require_account:
        text += " Claims are filed from your account: please sign in first."
    return text


def _refund_text(doc: PolicyDocument) -> str:
    methods = {
        RefundMethods.ORIGINAL_PAYMENT: "Refunds go back to the original payment method.",
        RefundMethods.STORE_CREDIT: "Refunds are given as store credit.",
        RefundMethods.CUSTOMER_CHOICE: "Refunds go to the original payment method or, at your "
        "choice, to store credit.",
    }
    text = methods[doc.refund.methods] + _default_note(doc.refund.shop_default)
    text += " Refunds are based on the price you actually paid."
    charges = doc.refund.accessory_charges
    if charges is not None:
        if charges.default_percent is not None:
            text += (
                f" A missing accessory costs {charges.default_percent.normalize()}% of the price"
            )
            text += " unless priced individually."
        elif charges.default_amount is not None:
            text += (
                f" A missing accessory costs {charges.default_amount} unless priced individually."
            )
        text += _default_note(charges.shop_default)
    return text
