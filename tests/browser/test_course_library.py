import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from competencies import demo as competencies_demo
from learning import demo as learning_demo
from tests.browser.conftest import BROWSER_TEST_MARKS, sign_in, sign_in_by_session
from tests.factories import PASSWORD

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture
def library(demo_learner):
    competencies_demo.load()
    return learning_demo.load()


def test_learner_enrols_completes_every_lesson_and_the_course(page, live_server, library, screenshot):
    sign_in(page, live_server.url, "chenxiao", PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="课程库").click()
    page.get_by_label("能力项").select_option("needs-analysis")
    page.get_by_role("button", name="显示课程").click()
    expect(page.locator("#course-count")).to_contain_text("1 门课程")
    screenshot(page, "library-filtered")
    page.get_by_role("link", name="集团客户需求放大镜").click()
    page.get_by_role("button", name="报名学习本课程").click()
    expect(page.locator(".messages")).to_contain_text("已报名“集团客户需求放大镜”")
    # Each lesson is done by answering its reflection question, not by saying so.
    for _ in range(3):
        page.get_by_label("你的答案").fill("我负责的物流客户同时用着对手的专线，下周约信息部主任面谈。")
        page.get_by_role("button", name="保存我的回答").click()
    expect(page.locator(".messages")).to_contain_text("课程已完成，干得好！")
    expect(page.locator(".course__action")).to_contain_text("完成")
    screenshot(page, "course-complete")
    menu = page.get_by_role("navigation", name="主导航")
    menu.locator("summary", has_text="我的").click()
    menu.get_by_role("link", name="我的学习", exact=True).click()
    expect(page.locator("#completed-heading + ul")).to_contain_text("集团客户需求放大镜")


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
@pytest.mark.parametrize(
    "path",
    [
        "/courses/",
        "/courses/?grade=senior",
        "/courses/needs-magnifier/",
        "/courses/needs-magnifier/lesson-1/",
        "/learning/my/",
    ],
)
@pytest.mark.accessibility
def test_learning_pages_have_no_accessibility_violations(browser, live_server, library, language, path, screenshot):
    context = browser.new_context(locale=language, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + path)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    context.close()


@pytest.mark.parametrize("path", ["/courses/", "/courses/needs-magnifier/lesson-1/"])
def test_learning_pages_fit_a_phone(browser, live_server, library, path, screenshot):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + path)
    assert page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    screenshot(page, "phone-learning" + path.replace("/", "-").rstrip("-"))
    context.close()
