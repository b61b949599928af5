"""The contributor's path in a real browser: share an experience with autosave, see it
in "my contributions", and the capture pages pass axe in both languages."""

import re

import pytest
from playwright.sync_api import expect

from capture.models import Experience, ExperienceLessonPage
from capture.services import approve, request_changes
from core.engagement import add_comment
from tests.browser.conftest import (
    BROWSER_TEST_MARKS,
    assert_fits_the_width,
    assert_pages_pass_axe,
    phone_page,
    sign_in,
    sign_in_by_session,
)
from tests.capture.conftest import make_experience
from tests.factories import PASSWORD, DirectorFactory, EditorFactory

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture
def capture_section(demo_learner, taxonomy, lesson_library):
    return lesson_library


def go_to_step(page, name):
    """Jump to a step of the stepper through the list of steps beside the form."""
    link = page.locator(".share-layout__aside").get_by_role("link", name=name, exact=True)
    link.click()
    expect(page.locator(link.get_attribute("href"))).to_be_visible()


def test_a_contributor_shares_an_experience(page, live_server, capture_section, demo_learner, screenshot):
    sign_in(page, live_server.url, "chenxiao", PASSWORD)
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="分享经验").click()
    # Typing before the deferred form script has run would go unnoticed by autosave;
    # the heading shows before that, the load event comes after it. The stepper then
    # names its first step in the address (#step-notice), and on a slow machine it had
    # done so before the wait began, so the address may already carry it.
    page.wait_for_url(re.compile(re.escape(f"{live_server.url}/capture/share/") + "(#.*)?$"), wait_until="load")
    expect(page.get_by_role("heading", level=1)).to_have_text("分享经验")
    # One step a screen: the first, with its place in the whole.
    expect(page.locator("[data-stepper-position]")).to_have_text("第 1 步，共 11 步")
    expect(page.get_by_label("一句话说清问题")).to_be_hidden()
    expect(page.get_by_role("button", name="提交审核")).to_be_hidden()
    # Ticking a box is not yet an experience: no draft for it.
    go_to_step(page, "背景")
    page.get_by_role("checkbox", name="集团销售商务沟通与谈判").check()
    page.wait_for_timeout(2500)
    assert not Experience.objects.exists()

    page.get_by_role("button", name="上一步").click()
    go_to_step(page, "陈述问题")
    page.get_by_label("一句话说清问题").fill("客户联络人总是不帮我们联系公司负责人")
    # Autosave creates the draft and moves the address to it, without a reload.
    expect(page.locator("[data-save-status]")).to_contain_text("草稿已保存于", timeout=10_000)
    experience = Experience.objects.get(author=demo_learner)
    expect(page).to_have_url(f"{live_server.url}/capture/{experience.pk}/edit/")

    go_to_step(page, "原因识别")
    page.get_by_role("group", name="原因 1").get_by_label("原因").fill("联络人担心失去对供应商关系的控制")
    page.get_by_role("button", name="再加一条原因").click()
    page.get_by_role("group", name="原因 2").get_by_label("原因").fill("方案材料是写给技术人员的")
    go_to_step(page, "制定行动方案")
    page.get_by_label("你采取的行动").fill("把方案改写成一页纸的汇报要点，让主任主讲")
    go_to_step(page, "经验")
    page.get_by_label("值得同事借鉴的经验").fill("功劳给联络人，门自然会开")
    go_to_step(page, "背景")
    with page.expect_response(lambda response: "autosave" in response.url, timeout=10_000):
        page.get_by_label("标签").fill("联络人，决策者")
    page.reload()
    # The address remembers the step: the reload opens where the person was.
    expect(page.get_by_label("标签")).to_be_visible()
    go_to_step(page, "原因识别")
    expect(page.get_by_role("group", name="原因 2").get_by_label("原因")).to_have_value("方案材料是写给技术人员的")
    assert experience.causes.count() == 2
    screenshot(page, "capture-share-form")

    # The review shows every answer before anything is submitted.
    go_to_step(page, "背景")
    page.get_by_role("button", name="下一步").click()
    review = page.locator("[data-stepper-review]")
    expect(review).to_contain_text("客户联络人总是不帮我们联系公司负责人")
    expect(review).to_contain_text("功劳给联络人，门自然会开")
    expect(review).to_contain_text("集团销售商务沟通与谈判")
    screenshot(page, "capture-review")
    page.get_by_role("button", name="提交审核").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的投稿")
    expect(page.locator(".contribution").first).to_contain_text("等待审核")
    experience.refresh_from_db()
    assert experience.state == Experience.State.SUBMITTED
    assert sorted(tag.name for tag in experience.tags.all()) == ["决策者", "联络人"]
    screenshot(page, "capture-my-contributions")


def test_a_field_being_typed_in_is_never_under_the_sticky_bar(page, live_server, capture_section, demo_learner):
    """Without the stepper (a long page), the bar at the bottom leaves the focused field in view."""
    page.route("**/stepper.js", lambda route: route.fulfill(status=200, body=""))
    experience = make_experience(demo_learner)
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(f"{live_server.url}/capture/{experience.pk}/edit/", wait_until="load")
    for label in ("你定下的目标", "你采取的行动", "值得同事借鉴的经验"):
        field = page.get_by_label(label)
        field.focus()
        field_box, bar_box = field.bounding_box(), page.locator(".form-actions--sticky").bounding_box()
        assert field_box["y"] + field_box["height"] <= bar_box["y"], label


def test_text_typed_offline_is_offered_back(page, live_server, capture_section, demo_learner):
    experience = make_experience(demo_learner)
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(f"{live_server.url}/capture/{experience.pk}/edit/")
    context = page.context
    context.set_offline(True)
    go_to_step(page, "确定决策目标")
    page.get_by_label("你定下的目标").fill("保住八成收入")
    expect(page.locator("[data-save-status]")).to_contain_text("网络断开", timeout=10_000)
    # The phone loses its signal and the tab is closed: nothing reached the server.
    page.close()
    context.set_offline(False)
    experience.refresh_from_db()
    assert experience.goal == ""
    page = context.new_page()
    page.goto(f"{live_server.url}/capture/{experience.pk}/edit/")
    with page.expect_response(lambda response: "autosave" in response.url, timeout=10_000):
        page.get_by_role("button", name="恢复").click()
    expect(page.get_by_label("你定下的目标")).to_have_value("保住八成收入")
    experience.refresh_from_db()
    assert experience.goal == "保住八成收入"


def test_saving_a_draft_offers_nothing_back(page, live_server, capture_section, demo_learner):
    experience = make_experience(demo_learner)
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(f"{live_server.url}/capture/{experience.pk}/edit/", wait_until="load")
    go_to_step(page, "确定决策目标")
    page.get_by_label("你定下的目标").fill("保住八成收入")
    page.get_by_role("button", name="保存草稿").click()

    expect(page.get_by_text("草稿已保存。")).to_be_visible()
    expect(page.locator("[data-restore-banner]")).to_be_hidden()
    go_to_step(page, "原因识别")
    expect(page.get_by_role("group", name="原因 3")).to_have_count(0)
    page.reload(wait_until="load")
    expect(page.locator("[data-restore-banner]")).to_be_hidden()
    experience.refresh_from_db()
    assert experience.goal == "保住八成收入"
    assert experience.causes.count() == 1


@pytest.fixture
def capture_pages(capture_section, demo_learner):
    editor = EditorFactory(username="editor")
    DirectorFactory(username="director")
    returned = make_experience(demo_learner, state=Experience.State.SUBMITTED, problem="对手送手机抢客户")
    request_changes(reviewer=editor, experience=returned, comment="请补充丢单的原因")
    published = make_experience(demo_learner, state=Experience.State.SUBMITTED)
    lesson = approve(reviewer=editor, experience=published, title="客户突然停专线", tags=["客户流失"])
    add_comment(user=editor, page=lesson, body="写得很清楚")
    draft = make_experience(demo_learner, problem="还在写的草稿")
    return {
        "chenxiao": [
            "/capture/share/",
            f"/capture/{draft.pk}/edit/",
            f"/capture/{returned.pk}/edit/?check=1",
            "/capture/mine/",
            f"/capture/{published.pk}/",
            "/lessons/",
            ExperienceLessonPage.objects.get().url,
            "/notifications/",
        ],
        "director": [ExperienceLessonPage.objects.get().url],
    }


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
@pytest.mark.accessibility
def test_capture_pages_have_no_accessibility_violations(browser, live_server, capture_pages, language):
    assert_pages_pass_axe(browser, live_server, capture_pages, language)


def test_capture_pages_fit_a_phone(browser, live_server, capture_pages, screenshot):
    with phone_page(browser, live_server, "chenxiao") as page:
        for path in capture_pages["chenxiao"]:
            assert_fits_the_width(page, live_server.url + path)
        page.goto(live_server.url + capture_pages["chenxiao"][6])
        screenshot(page, "phone-lesson")
