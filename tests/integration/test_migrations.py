"""The plugin's migrations depend on early Saleor migrations (tests/package checks that they
exist in the oldest supported release); here, with Saleor's real migration graph, each one must
find every table it points at as it is today: a dependency too early would create a foreign key
of the wrong type, or to a table that is renamed or rebuilt later."""

from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

import saleor_warranty_plugin

APP = "saleor_warranty_plugin"
OWN = sorted(
    p.stem for p in (Path(saleor_warranty_plugin.__file__).parent / "migrations").glob("[0-9]*.py")
)


def saleor_targets(migration):
    """Labels of the Saleor models the migration's foreign keys point at."""
    for operation in migration.operations:
        fields = list(getattr(operation, "fields", None) or [])
        if getattr(operation, "field", None) is not None:
            fields.append((operation.name, operation.field))
        for _name, field in fields:
            remote = getattr(field, "remote_field", None)
            if remote is not None and not remote.model.lower().startswith(f"{APP}."):
                yield remote.model.lower()


def table_and_key(state, label):
    meta = state.apps.get_model(label)._meta
    return meta.db_table, meta.pk.column, meta.pk.db_type(connection)


@pytest.fixture(scope="module")
def loader():
    return MigrationLoader(None, ignore_no_migrations=True)


@pytest.mark.parametrize("name", OWN)
def test_each_dependency_gives_the_tables_as_they_are_now(loader, name):
    migration = loader.graph.nodes[(APP, name)]
    before = loader.project_state(migration.dependencies, at_end=True)
    now = loader.project_state()
    targets = sorted(set(saleor_targets(migration)))
    for label in targets:
        assert tuple(label.split(".")) in before.models, f"{name}: {label} does not exist yet"
        assert table_and_key(before, label) == table_and_key(now, label), f"{name}: {label}"


def test_the_check_sees_the_foreign_keys(loader):
    seen = {t for name in OWN for t in saleor_targets(loader.graph.nodes[(APP, name)])}
    assert {
        "order.order",
        "order.orderline",
        "payment.transactionitem",
        "giftcard.giftcard",
    } <= seen


def test_the_check_catches_a_too_early_dependency(loader):
    # order 0130 comes before the order's primary key became the UUID it is today
    before = loader.project_state(
        [("order", "0130_save_order_token_in_relation_models")], at_end=True
    )
    now = loader.project_state()
    assert table_and_key(before, "order.order") != table_and_key(now, "order.order")
