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
    config.addinivalue_line("markers", "compare_executors: answer each query twice, compare")


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


@pytest.fixture(scope="session", autouse=True)
def _test_database_is_of_this_saleor(django_db_setup, django_db_blocker):
    """Stop at once when the kept test database (--reuse-db) was built by another Saleor
    release: migrating it leaves that release's tables in place, and where one references a
    table of this release, Django's flush after each transactional test cannot truncate it
    ("couldn't be flushed"), leaving rows behind that later fixtures collide with."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        ours = set(connection.introspection.django_table_names(include_views=False))
        cursor.execute(
            """
            SELECT DISTINCT source.relname, target.relname
            FROM pg_constraint c
            JOIN pg_class source ON source.oid = c.conrelid
            JOIN pg_class target ON target.oid = c.confrelid
            JOIN pg_namespace n ON n.oid = source.relnamespace
            WHERE c.contype = 'f' AND n.nspname = current_schema()
            """
        )
        foreign = sorted({(s, t) for s, t in cursor.fetchall() if s not in ours and t in ours})
    if foreign:
        shown = ", ".join(f"{source} -> {target}" for source, target in foreign[:3])
        pytest.exit(
            f"the test database {connection.settings_dict['NAME']} was built by another Saleor "
            f"release: its tables unknown to this Saleor reference this Saleor's ({shown}), so "
            "Django cannot flush it between tests. Give each Saleor its own DATABASE_URL "
            "(tests/run does so unless DATABASE_URL is set) or rebuild it with --create-db",
            returncode=3,
        )
