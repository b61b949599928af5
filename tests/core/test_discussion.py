"""Discussion under a page: replies one level deep, authors editing or deleting their
words for a while, readers reporting, moderators hiding and restoring."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from capture.models import Experience
from capture.services import approve
from core.engagement import THREADS_PER_PAGE
from core.models import Comment, CommentReport, Notification, PageEngagement
from tests.capture.conftest import make_experience
from tests.conftest import EN
from tests.factories import EditorFactory, LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(learner, taxonomy, lesson_library):
    experience = make_experience(learner, state=Experience.State.SUBMITTED)
    return approve(reviewer=EditorFactory(), experience=experience, title="客户突然停专线")


@pytest.fixture
def colleague(db):
    return LearnerFactory(username="liuyang", display_name="刘洋")


def post_comment(client, page, body, parent=None):
    data = {"body": body}
    if parent is not None:
        data["parent"] = parent.pk
    return client.post(reverse("core:comment", args=[page.pk]), data)


def comment_by(client, user, page, body, parent=None):
    client.force_login(user)
    post_comment(client, page, body, parent)
    return Comment.objects.filter(author=user).latest("pk")


def age(comment, minutes):
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - timedelta(minutes=minutes))


def test_a_reply_sits_under_its_comment_and_tells_the_author(client, lesson, learner, colleague):
    question = comment_by(client, learner, lesson, "谁知道对方的采购流程？")
    answer = comment_by(client, colleague, lesson, "先找信息中心主任", parent=question)
    # A reply to a reply joins the same thread: one level only.
    follow_up = comment_by(client, learner, lesson, "谢谢，已约上", parent=answer)
    assert answer.parent == question and follow_up.parent == question
    html = client.get(lesson.url).content.decode()
    thread = html[html.index(f'id="comment-{question.pk}"') :]
    assert thread.index("先找信息中心主任") < thread.index("谢谢，已约上")
    assert 'class="comment-replies"' in html
    notice = Notification.objects.filter(recipient=learner).first()
    assert "刘洋" in notice.message and f"#comment-{answer.pk}" in notice.url
    assert PageEngagement.objects.get(page=lesson).comment_count == 3


def test_replying_to_a_removed_comment_keeps_the_text(client, lesson, learner, colleague, editor):
    question = comment_by(client, learner, lesson, "原评论")
    client.force_login(editor)
    client.post(reverse("core:hide_comment", args=[question.pk]))
    client.force_login(colleague)
    response = client.post(
        reverse("core:comment", args=[lesson.pk]), {"body": "我的回复草稿", "parent": question.pk}, follow=True
    )
    html = response.content.decode()
    assert "你回复的评论已被删除，请作为新评论发表。" in html
    main_box = html[html.index('id="comment-body"') :]
    assert main_box.index("我的回复草稿") < main_box.index("</textarea>")
    assert not Comment.objects.filter(author=colleague).exists()


def test_script_and_html_in_comments_are_shown_as_text_and_links_are_safe(client, lesson, learner):
    client.force_login(learner)
    body = (
        '<script>alert("x")</script><img src=x onerror=alert(1)>\n'
        "详见 https://example.com/plan?a=1&b=2 javascript:alert(1)"
    )
    html = client.post(reverse("core:comment", args=[lesson.pk]), {"body": body}, follow=True).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;<br>" in html
    assert '<a href="https://example.com/plan?a=1&amp;b=2" rel="nofollow">' in html
    assert 'href="javascript' not in html


def test_authors_edit_and_delete_their_own_comments_for_a_while(client, lesson, learner, colleague):
    comment = comment_by(client, learner, lesson, "初稿")
    edit_url = reverse("core:edit_comment", args=[comment.pk])
    assert "初稿" in client.get(edit_url).content.decode()
    client.post(edit_url, {"body": "改过的评论"})
    comment.refresh_from_db()
    assert comment.body == "改过的评论" and comment.edited_at is not None
    assert "已编辑" in client.get(lesson.url).content.decode()

    # An empty edit is refused and the text typed stays in the box.
    response = client.post(edit_url, {"body": "   "})
    assert response.status_code == 400 and "写点内容再发表" in response.content.decode()

    client.force_login(colleague)
    assert client.get(edit_url).status_code == 403
    assert client.post(reverse("core:delete_comment", args=[comment.pk])).status_code == 403

    client.force_login(learner)
    age(comment, 16)
    response = client.post(edit_url, {"body": "太晚了"}, follow=True)
    assert "15 分钟" in response.content.decode()
    client.post(reverse("core:delete_comment", args=[comment.pk]))
    comment.refresh_from_db()
    assert comment.body == "改过的评论" and comment.deleted_at is None

    fresh = comment_by(client, learner, lesson, "发错了")
    client.post(reverse("core:delete_comment", args=[fresh.pk]))
    fresh.refresh_from_db()
    assert fresh.deleted_at is not None
    assert "发错了" not in client.get(lesson.url).content.decode()
    assert PageEngagement.objects.get(page=lesson).comment_count == 1


def test_signed_out_readers_can_read_but_not_act(client, lesson, learner):
    comment = comment_by(client, learner, lesson, "公开的评论")
    client.logout()
    html = client.get(lesson.url).content.decode()
    assert "公开的评论" in html and "举报" not in html and 'name="parent"' not in html
    for name in ("edit_comment", "report_comment"):
        response = client.get(reverse(f"core:{name}", args=[comment.pk]))
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    response = client.post(reverse("core:delete_comment", args=[comment.pk]))
    assert response.status_code == 302
    assert Comment.objects.get(pk=comment.pk).deleted_at is None


def test_readers_report_once_and_moderators_hide_and_restore(client, lesson, learner, colleague, editor):
    comment = comment_by(client, learner, lesson, "某银行行长电话 13800000000")
    client.force_login(colleague)
    report_url = reverse("core:report_comment", args=[comment.pk])
    response = client.post(report_url, {"reason": "", "details": "有客户电话"})
    assert response.status_code == 400 and "有客户电话" in response.content.decode()
    client.post(report_url, {"reason": "confidential", "details": "有客户电话"})
    client.post(report_url, {"reason": "spam"})
    assert CommentReport.objects.filter(comment=comment).count() == 1
    assert "已举报" in client.get(lesson.url).content.decode()

    # Authors cannot report themselves; readers cannot hide.
    client.force_login(learner)
    assert client.get(report_url).status_code == 403
    client.force_login(colleague)
    assert client.post(reverse("core:hide_comment", args=[comment.pk])).status_code == 403

    client.force_login(editor)
    moderate_url = reverse("wagtailsnippets_core_comment:moderate", args=[comment.pk])
    listing = client.get(reverse("wagtailsnippets_core_comment:list") + "?status=reported", **EN).content.decode()
    assert "某银行行长电话" in listing
    searched = client.get(reverse("wagtailsnippets_core_comment:list"), {"q": "行长"}).content.decode()
    assert "某银行行长电话" in searched
    assert client.get(reverse("wagtailsnippets_core_comment:list"), {"status": "junk"}).status_code == 200
    page = client.get(moderate_url, **EN).content.decode()
    assert "Names a customer or reveals confidential figures" in page and "有客户电话" in page
    client.post(moderate_url, {"action": "hide", "reason": "含客户电话"})
    comment.refresh_from_db()
    assert comment.hidden_by == editor and comment.reports.get().resolved_at is not None
    assert "含客户电话" in Notification.objects.filter(recipient=learner).first().message

    client.force_login(colleague)
    html = client.get(lesson.url).content.decode()
    assert "13800000000" not in html
    assert PageEngagement.objects.get(page=lesson).comment_count == 0

    client.force_login(editor)
    client.post(moderate_url, {"action": "restore"})
    client.force_login(colleague)
    assert "13800000000" in client.get(lesson.url).content.decode()
    assert PageEngagement.objects.get(page=lesson).comment_count == 1


def test_a_hidden_comment_with_replies_leaves_a_note_above_them(client, lesson, learner, colleague, editor):
    question = comment_by(client, learner, lesson, "不当言论")
    comment_by(client, colleague, lesson, "有价值的回复", parent=question)
    client.force_login(editor)
    client.post(reverse("core:hide_comment", args=[question.pk]))
    client.logout()
    html = client.get(lesson.url).content.decode()
    assert "不当言论" not in html
    assert "此评论已被管理员隐藏" in html and "有价值的回复" in html


def test_learners_cannot_open_the_moderation_screens(client, lesson, learner):
    comment = comment_by(client, learner, lesson, "评论")
    response = client.get(reverse("wagtailsnippets_core_comment:moderate", args=[comment.pk]))
    assert response.status_code in (302, 403)
    assert Comment.objects.get(pk=comment.pk).hidden_at is None


def test_long_discussions_are_paged_and_a_new_comment_lands_on_its_page(client, lesson, learner):
    Comment.objects.bulk_create(
        Comment(page=lesson, author=learner, body=f"第{number}条") for number in range(THREADS_PER_PAGE + 2)
    )
    PageEngagement.objects.create(page=lesson, comment_count=THREADS_PER_PAGE + 2)
    html = client.get(lesson.url).content.decode()
    assert "第0条" in html and f"第{THREADS_PER_PAGE}条" not in html
    assert "?comments=2#comments" in html
    client.force_login(learner)
    response = post_comment(client, lesson, "最新的一条")
    assert "?comments=2#comment-" in response["Location"]
    assert "最新的一条" in client.get(response["Location"]).content.decode()


def test_an_empty_reply_comes_back_open_in_its_own_box(client, lesson, learner, colleague):
    question = comment_by(client, learner, lesson, "问题")
    client.force_login(colleague)
    response = client.post(
        reverse("core:comment", args=[lesson.pk]), {"body": " " * 3, "parent": question.pk}, follow=True
    )
    html = response.content.decode()
    assert f'<details class="reply" id="reply-{question.pk}" open>' in html
    assert "写点内容再发表" in html


def test_an_author_who_renames_themselves_is_still_shown_by_their_name_on_record(client, lesson, learner, colleague):
    comment_by(client, colleague, lesson, "我是陈晓，这个方案我负责")
    colleague.display_name = "陈晓"
    colleague.save()
    html = client.get(lesson.url).content.decode()
    meta = html[html.index("我是陈晓") - 600 : html.index("我是陈晓")]
    assert "（登记姓名：刘洋）" in meta
    colleague.display_name = "刘洋"
    colleague.save()
    assert "登记姓名" not in client.get(lesson.url).content.decode()


def test_a_comment_shows_when_it_was_posted_in_beijing_time_with_a_machine_readable_moment(client, lesson, learner):
    comment = comment_by(client, learner, lesson, "先问清是谁拍板。")
    posted = datetime(2026, 3, 1, 16, 5, 9, tzinfo=UTC)
    Comment.objects.filter(pk=comment.pk).update(created_at=posted)
    html = client.get(lesson.url).content.decode()
    assert '<time datetime="2026-03-02T00:05:09+08:00">2026-03-02 00:05</time>' in html


def test_a_page_nobody_has_voted_on_or_discussed_asks_nothing_more_until_someone_does(
    client, lesson, learner, colleague
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(learner)
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as quiet:
        html = client.get(lesson.url).content.decode()
    asked = [query["sql"] for query in quiet]
    # The reader's vote is asked within the totals, and nothing past them.
    assert not any("core_comment" in sql for sql in asked)
    assert not any("core_helpfulvote" in sql and "core_pageengagement" not in sql for sql in asked)
    assert "还没有评论" in html and 'aria-pressed="false"' in html

    client.force_login(colleague)
    client.post(reverse("core:helpful", args=[lesson.pk]))
    post_comment(client, lesson, "第一条评论")
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert "第一条评论" in html and "1 位同事觉得有用" in html
    client.post(reverse("core:helpful", args=[lesson.pk]))
    assert 'aria-pressed="true"' in client.get(lesson.url).content.decode()


def test_a_comment_kept_between_visits_follows_each_edit_rename_report_and_moderation(
    client, lesson, learner, colleague, editor
):
    comment = comment_by(client, colleague, lesson, "先约信息中心主任")
    client.force_login(learner)
    assert "先约信息中心主任" in client.get(lesson.url).content.decode()

    client.force_login(colleague)
    client.post(reverse("core:edit_comment", args=[comment.pk]), {"body": "先约信息中心主任和采购"})
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert "先约信息中心主任和采购" in html and "已编辑" in html

    colleague.display_name = "陈晓"
    colleague.save()
    html = client.get(lesson.url).content.decode()
    assert "<strong>陈晓</strong>" in html and "（登记姓名：刘洋）" in html

    client.post(reverse("core:report_comment", args=[comment.pk]), {"reason": "confidential"})
    html = client.get(lesson.url).content.decode()
    assert "已举报" in html and reverse("core:report_comment", args=[comment.pk]) not in html
    html = client.get(lesson.url, **EN).content.decode()
    assert "Reported" in html and "已举报" not in html

    post_comment(client, lesson, "我也这样做", parent=comment)
    client.force_login(editor)
    client.post(reverse("core:hide_comment", args=[comment.pk]))
    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert "先约信息中心主任和采购" not in html and "此评论已被管理员隐藏。" in html and "我也这样做" in html


def test_each_threads_reply_box_names_its_author_safely_and_posts_with_a_valid_token(lesson, learner, colleague):
    from django.test import Client

    first = comment_by(Client(), colleague, lesson, "第一个问题")
    colleague.display_name = "<b>陈晓</b>"
    colleague.save()
    second = comment_by(Client(), colleague, lesson, "第二个问题")
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(learner)
    html = browser.get(lesson.url).content.decode()
    for thread in (first, second):
        box = html[html.index(f'<details class="reply" id="reply-{thread.pk}">') :]
        box = box[: box.index("</details>")]
        assert f'name="parent" value="{thread.pk}"' in box and f'id="reply-body-{thread.pk}"' in box
        assert "回复 &lt;b&gt;陈晓&lt;/b&gt;" in box and "<b>" not in box
    token = box.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    response = browser.post(
        reverse("core:comment", args=[lesson.pk]),
        {"body": "我来回答第二个", "parent": second.pk, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert Comment.objects.get(author=learner).parent == second


def test_a_short_discussion_read_whole_shows_what_the_paged_reading_shows(lesson, learner, colleague, editor):
    from core.engagement import _replies_to, _threads, _whole_discussion, add_comment, delete_own_comment, hide_comment

    kept = add_comment(user=learner, page=lesson, body="留着的")
    hidden = add_comment(user=colleague, page=lesson, body="被隐藏但有回复")
    add_comment(user=learner, page=lesson, body="回复被隐藏的", parent=hidden)
    gone = add_comment(user=colleague, page=lesson, body="删了且无回复")
    withdrawn = add_comment(user=learner, page=lesson, body="撤回的回复", parent=kept)
    hide_comment(user=editor, comment=hidden, reason="")
    delete_own_comment(user=colleague, comment=gone)
    delete_own_comment(user=learner, comment=withdrawn)

    threads, replies = _whole_discussion(lesson.pk)
    paged = list(_threads(lesson.pk).order_by("created_at", "pk"))
    assert threads == paged == [kept, hidden]
    assert replies == _replies_to(paged)
    assert [reply.body for reply in replies[hidden.pk]] == ["回复被隐藏的"] and kept.pk not in replies


@pytest.mark.parametrize("comments", [2, THREADS_PER_PAGE + 1])
def test_drawing_a_discussion_reads_its_authors_names_and_never_their_password_hashes(
    client, lesson, learner, colleague, comments
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for number in range(comments):
        Comment.objects.create(page=lesson, author=colleague, body=f"第{number}条")
    PageEngagement.objects.update_or_create(page=lesson, defaults={"comment_count": comments})
    client.force_login(learner)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(lesson.url).content.decode()
    assert "<strong>刘洋</strong>" in html and "第1条" in html
    read = [query["sql"] for query in queries if 'FROM "core_comment"' in query["sql"]]
    assert read and not any("password" in sql for sql in read)


def test_a_long_discussion_is_read_once_for_every_reader_until_a_comment_changes(client, lesson, learner, colleague):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Comment.objects.bulk_create(
        Comment(page=lesson, author=colleague, body=f"第{number}条") for number in range(THREADS_PER_PAGE + 2)
    )
    PageEngagement.objects.create(page=lesson, comment_count=THREADS_PER_PAGE + 2)
    client.force_login(colleague)
    client.get(lesson.url)
    client.force_login(learner)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(lesson.url).content.decode()
    assert "第0条" in html
    assert not [query for query in queries if 'FROM "core_comment"' in query["sql"]]

    first = Comment.objects.get(body="第0条")
    first.body = "第0条（已补充）"
    first.save()
    assert "第0条（已补充）" in client.get(lesson.url).content.decode()
    colleague.display_name = "刘小洋"
    colleague.save(update_fields=["display_name"])
    assert "刘小洋" in client.get(lesson.url).content.decode()


def test_a_page_of_threads_drawn_once_still_shows_each_reader_what_they_may_do(client, lesson, learner, colleague):
    comment = comment_by(client, colleague, lesson, "先约信息中心主任")
    other = LearnerFactory(display_name="周敏")
    report_url = reverse("core:report_comment", args=[comment.pk])
    edit_url = reverse("core:edit_comment", args=[comment.pk])

    client.force_login(learner)
    html = client.get(lesson.url).content.decode()
    assert report_url in html and edit_url not in html and "回复 刘洋" in html
    client.post(report_url, {"reason": "confidential"})
    assert report_url not in client.get(lesson.url).content.decode()

    client.force_login(other)
    html = client.get(lesson.url).content.decode()
    assert report_url in html and "已举报" not in html
    client.force_login(colleague)  # the author, within the time to edit
    html = client.get(lesson.url).content.decode()
    assert edit_url in html and report_url not in html
    client.logout()
    html = client.get(lesson.url).content.decode()
    assert "先约信息中心主任" in html and "回复 刘洋" not in html and report_url not in html


def _form_token(html, action):
    form = html[html.index(f'action="{action}"') :]
    return form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]


def test_the_authors_delete_and_the_moderators_hide_come_from_a_kept_page_with_each_ones_own_token(
    lesson, learner, colleague, editor
):
    from django.test import Client

    question = comment_by(Client(), colleague, lesson, "对方报价低了两成怎么办？")
    own = comment_by(Client(), learner, lesson, "先问清楚对方报价里含不含终端")
    delete_url = reverse("core:delete_comment", args=[own.pk])
    hide_url = reverse("core:hide_comment", args=[question.pk])

    author = Client(enforce_csrf_checks=True)
    author.force_login(learner)
    author.get(lesson.url)
    again = author.get(lesson.url)
    html = again.content.decode()
    # The second visit draws no comment through the template engine, yet the author's
    # own comment still has its edit and delete, and only theirs does.
    assert "core/includes/comment.html" not in [template.name for template in again.templates]
    assert delete_url in html and reverse("core:delete_comment", args=[question.pk]) not in html

    moderator = Client(enforce_csrf_checks=True)
    moderator.force_login(editor)
    moderator.get(lesson.url)
    html = moderator.get(lesson.url).content.decode()
    assert delete_url not in html
    response = moderator.post(hide_url, {"csrfmiddlewaretoken": _form_token(html, hide_url)})
    assert response.status_code == 302 and Comment.objects.get(pk=question.pk).hidden_by == editor

    html = author.get(lesson.url).content.decode()
    assert "对方报价低了两成怎么办？" not in html
    response = author.post(delete_url, {"csrfmiddlewaretoken": _form_token(html, delete_url)})
    assert response.status_code == 302 and Comment.objects.get(pk=own.pk).deleted_at is not None


def found_helpful(html):
    """Whether the reader's helpful button says they voted (the follow button beside
    the page has an aria-pressed of its own)."""
    helpful = html[html.index('<div class="engagement__helpful">') :]
    return 'aria-pressed="true"' in helpful[: helpful.index("</form>")]


def test_the_readers_vote_and_reports_are_kept_between_visits_and_follow_each_change(client, lesson, colleague):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.engagement import mark_helpful, report_comment
    from core.models import HelpfulVote

    comment = comment_by(client, colleague, lesson, "客户的报价单能发我看看吗")
    mark_helpful(user=colleague, page=lesson)
    report_url = reverse("core:report_comment", args=[comment.pk])
    # Not the lesson's author, whom a vote on it moves on anyway.
    reader = LearnerFactory(display_name="张伟")
    client.force_login(reader)
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as coming_back:
        html = client.get(lesson.url).content.decode()
    assert not found_helpful(html) and report_url in html
    asked = " ".join(query["sql"] for query in coming_back)
    assert "core_helpfulvote" not in asked and "core_commentreport" not in asked

    # Through the page, and around it.
    client.post(reverse("core:helpful", args=[lesson.pk]))
    assert found_helpful(client.get(lesson.url).content.decode())
    HelpfulVote.objects.filter(user=reader).delete()  # however the vote goes
    assert not found_helpful(client.get(lesson.url).content.decode())
    report_comment(user=reader, comment=comment, reason="confidential")
    html = client.get(lesson.url).content.decode()
    assert "已举报" in html and report_url not in html

    # One reader's marks are theirs alone.
    client.force_login(LearnerFactory())
    html = client.get(lesson.url).content.decode()
    assert "已举报" not in html and report_url in html and not found_helpful(html)
