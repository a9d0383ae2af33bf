"""Playwright fixtures: one headless Chromium for the session, a fresh French page per test.

Browser tests drive pytest-django's ``live_server`` and so need
``@pytest.mark.django_db(transaction=True)``. Every test in this folder is marked ``browser``
(``pytest -m "not browser"`` leaves them out). Chromium is Debian's (``chromium`` on PATH):
without it the tests are skipped on a laptop, and fail under CI=true.

"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser import helpers
from tests.browser.markup import PageRecorder

# Playwright's sync API keeps an asyncio loop running in the test thread for as long as it is
# started, so Django would raise SynchronousOnlyOperation on any ORM call from a test (creating
# data for the page, checking the result). Tests are plain synchronous code: allow it.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
# Fail fast rather than hang for Playwright's default 30 s on a missing element.
DEFAULT_TIMEOUT_MS = 10_000


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


# The markup check reads the pages every other browser test saved: it runs last.
MARKUP_CHECK = HERE / "test_markup.py"


def pytest_collection_modifyitems(config, items):
    items.sort(key=lambda item: Path(item.path).resolve() == MARKUP_CHECK)  # stable: order kept
    for item in items:
        if HERE not in Path(item.path).resolve().parents:
            continue
        item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser(django_db_setup, django_db_blocker):
    chromium = shutil.which("chromium")
    if chromium is None:
        message = "chromium is not on PATH (apt-get install chromium fonts-dejavu-core)"
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)

    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Django keeps its connections per thread, but per asyncio context while an event loop runs
    # in the thread, and Playwright's loop runs from start() to stop(): tests then get fresh
    # connection objects. The test database is set up (django_db_setup) before the switch; the
    # state Django's test set-up left on the connections follows them across.
    carried = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    playwright = sync_playwright().start()
    for alias, contents in carried.items():
        connections[alias]._test_serialized_contents = contents
    try:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        # These connections become unreachable at stop(); an open one would keep the test
        # database from being dropped.
        with django_db_blocker.unblock():
            connections.close_all()
        playwright.stop()


@pytest.fixture(scope="session")
def page_recorder() -> PageRecorder:
    """Where the browser tests save the HTML of the pages they visit (test-results/html/)."""
    return PageRecorder.fresh()


@pytest.fixture
def page(browser, page_recorder, request):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(DEFAULT_TIMEOUT_MS)
    page = context.new_page()
    page_recorder.attach(page, test_name=request.node.name)
    try:
        yield page
    finally:
        context.close()


@dataclass(frozen=True)
class SeedExample:
    session: object
    e1: object
    e2: object
    tahiti: object


@pytest.fixture
def seed_example(db) -> SeedExample:
    """The seed's example: TAHITIPLUS in Papeete offers E1 with Ciel Comptabilité and E2 with
    Ciel Comptabilité and Excel 2017, in an open session."""
    from tests.factories import (
        CentreFactory,
        ExamFactory,
        ExamOfferFactory,
        SessionFactory,
        SoftwareFactory,
    )

    session = SessionFactory(name="Juin 2026")
    e1, e2 = ExamFactory(code="E1"), ExamFactory(code="E2")
    tahiti = CentreFactory(name="TAHITIPLUS", city="Papeete", department_code="987")
    ciel, excel = SoftwareFactory(name="Ciel Comptabilité"), SoftwareFactory(name="Excel 2017")
    ExamOfferFactory(centre=tahiti, session=session, exam=e1, software=[ciel])
    ExamOfferFactory(centre=tahiti, session=session, exam=e2, software=[ciel, excel])
    return SeedExample(session=session, e1=e1, e2=e2, tahiti=tahiti)


@pytest.fixture
def phone(browser, page_recorder, request):
    context = browser.new_context(
        locale="fr-FR", viewport={"width": helpers.PHONE_WIDTH, "height": 740}, is_mobile=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page_recorder.attach(page, test_name=request.node.name)
    yield page
    context.close()
