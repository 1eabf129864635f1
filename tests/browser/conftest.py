"""Browser tests: headless Chromium (Debian's `chromium`, driven by PyPI's `playwright`)
against a live Saleor server on 127.0.0.1 with the test database.

Pages are opened inside a harness standing in for the Saleor Dashboard (harness.py): the
same iframe sandbox and query string, the App Bridge handshake with a real token, and answers
to the page's actions. Screenshots land in tests/browser/artifacts/ (ignored by git).
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop on the main thread, where the tests also use the
# ORM; Django refuses that unless told the access is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", "127.0.0.1:0")

pytest_plugins = [
    "tests.saleor_env",
    "tests.integration.fixtures",
    "tests.browser.fixtures",
    "tests.browser.portal_fixtures",
]

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # the harness and the live server are both on this machine: no private-network prompts
    "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests",
]


def chromium_path() -> str | None:
    candidates = [
        os.environ.get("WARRANTY_CHROMIUM"),
        shutil.which("chromium"),
        "/usr/bin/chromium",
    ]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


@pytest.fixture(scope="session", autouse=True)
def _replica_mirrors_the_test_database_in_every_thread(django_db_setup):
    """Django points the replica at the test database only for the main thread's
    connection; the live server's threads open their own, from the shared settings."""
    from django.conf import settings
    from django.db import connections

    test_name = connections[settings.DATABASE_CONNECTION_DEFAULT_NAME].settings_dict["NAME"]
    connections.settings[settings.DATABASE_CONNECTION_REPLICA_NAME]["NAME"] = test_name


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip(
            "no Chromium here (.ci/run installs Debian's chromium; or set WARRANTY_CHROMIUM)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (.ci/run installs it: pip install playwright)")
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def browser_page(browser, request):
    context = browser.new_context(viewport={"width": 1320, "height": 860}, locale="en-US")
    # The dashboard's iframe blocks alert/confirm/prompt (no allow-modals), so a page using
    # them would silently do nothing there: every call is recorded in `page.dialogs`.
    context.add_init_script(
        "for (const name of ['alert', 'confirm', 'prompt']) "
        "window[name] = (message) => { console.error('dialog:' + name + ': ' + message); "
        "return name === 'confirm' ? false : null; };"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: dialogs.append(message.text)
        if message.text.startswith("dialog:")
        else None,
    )
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.js_errors = errors
    page.dialogs = dialogs
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:  # keep what the browser showed
        screenshot(page, f"FAILED-{request.node.name}")
        for index, frame in enumerate(page.frames):
            ARTIFACTS.joinpath(f"FAILED-{request.node.name}-{index}.html").write_text(
                frame.content()
            )
    context.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def screenshot(page_or_locator, name: str) -> Path:
    """Save a PNG under tests/browser/artifacts/ and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page_or_locator.screenshot(path=str(path))
    return path
