"""Editors review submissions in the Wagtail admin: request changes, reject, approve and
publish; the contributor is told each time."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from capture.models import Experience, ExperienceLessonPage
from core.models import Notification
from tests.capture.conftest import form_data, make_experience
from tests.conftest import EN
from tests.factories import LearnerFactory, RegionFactory

pytestmark = pytest.mark.django_db

QUEUE = "wagtailsnippets_capture_experience:list"
REVIEW = "wagtailsnippets_capture_experience:review"


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def submitted(learner, taxonomy, competency, industry):
    experience = make_experience(
        learner,
        state=Experience.State.SUBMITTED,
        title="华东某银行的专线差点丢了",
        noticed="华东某银行的IT主管说下个月不用专线了",
        industry=industry,
        sales_stage="after_sale",
    )
    experience.competencies.add(competency)
    experience.tags.add("客户流失")
    experience.save()  # parental relations are kept in memory until the experience is saved
    return experience


def test_the_queue_shows_submissions_but_never_private_drafts(editor_client, learner, submitted):
    make_experience(learner, problem="还没写完的草稿")
    html = editor_client.get(reverse(QUEUE)).content.decode()
    assert "华东某银行的专线差点丢了" in html
    assert "还没写完的草稿" not in html


@pytest.mark.parametrize("view", ["edit", "delete", "history", "usage", "review"])
def test_a_draft_stays_private_to_its_author_in_the_admin(client, editor, admin_user, learner, taxonomy, view):
    draft = make_experience(learner, title="还没写完的草稿")
    for person in (editor, admin_user):
        client.force_login(person)
        response = client.get(reverse(f"wagtailsnippets_capture_experience:{view}", args=[draft.pk]))
        assert response.status_code == 404
    client.force_login(editor)
    response = client.post(reverse("wagtailsnippets_capture_experience:edit", args=[draft.pk]), {"title": "改掉"})
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title == "还没写完的草稿"


def test_a_draft_stays_private_to_its_author_on_the_site(client, editor, learner, taxonomy):
    draft = make_experience(learner, title="还没写完的草稿")
    client.force_login(editor)
    assert client.get(reverse("capture:detail", args=[draft.pk])).status_code == 403
    client.force_login(learner)
    assert "还没写完的草稿" in client.get(reverse("capture:detail", args=[draft.pk])).content.decode()


def test_the_queue_filters_by_state_region_competency_and_date(editor_client, learner, stranger, submitted):
    stranger.region = RegionFactory(name="城西区域营销中心", code="west")
    stranger.save()
    make_experience(stranger, title="城西的经验", state=Experience.State.REJECTED)
    url = reverse(QUEUE)
    by_state = editor_client.get(url, {"state": "rejected"}).content.decode()
    assert "城西的经验" in by_state and "华东某银行的专线差点丢了" not in by_state
    by_region = editor_client.get(url, {"region": stranger.region.pk}).content.decode()
    assert "城西的经验" in by_region and "华东某银行的专线差点丢了" not in by_region
    competency_id = submitted.competencies.get().pk
    by_competency = editor_client.get(url, {"competency": competency_id}).content.decode()
    assert "华东某银行的专线差点丢了" in by_competency and "城西的经验" not in by_competency
    submitted.submitted_at = datetime.datetime(2026, 3, 5, 10, tzinfo=datetime.UTC)
    submitted.save()
    in_march = editor_client.get(url, {"submitted_at_from": "2026-03-01", "submitted_at_to": "2026-03-31"})
    assert "华东某银行的专线差点丢了" in in_march.content.decode()
    in_april = editor_client.get(url, {"submitted_at_from": "2026-04-01", "submitted_at_to": "2026-04-30"})
    assert "华东某银行的专线差点丢了" not in in_april.content.decode()


def test_learners_cannot_reach_the_queue_or_the_review(client, learner, submitted):
    client.force_login(learner)
    assert client.get(reverse(QUEUE)).status_code in (302, 403)
    assert client.get(reverse(REVIEW, args=[submitted.pk])).status_code in (302, 403)


def test_the_review_screen_shows_the_submission_by_the_frame(editor_client, submitted):
    html = editor_client.get(reverse(REVIEW, args=[submitted.pk])).content.decode()
    assert "原因识别" in html
    assert "只维护了一个联系人" in html
    assert "立项会我们不知道" in html
    assert "回访不问故障问计划" in html


def test_asking_for_changes_needs_a_comment_and_keeps_what_the_editor_typed(editor_client, submitted):
    response = editor_client.post(
        reverse(REVIEW, args=[submitted.pk]), {"decision": "request_changes", "comment": "", "title": "我的标题"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "请告诉投稿人需要修改什么" in html
    assert 'value="我的标题"' in html
    submitted.refresh_from_db()
    assert submitted.state == Experience.State.SUBMITTED


@pytest.mark.search_index
def test_the_whole_path_changes_resubmit_approve_then_a_teammate_finds_the_lesson(
    client, editor, learner, teammate, submitted, lesson_library, django_capture_on_commit_callbacks
):
    review = reverse(REVIEW, args=[submitted.pk])
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(review, {"decision": "request_changes", "comment": "请补充客户最后是怎么决定的"})
    submitted.refresh_from_db()
    assert submitted.state == Experience.State.CHANGES_REQUESTED
    assert Notification.objects.get(recipient=learner).url == reverse("capture:edit", args=[submitted.pk])
    assert mail.outbox[-1].to == [learner.email]
    assert "修改" in mail.outbox[-1].subject

    client.force_login(learner)
    mine = client.get(reverse("capture:mine")).content.decode()
    assert "请补充客户最后是怎么决定的" in mine
    edit_page = client.get(reverse("capture:edit", args=[submitted.pk])).content.decode()
    assert "请补充客户最后是怎么决定的" in edit_page
    client.post(
        reverse("capture:edit", args=[submitted.pk]),
        form_data(
            noticed=submitted.noticed,
            decision="分管副总看了统一组网方案后拍板续约",
            action="submit",
            **{
                "causes-INITIAL_FORMS": "1",
                "causes-0-id": str(submitted.causes.get().pk),
                "causes-0-cause": "只维护了一个联系人",
                "causes-0-evidence": "立项会我们不知道",
            },
        ),
    )
    submitted.refresh_from_db()
    assert submitted.state == Experience.State.SUBMITTED

    client.force_login(editor)
    response = client.post(
        review,
        {
            "decision": "approve",
            "title": "客户要停专线？先问它的新园区",
            "tags": "客户 流失, 竞争对手",
            "replacements": "华东某银行 => 某股份制银行",
            "comment": "",
        },
    )
    lesson = ExperienceLessonPage.objects.get()
    assert response.status_code == 302
    assert lesson.live
    assert lesson.contributor == learner
    assert lesson.get_parent().specific == lesson_library
    assert lesson.decision == "分管副总看了统一组网方案后拍板续约"
    assert lesson.noticed == "某股份制银行的IT主管说下个月不用专线了"
    assert sorted(tag.name for tag in lesson.tags.all()) == ["客户流失", "竞争对手"]
    assert lesson.causes.get().evidence == "立项会我们不知道"
    assert lesson.revisions.count() == 1
    submitted.refresh_from_db()
    assert submitted.state == Experience.State.APPROVED
    assert submitted.lesson_page == lesson
    assert "发布" in Notification.objects.filter(recipient=learner).first().message

    client.force_login(teammate)
    page = client.get(lesson.url).content.decode()
    assert "客户要停专线？先问它的新园区" in page
    assert "某股份制银行" in page and "华东某银行" not in page
    assert "陈晓" in page  # the contributor is credited
    results = client.get(reverse("search"), {"q": "分管副总看了统一组网方案后拍板续约"}).content.decode()
    assert lesson.url in results


def test_approving_reuses_the_existing_spelling_of_a_tag(editor_client, submitted, lesson_library):
    editor_client.post(
        reverse(REVIEW, args=[submitted.pk]),
        {"decision": "approve", "title": "标题", "tags": "ＦＭＣ， 客户　流失"},
    )
    lesson = ExperienceLessonPage.objects.get()
    assert sorted(tag.name for tag in lesson.tags.all()) == ["FMC", "客户流失"]
    # "客户流失" was the submission's tag: one tag, not two spellings of it.
    from taggit.models import Tag

    assert Tag.objects.filter(name__in=["客户流失", "客户 流失"]).count() == 1


def test_rejecting_needs_a_reason_and_tells_the_contributor(
    editor_client, learner, submitted, django_capture_on_commit_callbacks
):
    response = editor_client.post(reverse(REVIEW, args=[submitted.pk]), {"decision": "reject", "comment": ""})
    assert "请告诉投稿人原因" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(reverse(REVIEW, args=[submitted.pk]), {"decision": "reject", "comment": "与客户无关"})
    submitted.refresh_from_db()
    assert submitted.state == Experience.State.REJECTED
    assert submitted.events.last().comment == "与客户无关"
    assert Notification.objects.filter(recipient=learner).count() == 1
    assert len(mail.outbox) == 1


def test_a_decided_submission_cannot_be_decided_again(editor_client, submitted, lesson_library):
    editor_client.post(reverse(REVIEW, args=[submitted.pk]), {"decision": "reject", "comment": "不合适"})
    response = editor_client.post(reverse(REVIEW, args=[submitted.pk]), {"decision": "approve", "title": "再批"})
    assert not ExperienceLessonPage.objects.exists()
    assert "没有需要决定的" in response.content.decode() or response.status_code == 200


def test_a_reviewer_who_may_not_publish_sends_the_lesson_into_the_workflow(client, submitted, lesson_library):
    from django.contrib.auth.models import Group, Permission

    reviewer = LearnerFactory(username="reviewer-only")
    reviewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", "review_experience", "view_experience"])
    )
    workflow = Workflow.objects.create(name="经验发布审批")
    task = GroupApprovalTask.objects.create(name="主编审批")
    task.groups.add(Group.objects.get(name="Editors"))
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=lesson_library)
    client.force_login(reviewer)
    response = client.post(reverse(REVIEW, args=[submitted.pk]), {"decision": "approve", "title": "待审批的经验"})
    assert response.status_code == 302
    lesson = ExperienceLessonPage.objects.get()
    assert not lesson.live
    assert lesson.workflow_in_progress
    submitted.refresh_from_db()
    assert submitted.state == Experience.State.APPROVED
    client.force_login(submitted.author)
    assert "发布后即可在经验库看到" in client.get(reverse("capture:mine")).content.decode()


def test_approving_without_a_library_says_so(editor_client, submitted):
    response = editor_client.post(reverse(REVIEW, args=[submitted.pk]), {"decision": "approve", "title": "标题"}, **EN)
    assert "There is no lesson library" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == Experience.State.SUBMITTED


def test_a_malformed_anonymisation_line_is_refused_with_its_number(editor_client, submitted, lesson_library):
    response = editor_client.post(
        reverse(REVIEW, args=[submitted.pk]),
        {"decision": "approve", "title": "标题", "replacements": "华东某银行 => 某银行\n没有箭头的一行"},
        **EN,
    )
    assert "Line 2" in response.content.decode()
    assert not ExperienceLessonPage.objects.exists()


def test_the_published_lesson_links_back_to_the_submission_in_the_editor(editor_client, submitted, lesson_library):
    editor_client.post(reverse(REVIEW, args=[submitted.pk]), {"decision": "approve", "title": "标题"})
    lesson = ExperienceLessonPage.objects.get()
    html = editor_client.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).content.decode()
    assert reverse(REVIEW, args=[submitted.pk]) in html


def test_the_dashboard_counts_submissions_waiting(editor_client, submitted):
    html = editor_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "1 篇投稿等待审核" in html


def test_an_editor_corrects_a_submission_in_the_admin(editor_client, submitted):
    url = reverse("wagtailsnippets_capture_experience:edit", args=[submitted.pk])
    html = editor_client.get(url).content.decode()
    assert "只维护了一个联系人" in html
    cause = submitted.causes.get()
    data = {
        "title": "改过的标题",
        "problem": submitted.problem,
        "actions": submitted.actions,
        "lesson": submitted.lesson,
        "tags": "客户流失",
        "causes-TOTAL_FORMS": "1",
        "causes-INITIAL_FORMS": "1",
        "causes-MIN_NUM_FORMS": "0",
        "causes-MAX_NUM_FORMS": "1000",
        "causes-0-id": str(cause.pk),
        "causes-0-cause": cause.cause,
        "causes-0-evidence": "改过的依据",
        "causes-0-ORDER": "1",
        "options-TOTAL_FORMS": "0",
        "options-INITIAL_FORMS": "0",
        "options-MIN_NUM_FORMS": "0",
        "options-MAX_NUM_FORMS": "1000",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    submitted.refresh_from_db()
    assert submitted.title == "改过的标题"
    assert submitted.causes.get().evidence == "改过的依据"
    assert submitted.state == Experience.State.SUBMITTED


def test_a_reviewer_opening_a_submission_is_recorded_its_author_is_not(client, editor_client, learner, submitted):
    from wagtail.models import ModelLogEntry

    editor_client.get(reverse("capture:detail", args=[submitted.pk]))
    editor_client.get(reverse("wagtailsnippets_capture_experience:review", args=[submitted.pk]))
    client.force_login(learner)
    client.get(reverse("capture:detail", args=[submitted.pk]))
    readers = list(ModelLogEntry.objects.filter(action="capture.read").values_list("user__username", flat=True))
    assert readers == ["wangxy", "wangxy"]
