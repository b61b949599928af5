"""Profiles, plans and team dashboards in a real browser: the radar chart draws from
locally served Chart.js, a learner plans for their gaps with one click, and every page
passes axe in both languages and fits a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from competencies.services import assign
from tests.browser.conftest import (
    BROWSER_TEST_MARKS,
    assert_fits_the_width,
    assert_pages_pass_axe,
    phone_page,
    sign_in_by_session,
)
from tests.competencies.conftest import build_plan_content, competency_model, rate, set_grade  # noqa: F401 (fixtures)

pytestmark = BROWSER_TEST_MARKS


@pytest.fixture
def plan_content(taxonomy, home_page):
    """Committed for each test, as the live server reads it (not the shared content)."""
    return build_plan_content(home_page)


@pytest.fixture
def growing_team(team, learner, director, plan_content):
    set_grade(learner, "intermediate")
    rate(learner, "needs-analysis", 1)
    rate(learner, "solution-design", 2)
    rate(learner, "negotiation", 3, source="self")
    assign(actor=director, page=plan_content.case, team=team, due_on=timezone.localdate() + timedelta(days=5))
    return team


def test_the_profile_draws_the_radar_chart(page, live_server, growing_team, screenshot):
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + "/growth/")
    chart = page.locator("canvas#radar")
    expect(chart).to_have_attribute("data-drawn", "true")
    painted = page.evaluate(
        """() => {
            const canvas = document.getElementById('radar');
            const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
            let count = 0;
            for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) count++;
            return count;
        }"""
    )
    assert painted > 1000
    # Chart.js came from our own static files, not a CDN.
    sources = page.eval_on_selector_all("script[src]", "scripts => scripts.map(script => script.src)")
    assert any(src.startswith(live_server.url) and "chart.umd.min.js" in src for src in sources)
    expect(page.locator(".gap-list")).to_contain_text("需求理解与分析")
    screenshot(page, "competency-profile")


def test_one_click_plans_learning_for_the_gaps(page, live_server, growing_team, plan_content, screenshot):
    sign_in_by_session(page, live_server.url, "chenxiao")
    page.goto(live_server.url + "/growth/")
    page.get_by_role("button", name="为我的短板制定学习计划").click()
    expect(page.locator(".message--success")).to_contain_text("已把针对你短板的")
    own = page.locator("#own-heading + p + .plan-list")
    expect(own).to_contain_text(plan_content.needs_course.title)
    expect(page.locator(".plan-section").first).to_contain_text(plan_content.case.title)
    screenshot(page, "learning-plan")


def test_the_team_dashboard_sorts_by_a_competency(page, live_server, growing_team, screenshot):
    sign_in_by_session(page, live_server.url, "zhangwei")
    page.goto(f"{live_server.url}/teams/{growing_team.pk}/")
    page.get_by_role("link", name="需求理解与分析").click()
    expect(page.locator("th[aria-sort=ascending]")).to_contain_text("需求理解与分析")
    expect(page.locator(".heatmap tbody")).to_contain_text("1 / 2")
    screenshot(page, "team-dashboard")


@pytest.fixture
def growth_pages(growing_team, plan_content):
    return {
        "chenxiao": ["/", "/growth/", "/growth/plan/", "/growth/self-assessment/", "/growth/map/"],
        "zhangwei": [
            f"/teams/{growing_team.pk}/",
            f"/growth/people/{growing_team.memberships.first().user_id}/",
            f"/growth/assign/{plan_content.case.pk}/",
        ],
    }


@pytest.mark.parametrize("language", ["zh-CN", "en-US"])
@pytest.mark.accessibility
def test_growth_pages_pass_axe(browser, live_server, growth_pages, language):
    assert_pages_pass_axe(browser, live_server, growth_pages, language)


def test_growth_pages_fit_a_phone(browser, live_server, growth_pages):
    for username, paths in growth_pages.items():
        with phone_page(browser, live_server, username) as page:
            for path in paths:
                assert_fits_the_width(page, live_server.url + path)
