"""The administrator's screens for the company's systems: the learning records sent to
the LRS and the API tokens. Each passes axe in both languages and reads well on a
phone; a token is made, copied once and listed with what it may read."""

import uuid

import pytest
from playwright.sync_api import expect
from wagtail.models import APIToken

from api.models import TokenScopes
from tests.browser.conftest import BROWSER_TEST_MARKS, assert_pages_pass_axe, sign_in_by_session
from tests.factories import UserFactory
from xapi.models import OutboxStatement

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture
def administrator(db, settings):
    settings.XAPI_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    admin = UserFactory(username="root", display_name="王管理", is_superuser=True, is_staff=True)
    for state, title in [("sent", "集团客户需求放大镜"), ("waiting", "方案设计测评"), ("rejected", "七步法")]:
        OutboxStatement.objects.create(
            id=uuid.uuid4(),
            verb="completed",
            state=state,
            attempts=2,
            last_error='422: {"detail": "Field required"}' if state == "rejected" else "",
            statement={
                "actor": {"name": "陈晓", "account": {"homePage": "https://x", "name": "E3001"}},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"zh-CN": "完成了"}},
                "object": {"id": "https://x/pages/1", "definition": {"name": {"zh-CN": title}}},
            },
        )
    token, _secret = APIToken.create_token(user=admin, name="HR 系统")
    TokenScopes.objects.create(token=token, scopes=["completions:read", "certificates:read"])
    return admin, token


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
@pytest.mark.accessibility
def test_the_integration_screens_pass_axe(browser, live_server, administrator, language):
    _admin, token = administrator
    paths = [
        "/admin/reports/learning-records/",
        "/admin/api-tokens/",
        "/admin/api-tokens/new/",
        f"/admin/api-tokens/edit/{token.pk}/",
    ]
    assert_pages_pass_axe(browser, live_server, {"root": paths}, language)


def test_a_token_is_made_and_copied_once(page, live_server, administrator, screenshot):
    sign_in_by_session(page, live_server.url, "root")
    page.goto(live_server.url + "/admin/api-tokens/new/")
    page.fill("#id_name", "数据平台")
    page.select_option("#id_user", label="王管理")
    page.get_by_label("课程完成记录").check()
    page.get_by_role("button", name="创建").click()
    expect(page.get_by_text("请现在复制，它不会再次显示")).to_be_visible()
    secret = page.locator("#api-token-value").input_value()
    assert secret.startswith("wagtail_")
    screenshot(page, "api-token-created-zh")
    page.get_by_role("link", name="返回 API 令牌").click()
    expect(page.get_by_role("row", name="数据平台")).to_contain_text("课程完成记录")
    screenshot(page, "api-tokens-zh")


def test_the_learning_records_report_on_a_phone(browser, live_server, administrator, screenshot):
    context = browser.new_context(locale="zh-CN", viewport={"width": 360, "height": 740})
    page = context.new_page()
    sign_in_by_session(page, live_server.url, "root")
    page.goto(live_server.url + "/admin/reports/learning-records/")
    expect(page.get_by_text("条被 LRS 拒绝")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    screenshot(page, "learning-records-phone-zh")
    assert width <= 360
    page.get_by_role("button", name="重新发送被拒绝的记录").click()
    expect(page.get_by_text("将重新发送")).to_be_visible()
    context.close()
