"""The plugin endpoint inside real Saleor: installation, transport, authentication, limits."""

import json
from datetime import timedelta

import jwt
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from saleor.core.jwt import JWT_ACCESS_TYPE, jwt_encode, jwt_user_payload
from saleor.graphql.tests.fixtures import ApiClient
from saleor.plugins.models import PluginConfiguration

from saleor_warranty_plugin import __version__
from saleor_warranty_plugin.graphql.limits import MAX_DEPTH, MAX_QUERY_LENGTH

from .fixtures import WARRANTY_API_PATH, data_of, warranty_client

PLUGIN_INFO = "{ pluginInfo { id version requestor } }"


def requestor_of(client) -> str:
    return data_of(client.post_graphql(PLUGIN_INFO))["pluginInfo"]["requestor"]


def test_saleor_plugins_query_lists_the_plugin(staff_api_client, permission_manage_plugins):
    # given a staff member who may manage plugins, on Saleor's own API
    staff_api_client.user.user_permissions.add(permission_manage_plugins)
    query = """
      query { plugins(first: 100) { edges { node { id name description
        globalConfiguration { active configuration { name value type label helpText } } } } } }
    """
    # when
    response = staff_api_client.post_graphql(query)
    # then the warranty plugin is listed, global, active, with its configuration fields
    nodes = [e["node"] for e in data_of(response)["plugins"]["edges"]]
    plugin = next(n for n in nodes if n["id"] == "saleor.warranty")
    assert plugin["name"] == "Returns & warranty"
    config = {c["name"]: c for c in plugin["globalConfiguration"]["configuration"]}
    assert plugin["globalConfiguration"]["active"] is True
    assert config["native_return_mode"]["value"] == "observe"
    assert config["transit_allowance_days"]["value"] == "7"
    assert config["transit_allowance_days"]["label"]


def test_plugin_info_anonymous(anonymous_warranty_client):
    data = data_of(anonymous_warranty_client.post_graphql(PLUGIN_INFO))
    assert data["pluginInfo"] == {
        "id": "saleor.warranty",
        "version": __version__,
        "requestor": "ANONYMOUS",
    }


def test_requestor_kinds(
    customer_warranty_client,
    staff_warranty_client,
    staff_without_orders_warranty_client,
    app_warranty_client,
):
    assert requestor_of(customer_warranty_client) == "CUSTOMER"
    assert requestor_of(staff_warranty_client) == "STAFF"
    assert requestor_of(staff_without_orders_warranty_client) == "STAFF"
    assert requestor_of(app_warranty_client) == "APP"


def _post_with_header(header: str):
    return Client().post(
        WARRANTY_API_PATH,
        json.dumps({"query": PLUGIN_INFO}),
        content_type="application/json",
        HTTP_AUTHORIZATION=header,
    )


def test_expired_token_is_an_authentication_error(customer_user):
    payload = jwt_user_payload(customer_user, JWT_ACCESS_TYPE, timedelta(seconds=1))
    payload["exp"] = timezone.now() - timedelta(minutes=5)
    payload["iat"] = timezone.now() - timedelta(minutes=10)
    response = _post_with_header(f"JWT {jwt_encode(payload)}")
    assert response.status_code == 401
    error = response.json()["errors"][0]
    assert error["extensions"]["exception"]["code"] == "ExpiredSignatureError"


def test_forged_token_is_an_authentication_error(customer_user):
    # a token that claims to be Saleor's but is signed with another key
    payload = jwt_user_payload(customer_user, JWT_ACCESS_TYPE, timedelta(minutes=5))
    forged = jwt.encode(payload, "not-the-shop-key-but-long-enough-for-hs256", algorithm="HS256")
    response = _post_with_header(f"JWT {forged}")
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["exception"]["code"]


def test_revoked_token_is_an_authentication_error(customer_user):
    client = warranty_client(user=customer_user)
    client.ensure_access_token()
    # when the customer logs out everywhere (Saleor rotates the token key)
    customer_user.jwt_token_key = "rotated"
    customer_user.save(update_fields=["jwt_token_key"])
    response = client.post_graphql(PLUGIN_INFO)
    assert response.status_code == 401
    assert response.json()["errors"][0]["extensions"]["exception"]["code"] == "InvalidTokenError"


def test_deactivated_user_token_is_rejected(customer_user):
    client = warranty_client(user=customer_user)
    client.ensure_access_token()
    customer_user.is_active = False
    customer_user.save(update_fields=["is_active"])
    assert client.post_graphql(PLUGIN_INFO).status_code == 401


@pytest.mark.parametrize(
    "header", ["Bearer " + "x" * 30, "Bearer not-a-token", "JWT a.b.c", "Bearer " + "y" * 200]
)
def test_unknown_tokens_are_authentication_errors(header):
    response = _post_with_header(header)
    assert response.status_code == 401
    assert response.json()["errors"][0]["message"]


def test_removed_app_token_is_rejected(app):
    client = warranty_client(app=app)
    app.tokens.all().delete()
    assert client.post_graphql(PLUGIN_INFO).status_code == 401


def test_inactive_app_is_rejected(app):
    client = warranty_client(app=app)
    app.is_active = False
    app.save(update_fields=["is_active"])
    assert client.post_graphql(PLUGIN_INFO).status_code == 401


@pytest.mark.parametrize("method", ["get", "put", "patch", "delete"])
def test_other_methods_are_not_allowed(method):
    response = getattr(Client(), method)(WARRANTY_API_PATH)
    assert response.status_code == 405
    assert response["Allow"] == "POST"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{not json", 400),
        ('"a string"', 400),
        ("[]", 400),
        ('{"query": 5}', 400),
        ('{"query": "{ pluginInfo { version } }", "variables": [1]}', 400),
    ],
)
def test_malformed_requests_get_graphql_shaped_errors(body, status):
    response = Client().post(WARRANTY_API_PATH, body, content_type="application/json")
    assert response.status_code == status
    assert response.json()["errors"][0]["message"]


def test_syntax_error_is_reported():
    response = warranty_client().post_graphql("{ pluginInfo { ")
    assert response.status_code == 400
    assert "Syntax Error" in response.json()["errors"][0]["message"]


def test_unknown_field_is_a_validation_error():
    response = warranty_client().post_graphql("{ nothingHere }")
    assert response.status_code == 400
    assert "nothingHere" in response.json()["errors"][0]["message"]


def test_depth_limit_counts_real_fields_and_fragments():
    from graphql import parse

    from saleor_warranty_plugin.graphql.limits import check_document

    def nested(depth: int) -> str:
        return "a { " * depth + "b" + " }" * depth

    assert check_document(parse("{ " + nested(MAX_DEPTH + 1) + " }"))
    assert not check_document(parse("{ " + nested(MAX_DEPTH - 1) + " }"))
    # depth reached through a fragment counts too; a cyclic fragment is refused, not followed
    via_fragment = "{ x { ...F } } fragment F on T { " + nested(MAX_DEPTH) + " }"
    assert check_document(parse(via_fragment))
    cyclic = check_document(parse("{ x { ...F } } fragment F on T { y { ...F } }"))
    assert [e.extensions["code"] for e in cyclic] == ["FRAGMENT_CYCLE"]


def test_field_count_limit():
    query = "{ " + " ".join(f"a{i}: pluginInfo {{ id }}" for i in range(300)) + " }"
    response = warranty_client().post_graphql(query)
    assert response.status_code == 400
    assert "too many fields" in response.json()["errors"][0]["message"]


def test_query_size_limit():
    query = "{ pluginInfo { id } }" + " " * MAX_QUERY_LENGTH
    response = warranty_client().post_graphql(query)
    assert response.status_code == 413


def test_introspection_works():
    from graphql.utils.introspection_query import introspection_query

    data = data_of(warranty_client().post_graphql(introspection_query))
    names = {t["name"] for t in data["__schema"]["types"]}
    assert {"Query", "PluginInfo"} <= names


def test_multipart_request_is_accepted():
    client = ApiClient(api_path=WARRANTY_API_PATH)
    operations = json.dumps({"query": PLUGIN_INFO, "variables": {"file": None}})
    response = client.post_multipart(
        {
            "operations": operations,
            "map": json.dumps({"0": ["variables.file"]}),
            "0": SimpleUploadedFile("a.txt", b"hello", content_type="text/plain"),
        }
    )
    assert response.status_code == 200
    assert response.json()["data"]["pluginInfo"]["requestor"] == "ANONYMOUS"


@pytest.mark.parametrize(
    "file_map", ['{"0": ["variables.missing.deep"]}', '{"1": ["variables.file"]}', '["x"]']
)
def test_multipart_with_bad_map_is_rejected(file_map):
    client = ApiClient(api_path=WARRANTY_API_PATH)
    response = client.post_multipart(
        {
            "operations": json.dumps({"query": PLUGIN_INFO, "variables": {"file": None}}),
            "map": file_map,
            "0": SimpleUploadedFile("a.txt", b"hello", content_type="text/plain"),
        }
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"]


def test_inactive_plugin_serves_nothing():
    PluginConfiguration.objects.filter(identifier="saleor.warranty").update(active=False)
    response = warranty_client().post_graphql(PLUGIN_INFO)
    assert response.status_code == 404


def test_unknown_plugin_path_is_not_found():
    response = Client().post("/plugins/global/saleor.warranty/elsewhere/", "{}", "application/json")
    assert response.status_code == 404


UPDATE = """
  mutation($input: PluginUpdateInput!) {
    pluginUpdate(id: "saleor.warranty", input: $input) {
      plugin { globalConfiguration { configuration { name value } } }
      errors { field message code }
    }
  }
"""


def test_configuration_is_validated_on_save(staff_api_client, permission_manage_plugins):
    staff_api_client.user.user_permissions.add(permission_manage_plugins)
    bad = {
        "configuration": [
            {"name": "transit_allowance_days", "value": "ten"},
            {"name": "native_return_mode", "value": "sometimes"},
        ]
    }
    errors = data_of(staff_api_client.post_graphql(UPDATE, {"input": bad}))["pluginUpdate"][
        "errors"
    ]
    assert {e["field"] for e in errors} == {"transitAllowanceDays", "nativeReturnMode"}
    assert all(e["code"] == "INVALID" for e in errors)
    stored = PluginConfiguration.objects.get(identifier="saleor.warranty").configuration
    assert {c["name"]: c["value"] for c in stored}["transit_allowance_days"] == "7"

    good = {"configuration": [{"name": "transit_allowance_days", "value": "10"}]}
    payload = data_of(staff_api_client.post_graphql(UPDATE, {"input": good}))["pluginUpdate"]
    assert payload["errors"] == []
    values = {
        c["name"]: c["value"] for c in payload["plugin"]["globalConfiguration"]["configuration"]
    }
    assert values["transit_allowance_days"] == "10"
