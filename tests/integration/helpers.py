"""GraphQL documents and small builders shared by the integration tests."""

import graphene

CLAIM_FIELDS = """
  id number status reason orderId policyVersion staffInitiated overridePolicy createdAt
  lines { id orderLineId quantity quantityReceived reason verdict
          findings { code message } serialNumber inspectedConditions missingAccessories restock }
  events { type date message }
  evidence { kind contentType size name }
"""
ERRORS = "errors { field message code orderLines }"

RETURN_POLICY_SET = f"""
mutation($channel: String!, $preset: String, $spec: JSONString) {{
  returnPolicySet(channel: $channel, preset: $preset, spec: $spec) {{
    policy {{ id name version channel summary spec }} {ERRORS}
  }}
}}"""

ELIGIBILITY = """
query($order: ID!, $email: String) {
  orderReturnEligibility(order: $order, email: $email) {
    orderId judgedByCurrentPolicy policy { version name }
    lines { orderLineId productName quantity quantityClaimable
      options { reason verdict findings { code message } deadline resolutions
                requiredEvidence estimatedRefund { amount currency } } }
  }
}"""

CLAIM_CREATE = f"""
mutation($input: ClaimCreateInput!) {{
  claimCreate(input: $input) {{ claim {{ {CLAIM_FIELDS} }} {ERRORS} }}
}}"""

CLAIM_APPROVE = f"""mutation($id: ID!, $note: String) {{
  claimApprove(id: $id, note: $note) {{ claim {{ {CLAIM_FIELDS} }} {ERRORS} }} }}"""
CLAIM_REJECT = f"""mutation($id: ID!, $reason: String!) {{
  claimReject(id: $id, reason: $reason) {{ claim {{ {CLAIM_FIELDS} }} {ERRORS} }} }}"""
CLAIM_CANCEL = f"""mutation($id: ID!, $email: String) {{
  claimCancel(id: $id, email: $email) {{ claim {{ {CLAIM_FIELDS} }} {ERRORS} }} }}"""
CLAIM_RECEIVE = f"""mutation($id: ID!, $lines: [ClaimLineReceiveInput!]!) {{
  claimReceive(id: $id, lines: $lines) {{ claim {{ {CLAIM_FIELDS} }} {ERRORS} }} }}"""
CLAIM = f"""query($id: ID!, $email: String) {{
  claim(id: $id, email: $email) {{ {CLAIM_FIELDS} }} }}"""
CLAIMS = """query($first: Int, $after: String, $filter: ClaimFilterInput) {
  claims(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node { id number status orderId } } } }"""
MARK_DELIVERED = f"""mutation($fulfillment: ID!, $deliveredAt: DateTime) {{
  fulfillmentMarkDelivered(fulfillment: $fulfillment, deliveredAt: $deliveredAt) {{
    deliveredAt {ERRORS} }} }}"""


def gid(type_name: str, pk) -> str:
    return graphene.Node.to_global_id(type_name, pk)


def set_policy(channel, preset: str):
    """Store a preset as the channel's policy, as staff would through the API."""
    from saleor_warranty_plugin.policies import set_policy as store
    from saleor_warranty_plugin.policy import preset_document

    return store(channel, preset_document(preset), preset=preset)


def claim_input(order, lines, reason="CHANGED_MIND", **extra) -> dict:
    return {
        "order": gid("Order", order.pk),
        "reason": reason,
        "lines": [
            {"orderLine": gid("OrderLine", line.pk), "quantity": quantity, **line_extra}
            for line, quantity, line_extra in (
                (item if len(item) == 3 else (*item, {})) for item in lines
            )
        ],
        **extra,
    }
