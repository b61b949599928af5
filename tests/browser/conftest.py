"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium, installed by
`make test`) against pytest-django's live server. Never a downloaded browser."""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from accounts.models import User
from tests.factories import LearnerFactory

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Browser test modules set `pytestmark = BROWSER_TEST_MARKS`. A live server reads
# committed data, so these tests use real transactions; serialized rollback restores
# the home page and groups that migrations created, which the flush removes.
BROWSER_TEST_MARKS = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def restore_pristine_database(request, pristine_database_contents):
    """Serialized rollback, made to work under Playwright.

    Django restores the data migrations created (the home page, the role groups) from
    contents it keeps on the connection object. Playwright's sync API runs the test in
    another context, where asgiref gives it a different connection object without them,
    so after the first flush nothing would be restored. After a test, give that
    connection the contents and restore them once; from then on Django restores them
    before each test. (Restoring saves by primary key, so doing it twice is harmless.)
    On PostgreSQL the contents are not used: tests/pristine.py restores a snapshot.
    """
    yield
    if connection.vendor != "postgresql" and not hasattr(connection, "_test_serialized_contents"):
        connection._test_serialized_contents = pristine_database_contents
        connection.creation.deserialize_db_from_string(pristine_database_contents)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "zh-CN", "viewport": {"width": 1280, "height": 900}}


@pytest.fixture
def demo_learner(db):
    return LearnerFactory(username="chenxiao", display_name="陈晓")


@pytest.fixture
def screenshot():
    """Saves a full-page screenshot for a designer to look over. Taken on SQLite only,
    the database `make test` runs on: what a page looks like does not depend on the
    database (as with axe-core), and CI's PostgreSQL pass would only draw the same
    pictures again, a sixth of a second each."""
    if connection.vendor == "postgresql":
        return lambda page, name: None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


def sign_in(page, base_url, username, password):
    """Through the sign-in form, as a person does; the page ends on the home page."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"{base_url}/")


def sign_in_by_session(page, base_url, username):
    """Signed in without the form, for tests about something else: the browser is given
    the session a sign-in makes, and opens no page. Going through the form cost about a
    second a test (the form, the sign-in and the home page it leads to); the form
    itself is walked by the tests that start from it."""
    client = Client()
    client.force_login(User.objects.get(username=username))
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base_url}])


def csp_violations(page):
    """A list that fills with what the Content-Security-Policy refused on this page."""
    refused = []
    page.on("console", lambda message: "Content Security Policy" in message.text and refused.append(message.text))
    return refused


def assert_pages_pass_axe(browser, live_server, paths_by_username, language):
    """Sign in as each person and run axe-core on each of their pages; along the way,
    nothing on them may be refused by the Content-Security-Policy."""
    from axe_playwright_python.sync_playwright import Axe

    for username, paths in paths_by_username.items():
        context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
        page = context.new_page()
        refused = csp_violations(page)
        sign_in_by_session(page, live_server.url, username)
        for path in paths:
            # goto waits for the load event, frames included; no page fetches on load,
            # so waiting for the network to idle would only add its 500 ms per page.
            page.goto(live_server.url + path)
            results = Axe().run(page)
            assert results.violations_count == 0, f"{path}\n{results.generate_report()}"
            assert refused == [], f"{path}: {refused}"
        context.close()


@contextmanager
def phone_page(browser, live_server, username=None):
    """A page in a 360 px wide phone browser, signed in as `username` if given."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    if username:
        sign_in_by_session(page, live_server.url, username)
    try:
        yield page
    finally:
        context.close()


def assert_fits_the_width(page, url):
    """The page at `url` scrolls only vertically: nothing sticks out sideways."""
    page.goto(url)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, url
