"""Knowledge upkeep in a real browser: a reader records applying a lesson from its page
and is asked how it went; the knowledge pages pass axe in both languages and fit a
phone."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import TeamMembership
from competencies.models import Competency
from knowledge.digests import unsubscribe_token
from knowledge.models import Application
from knowledge.services import add_field_note, ask_expert, follow, record_application
from tests.browser.conftest import (
    BROWSER_TEST_MARKS,
    assert_fits_the_width,
    assert_pages_pass_axe,
    phone_page,
    sign_in_by_session,
)
from tests.factories import DirectorFactory, EditorFactory, LearnerFactory, TeamFactory
from tests.knowledge.conftest import publish_lesson

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture
def lesson(demo_learner, taxonomy, lesson_library):
    colleague = LearnerFactory(username="liuyang", display_name="刘洋")
    return publish_lesson(
        colleague, title="联络人不肯引荐决策者", tags=["联络人"], editor=EditorFactory(username="editor")
    )


@pytest.fixture
def knowledge_pages(lesson, demo_learner):
    colleague = lesson.contributor
    application, _created = record_application(
        user=demo_learner, page=lesson, account="某区人民医院", stage="pre_sale"
    )
    Application.objects.filter(pk=application.pk).update(follow_up_on=timezone.localdate())
    add_field_note(user=colleague, page=lesson, condition="国有企业", what_happened="总部集中采购，本地做不了主")
    follow(user=demo_learner, kind="competency", target=Competency.objects.get(code="needs-analysis"))
    follow(user=demo_learner, kind="colleague", target=colleague)
    ask_expert(user=colleague, expert=demo_learner, topic="开通", question="工单卡住了找谁？")
    director = DirectorFactory(username="director")
    TeamMembership.objects.create(team=TeamFactory(director=director), user=colleague)
    return {
        "chenxiao": [
            lesson.url,
            f"/knowledge/pages/{lesson.pk}/outcomes/",
            f"/knowledge/applications/{application.pk}/outcome/",
            f"/knowledge/pages/{lesson.pk}/apply/",
            f"/knowledge/pages/{lesson.pk}/notes/",
            "/knowledge/following/",
            "/knowledge/experts/",
            f"/knowledge/experts/{colleague.pk}/ask/",
            "/knowledge/questions/",
            "/knowledge/credit/",
            f"/knowledge/unsubscribe/{unsubscribe_token(demo_learner.pk)}/",
        ],
        "director": ["/knowledge/reuse/", "/"],
    }


def test_a_reader_records_applying_a_lesson_and_reports_how_it_went(page, live_server, lesson, demo_learner):
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + lesson.url)
    panel = page.locator("#applying")
    expect(panel.get_by_role("heading")).to_have_text("在客户上用过吗？")
    panel.get_by_label("客户").fill("某区人民医院")
    panel.get_by_label("销售阶段").select_option(label="售前")
    panel.get_by_role("button", name="记下来").click()
    expect(page.locator(".messages")).to_contain_text("已记下")
    expect(page.locator("#applying")).to_contain_text("你正在某区人民医院上应用（售前）。")

    Application.objects.filter(user=demo_learner).update(follow_up_on=timezone.localdate())
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="用在某区人民医院上，效果如何？").click()
    page.get_by_label("赢单").check()
    page.get_by_label("一句话说说原因").fill("主任在院长办公会上讲了我们的方案")
    page.get_by_role("button", name="提交").click()
    expect(page.locator(".messages")).to_contain_text("同事现在能看到效果了")
    expect(page.locator("#applying")).to_contain_text("赢单 1")


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
@pytest.mark.accessibility
def test_knowledge_pages_have_no_accessibility_violations(browser, live_server, knowledge_pages, language):
    assert_pages_pass_axe(browser, live_server, knowledge_pages, language)


def test_knowledge_pages_fit_a_phone(browser, live_server, knowledge_pages, screenshot):
    with phone_page(browser, live_server, "chenxiao") as page:
        for path in knowledge_pages["chenxiao"]:
            assert_fits_the_width(page, live_server.url + path)
        page.goto(live_server.url + knowledge_pages["chenxiao"][0])
        screenshot(page, "phone-lesson-applying")
