"""schema.graphql in the repository is the schema the endpoint serves."""

from pathlib import Path

from saleor_warranty_plugin.graphql.schema import schema

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def test_schema_file_is_current():
    # regenerate: python -c "from saleor_warranty_plugin.graphql.schema import schema; print(schema)"
    assert SCHEMA_FILE.read_text() == str(schema) + "\n", "schema.graphql is stale: regenerate it"


def test_contract_names_are_present():
    # the contract's fields and arguments (graphene prints arguments alphabetically; `email`
    # on claim and claimCancel is an addition for guests)
    text = str(schema)
    for name in [
        "returnPolicy(channel: String!): ReturnPolicy",
        "returnPolicyPresets: [ReturnPolicyPreset!]!",
        "orderReturnEligibility(order: ID!, email: String): OrderReturnEligibility",
        "claim(id: ID!, email: String): Claim",
        "claimCreate(input: ClaimCreateInput!): ClaimPayload",
        "claimCancel(email: String, id: ID!): ClaimPayload",
        "claimApprove(id: ID!, note: String): ClaimPayload",
        "claimReject(id: ID!, reason: String!): ClaimPayload",
        "claimReceive(id: ID!, lines: [ClaimLineReceiveInput!]!): ClaimPayload",
        "claimResolve(id: ID!, input: ClaimResolveInput!): ClaimPayload",
        "fulfillmentMarkDelivered(deliveredAt: DateTime, fulfillment: ID!): FulfillmentDeliveredPayload",
        "returnPolicySet(channel: String!, preset: String, spec: JSONString): ReturnPolicyPayload",
    ]:
        assert name in text, name
