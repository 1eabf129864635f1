"""Fixtures for pages inside the dashboard: the registered app and real dashboard tokens."""

import pytest


@pytest.fixture
def dashboard_app(live_server):
    from saleor_warranty_plugin.pages.dashboard.install import install
    from saleor_warranty_plugin.pages.router import PREFIX

    return install(f"{live_server.url}{PREFIX}/").app


@pytest.fixture
def dashboard_staff(staff_user, permission_group_manage_orders):
    """Staff with MANAGE_ORDERS through a group with access to all channels."""
    permission_group_manage_orders.user_set.add(staff_user)
    return staff_user


@pytest.fixture
def dashboard_token(dashboard_app, dashboard_staff):
    """The token the dashboard hands to the app's pages (`App.accessToken`)."""
    from saleor.core.jwt import create_access_token_for_app

    return create_access_token_for_app(dashboard_app, dashboard_staff)
