import pytest
from django.urls import reverse

from tests.conftest import EN, ZH

pytestmark = pytest.mark.django_db


def test_home_page_renders_in_chinese_by_default(client, home_page):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-hans">' in html
    assert "效能学院" in html
    assert "跳到主要内容" in html
    assert "登录开始学习" in html


def test_home_page_follows_accept_language_english(client, home_page):
    html = client.get("/", **EN).content.decode()
    assert '<html lang="en">' in html
    assert "Sales Excellence Academy" in html
    assert "Sign in to start learning" in html
    assert "登录开始学习" not in html


def test_visitor_switches_language_and_it_sticks(client, home_page):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, **ZH)
    assert response.status_code == 302
    html = client.get("/", **ZH).content.decode()
    assert '<html lang="en">' in html
    assert "Skip to main content" in html
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "跳到主要内容" in client.get("/", **EN).content.decode()


def test_editor_content_of_the_home_page_is_shown(client, home_page):
    home_page.hero_heading = "让每一位客户经理都能学到最好的一线经验"
    home_page.body = [("quote", {"text": "优秀经验要固化下来", "attribution": "方案"})]
    home_page.save_revision().publish()
    html = client.get("/").content.decode()
    assert "让每一位客户经理都能学到最好的一线经验" in html
    assert "优秀经验要固化下来" in html


def test_draft_changes_stay_off_the_live_home_page(client, home_page):
    home_page.hero_heading = "草稿标题"
    home_page.save_revision()
    assert "草稿标题" not in client.get("/").content.decode()


def test_signed_in_home_page_is_a_workspace_not_the_landing_page(learner_client, home_page):
    home_page.body = [("quote", {"text": "优秀经验要固化下来", "attribution": "方案"})]
    home_page.save_revision().publish()
    html = learner_client.get("/").content.decode()
    assert "你好，陈晓" in html and 'id="dash-todo"' in html
    # The marketing sections are for visitors.
    assert "优秀经验要固化下来" not in html and 'class="hero"' not in html
    assert "登录开始学习" not in html


def test_home_page_query_count_is_small(client, home_page, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        client.get("/")


def test_home_page_title_is_the_academy_name_in_each_language(client, home_page):
    assert "<title>效能学院</title>" in client.get("/").content.decode()
    assert "<title>Sales Excellence Academy</title>" in client.get("/", **EN).content.decode()
