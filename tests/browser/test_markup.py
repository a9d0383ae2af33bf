"""The Nu Html Checker on every page the browser tests of this session visited: no error.

conftest.py runs this module last; markup.py says how pages are saved. Without Java or vnu.jar
(``npm ci``) the check is skipped on a laptop and fails under CI=true, like Chromium."""

import shutil

import pytest

from tests.browser.conftest import _in_ci
from tests.browser.markup import VNU_JAR, vnu_errors


def _missing(message: str) -> None:
    if _in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def test_every_visited_page_is_valid_html(page_recorder):
    if shutil.which("java") is None:
        _missing("java is not on PATH (apt-get install default-jre-headless)")
    if not VNU_JAR.exists():
        _missing(f"{VNU_JAR} is missing (npm ci)")
    pages = page_recorder.pages()
    if not pages:
        _missing("no browser test of this session visited a page")

    errors = vnu_errors(pages, urls=page_recorder.urls)

    print(f"\nNu Html Checker: {len(pages)} pages checked, {len(errors)} errors")
    if page_recorder.missed:
        print("Not checked (left before their body was read):", *page_recorder.missed)
    assert errors == [], "\n".join(map(str, errors))
