"""The case exchange in a real browser: a team discusses a case (comment, reply, edit),
a director puts it on the team's agenda, and every case page passes axe in both
languages and fits a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import TeamMembership
from cases.models import TeamDiscussion
from core.engagement import add_comment, hide_comment, report_comment
from core.models import Comment
from tests.browser.conftest import (
    BROWSER_TEST_MARKS,
    assert_fits_the_width,
    assert_pages_pass_axe,
    phone_page,
    sign_in_by_session,
)
from tests.cases.conftest import case_index, make_case  # noqa: F401 (a fixture)
from tests.factories import DirectorFactory, EditorFactory, LearnerFactory, TeamFactory

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture
def people(demo_learner):
    director = DirectorFactory(username="director", display_name="张伟")
    team = TeamFactory(name="城东集客一组", director=director)
    TeamMembership.objects.create(team=team, user=demo_learner)
    return {"learner": demo_learner, "director": director, "team": team, "editor": EditorFactory(username="editor")}


@pytest.fixture
def case(case_index):  # noqa: F811
    return make_case(
        case_index,
        "区政府专线被对手融合套餐撬走",
        industry="政府机关",
        sales_stage="after_sale",
        outcome="lost",
        tags=["客户流失"],
        competencies=["competitive-strategy"],
        body=[
            {"type": "background", "value": {"text": "<p>客户使用我们的专线六年。</p>"}},
            {"type": "analysis", "value": {"stated": "我们输在没有察觉需求变化", "causes": "只和科员打交道"}},
            {
                "type": "outcome",
                "value": {"result": "lost", "summary": "", "figures": [{"value": "86万元", "label": "流失的年收入"}]},
            },
            {"type": "lessons", "value": {"points": ["换了领导就是信号"]}},
            {"type": "discussion_questions", "value": {"intro": "", "questions": ["你的客户最近换领导了吗？"]}},
        ],
    )


def test_a_team_discusses_a_case(page, live_server, case, people, screenshot):
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + case.url)
    page.get_by_label("你的评论").fill("我们组的区属医院也是换了院长之后开始比选的。")
    page.get_by_role("button", name="发表评论").click()
    expect(page.locator("li.message--success")).to_contain_text("评论已发表")
    comment = Comment.objects.get()

    # A typo fixed within the edit window.
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="编辑").click()
    page.get_by_label("你的评论").fill("我们组的区属医院也是换了院长之后才开始比选的。")
    page.get_by_role("button", name="保存修改").click()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("才开始比选")
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("已编辑")

    page.context.clear_cookies()
    sign_in_by_session(page, live_server.url, "director")
    page.goto(live_server.url + case.url)
    page.locator(f"#reply-{comment.pk} summary").click()
    page.get_by_label("回复 陈晓").fill("下周组会每人报一个换了领导的客户。")
    page.get_by_role("button", name="发表回复").click()
    expect(page.locator(".comment-replies")).to_contain_text("下周组会每人报一个")

    page.get_by_label("讨论日期").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    page.get_by_label("需要准备什么（选填）").fill("带一个换了领导的客户")
    page.get_by_role("button", name="安排讨论").click()
    expect(page.locator("li.message--success")).to_contain_text("组员已收到通知")
    assert TeamDiscussion.objects.get().note == "带一个换了领导的客户"
    screenshot(page, "case-page-director")

    page.context.clear_cookies()
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + case.get_parent().url)
    expect(page.get_by_role("region", name="团队讨论议题")).to_contain_text(case.title)
    screenshot(page, "case-exchange")


def test_a_blank_comment_is_refused_beside_the_box_in_view_and_focused(page, live_server, case, people):
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + case.url)
    box = page.get_by_label("你的评论")
    # Only spaces: the browser's own "required" check lets it through to the server.
    box.fill("   ")
    page.get_by_role("button", name="发表评论").click()

    expect(page.locator("#comment-error")).to_be_in_viewport()
    expect(page.locator("#comment-error")).to_contain_text("写点内容再发表")
    expect(box).to_be_focused()
    expect(box).to_have_attribute("aria-invalid", "true")
    assert not Comment.objects.exists()


@pytest.fixture
def case_pages(case, people):
    learner, director, editor = people["learner"], people["director"], people["editor"]
    question = add_comment(user=learner, page=case, body="应急专线是怎么保住的？详见 https://example.com/a")
    add_comment(user=director, page=case, body="单独签了两年。", parent=question)
    removed = add_comment(user=LearnerFactory(), page=case, body="不当言论")
    add_comment(user=learner, page=case, body="这条回复留下了", parent=removed)
    hide_comment(user=editor, comment=removed, reason="含客户信息")
    other = add_comment(user=director, page=case, body="请大家准备讨论题")
    report_comment(user=learner, comment=add_comment(user=editor, page=case, body="已举报的评论"), reason="spam")
    # The director wrote it: his exchange offers "Write up a case", his case "Edit my case".
    case.owner = director
    case.save(update_fields=["owner"])
    return {
        "chenxiao": [
            case.get_parent().url,
            case.url,
            f"/engage/comments/{question.pk}/edit/",
            f"/engage/comments/{other.pk}/report/",
            case.get_parent().url + "?stage=pre_sale",
        ],
        "director": [case.get_parent().url, case.url],
    }


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
@pytest.mark.accessibility
def test_case_pages_have_no_accessibility_violations(browser, live_server, case_pages, language):
    assert_pages_pass_axe(browser, live_server, case_pages, language)


def test_case_pages_fit_a_phone(browser, live_server, case_pages, screenshot):
    with phone_page(browser, live_server, "director") as page:
        for path in [*case_pages["chenxiao"][:2], *case_pages["director"]]:
            assert_fits_the_width(page, live_server.url + path)
        screenshot(page, "phone-case")
        expect(page.get_by_role("link", name="编辑我的案例")).to_be_visible()
        page.goto(live_server.url + case_pages["director"][0])
        expect(page.get_by_role("link", name="写案例")).to_be_visible()
