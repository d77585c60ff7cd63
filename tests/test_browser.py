"""The pages in a real browser: Debian's headless Chromium, driven by Playwright, against the
server on loopback. It runs a query from the search page, opens a document, browses by date and
uploads a file; the rendered DOM is checked (a PDF's markup title is text, not an element), and
each page is photographed into the test's temp folder."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.liveserver import serving
from tests.test_server import MARKUP_TITLE, WOHNEN, _fill
from web import create_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Flags for a machine with no network beyond loopback and, in CI, running as root.
FLAGS = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
WAIT_MS = 30_000

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        pytest.skip("Chromium is not installed (`.ci/run` installs Debian's chromium when it "
                    "runs as root with apt-get)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS,
                                              chromium_sandbox=False)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    top = tmp_path_factory.mktemp("browsed")
    _fill(top / "archive", top / "samples")
    with serving(create_app(top / "archive")) as url:
        yield url


@pytest.fixture
def page(browser: Any, site: str) -> Iterator[Any]:
    context = browser.new_context(base_url=site, locale="en-GB")
    opened = context.new_page()
    opened.set_default_timeout(WAIT_MS)
    errors: list[str] = []
    opened.on("pageerror", lambda error: errors.append(str(error)))
    opened.on("console", lambda message: errors.append(message.text)
              if message.type == "error" else None)
    yield opened
    context.close()
    assert errors == []  # no script failed, nothing the policy blocked


def test_a_query_from_the_search_page_shows_markup_titles_as_text(page: Any, tmp_path: Path
                                                                   ) -> None:
    page.goto("/")
    page.fill("input[name=q]", "Wohnungsbau")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector("li.hit")
    title = page.locator("li.hit a.title").first
    assert title.text_content() == MARKUP_TITLE
    assert page.locator("li.hit img").count() == 0  # the title is text, not an element
    assert page.locator("li.hit script").count() == 0
    assert page.locator("li.hit mark").first.text_content().lower() == "wohnungsbau"
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    title.click()
    page.wait_for_selector("h1.title")
    assert page.locator("h1.title").text_content() == MARKUP_TITLE
    assert page.locator("table.candidates tbody tr").count() >= 1
    page.wait_for_function("() => [...document.querySelectorAll('section.pictures img')]"
                           ".every(img => img.complete && img.naturalWidth > 0)")
    page.screenshot(path=str(tmp_path / "document.png"), full_page=True)


def test_the_timeline_filters_the_list_by_year(page: Any, tmp_path: Path) -> None:
    page.goto("/browse")
    bars = page.locator("svg.timeline a")
    assert bars.count() >= 2
    page.screenshot(path=str(tmp_path / "browse.png"), full_page=True)
    year = page.locator("svg.timeline a:has(rect[height]:not([height='0.0'])) title").first \
        .text_content().split(":")[0]
    page.locator(f"svg.timeline a[href*='since={year}']").first.click()
    page.wait_for_url(f"**since={year}**")
    dates = page.locator("table.documents td.date").all_text_contents()
    assert dates and all(date.startswith(year) for date in dates)


def test_a_file_dropped_on_the_add_page_shows_its_outcome(page: Any, tmp_path: Path) -> None:
    upload = tmp_path / "wohnen für alle.pdf"
    upload.write_bytes(WOHNEN)
    page.goto("/add")
    page.set_input_files("#files", str(upload))
    page.click("#upload button[type=submit]")
    row = page.locator("#progress-table tbody tr").first
    row.locator("td:nth-child(2)", has_text="added").wait_for()
    assert row.locator("td:first-child a").text_content() == upload.name
    page.screenshot(path=str(tmp_path / "add.png"), full_page=True)
