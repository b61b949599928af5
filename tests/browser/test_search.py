"""Search in a real browser: the header box suggests titles as a person types and is
driven by the keyboard alone; the results page, its facets and its empty state pass
axe in both languages and fit a phone."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    BROWSER_TEST_MARKS,
    assert_fits_the_width,
    assert_pages_pass_axe,
    phone_page,
    sign_in,
)
from tests.factories import PASSWORD
from tests.home.conftest import corpus, corpus_titles, sections  # noqa: F401 (fixtures)

pytestmark = [*BROWSER_TEST_MARKS, pytest.mark.search_index]


def test_header_suggestions_work_with_the_keyboard_alone(page, live_server, demo_learner, corpus, screenshot):  # noqa: F811
    sign_in(page, live_server.url, "chenxiao", PASSWORD)
    box = page.locator("#site-search-q")
    box.focus()
    page.keyboard.type("客户")
    options = page.locator("#site-search-suggestions [role=option]")
    expect(options.first).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#site-search-suggestions")).to_contain_text("为什么客户无缘无故就丢了")
    screenshot(page, "search-suggestions")

    page.keyboard.press("ArrowDown")
    first = options.first
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    page.keyboard.press("Escape")
    expect(box).to_have_attribute("aria-expanded", "false")

    page.keyboard.press("ArrowDown")
    chosen = options.first.locator(".suggestions__label").inner_text()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(chosen)


def test_enter_without_a_choice_searches(page, live_server, demo_learner, corpus):  # noqa: F811
    page.goto(live_server.url + "/")
    box = page.locator("#site-search-q")
    box.fill("集客")
    box.press("Enter")
    expect(page.locator(".result-count")).to_contain_text("2")
    expect(page.locator(".result__title mark").first).to_have_text("集客")


@pytest.fixture
def search_pages(corpus):  # noqa: F811
    return {
        "chenxiao": [
            "/search/",
            "/search/?q=客户",
            "/search/?q=客户&type=experiencelessonpage",
            "/search/?q=客护",
            "/search/?q=智慧校园+高层拜访",
            "/search/?q=😀",
        ]
    }


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
@pytest.mark.accessibility
def test_search_pages_have_no_accessibility_violations(browser, live_server, demo_learner, search_pages, language):
    assert_pages_pass_axe(browser, live_server, search_pages, language)


def test_search_fits_a_phone(browser, live_server, demo_learner, search_pages, screenshot):
    with phone_page(browser, live_server, "chenxiao") as page:
        for path in search_pages["chenxiao"]:
            assert_fits_the_width(page, live_server.url + path)
        page.goto(live_server.url + "/search/?q=客户")
        screenshot(page, "phone-search")
