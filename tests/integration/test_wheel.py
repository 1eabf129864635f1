"""The built wheel is the plugin: installed (not editable) into a fresh environment on top of
Saleor's packages, it carries its presets, templates, static files, translations and migrations,
Saleor finds it through its entry point, and it migrates from there.

It runs with the Saleor suite only (it needs a Saleor to install on top of). It builds the wheel
with pip from a copy of the source, makes a scratch venv that sees the Saleor environment's
packages through a .pth file, installs the wheel there with --no-deps, copies this test database
into a scratch database (pg_dump | psql) and unapplies and reapplies the plugin's migrations
with the installed code.
"""

import os
import shutil
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "saleor_warranty_plugin"
# files the wheel must carry whatever else is added later
REQUIRED = [
    "policy/presets/electronics-store.yaml",
    "migrations/0001_initial.py",
    "migrations/0002_resolutions.py",
    "plugin.py",
]

pytestmark = pytest.mark.skipif(
    not (shutil.which("pg_dump") and shutil.which("psql")),
    reason="needs PostgreSQL's pg_dump and psql to copy the test database",
)


def run(*args, env=None, cwd=None):
    result = subprocess.run(
        [str(a) for a in args], capture_output=True, text=True, env=env, cwd=cwd, timeout=900
    )
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result.stdout


def shipped_data_files():
    """Every non-Python file of the package in this checkout (what the wheel must carry)."""
    files = set()
    for path in (ROOT / PACKAGE).rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc",):
            files.add(path.relative_to(ROOT / PACKAGE).as_posix())
    return files


def clean_env():
    """This environment without PYTHONPATH: a checkout on it would stand in for the wheel."""
    return {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}


def build_wheel(out: Path) -> Path:
    source = out / "src"
    shutil.copytree(ROOT / PACKAGE, source / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    # without build isolation where this Python can build it (offline); else pip fetches
    # the build backend the project asks for
    try:
        import setuptools

        local = int(setuptools.__version__.split(".")[0]) >= 77
    except ImportError:
        local = False
    isolation = ["--no-build-isolation"] if local else []
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        *isolation,
        "-w",
        out / "dist",
        source,
        env=clean_env(),
    )
    (wheel,) = (out / "dist").glob("saleor_warranty_plugin-*.whl")
    return wheel


def saleor_paths():
    """Where this environment finds Saleor and its packages (not the standard library, not a
    source tree of the plugin)."""
    base = os.path.realpath(sys.base_prefix)  # the standard library, which venv gives
    keep = []
    for entry in sys.path:
        real = os.path.realpath(entry) if entry else ""
        if not entry or not os.path.isdir(entry) or os.path.isdir(os.path.join(real, PACKAGE)):
            continue
        if real == base or real.startswith(base + os.sep):
            continue
        keep.append(real)
    return keep


def scratch_env(where: Path, wheel: Path) -> Path:
    """A venv with the wheel installed, then given Saleor's packages through a .pth file (in
    this order, so pip neither skips the wheel nor touches the Saleor environment's copy)."""
    venv.EnvBuilder(with_pip=False).create(where)
    python = where / "bin" / "python"
    run(
        sys.executable,
        "-m",
        "pip",
        "--python",
        python,
        "install",
        "--no-deps",
        "-q",
        wheel,
        env=clean_env(),
    )
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])")
    assert Path(purelib.strip(), PACKAGE, "plugin.py").is_file()
    Path(purelib.strip(), "saleor-environment.pth").write_text("\n".join(saleor_paths()) + "\n")
    return python


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    wheel = build_wheel(out)
    python = scratch_env(out / "venv", wheel)
    env = {**clean_env(), "DJANGO_SETTINGS_MODULE": "saleor.tests.settings"}
    return wheel, python, out, env


def test_the_wheel_carries_every_file_of_the_package(installed):
    wheel, *_ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = {n.removeprefix(f"{PACKAGE}/") for n in archive.namelist()}
        entry_points = next(n for n in archive.namelist() if n.endswith("entry_points.txt"))
        assert "saleor_warranty_plugin.plugin:WarrantyPlugin" in archive.read(entry_points).decode()
    for required in REQUIRED:
        assert required in names
    missing = sorted(shipped_data_files() - names)
    assert not missing, f"not in the wheel (extend package-data in pyproject.toml): {missing}"


def test_saleor_loads_the_installed_plugin_not_this_checkout(installed):
    _wheel, python, out, env = installed
    probe = (
        "import django; django.setup();"
        "import saleor_warranty_plugin as p, pathlib;"
        "from django.conf import settings;"
        "from saleor_warranty_plugin.policy import preset_document;"
        "print(pathlib.Path(p.__file__).resolve());"
        "print('saleor_warranty_plugin' in settings.INSTALLED_APPS);"
        "print(any('WarrantyPlugin' in x for x in settings.EXTERNAL_PLUGINS));"
        "print(preset_document('electronics-store')['version'])"
    )
    where, app, plugin, preset = run(python, "-c", probe, env=env, cwd=out).split()
    assert where.startswith(str((out / "venv").resolve())), where
    assert (app, plugin, preset) == ("True", "True", "1")


def test_it_migrates_from_the_installed_package(installed):
    _wheel, python, out, env = installed
    source = connection.settings_dict
    scratch = f"{source['NAME']}_wheel"[:63]
    base = f"postgres://{source['USER']}@{source['HOST'] or '127.0.0.1'}:{source['PORT'] or 5432}"
    pg = {
        **os.environ,
        "PGHOST": source["HOST"] or "127.0.0.1",
        "PGPORT": str(source["PORT"] or 5432),
        "PGUSER": source["USER"],
    }
    if source.get("PASSWORD"):
        pg["PGPASSWORD"] = source["PASSWORD"]
    run("dropdb", "--if-exists", scratch, env=pg)
    run("createdb", scratch, env=pg)
    try:
        dump = subprocess.run(
            ["pg_dump", "--no-owner", source["NAME"]], env=pg, capture_output=True, check=True
        ).stdout
        subprocess.run(
            ["psql", "-q", "-v", "ON_ERROR_STOP=1", scratch],
            input=dump,
            env=pg,
            capture_output=True,
            check=True,
        )
        env = {**env, "DATABASE_URL": f"{base}/{scratch}"}
        manage = [python, "-m", "django"]
        run(*manage, "migrate", PACKAGE, "zero", env=env, cwd=out)
        plan = run(*manage, "showmigrations", PACKAGE, env=env, cwd=out)
        assert "[X]" not in plan and "0001_initial" in plan
        run(*manage, "migrate", PACKAGE, env=env, cwd=out)
        plan = run(*manage, "showmigrations", PACKAGE, env=env, cwd=out)
        assert "[ ] " not in plan and "[X] 0002_resolutions" in plan, plan
        # the tables are there, made by the installed migrations
        tables = run(
            "psql", "-tAc", "select count(*) from saleor_warranty_plugin_claim", scratch, env=pg
        )
        assert tables.strip() == "0"
    finally:
        run("dropdb", "--if-exists", scratch, env=pg)
