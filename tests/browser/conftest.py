"""Browser tests: real Chromium (Debian's /usr/bin/chromium) driven by Playwright against
pytest-django's live server.

On a machine without Chromium these tests are skipped with a note; in CI (CI=true) a
missing browser fails them instead, so they can never be skipped there unnoticed.
"""

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM, used by the tests
# to set up data, would otherwise refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _needs_chromium():
    if shutil.which(CHROMIUM) is None:
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is not at {CHROMIUM}: install Debian's chromium package")
        pytest.skip(f"Chromium is not at {CHROMIUM} (apt-get install chromium)")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # The pages' content security policy would block injecting axe-core.
    return {**browser_context_args, "bypass_csp": True}


SCANNED: list[str] = []  # pages axe-core checked in this run, for the summary line


def pytest_terminal_summary(terminalreporter):
    if SCANNED:
        terminalreporter.write_line(f"axe-core checked {len(SCANNED)} pages ({len(set(SCANNED))} different addresses)")


def _known_govuk_exception(rule: str, html: str) -> bool:
    """GOV.UK Frontend puts aria-expanded on radios and checkboxes that reveal a question, on
    purpose: screen readers announce it (alphagov/govuk-frontend#979, a known axe finding)."""
    return (rule == "aria-allowed-attr" and "aria-expanded" in html
            and ("govuk-radios__input" in html or "govuk-checkboxes__input" in html))


@pytest.fixture
def check_accessibility(screenshot):
    """check_accessibility(page, shot=None): axe-core's WCAG 2.2 AA and best-practice rules
    find nothing; with a name, a screenshot of the page is kept too."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run scripts/fetch_axe_core.sh (make test does)")

    def check(page, shot: str | None = None):
        if shot:
            screenshot(page, shot)
        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "() => axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']})"
        )
        problems = []
        for violation in result["violations"]:
            nodes = [n for n in violation["nodes"] if not _known_govuk_exception(violation["id"], n["html"])]
            if nodes:
                problems.append(f"{violation['id']}: {violation['help']} ({', '.join(n['target'][0] for n in nodes)})")
        assert problems == [], f"{page.url}: " + "; ".join(problems)
        SCANNED.append(page.url.split("?")[0])

    return check


@pytest.fixture
def screenshot():
    """screenshot(page, name): a full-page PNG of what the test sees, into SCREENSHOT_DIR
    (`make screenshots` sets docs/screenshots; otherwise a folder under the system temp)."""
    import tempfile

    folder = Path(os.environ.get("SCREENSHOT_DIR") or Path(tempfile.gettempdir()) / "caselog-screenshots")
    folder.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
