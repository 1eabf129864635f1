"""Builders and documents for resolution tests."""

from saleor.giftcard.models import GiftCard
from saleor.order.models import Fulfillment, Order, OrderGrantedRefund
from saleor.payment import TransactionKind
from saleor.warehouse.models import Stock

from saleor_warranty_plugin.models import Claim, ClaimEvidence, ClaimLine, ClaimResolution

from .helpers import ERRORS, gid

RESOLUTION_FIELDS = """
  resolution { type status amount { amount currency } amountOverridden
    fees { code label amount { amount currency } }
    breakdown { code label amount { amount currency } } giftCardCode replacementOrderId
    returnFulfillmentId repairStatus repairQuote { amount } error }
"""
CLAIM_RESOLVE = f"""
mutation($id: ID!, $input: ClaimResolveInput!) {{
  claimResolve(id: $id, input: $input) {{
    claim {{ id number status {RESOLUTION_FIELDS} }} {ERRORS} }} }}"""


def received_claim(
    order, policy, lines, reason="DEFECTIVE", status="RECEIVED", restock=False, photo=True
):
    """A claim as staff would have it after reception: `lines` are (order line, quantity);
    with `photo`, sent with the photo the presets ask for."""
    number = f"{order.number}-R{Claim.objects.filter(order=order).count() + 1}"
    claim = Claim.objects.create(
        number=number,
        order=order,
        channel_id=order.channel_id,
        order_number=order.number,
        user=order.user,
        user_email=order.user_email,
        search_text=number.lower(),
        status=status,
        reason=reason,
        policy=policy,
        policy_version=policy.version,
        description="It stopped working",
    )
    for line, quantity in lines:
        ClaimLine.objects.create(
            claim=claim,
            order_line=line,
            quantity=quantity,
            quantity_received=quantity if status == "RECEIVED" else 0,
            reason=reason,
            verdict="ELIGIBLE",
            serial_number="SN-1",
            declared_conditions=["SEALS_INTACT", "ORIGINAL_PACKAGING"],
            inspected_conditions=["SEALS_INTACT", "ORIGINAL_PACKAGING"]
            if status == "RECEIVED"
            else None,
            restock=restock,
        )
    return with_photo(claim) if photo else claim


def out_of_warranty_claim(order, channel):
    """repair-parts-shop: "We provide post-warranty repair ... Price of the repairs is set for
    each case individually." A received claim for an item bought 400 days ago, which staff
    accepted for a paid repair (the policy overridden)."""
    from datetime import timedelta

    from django.utils import timezone

    from .helpers import set_policy

    policy = set_policy(channel, "repair-parts-shop")
    order.created_at = timezone.now() - timedelta(days=400)
    order.save(update_fields=["created_at"])
    order.fulfillments.update(created_at=timezone.now() - timedelta(days=399))
    claim = received_claim(order, policy, [(first_line(order), 1)])
    claim.override_policy = True
    claim.save(update_fields=["override_policy"])
    return claim


def with_photo(claim):
    """The claim as sent with a photo (of the item, its package and the receipt): the
    evidence the presets ask for, so the policy's verdict turns on the goods alone."""
    ClaimEvidence.objects.create(
        claim=claim,
        file=f"warranty/evidence/{claim.number}.jpg",
        kind="image",
        content_type="image/jpeg",
        size=1,
        original_name="photo.jpg",
    )
    return claim


def resolve(client, claim, **input_):
    response = client.post_graphql(CLAIM_RESOLVE, {"id": gid("Claim", claim.pk), "input": input_})
    content = response.json()
    assert "errors" not in content, content
    return content["data"]["claimResolve"]


PREVIEW = f"""query($id: ID!, $input: ClaimResolveInput!) {{
  claimResolutionPreview(id: $id, input: $input) {{
    type allowed amount {{ amount }} fees {{ code amount {{ amount }} }}
    breakdown {{ code amount {{ amount }} }} offered {ERRORS} }} }}"""


def first_line(order):
    return order.lines.order_by("created_at", "pk").first()


def on_sale(line, list_price=None):
    """The line as bought below its list price (a catalogue sale)."""
    line.undiscounted_unit_price_gross_amount = list_price or line.unit_price_gross_amount + 5
    line.save(update_fields=["undiscounted_unit_price_gross_amount"])
    return line


def inspected(claim, *conditions):
    ClaimLine.objects.filter(claim=claim).update(inspected_conditions=sorted(conditions))
    return claim


def saleor_rows(order) -> dict:
    """Everything a resolution moves in Saleor: money, credit, goods and stock."""
    return {
        "refunds": sum(
            p.transactions.filter(kind=TransactionKind.REFUND).count() for p in order.payments.all()
        ),
        "granted": OrderGrantedRefund.objects.filter(order=order).count(),
        "gift_cards": GiftCard.objects.count(),
        "replacements": Order.objects.filter(original=order).count(),
        "returns": Fulfillment.objects.filter(order=order).exclude(status="fulfilled").count(),
        "stock": sorted(Stock.objects.values_list("pk", "quantity", "quantity_allocated")),
        "resolutions": ClaimResolution.objects.filter(claim__order=order).count(),
    }


def preview(client, claim, **input_):
    content = client.post_graphql(PREVIEW, {"id": gid("Claim", claim.pk), "input": input_}).json()
    assert "errors" not in content, content
    return content["data"]["claimResolutionPreview"]
