"""A pytest plugin that runs tests inside real Saleor (load it with `-p tests.saleor_env`).

Saleor keeps its root `conftest.py` outside the installed package, so this module is its
equivalent: both database aliases on every test case, the replica mirrored to the writer,
Saleor's fixture modules, and the warranty plugin switched on for every test. It runs with
`--ds=saleor.tests.settings` and PostgreSQL from `DATABASE_URL`.
"""

import django.test
import pytest
from django.conf import settings

PLUGIN_PATH = "saleor_warranty_plugin.plugin.WarrantyPlugin"

# Registered in pytest_configure, once pytest-django has set Django up: this module may be
# loaded with `-p` before Django is configured.
SALEOR_FIXTURE_MODULES = [
    "saleor.tests.fixtures",
    "saleor.app.tests.fixtures",
    "saleor.plugins.tests.fixtures",
    "saleor.graphql.tests.fixtures",
    "saleor.webhook.tests.fixtures",
    "saleor.tax.tests.fixtures",
    "saleor.channel.tests.fixtures",
    "saleor.page.tests.fixtures",
    "saleor.menu.tests.fixtures",
    "saleor.warehouse.tests.fixtures",
    "saleor.thumbnail.tests.fixtures",
    "saleor.order.tests.fixtures",
    "saleor.product.tests.fixtures",
    "saleor.site.tests.fixtures",
    "saleor.shipping.tests.fixtures",
    "saleor.permission.tests.fixtures",
    "saleor.giftcard.tests.fixtures",
    "saleor.discount.tests.fixtures",
    "saleor.checkout.tests.fixtures",
    "saleor.attribute.tests.fixtures",
    "saleor.account.tests.fixtures",
    "saleor.graphql.account.tests.fixtures",
    "saleor.payment.tests.fixtures",
    "saleor.webhook.tests.circuit_breaker.fixtures",
]


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", default=False, help="Run slow tests.")


def pytest_configure(config):
    from saleor.tests.utils import prepare_test_db_connections

    django.test.TransactionTestCase.databases = {
        settings.DATABASE_CONNECTION_DEFAULT_NAME,
        settings.DATABASE_CONNECTION_REPLICA_NAME,
    }
    django.test.TestCase.databases = django.test.TransactionTestCase.databases
    prepare_test_db_connections()
    for module in SALEOR_FIXTURE_MODULES:
        config.pluginmanager.import_plugin(module)
    config.addinivalue_line("markers", "slow: mark test as slow")
    config.addinivalue_line("markers", "integration")
    config.addinivalue_line("markers", "e2e")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--run-slow"):
        return
    skip_slow = pytest.mark.skip(reason="marked slow; pass --run-slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip_slow)


@pytest.fixture(autouse=True)
def warranty_plugin_active(setup_dummy_gateways, settings, db):
    """Every test runs with the warranty plugin installed and active, as a shop would."""
    from saleor.plugins.models import PluginConfiguration

    from saleor_warranty_plugin.plugin import WarrantyPlugin

    settings.PLUGINS = [*settings.PLUGINS, PLUGIN_PATH]
    PluginConfiguration.objects.update_or_create(
        identifier=WarrantyPlugin.PLUGIN_ID,
        channel=None,
        defaults={"active": True, "configuration": WarrantyPlugin.DEFAULT_CONFIGURATION},
    )
    return settings
