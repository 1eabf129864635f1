"""Fixtures of the portal's browser tests: pages of any width on the live Saleor (the browser
comes from conftest.py), axe-core from the npm registry, full-page screenshots."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts"
AXE_DIR = HERE / "axe"
AXE_FILE = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"


def axe_source() -> str:
    """axe-core from the npm registry (installed once into tests/browser/axe/node_modules)."""
    if not AXE_FILE.exists():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is needed to fetch axe-core for the accessibility checks")
        subprocess.run(
            [npm, "install", "--no-audit", "--no-fund", "--silent"], cwd=AXE_DIR, check=True
        )
    return AXE_FILE.read_text()


@pytest.fixture
def page_factory(browser, live_server):
    """New pages on the live server; bypass_csp lets the tests inject axe-core."""
    contexts = []

    def make(width=1280, height=900):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, bypass_csp=True
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def shot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now."""
    page.add_script_tag(content=axe_source())
    result = page.evaluate("async () => await axe.run(document)")
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    if bad:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "axe-violations.json").write_text(json.dumps(bad, indent=2))
    return [{"id": v["id"], "impact": v["impact"], "nodes": len(v["nodes"])} for v in bad]
