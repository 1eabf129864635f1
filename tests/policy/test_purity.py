"""The policy core must stay pure Python: no Django, no Saleor."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import saleor_warranty_plugin.policy as policy_package

ROOT = Path(__file__).resolve().parents[2]


def test_policy_package_imports_neither_django_nor_saleor() -> None:
    # given every module of the policy package
    modules = [
        f"{policy_package.__name__}.{info.name}"
        for info in pkgutil.iter_modules(policy_package.__path__)
    ]
    assert "saleor_warranty_plugin.policy.evaluate" in modules
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('django', 'saleor'))))\n"
    )
    # when they are imported in a fresh interpreter
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    )
    # then neither django nor saleor got loaded
    assert json.loads(result.stdout) == []
