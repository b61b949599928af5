"""Helpful votes and comments, the one mechanism every app's pages share."""

import pytest
from django.urls import reverse

from capture.models import Experience
from capture.services import approve
from core.models import Comment, HelpfulVote, PageEngagement
from tests.capture.conftest import make_experience
from tests.conftest import EN
from tests.factories import EditorFactory, LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(learner, taxonomy, lesson_library):
    experience = make_experience(learner, state=Experience.State.SUBMITTED)
    return approve(reviewer=EditorFactory(), experience=experience, title="客户突然停专线")


def helpful(client, page, action=""):
    return client.post(reverse("core:helpful", args=[page.pk]), {"action": action} if action else {})


def test_helpful_counts_once_per_person(client, lesson, learner, director):
    client.force_login(learner)
    for _attempt in range(3):
        helpful(client, lesson)
    client.force_login(director)
    helpful(client, lesson)
    assert HelpfulVote.objects.filter(page=lesson).count() == 2
    assert PageEngagement.objects.get(page=lesson).helpful_count == 2
    html = client.get(lesson.url, **EN).content.decode()
    assert "2 colleagues found this helpful" in html
    assert "You found this helpful (withdraw)" in html
    client.force_login(LearnerFactory())
    html = client.get(lesson.url, **EN).content.decode()
    assert "2 colleagues found this helpful" in html
    assert "You found this helpful (withdraw)" not in html and 'aria-pressed="true"' not in html


def test_a_vote_can_be_withdrawn(client, lesson, learner):
    client.force_login(learner)
    helpful(client, lesson)
    helpful(client, lesson, action="withdraw")
    helpful(client, lesson, action="withdraw")
    assert PageEngagement.objects.get(page=lesson).helpful_count == 0


def test_signed_out_readers_are_asked_to_sign_in(client, lesson):
    response = helpful(client, lesson)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
    assert "登录后可以点赞和评论" in client.get(lesson.url).content.decode()


def test_pages_that_do_not_take_votes_are_not_found(client, learner, home_page):
    client.force_login(learner)
    assert helpful(client, home_page).status_code == 404
    assert client.post(reverse("core:comment", args=[home_page.pk]), {"body": "hi"}).status_code == 404
    assert client.post(reverse("core:comment", args=[999999]), {"body": "hi"}).status_code == 404


def test_a_comment_is_posted_and_shown_escaped(client, lesson, learner):
    client.force_login(learner)
    response = client.post(reverse("core:comment", args=[lesson.pk]), {"body": "<b>有用</b>\n第二行"}, follow=True)
    html = response.content.decode()
    assert "&lt;b&gt;有用&lt;/b&gt;<br>第二行" in html
    assert PageEngagement.objects.get(page=lesson).comment_count == 1


def test_an_empty_or_overlong_comment_is_refused_and_the_text_comes_back(client, lesson, learner):
    client.force_login(learner)
    response = client.post(reverse("core:comment", args=[lesson.pk]), {"body": "   "}, follow=True)
    # Beside the box it belongs to, which is marked and focused.
    box = response.content.decode().split('id="comment-form"')[1]
    assert '<ul class="field__errors" id="comment-error"><li>写点内容再发表。</li></ul>' in box
    assert 'aria-invalid="true" autofocus' in box
    long_text = "评" * 2001
    response = client.post(reverse("core:comment", args=[lesson.pk]), {"body": long_text}, follow=True)
    html = response.content.decode()
    assert "2000" in html
    assert long_text in html
    very_long = "评" * 12_000
    html = client.post(reverse("core:comment", args=[lesson.pk]), {"body": very_long}, follow=True).content.decode()
    assert "12000" in html
    assert very_long in html
    assert not Comment.objects.exists()


def test_notifications_list_and_mark_read(client, learner):
    from core.notifications import notify, unread_count

    notify(recipient=learner, message="你的经验已发布", url="/lessons/")
    client.force_login(learner)
    home = client.get("/").content.decode()
    assert 'class="badge"' in home
    html = client.get(reverse("core:notifications")).content.decode()
    assert "你的经验已发布" in html
    assert "全部标为已读" in html
    # Opening the list (or a link preview fetching it) reads nothing.
    assert unread_count(learner) == 1
    response = client.post(reverse("core:notifications"), follow=True)
    assert unread_count(learner) == 0
    html = response.content.decode()
    assert "通知已全部标为已读" in html
    assert "全部标为已读" not in html.split("通知已全部标为已读")[1]
    assert 'class="badge"' not in html


@pytest.mark.parametrize(
    "url, shown_as_link",
    [
        ("/lessons/", True),
        ("https://academy.example.com/cases/", True),
        ("javascript:alert(1)", False),
        (" JavaScript:alert(1)", False),
        ("//elsewhere.example.com/", False),
        ("/\\elsewhere.example.com/", False),
        ("data:text/html,<script>alert(1)</script>", False),
    ],
)
def test_a_notification_links_only_to_web_addresses(client, learner, url, shown_as_link):
    from core.notifications import notify

    notify(recipient=learner, message="链接检查", url=url)
    client.force_login(learner)
    html = client.get(reverse("core:notifications")).content.decode()
    assert "链接检查" in html
    assert (">链接检查</a>" in html) is shown_as_link


def test_the_unread_badge_is_kept_between_pages_and_follows_every_change(client, learner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.notifications import notify

    client.force_login(learner)
    assert 'class="badge"' not in client.get(reverse("core:notifications")).content.decode()
    with CaptureQueriesContext(connection) as again:
        client.get(reverse("core:notifications"))
    assert not [
        query for query in again.captured_queries if "COUNT" in query["sql"] and "core_notification" in query["sql"]
    ]
    notify(recipient=learner, message="主任给你布置了新学习", url="/growth/plan/")
    assert 'class="badge">1<' in client.get(reverse("core:notifications")).content.decode()
    client.post(reverse("core:notifications"))
    assert 'class="badge"' not in client.get(reverse("core:notifications")).content.decode()
