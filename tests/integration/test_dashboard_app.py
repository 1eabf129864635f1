"""The dashboard app: manifest, install command, Saleor's view of the extensions, and the
token checks of its pages."""

import datetime
from io import StringIO

import graphene
import pytest
from django.core.management import call_command
from django.test import Client
from saleor.app.manifest_validations import clean_manifest_data
from saleor.app.models import App, AppExtension

from saleor_warranty_plugin.pages.dashboard.install import install, installed_app
from saleor_warranty_plugin.pages.dashboard.manifest import APP_IDENTIFIER, build_manifest
from saleor_warranty_plugin.pages.router import PREFIX
from saleor_warranty_plugin.pages.static import content_hash

pytestmark = pytest.mark.compare_executors

BASE = f"https://shop.example.com{PREFIX}/"
MOUNTS = {
    ("navigation_orders", "app_page", "/claims/"),
    ("navigation_orders", "app_page", "/policy/"),
    ("order_details_widgets", "widget", f"{BASE}dashboard/orders/widget/"),
    ("order_details_more_actions", "popup", f"{BASE}dashboard/orders/claim/"),
}


def rows():
    return {
        (e.mount, e.target, e.url)
        for e in AppExtension.objects.filter(app__identifier=APP_IDENTIFIER)
    }


def test_manifest_passes_saleors_validation():
    manifest = build_manifest(BASE)
    clean_manifest_data(manifest, raise_for_saleor_version=True)  # raises when invalid
    assert {(e["mount"], e["target"]) for e in manifest["extensions"]} == {
        (mount, target) for mount, target, _ in MOUNTS
    }
    assert {p.codename for p in manifest["permissions"]} == {
        "manage_orders",
        "handle_payments",
        "manage_gift_card",
        "manage_settings",
    }


def test_manifest_is_served_for_installs_by_url():
    response = Client().get(f"{PREFIX}/app/manifest")
    assert response.status_code == 200
    manifest = response.json()
    assert manifest["id"] == APP_IDENTIFIER
    assert manifest["appUrl"] == f"http://testserver{PREFIX}/dashboard/"
    clean_manifest_data(manifest, raise_for_saleor_version=True)


def test_command_installs_then_upgrades_in_place_then_uninstalls():
    out = StringIO()
    call_command(
        "warranty_dashboard_install", "--public-url", "https://shop.example.com", stdout=out
    )
    assert "Installed" in out.getvalue()
    app = installed_app()
    assert app.type == "thirdparty" and app.is_active and app.is_installed
    assert app.app_url == f"{BASE}dashboard/"
    assert rows() == MOUNTS  # stored lower-case, as Saleor's filters expect
    first_extension_ids = set(app.extensions.values_list("pk", flat=True))

    # an older version was installed: re-running upgrades the same app
    App.objects.filter(pk=app.pk).update(version="0.0.1", name="old")
    AppExtension.objects.filter(app=app).first().delete()
    out = StringIO()
    call_command(
        "warranty_dashboard_install", "--public-url", "https://shop.example.com", stdout=out
    )
    assert "Upgraded" in out.getvalue()
    assert App.objects.filter(identifier=APP_IDENTIFIER).count() == 1
    app.refresh_from_db()
    assert app.version != "0.0.1" and app.name == "Returns & warranty"
    assert rows() == MOUNTS
    assert set(app.extensions.values_list("pk", flat=True)).isdisjoint(first_extension_ids)
    assert set(app.permissions.values_list("codename", flat=True)) == {
        "manage_orders",
        "handle_payments",
        "manage_gift_card",
        "manage_settings",
    }

    call_command("warranty_dashboard_install", "--uninstall", stdout=StringIO())
    assert installed_app() is None
    app.refresh_from_db()
    assert app.removed_at is not None and not app.is_active
    # and it can be installed again afterwards
    call_command(
        "warranty_dashboard_install", "--public-url", "https://shop.example.com", stdout=StringIO()
    )
    assert installed_app() is not None


APP_EXTENSIONS = """
query($mounts: [String!]) {
  appExtensions(first: 20, filter: {mountName: $mounts}) {
    edges { node { label url mountName targetName accessToken app { identifier } } }
  }
}"""


def test_app_extensions_query_lists_them_with_a_token_for_staff(
    staff_api_client, permission_group_manage_orders, site_settings
):
    from saleor.core.jwt import jwt_decode

    permission_group_manage_orders.user_set.add(staff_api_client.user)
    app = install(BASE).app
    response = staff_api_client.post_graphql(
        APP_EXTENSIONS,
        {"mounts": ["ORDER_DETAILS_WIDGETS", "NAVIGATION_ORDERS", "ORDER_DETAILS_MORE_ACTIONS"]},
    )
    content = response.json()
    assert "errors" not in content, content
    nodes = [edge["node"] for edge in content["data"]["appExtensions"]["edges"]]
    ours = [n for n in nodes if n["app"]["identifier"] == APP_IDENTIFIER]
    assert {(n["mountName"], n["targetName"]) for n in ours} == {
        ("NAVIGATION_ORDERS", "APP_PAGE"),
        ("ORDER_DETAILS_WIDGETS", "WIDGET"),
        ("ORDER_DETAILS_MORE_ACTIONS", "POPUP"),
    }
    widget = next(n for n in ours if n["mountName"] == "ORDER_DETAILS_WIDGETS")
    payload = jwt_decode(widget["accessToken"])
    assert payload["type"] == "thirdparty"
    assert payload["app"] == graphene.Node.to_global_id("App", app.pk)
    assert payload["permissions"] == ["MANAGE_ORDERS"]


# The pages' token checks. A page answers its script's requests (HX-Request) only for a
# dashboard token minted for this app; the no-access states are named by data-no-access.


def page_request(token, path="dashboard/claims/"):
    headers = {"HTTP_HX_REQUEST": "true"}
    if token is not None:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return Client().get(f"{PREFIX}/{path}", **headers)


def no_access_code(response) -> str | None:
    import re

    match = re.search(r'data-no-access="([A-Z_]+)"', response.content.decode())
    return match.group(1) if match else None


@pytest.fixture
def our_app():
    return install(BASE).app


@pytest.fixture
def orders_staff(staff_user, permission_group_manage_orders):
    permission_group_manage_orders.user_set.add(staff_user)
    return staff_user


def test_page_shell_needs_no_token_and_content_needs_ours(our_app, orders_staff):
    from saleor.core.jwt import create_access_token_for_app

    shell = Client().get(f"{PREFIX}/dashboard/claims/?theme=dark")
    assert shell.status_code == 200
    assert b'data-theme="dark"' in shell.content and b"Connecting" in shell.content
    response = page_request(create_access_token_for_app(our_app, orders_staff))
    assert response.status_code == 200
    assert no_access_code(response) is None
    assert b"Returns &amp; warranty claims" in response.content


def test_page_refuses_empty_and_foreign_tokens(our_app, orders_staff, app, staff_api_client):
    from saleor.core.jwt import create_access_token, create_access_token_for_app

    assert no_access_code(page_request(None)) == "NO_TOKEN"
    assert no_access_code(page_request("")) == "NO_TOKEN"
    app.type = "thirdparty"
    app.save()
    assert (
        no_access_code(page_request(create_access_token_for_app(app, orders_staff))) == "WRONG_APP"
    )
    # a plain staff login token is not a dashboard token for this app either
    assert no_access_code(page_request(create_access_token(orders_staff))) == "WRONG_APP"
    assert no_access_code(page_request("not-a-jwt")) == "INVALID"


def test_page_refuses_an_expired_token(our_app, orders_staff, settings):
    from saleor.core.jwt import create_access_token_for_app

    settings.JWT_TTL_APP_ACCESS = datetime.timedelta(seconds=-1)
    token = create_access_token_for_app(our_app, orders_staff)
    assert no_access_code(page_request(token)) == "EXPIRED"


def test_page_refuses_a_token_of_an_uninstalled_app(our_app, orders_staff):
    from saleor.core.jwt import create_access_token_for_app

    token = create_access_token_for_app(our_app, orders_staff)
    call_command("warranty_dashboard_install", "--uninstall", stdout=StringIO())
    assert no_access_code(page_request(token)) == "WRONG_APP"


def test_page_acts_with_the_tokens_narrowed_permissions(
    our_app,
    staff_user,
    permission_manage_settings,
    permission_manage_apps,
    permission_manage_orders,
):
    from saleor.core.jwt import create_access_token_for_app

    # the user may manage settings and apps, but not orders: the queue is refused
    staff_user.user_permissions.add(permission_manage_settings, permission_manage_apps)
    token = create_access_token_for_app(our_app, staff_user)
    assert no_access_code(page_request(token)) == "NO_PERMISSION"
    # with orders too, the queue opens; the app's token never carries MANAGE_APPS
    staff_user.user_permissions.add(permission_manage_orders)
    token = create_access_token_for_app(our_app, staff_user)
    from saleor.core.jwt import jwt_decode

    assert "MANAGE_APPS" not in jwt_decode(token)["permissions"]
    assert no_access_code(page_request(token)) is None


def test_static_files_are_served_with_cache_headers():
    name = "warranty/dashboard/bridge.js"
    current = content_hash(name)
    response = Client().get(f"{PREFIX}/static/{current}/{name}")
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Type"].startswith("text/javascript")
    assert response["ETag"] == f'"{current}"'
    stale = Client().get(f"{PREFIX}/static/0123456789ab/{name}")
    assert stale.status_code == 200 and stale["Cache-Control"] == "no-cache"
    revalidated = Client().get(
        f"{PREFIX}/static/{current}/{name}", HTTP_IF_NONE_MATCH=f'"{current}"'
    )
    assert revalidated.status_code == 304
    assert Client().get(f"{PREFIX}/static/{current}/../plugin.py").status_code == 404
    assert Client().get(f"{PREFIX}/static/{current}/warranty/nothing.js").status_code == 404
    assert Client().get(f"{PREFIX}/no-such-page/").status_code == 404
