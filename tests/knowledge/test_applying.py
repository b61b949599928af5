"""Applying a lesson on an account, being asked how it went, and what the lesson then
shows: outcomes, a failing flag for editors, counter-experiences that become a draft."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core.models import Notification, PageStewardship
from knowledge.models import Application, FieldNote, KnowledgeSettings
from knowledge.services import email_outcome_prompts, record_application, report_outcome
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db

APPLY = {"account": "某区人民医院", "stage": "pre_sale", "note": "帮主任准备院长办公会的材料"}


def workspace(client):
    return client.get("/").content.decode()


def test_a_reader_records_applying_a_lesson_from_its_page(client, learner, lesson):
    client.force_login(learner)
    page = client.get(lesson.url).content.decode()
    assert "在客户上用过吗？" in page and "我要在客户上试试" in page

    response = client.post(reverse("knowledge:apply", args=[lesson.pk]), APPLY, follow=True)
    application = Application.objects.get(user=learner)
    weeks = KnowledgeSettings.load().lesson_follow_up_weeks
    assert application.follow_up_on == timezone.localdate() + timedelta(weeks=weeks)
    html = response.content.decode()
    assert f"已记下。{application.follow_up_on:%Y-%m-%d} 我们会问你在某区人民医院上的效果。" in html
    assert "你正在某区人民医院上应用（售前）。" in html


def test_a_lesson_nobody_has_applied_asks_for_no_ones_applications_until_someone_does(
    client, learner, colleague, lesson
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(learner)
    client.get(lesson.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(lesson.url)
    # The summary is kept until someone applies; the reader's own are not asked.
    assert [query for query in queries if 'FROM "knowledge_application"' in query["sql"]] == []

    client.force_login(colleague)
    client.post(reverse("knowledge:apply", args=[lesson.pk]), APPLY)
    client.force_login(learner)
    client.post(reverse("knowledge:apply", args=[lesson.pk]), APPLY)
    assert "你正在某区人民医院上应用（售前）。" in client.get(lesson.url).content.decode()


def test_the_forms_beside_a_lesson_read_in_each_readers_language_visit_after_visit(client, learner, lesson):
    from tests.conftest import EN

    client.force_login(learner)
    for _ in range(2):
        chinese = client.get(lesson.url).content.decode()
        english = client.get(lesson.url, **EN).content.decode()
        assert '<label for="apply-account">客户 <span class="field__required"' in chinese
        assert '<label for="field-note-condition">什么情况下不奏效' in chinese
        assert '<label for="apply-account">Account <span class="field__required"' in english
        assert '<label for="field-note-condition">When it does not work' in english
        assert 'name="stage"' in chinese and '<option value="pre_sale">Pre-sale</option>' in english


def test_a_double_click_records_one_application(client, learner, lesson):
    client.force_login(learner)
    for _ in range(2):
        client.post(reverse("knowledge:apply", args=[lesson.pk]), APPLY)
    assert Application.objects.filter(user=learner).count() == 1


def test_a_refused_application_keeps_what_was_typed(client, learner, lesson):
    client.force_login(learner)
    response = client.post(reverse("knowledge:apply", args=[lesson.pk]), {**APPLY, "account": " ", "stage": "x"})
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_account_errors"><li>必需字段</li>' in html
    assert 'id="id_stage_errors"><li>选择一个有效的选项。' in html
    assert "帮主任准备院长办公会的材料" in html
    assert not Application.objects.exists()


def test_the_outcome_prompt_appears_once_when_due_and_only_to_who_applied(client, learner, colleague, lesson):
    application, _created = record_application(user=learner, page=lesson, **APPLY)
    client.force_login(learner)
    prompt = "用在某区人民医院上，效果如何？"
    assert prompt not in workspace(client)  # not due yet

    # The follow-up day comes (the workspace is kept per day: tests/home covers a new day).
    application.follow_up_on = timezone.localdate()
    application.save(update_fields=["follow_up_on"])
    assert workspace(client).count(prompt) == 1

    client.force_login(colleague)
    assert prompt not in workspace(client)
    assert client.get(reverse("knowledge:report_outcome", args=[application.pk])).status_code == 404
    refused = client.post(
        reverse("knowledge:report_outcome", args=[application.pk]), {"result": "won", "result_note": "冒充"}
    )
    assert refused.status_code == 404
    application.refresh_from_db()
    assert application.result == ""

    client.force_login(learner)
    client.post(
        reverse("knowledge:report_outcome", args=[application.pk]),
        {"result": "won", "result_note": "院长当场约了下周再谈"},
    )
    assert prompt not in workspace(client)


def test_the_outcome_question_is_emailed_once(learner, lesson, django_capture_on_commit_callbacks):
    application, _created = record_application(user=learner, page=lesson, **APPLY)
    Application.objects.filter(pk=application.pk).update(follow_up_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        assert email_outcome_prompts() == 1
        assert email_outcome_prompts() == 0
    assert [message.to for message in mail.outbox] == [[learner.email]]
    assert "某区人民医院" in mail.outbox[0].subject


def test_an_outcome_needs_a_line_of_why_and_keeps_the_choice(client, learner, lesson):
    application, _created = record_application(user=learner, page=lesson, **APPLY)
    client.force_login(learner)
    response = client.post(reverse("knowledge:report_outcome", args=[application.pk]), {"result": "lost"})
    assert response.status_code == 400
    html = response.content.decode()
    assert (
        'value="lost" checked' in html
        or 'checked value="lost"' in html
        or ('value="lost"' in html and "checked" in html)
    )
    application.refresh_from_db()
    assert application.reported_at is None


def test_a_lesson_shows_how_often_it_was_applied_and_how_it_went(client, learner, lesson):
    results = ["won", "won", "stalled", "lost"]
    for index, result in enumerate(results):
        person = LearnerFactory(username=f"user{index}")
        application, _created = record_application(user=person, page=lesson, account=f"客户{index}", stage="pre_sale")
        report_outcome(user=person, application=application, result=result, note="原因")
    record_application(user=learner, page=lesson, account="还在试", stage="in_sale")
    html = client.get(lesson.url).content.decode()
    assert "应用 5 次 · " in html
    assert "赢单 2" in html and "停滞 1" in html and "丢单 1" in html
    assert "1 人正在试用" in html


def test_a_lesson_that_keeps_failing_is_flagged_to_its_owner_once(client, colleague, editor, lesson):
    for index, result in enumerate(["lost", "stalled", "lost", "lost"]):
        person = LearnerFactory(username=f"trier{index}")
        application, _created = record_application(user=person, page=lesson, account="某学校", stage="pre_sale")
        report_outcome(user=person, application=application, result=result, note="民办学校不走预算")
    flags = Notification.objects.filter(recipient=colleague, message__contains="屡屡不奏效")
    assert flags.count() == 1
    client.force_login(editor)
    report = client.get(reverse("knowledge_upkeep_report") + "?status=failing").content.decode()
    assert lesson.title in report


def test_a_counter_experience_becomes_a_draft_revision_an_editor_publishes(client, learner, editor, lesson):
    client.force_login(learner)
    client.post(
        reverse("knowledge:add_note", args=[lesson.pk]),
        {
            "condition": "国有企业",
            "what_happened": "央企分公司由总部集中采购，本地做不了主",
            "advice": "找总部客户经理联手",
        },
    )
    note = FieldNote.objects.get()
    assert "国有企业" in client.get(lesson.url).content.decode()
    refused = client.post(reverse("knowledge:handle_note", args=[note.pk]), {"action": "promote"})
    assert refused.status_code == 403

    client.force_login(editor)
    response = client.post(reverse("knowledge:handle_note", args=[note.pk]), {"action": "promote"})
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    lesson.refresh_from_db()
    assert "国有企业" not in lesson.boundaries  # the live page is unchanged until published
    draft = lesson.get_latest_revision_as_object()
    assert "不适用于国有企业：央企分公司由总部集中采购，本地做不了主 找总部客户经理联手" in draft.boundaries
    note.refresh_from_db()
    assert note.state == FieldNote.State.PROMOTED
    assert Notification.objects.filter(recipient=learner, message__contains="正在被采纳").exists()


def test_publishing_a_lesson_gives_it_an_owner_and_a_review_date(lesson, colleague):
    stewardship = PageStewardship.objects.get(page=lesson)
    assert stewardship.owner == colleague
    months = KnowledgeSettings.load().lesson_review_months
    assert (stewardship.review_by - timezone.localdate()).days in range(months * 28, months * 31 + 1)


def test_the_panels_beside_a_lesson_are_kept_yet_show_each_change_on_the_next_visit(
    client, learner, colleague, editor, lesson
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from competencies.services import add_to_plan
    from core.freshness import flag_tag_for_review
    from knowledge.services import add_field_note, dismiss_field_note, follow
    from tests.conftest import EN

    client.force_login(learner)
    client.get(lesson.url, **EN)
    with CaptureQueriesContext(connection) as again:
        client.get(lesson.url, **EN)
    kept = ("knowledge_fieldnote", "core_pagestewardship", "knowledge_follow", "competencies_planitem")
    assert not [query["sql"] for query in again if any(table in query["sql"] for table in kept)]

    yesterday = timezone.localdate() - timedelta(days=1)
    flag_tag_for_review(user=editor, tag=lesson.tags.get(name="联络人"), reason="集团资费已调整", review_by=yesterday)
    assert "集团资费已调整" in client.get(lesson.url, **EN).content.decode()

    note = add_field_note(user=colleague, page=lesson, condition="客户换了采购负责人", what_happened="引荐人离职了")
    assert "引荐人离职了" in client.get(lesson.url, **EN).content.decode()
    dismiss_field_note(user=editor, note=note)
    assert "引荐人离职了" not in client.get(lesson.url, **EN).content.decode()

    follow(user=learner, kind="tag", target=lesson.tags.get(name="联络人"))
    followed = 'aria-pressed="true">Following<span class="visually-hidden"> 联络人</span>'
    assert followed in client.get(lesson.url, **EN).content.decode()
    add_to_plan(user=learner, page=lesson)
    assert "In your learning plan" in client.get(lesson.url, **EN).content.decode()
