"""Clients for the plugin's endpoint with real Saleor tokens."""

from contextlib import contextmanager

import pytest
from django.db import connection
from django.test import TestCase
from saleor.graphql.tests.fixtures import ApiClient

WARRANTY_API_PATH = "/plugins/global/saleor.warranty/graphql/"


@contextmanager
def committed():
    """Run what the block registers with `transaction.on_commit` when it ends, once, as the
    commit of a real request would (the test's own transaction never commits)."""
    start = len(connection.run_on_commit)
    try:
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield
    finally:
        del connection.run_on_commit[start:]


@pytest.fixture(autouse=True)
def resolutions_performed_on_commit(monkeypatch):
    """The atomic blocks Django's TestCase opens around a test stand in for autocommit: where
    only those are open, a resolution's on-commit performing runs at once, as it does in
    production once the plugin's own transaction has committed."""
    from saleor_warranty_plugin.resolutions import queue

    real = queue.on_commit

    def on_commit(func, using=None, robust=False):
        if all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks):
            return func()
        return real(func, using=using, robust=robust)

    monkeypatch.setattr(queue, "on_commit", on_commit)


def warranty_client(user=None, app=None) -> ApiClient:
    # Saleor's test client runs each request's on-commit callbacks, as a commit would
    return ApiClient(user=user, app=app, api_path=WARRANTY_API_PATH)


@pytest.fixture
def anonymous_warranty_client():
    return warranty_client()


@pytest.fixture
def customer_warranty_client(customer_user):
    return warranty_client(user=customer_user)


@pytest.fixture
def staff_warranty_client(staff_user, permission_group_manage_orders):
    """Staff with MANAGE_ORDERS (through a group with access to all channels)."""
    permission_group_manage_orders.user_set.add(staff_user)
    return warranty_client(user=staff_user)


@pytest.fixture
def staff_without_orders_warranty_client(staff_users):
    return warranty_client(user=staff_users[2])


@pytest.fixture
def app_warranty_client(app, permission_manage_orders):
    app.permissions.add(permission_manage_orders)
    return warranty_client(app=app)


def data_of(response) -> dict:
    content = response.json()
    assert "errors" not in content, content["errors"]
    return content["data"]
