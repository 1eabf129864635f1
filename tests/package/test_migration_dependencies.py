"""The plugin's migrations must run on every supported Saleor release.

A dependency on a Saleor migration that the oldest supported release (3.22.0) does not have
makes `migrate` fail there (`NodeNotFoundError`). `makemigrations` run against a newer Saleor
writes exactly such dependencies, so this reads every migration file (without importing Django
or Saleor) and checks each dependency against the list of migrations released in 3.22.0.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MIGRATIONS = ROOT / "saleor_warranty_plugin" / "migrations"
RELEASED = Path(__file__).with_name("saleor-3.22.0-migrations.txt")
PLUGIN_APP = "saleor_warranty_plugin"


def released_migrations() -> dict[str, set[str]]:
    apps: dict[str, set[str]] = {}
    current = None
    for raw in RELEASED.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = apps.setdefault(line[1:-1], set())
        else:
            assert current is not None, f"{RELEASED.name}: {line!r} before any [app] header"
            current.add(line)
    return apps


def dependencies(path: Path) -> list[tuple[str, str]]:
    """The `dependencies` list of the Migration class in `path`, as (app, name) pairs."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and node.name == "Migration":
            for stmt in node.body:
                if isinstance(stmt, ast.Assign) and any(
                    isinstance(t, ast.Name) and t.id == "dependencies" for t in stmt.targets
                ):
                    # a literal list of 2-tuples of strings; anything else (swappable_dependency,
                    # computed names) cannot be checked and is refused
                    return [tuple(pair) for pair in ast.literal_eval(stmt.value)]
    raise AssertionError(f"{path.name}: no literal Migration.dependencies")


def migration_files() -> list[Path]:
    return sorted(p for p in MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.py"))


def test_the_release_list_is_readable():
    apps = released_migrations()
    # the newest migration of each app in 3.22.0, as a check that the list is whole
    assert max(apps["order"]) == "0217_ordergrantedrefund_reason_reference"
    assert max(apps["account"]) == "0095_repopulate_user_number_of_orders"
    assert "0025_giftcard_customer_assignment" not in apps["giftcard"]  # 3.23.19


@pytest.mark.parametrize("path", migration_files(), ids=lambda p: p.stem)
def test_dependencies_exist_in_the_oldest_supported_saleor(path):
    released = released_migrations()
    own = {p.stem for p in migration_files()}
    missing = []
    for app, name in dependencies(path):
        if app == PLUGIN_APP:
            if name not in own:
                missing.append(f"({app!r}, {name!r}): no such plugin migration")
        elif app not in released:
            missing.append(
                f"({app!r}, {name!r}): app {app!r} is not listed in {RELEASED.name}; add its "
                "migrations as released in Saleor 3.22.0"
            )
        elif name not in released[app]:
            missing.append(
                f"({app!r}, {name!r}) is not in Saleor 3.22.0; depend on the earliest 3.22.0 "
                f"migration that gives the tables needed (newest there: {max(released[app])!r})"
            )
    assert not missing, f"{path.name}:\n  " + "\n  ".join(missing)


def test_a_newer_dependency_is_caught(tmp_path):
    """The check itself fails on what `makemigrations` against Saleor 3.23.28 writes."""
    bad = tmp_path / "0099_bad.py"
    bad.write_text(
        "from django.db import migrations\n\n\nclass Migration(migrations.Migration):\n"
        '    dependencies = [("giftcard", "0025_giftcard_customer_assignment")]\n'
    )
    with pytest.raises(AssertionError, match="not in Saleor 3.22.0"):
        test_dependencies_exist_in_the_oldest_supported_saleor(bad)
