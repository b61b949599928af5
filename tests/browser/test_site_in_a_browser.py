import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from competencies import demo as competencies_demo
from tests.browser.conftest import (
    BROWSER_TEST_MARKS,
    assert_fits_the_width,
    assert_pages_pass_axe,
    csp_violations,
    phone_page,
    sign_in,
    sign_in_by_session,
)
from tests.factories import PASSWORD

pytestmark = BROWSER_TEST_MARKS

LANGUAGES = {"zh-hans": "zh-CN", "en": "en-US"}


def test_visitor_switches_language_and_signs_in(page, live_server, demo_learner, screenshot):
    page.goto(live_server.url)
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator(".brand__name")).to_have_text("效能学院")
    screenshot(page, "home-zh")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".brand__name")).to_have_text("Sales Excellence Academy")

    page.locator("header").get_by_role("link", name="Sign in").click()
    page.fill("#id_username", "chenxiao")
    page.fill("#id_password", PASSWORD)
    page.locator("main form").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, 陈晓")

    page.locator(".account-menu__toggle").click()
    page.locator(".account-menu__list").get_by_role("link", name="My profile").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My profile")
    screenshot(page, "profile-en")


def test_language_choice_survives_sign_out(page, live_server, demo_learner):
    sign_in(page, live_server.url, "chenxiao", PASSWORD)
    page.get_by_role("button", name="English").click()
    page.locator(".account-menu__toggle").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator(".messages")).to_contain_text("You have signed out.")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path", ["/", "/accounts/login/", "/accounts/profile/", "/search/?q=客户", "/missing/", "/competency-model/"]
)
@pytest.mark.accessibility
def test_pages_have_no_accessibility_violations(browser, live_server, demo_learner, language, path, screenshot):
    if path == "/competency-model/":
        competencies_demo.load()
    context = browser.new_context(locale=LANGUAGES[language], viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = csp_violations(page)
    if path == "/accounts/profile/":
        sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert refused == []
    context.close()


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/profile/", "/competency-model/"])
def test_pages_fit_a_360px_phone(browser, live_server, demo_learner, path, screenshot):

    competencies_demo.load()
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    if path == "/accounts/profile/":
        sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, "phone" + path.replace("/", "-").rstrip("-"))
    context.close()


def test_account_menu_closes_on_escape(page, live_server, demo_learner):
    sign_in(page, live_server.url, "chenxiao", PASSWORD)
    toggle = page.locator(".account-menu__toggle")
    toggle.click()
    profile_link = page.locator(".account-menu__list").get_by_role("link", name="个人资料")
    expect(profile_link).to_be_visible()
    page.keyboard.press("Escape")
    expect(profile_link).to_be_hidden()
    expect(toggle).to_be_focused()


def test_the_content_security_policy_stops_a_script_that_slipped_into_a_page(page, live_server, demo_learner):
    refused = csp_violations(page)
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.injected = 1';"
        " document.body.append(s); }"
    )
    assert page.evaluate("window.injected") is None
    assert refused and "script-src 'self'" in refused[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_two_step_sign_in_setup_is_clear_and_accessible(browser, live_server, language, screenshot):
    from tests.factories import EditorFactory

    EditorFactory(username="bianji", display_name="王编辑")
    context = browser.new_context(locale=LANGUAGES[language], viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused = csp_violations(page)
    sign_in_by_session(page, live_server.url, "bianji")
    page.goto(live_server.url + "/accounts/profile/")
    page.locator("#profile-two-factor ~ p a").click()
    expect(page.locator(".two-factor__qr svg")).to_be_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert refused == []
    screenshot(page, f"two-factor-setup-{language}")
    page.set_viewport_size({"width": 360, "height": 740})
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    screenshot(page, f"phone-two-factor-setup-{language}")
    context.close()


@pytest.fixture
def director_with_team(demo_learner):
    from accounts.models import TeamMembership
    from tests.factories import DirectorFactory, TeamFactory

    director = DirectorFactory(username="director", display_name="张伟")
    TeamMembership.objects.create(team=TeamFactory(name="城东集客一组", director=director), user=demo_learner)
    return director


@pytest.mark.parametrize("language", LANGUAGES.values())
@pytest.mark.accessibility
def test_the_workspace_and_its_menus_pass_axe(browser, live_server, director_with_team, language):
    assert_pages_pass_axe(browser, live_server, {"chenxiao": ["/"], "director": ["/", "/teams/"]}, language)


def test_on_a_phone_the_menu_is_a_drawer_holding_every_entry(browser, live_server, director_with_team, screenshot):
    with phone_page(browser, live_server, "director") as page:
        assert_fits_the_width(page, live_server.url + "/")
        menu = page.get_by_role("navigation", name="主导航")
        toggle = menu.get_by_role("button", name="菜单")
        expect(menu.get_by_role("link", name="我的学习")).to_be_hidden()
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        menu.locator("summary", has_text="我的").click()
        menu.locator("summary", has_text="团队").click()
        for name in (
            "我的学习",
            "我的成长",
            "我的学习计划",
            "我的认证",
            "我的投稿",
            "通知",
            "我的团队",
            "认证签认",
            "分享经验",
        ):
            expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
        screenshot(page, "menu-drawer-phone")
        menu.get_by_role("link", name="我的团队").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("城东集客一组")


def test_on_a_wide_screen_the_groups_drop_down(page, live_server, director_with_team):
    sign_in(page, live_server.url, "director", PASSWORD)
    menu = page.get_by_role("navigation", name="主导航")
    expect(menu.get_by_role("button", name="菜单")).to_be_hidden()
    menu.locator("summary", has_text="我的").click()
    menu.get_by_role("link", name="我的认证").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("认证")
    expect(menu.locator("summary.is-current")).to_have_text("我的")


def test_the_editors_floating_user_bar_never_sits_on_the_end_of_a_page(browser, live_server, demo_learner):
    from tests.factories import UserFactory

    UserFactory(username="boss", is_superuser=True, roles=[])
    with phone_page(browser, live_server, "boss") as page:
        page.goto(live_server.url + "/", wait_until="load")
        userbar = page.locator("wagtail-userbar")
        expect(userbar).to_have_count(1)
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        button = page.evaluate(
            """() => {
                const host = document.querySelector('wagtail-userbar');
                const inner = host.shadowRoot ? host.shadowRoot.querySelector('button') : host.querySelector('button');
                const box = (inner || host).getBoundingClientRect();
                return {top: box.top, bottom: box.bottom};
            }"""
        )
        last_text = page.locator(".site-footer__meta").bounding_box()
        assert last_text["y"] + last_text["height"] <= button["top"]
