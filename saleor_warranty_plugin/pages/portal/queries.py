"""The GraphQL documents the portal sends: the plugin's API and Saleor's own."""

ELIGIBILITY = """
query PortalEligibility($order: ID!, $email: String) {
  orderReturnEligibility(order: $order, email: $email) {
    orderId judgedByCurrentPolicy policy { name version channel }
    lines { orderLineId productName quantity quantityClaimable
      options { reason verdict findings { code message } deadline resolutions requiredEvidence
        evidenceRequirements { anyOf }
        estimatedRefund { amount currency } returnShippingPaidBy paidRepair decidedBy
        needsInspection } }
  }
}"""

CLAIM_FIELDS = """
  id number status reason orderId orderNumber channel createdAt updatedAt dueAt description
  preferredResolution staffInitiated handedTo
  lines { id orderLineId quantity quantityReceived reason verdict findings { code message }
          serialNumber declaredConditions }
  resolution { type status amount { amount currency } repairStatus
               repairQuote { amount currency } giftCardCode }
  events { type date message }
  evidence { kind name url contentType }
"""

CLAIM = f"""query PortalClaim($id: ID!, $email: String) {{
  claim(id: $id, email: $email) {{ {CLAIM_FIELDS} }} }}"""

CLAIM_CREATE = """mutation PortalClaimCreate($input: ClaimCreateInput!) {
  claimCreate(input: $input) { claim { id number }
    errors { field message code orderLines } } }"""

CLAIM_CANCEL = """mutation PortalClaimCancel($id: ID!, $email: String) {
  claimCancel(id: $id, email: $email) { claim { id status } errors { field message code } } }"""

QUOTE_ANSWER = """mutation PortalQuoteAnswer($id: ID!, $accept: Boolean!, $email: String) {
  claimRepairQuoteAnswer(id: $id, accept: $accept, email: $email) {
    claim { id } errors { field message code } } }"""

CLAIMS = """query PortalClaims { claims(first: 20) {
  edges { node { id number status orderNumber createdAt } } } }"""

RETURN_POLICY = """query PortalPolicy($channel: String!) {
  returnPolicy(channel: $channel) { name version channel summary merchantReturnPolicy } }"""

WHO = "query PortalWho { pluginInfo { requestor } }"

# Saleor's own API.
TOKEN_CREATE = """mutation PortalTokenCreate($email: String!, $password: String!) {
  tokenCreate(email: $email, password: $password) {
    token refreshToken user { email } errors { field code message } } }"""

TOKEN_REFRESH = """mutation PortalTokenRefresh($refreshToken: String!) {
  tokenRefresh(refreshToken: $refreshToken) { token errors { code message } } }"""

ME = """query PortalMe { me { email orders(first: 20) { edges { node {
  id number created status total { gross { amount currency } } } } } } }"""

ME_EMAIL = "query PortalMeEmail { me { email } }"

ORDER = """query PortalOrder($id: ID!) { order(id: $id) { id number created channel { slug }
  lines { id productName variantName productSku thumbnail(size: 128) { url alt }
          unitPrice { gross { amount currency } } } } }"""

SHOP = """query PortalShop { shop { name companyAddress { companyName streetAddress1
  streetAddress2 postalCode city countryArea country { country } } } }"""
