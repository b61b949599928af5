"""A day in the academy, on the demo: each role's main pages in both languages, on a
desktop and on a phone. Every page answers, nothing sticks out sideways on the phone,
and the screenshots land in test-results/screenshots/ for a designer to look over."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.browser.conftest import BROWSER_TEST_MARKS, sign_in_by_session

pytestmark = BROWSER_TEST_MARKS

MAIN_PAGES = {
    "learner": ["/", "/growth/", "/growth/map/", "/growth/plan/", "/certificates/", "/capture/share/", "/courses/"],
    "director": ["/", "/teams/", "/quiz/sign-offs/"],
    "assessor": ["/", "/quiz/grading/"],
    "editor": ["/", "/admin/"],
}
DEVICES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 360, "height": 740}}


@pytest.fixture
def demo(db):
    call_command("load_demo", allow_production=True, stdout=StringIO())


def test_each_roles_main_pages_on_a_desktop_and_a_phone(browser, live_server, demo, screenshot):
    """Both languages in one test: the demo it loads costs as much as one language's walk."""
    for language in ("zh-CN", "en-US"):
        for username, paths in MAIN_PAGES.items():
            for device, viewport in DEVICES.items():
                context = browser.new_context(locale=language, viewport=viewport)
                page = context.new_page()
                sign_in_by_session(page, live_server.url, username)
                for path in paths:
                    response = page.goto(live_server.url + path, wait_until="load")
                    assert response.ok, f"{username} {path} ({language}): {response.status}"
                    if device == "phone" and not path.startswith("/admin/"):
                        overflow = page.evaluate(
                            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
                        )
                        assert overflow <= 0, f"{username} {path} ({language}) is {overflow}px too wide on a phone"
                    slug = path.strip("/").replace("/", "-") or "home"
                    screenshot(page, f"day-{username}-{slug}-{language[:2]}-{device}")
                context.close()
