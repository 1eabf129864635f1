"""Builders and documents for resolution tests."""

from saleor_warranty_plugin.models import Claim, ClaimLine

from .helpers import ERRORS, gid

RESOLUTION_FIELDS = """
  resolution { type status amount { amount currency } amountOverridden
    fees { code label amount { amount currency } } giftCardCode replacementOrderId
    returnFulfillmentId repairStatus repairQuote { amount } error }
"""
CLAIM_RESOLVE = f"""
mutation($id: ID!, $input: ClaimResolveInput!) {{
  claimResolve(id: $id, input: $input) {{
    claim {{ id number status {RESOLUTION_FIELDS} }} {ERRORS} }} }}"""


def received_claim(order, policy, lines, reason="DEFECTIVE", status="RECEIVED", restock=False):
    """A claim as staff would have it after reception: `lines` are (order line, quantity)."""
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
    return claim


def resolve(client, claim, **input_):
    response = client.post_graphql(CLAIM_RESOLVE, {"id": gid("Claim", claim.pk), "input": input_})
    content = response.json()
    assert "errors" not in content, content
    return content["data"]["claimResolve"]
