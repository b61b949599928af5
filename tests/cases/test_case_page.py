"""A case's page: its profile and related content, the discussion under it, and a
director putting it on a team's agenda."""

import re
from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStudyPage, TeamDiscussion
from core.models import Comment, HelpfulVote, Notification, PageEngagement
from tests.cases.conftest import make_case
from tests.conftest import EN
from tests.factories import DirectorFactory, LearnerFactory, TeamFactory

pytestmark = pytest.mark.django_db


def test_the_case_shows_its_profile_and_links_to_its_facets(client, case):
    html = client.get(case.url).content.decode()
    assert "客户画像" in html and "某区政府机关" in html and "售后" in html
    tag = case.tags.get()
    from urllib.parse import quote

    assert f'?tag={quote(tag.slug)}"' in html and "?competency=competitive-strategy" in html


def test_related_cases_and_lessons_share_tags_or_competencies(client, case_index, case, learner, lesson_library):
    from capture.models import Experience
    from capture.services import approve
    from tests.capture.conftest import make_experience
    from tests.factories import EditorFactory

    sibling = make_case(case_index, "另一个流失的客户", tags=["客户流失"])
    unrelated = make_case(case_index, "毫不相干的案例", tags=["别的"])
    experience = make_experience(learner, state=Experience.State.SUBMITTED)
    lesson = approve(reviewer=EditorFactory(), experience=experience, title="客户突然停专线", tags=["客户流失"])
    html = client.get(case.url).content.decode()
    assert "相关案例" in html and sibling.title in html and unrelated.title not in html
    assert "同事的经验" in html and lesson.title in html
    # …and the lesson shows the case in return.
    assert case.title in client.get(lesson.url).content.decode()


def test_signed_in_readers_comment_and_reply_and_others_cannot_edit(client, case, learner):
    colleague = LearnerFactory(display_name="刘洋")
    client.force_login(learner)
    client.post(reverse("core:comment", args=[case.pk]), {"body": "我们组也遇到过"})
    comment = Comment.objects.get()
    client.force_login(colleague)
    client.post(reverse("core:comment", args=[case.pk]), {"body": "后来怎么解决的？", "parent": comment.pk})
    assert client.post(reverse("core:edit_comment", args=[comment.pk]), {"body": "改掉"}).status_code == 403
    html = client.get(case.url).content.decode()
    assert "我们组也遇到过" in html and "后来怎么解决的？" in html
    assert PageEngagement.objects.get(page=case).comment_count == 2


def test_anonymous_readers_read_the_discussion_but_cannot_post(client, case, learner):
    client.force_login(learner)
    client.post(reverse("core:comment", args=[case.pk]), {"body": "公开讨论"})
    client.logout()
    html = client.get(case.url).content.decode()
    assert "公开讨论" in html and "登录后可以点赞和评论" in html and 'id="comment-body"' not in html
    response = client.post(reverse("core:comment", args=[case.pk]), {"body": "匿名"})
    assert response.status_code == 302 and Comment.objects.count() == 1


def test_editors_hide_a_comment_and_readers_no_longer_see_it(client, case, learner, editor):
    client.force_login(learner)
    client.post(reverse("core:comment", args=[case.pk]), {"body": "客户的采购经理收了回扣"})
    comment = Comment.objects.get()
    client.force_login(editor)
    html = client.get(case.url).content.decode()
    assert reverse("core:hide_comment", args=[comment.pk]) in html
    client.post(reverse("core:hide_comment", args=[comment.pk]))
    for viewer in (learner, LearnerFactory(), None):
        if viewer is None:
            client.logout()
        else:
            client.force_login(viewer)
        assert "回扣" not in client.get(case.url).content.decode()


def test_script_in_a_comment_is_text(client, case, learner):
    client.force_login(learner)
    client.post(reverse("core:comment", args=[case.pk]), {"body": "<script>document.cookie</script>"})
    html = client.get(case.url).content.decode()
    assert "<script>document.cookie</script>" not in html
    assert "&lt;script&gt;document.cookie&lt;/script&gt;" in html


def test_helpful_counts_once(client, case, learner):
    client.force_login(learner)
    for _attempt in range(3):
        client.post(reverse("core:helpful", args=[case.pk]))
    assert HelpfulVote.objects.filter(page=case).count() == 1
    assert "1 位同事觉得有用" in client.get(case.url).content.decode()


def schedule(client, case, team, days=3, note="准备一个换了领导的客户", action="schedule"):
    return client.post(
        reverse("cases:team_discussion", args=[case.pk]),
        {
            "team": team.pk,
            "discuss_on": (timezone.localdate() + timedelta(days=days)).isoformat(),
            "note": note,
            "action": action,
        },
        follow=True,
    )


def test_a_director_puts_a_case_on_the_team_agenda_and_members_are_told(
    client, case, team, director, learner, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(director)
    html = client.get(case.url).content.decode()
    assert "安排团队讨论" in html
    with django_capture_on_commit_callbacks(execute=True):
        response = schedule(client, case, team)
    assert [mail.to for mail in mailoutbox] == [[learner.email]]
    assert case.title in mailoutbox[0].subject
    assert "组员已收到通知" in response.content.decode()
    discussion = TeamDiscussion.objects.get()
    assert discussion.team == team and discussion.note == "准备一个换了领导的客户"
    assert Notification.objects.filter(recipient=learner, message__contains=case.title).exists()
    client.force_login(learner)
    html = client.get(case.url).content.decode()
    assert "已把这个案例安排为城东集客一组" in html and "准备一个换了领导的客户" in html
    assert "安排团队讨论" not in html

    # Scheduling again moves the date; cancelling takes it off.
    client.force_login(director)
    schedule(client, case, team, days=7)
    assert TeamDiscussion.objects.get().discuss_on == timezone.localdate() + timedelta(days=7)
    schedule(client, case, team, action="cancel")
    assert not TeamDiscussion.objects.exists()


def test_a_past_date_is_refused_and_what_was_typed_comes_back(client, case, team, director):
    client.force_login(director)
    html = schedule(client, case, team, days=-1, note="别丢了这句话").content.decode()
    assert "讨论日期不能早于今天" in html
    assert 'value="别丢了这句话"' in html
    assert not TeamDiscussion.objects.exists()
    html = client.post(
        reverse("cases:team_discussion", args=[case.pk]),
        {"team": team.pk, "discuss_on": "明天", "note": "x"},
        follow=True,
    ).content.decode()
    assert "讨论日期" in html and "有效的日期" in html


def test_only_the_teams_director_can_schedule(client, case, team, learner):
    other_director = DirectorFactory()
    TeamFactory(director=other_director)
    client.force_login(other_director)
    response = schedule(client, case, team)
    assert "选择一个有效的选项" in response.content.decode()
    client.force_login(learner)
    assert schedule(client, case, team).status_code == 403
    client.logout()
    assert schedule(client, case, team).redirect_chain[0][0].startswith(reverse("accounts:login"))
    assert not TeamDiscussion.objects.exists()


def test_an_unpublished_case_is_not_found_for_scheduling(client, case, team, director):
    case.unpublish()
    client.force_login(director)
    assert schedule(client, case, team).status_code == 404


def test_the_case_page_in_english(client, case, director, team):
    client.force_login(director)
    html = client.get(case.url, **EN).content.decode()
    assert "Customer profile" in html and "Discuss with your team" in html and "Was this useful?" in html


def test_related_cases_are_cached_but_never_link_to_an_unpublished_page(client, case_index, case):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sibling = make_case(case_index, "另一个流失的客户", tags=["客户流失"])
    with CaptureQueriesContext(connection) as first_visit:
        assert sibling.title in client.get(case.url).content.decode()
    with CaptureQueriesContext(connection) as second_visit:
        assert sibling.title in client.get(case.url).content.decode()
    # Three providers, a query or two each, are not asked again.
    assert len(second_visit) <= len(first_visit) - 3
    sibling.unpublish()
    assert sibling.title not in client.get(case.url).content.decode()


def test_the_userbar_is_for_editors_and_a_learners_page_never_asks_for_page_permissions(client, case, learner, editor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    assert "<wagtail-userbar" in client.get(case.url).content.decode()
    client.force_login(learner)
    with CaptureQueriesContext(connection) as reading:
        html = client.get(case.url).content.decode()
    assert "<wagtail-userbar" not in html
    assert not [query for query in reading if "wagtailcore_grouppagepermission" in query["sql"]]


def test_a_group_given_page_permissions_brings_the_userbar_on_the_next_page_and_taking_them_removes_it(
    client, case, learner
):
    from django.contrib.auth.models import Group, Permission
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from wagtail.models import GroupPagePermission

    admin_users = Group.objects.create(name="后台用户")
    admin_users.permissions.add(Permission.objects.get(codename="access_admin"))
    writers = Group.objects.create(name="案例撰写人")
    learner.groups.add(admin_users, writers)
    client.force_login(learner)
    assert "<wagtail-userbar" not in client.get(case.url).content.decode()
    with CaptureQueriesContext(connection) as again:
        client.get(case.url)
    # Asked once, remembered: a reader who may edit nothing here pays no query for it.
    assert not [query for query in again if "wagtailcore_grouppagepermission" in query["sql"]]

    def grant():
        return GroupPagePermission.objects.create(
            group=writers, page=case.get_parent(), permission=Permission.objects.get(codename="change_page")
        )

    granted = grant()
    assert "<wagtail-userbar" in client.get(case.url).content.decode()
    granted.delete()
    assert "<wagtail-userbar" not in client.get(case.url).content.decode()
    grant()
    assert "<wagtail-userbar" in client.get(case.url).content.decode()
    learner.groups.remove(writers)
    assert "<wagtail-userbar" not in client.get(case.url).content.decode()


def test_who_may_only_add_pages_gets_no_userbar_and_pays_no_query_for_it(client, case, director):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(director)
    client.get(case.url)
    with CaptureQueriesContext(connection) as again:
        html = client.get(case.url).content.decode()
    assert "<wagtail-userbar" not in html
    asked = [query["sql"] for query in again]
    assert not [sql for sql in asked if "wagtailcore_grouppagepermission" in sql or "workflow" in sql]


def _tag_links(html):
    return set(re.findall(r'\?tag=([^"&]+)"', html))


def test_a_case_read_again_asks_less_and_a_republished_tag_shows_at_once(client, case, learner):
    client.force_login(learner)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(case.url)
    with CaptureQueriesContext(connection) as again:
        html = client.get(case.url).content.decode()
    assert not [query for query in again.captured_queries if '"core_product"' in query["sql"]]
    assert {unquote(slug) for slug in _tag_links(html)} == {case.tags.get().slug}
    case.tags.add("价格战")
    case.save_revision().publish()
    html = client.get(case.url, **EN).content.decode()
    assert "价格战" in {unquote(slug) for slug in _tag_links(html)}


def test_a_preview_shows_its_unsaved_tags_and_readers_never_see_them(client, case, learner):
    client.force_login(learner)
    client.get(case.url)
    draft = CaseStudyPage.objects.get(pk=case.pk)
    draft.tags.add("草稿标签")  # a cluster's tags stay in memory until it is saved
    shown = draft.make_preview_request().content.decode()
    assert "草稿标签" in {unquote(slug) for slug in _tag_links(shown)}
    read = client.get(case.url).content.decode()
    assert "草稿标签" not in {unquote(slug) for slug in _tag_links(read)}
