"""Every state-changing form of the site, sent five times at the same moment (a double
click, two tabs, a retried request), through the real views, on PostgreSQL with real
threads (on SQLite, which lets one writer in at a time, one after another): one row
where one is meant, every copy answered like the first, never a 500.

Capture submissions, comments, assignments, plan suggestions and quiz submissions have
their own race tests beside their apps; this module covers every other form. The races
run one after another in one test against one committed demo academy (the threads read
it over their own connections; building it for each race would cost seconds each), and
each race works on objects no other race touches.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import TeamMembership, User
from capture.models import Experience, ExperienceEvent, ExperienceLessonPage, TeamRecommendation
from cases.models import TeamDiscussion
from competencies.models import Competency, Evidence, PlanItem, ProficiencyLevel
from competencies.selectors import own_view_level_ids
from competencies.services import add_to_plan
from core.engagement import add_comment
from core.models import Comment, CommentReport, HelpfulVote, Notification, PageEngagement
from hr.models import PeopleImport, StaffChange
from knowledge.models import Application, ExpertQuestion, FieldNote, Follow
from knowledge.services import add_field_note, record_application
from learning.models import Enrolment, LessonCompletion
from quizzes.models import Attempt, AttemptAnswer, Certificate, SignOff
from tests.concurrency import run_together
from tests.factories import previewed_people_import
from tests.world import build_world

TIMES = 5


def person(username):
    return User.objects.get(username=username)


def send_together(user, path, data=None, method="post"):
    """Send the same request from TIMES browsers signed in as `user` at once; return
    each answer's (status, where it sends the person). A 500 fails the test: the test
    client raises what the view raised."""
    browsers = []
    for _ in range(TIMES):
        browser = Client()
        browser.force_login(user)
        browsers.append(browser)
    answers = []

    def send():
        browser = browsers.pop()
        response = getattr(browser, method)(path, data or {})
        answers.append((response.status_code, response.get("Location")))

    if connection.vendor == "sqlite":
        # SQLite lets one writer in at a time: the copies arrive one after another,
        # as a retried request or a second tab does.
        for _ in range(TIMES):
            send()
        return answers
    errors = run_together(send, times=TIMES)
    assert errors == []
    return answers


def assert_all_alike(answers, status=302):
    """Every copy got the same answer as the first: the person lands on one page."""
    assert len(set(answers)) == 1, answers
    assert answers[0][0] == status, answers


def assert_counters_match(page):
    """The page's cached totals equal the rows they count."""
    engagement = PageEngagement.objects.get(page=page)
    assert engagement.helpful_count == HelpfulVote.objects.filter(page=page).count()
    visible = Comment.objects.filter(page=page, hidden_at__isnull=True, deleted_at__isnull=True).count()
    assert engagement.comment_count == visible


def race_marking_helpful(world):
    voter = person("wujing")
    answers = send_together(voter, reverse("core:helpful", args=[world.lesson.pk]))
    assert_all_alike(answers)
    assert HelpfulVote.objects.filter(page=world.lesson, user=voter).count() == 1
    assert_counters_match(world.lesson)


def race_withdrawing_a_helpful_vote(world):
    voter = person("director2")
    HelpfulVote.objects.create(page=world.case, user=voter)
    PageEngagement.objects.filter(page=world.case).update(
        helpful_count=HelpfulVote.objects.filter(page=world.case).count()
    )
    answers = send_together(voter, reverse("core:helpful", args=[world.case.pk]), {"action": "withdraw"})
    assert_all_alike(answers)
    assert not HelpfulVote.objects.filter(page=world.case, user=voter).exists()
    assert_counters_match(world.case)


def race_reporting_a_comment(world):
    reporter = person("wujing")
    answers = send_together(
        reporter,
        reverse("core:report_comment", args=[world.comment.pk]),
        {"reason": CommentReport.Reason.values[0], "details": "涉及客户姓名"},
    )
    assert_all_alike(answers)
    assert CommentReport.objects.filter(comment=world.comment, reporter=reporter).count() == 1


def race_hiding_a_comment(world):
    author = person("wujing")
    comment = add_comment(user=author, page=world.case, body="这条要被隐藏")
    answers = send_together(person("editor"), reverse("core:hide_comment", args=[comment.pk]), {"reason": "广告"})
    assert_all_alike(answers)
    assert Notification.objects.filter(recipient=author, message__contains="隐藏").count() == 1
    assert_counters_match(world.case)


def race_deleting_ones_own_comment(world):
    comment = add_comment(user=world.learner, page=world.case, body="发错了，马上删")
    answers = send_together(world.learner, reverse("core:delete_comment", args=[comment.pk]))
    assert_all_alike(answers)
    assert Comment.objects.get(pk=comment.pk).deleted_at is not None
    assert_counters_match(world.case)


def race_editing_a_comment(world):
    comment = add_comment(user=world.learner, page=world.case, body="初稿")
    answers = send_together(world.learner, reverse("core:edit_comment", args=[comment.pk]), {"body": "改过的"})
    assert_all_alike(answers)
    assert Comment.objects.get(pk=comment.pk).body == "改过的"


def race_enrolling_in_a_course(world):
    learner = person("wujing")
    answers = send_together(learner, reverse("learning:enrol", args=[world.course.pk]))
    assert_all_alike(answers)
    assert Enrolment.objects.filter(user=learner, course=world.course).count() == 1


def race_answering_a_lessons_check(world):
    learner = person("director2")
    reflection = next(block for block in world.course_lesson.body if block.block_type == "reflection")
    answers = send_together(
        learner,
        reverse("learning:answer_check", args=[world.course_lesson.pk, reflection.id]),
        {"answer": "这家客户的决策者是信息中心主任，我下周约他。"},
    )
    assert_all_alike(answers)
    assert LessonCompletion.objects.filter(user=learner, lesson=world.course_lesson).count() == 1
    assert Enrolment.objects.filter(user=learner, course=world.course_lesson.get_parent()).count() == 1


def race_grading_an_essay(world):
    answer = (
        AttemptAnswer.objects.filter(
            kind="essay", score__isnull=True, attempt__state=Attempt.State.AWAITING_GRADING, competency__isnull=False
        )
        .select_related("attempt")
        .first()
    )
    assessor = person("assessor")
    evidence_before = Evidence.objects.filter(user=answer.attempt.user, recorded_by=assessor).count()
    answers = send_together(
        assessor, reverse("quizzes:grade", args=[answer.pk]), {"score": str(answer.points), "feedback": "思路清楚"}
    )
    assert_all_alike(answers)
    answer.refresh_from_db()
    assert answer.score == Decimal(answer.points) and answer.graded_by == assessor
    # The grade is one piece of evidence, not one per click.
    assert Evidence.objects.filter(user=answer.attempt.user, recorded_by=assessor).count() == evidence_before + 1


def race_signing_off_a_certification(world):
    sign_off = world.sign_off
    answers = send_together(
        person("director"), reverse("quizzes:sign_off", args=[sign_off.pk]), {"decision": "approve", "note": "同意"}
    )
    assert_all_alike(answers)
    sign_off.refresh_from_db()
    assert sign_off.state == SignOff.State.APPROVED
    assert Certificate.objects.filter(user=sign_off.user, certification=sign_off.certification).count() <= 1


def race_recommending_a_lesson_to_the_team(world):
    lesson = ExperienceLessonPage.objects.live().exclude(pk=world.lesson.pk).first()
    answers = send_together(
        person("director"), reverse("capture:recommend", args=[lesson.pk]), {"team": world.team.pk, "note": "周会读"}
    )
    assert_all_alike(answers)
    assert TeamRecommendation.objects.filter(team=world.team, lesson=lesson).count() == 1


def race_putting_a_case_on_the_team_agenda(world):
    case = world.case
    TeamDiscussion.objects.filter(team=world.team, case=case).delete()
    members = User.objects.filter(team_memberships__team=world.team).exclude(pk=world.team.director_id)
    told_before = {member.pk: Notification.objects.filter(recipient=member).count() for member in members}
    on = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
    answers = send_together(
        person("director"),
        reverse("cases:team_discussion", args=[case.pk]),
        {"team": world.team.pk, "discuss_on": on, "note": "带上各自的客户"},
    )
    assert_all_alike(answers)
    assert TeamDiscussion.objects.filter(team=world.team, case=case).count() == 1
    # Each member is told once that it is on the agenda, not once per click.
    for member in members:
        assert Notification.objects.filter(recipient=member).count() == told_before[member.pk] + 1, member


def race_adding_to_the_plan(world):
    learner = person("wujing")
    answers = send_together(learner, reverse("competencies:add"), {"page": world.case.pk})
    assert_all_alike(answers)
    assert PlanItem.objects.filter(user=learner, page=world.case, dropped_at__isnull=True).count() == 1


def sent_to_a_plan_item(username, action, page):
    """The plan item for `page`, after `action` (done, drop) was sent for it five times."""
    learner = person(username)
    item = add_to_plan(user=learner, page=page)
    assert_all_alike(send_together(learner, reverse(f"competencies:{action}", args=[item.pk])))
    item.refresh_from_db()
    return item


def race_ticking_off_a_plan_item(world):
    assert sent_to_a_plan_item("wujing", "done", world.lesson).completed_at is not None


def race_dropping_a_plan_item(world):
    assert sent_to_a_plan_item("director2", "drop", world.lesson).dropped_at is not None


def race_moving_a_plan_item(world):
    learner = person("director2")
    items = [add_to_plan(user=learner, page=page) for page in (world.case, world.course)]
    answers = send_together(learner, reverse("competencies:move", args=[items[-1].pk]), {"direction": "up"})
    assert_all_alike(answers)
    positions = list(PlanItem.objects.filter(user=learner, dropped_at__isnull=True).values_list("position", flat=True))
    assert len(positions) == len(set(positions))


def race_assessing_oneself(world):
    learner = person("wujing")
    competencies = list(Competency.objects.filter(kind=Competency.Kind.KEY_SKILL))
    levels = list(ProficiencyLevel.objects.order_by("number"))
    current = own_view_level_ids(learner)
    # A level different from the one each competency has now, so every answer changes.
    data = {
        f"competency_{competency.pk}": next(level.pk for level in levels if level.pk != current.get(competency.pk))
        for competency in competencies
    }
    before = Evidence.objects.filter(user=learner, source=Evidence.Source.SELF).count()
    answers = send_together(learner, reverse("competencies:self_assessment"), data)
    assert_all_alike(answers)
    # One entry per changed answer, however often the form was sent.
    assert Evidence.objects.filter(user=learner, source=Evidence.Source.SELF).count() == before + len(competencies)


def race_starting_a_quiz(world):
    learner = person("director2")
    answers = send_together(learner, reverse("quizzes:start", args=[world.quiz.pk]))
    assert_all_alike(answers)
    assert Attempt.objects.filter(user=learner, quiz=world.quiz, state=Attempt.State.IN_PROGRESS).count() == 1


def race_marking_all_notifications_read(world):
    answers = send_together(world.learner, reverse("core:notifications"))
    assert_all_alike(answers)
    assert not Notification.objects.filter(recipient=world.learner, read_at__isnull=True).exists()


def race_approving_a_submission_in_the_admin(world):
    experience = world.submitted
    answers = send_together(
        person("editor"),
        reverse("wagtailsnippets_capture_experience:review", args=[experience.pk]),
        {
            "decision": "approve",
            "title": "客户要停专线时先约决策人",
            "tags": "续约",
            "comment": "",
            "replacements": "",
        },
    )
    assert_all_alike(answers)
    experience.refresh_from_db()
    assert experience.state == Experience.State.APPROVED
    assert ExperienceEvent.objects.filter(experience=experience, state=Experience.State.APPROVED).count() == 1
    assert ExperienceLessonPage.objects.filter(slug__endswith=f"-{experience.pk}").count() == 1


def race_applying_a_lesson(world):
    reader = person("zhengkai")
    answers = send_together(
        reader, reverse("knowledge:apply", args=[world.lesson.pk]), {"account": "某港口集团", "stage": "pre_sale"}
    )
    assert_all_alike(answers)
    assert Application.objects.filter(page=world.lesson, user=reader, account="某港口集团").count() == 1


def race_reporting_how_it_went(world):
    reader = person("director2")
    application, _created = record_application(user=reader, page=world.case, account="某电力公司", stage="in_sale")
    answers = send_together(
        reader,
        reverse("knowledge:report_outcome", args=[application.pk]),
        {"result": "won", "result_note": "总部也认可了"},
    )
    assert_all_alike(answers)
    application.refresh_from_db()
    assert (application.result, application.result_note) == ("won", "总部也认可了")


def race_adding_a_counter_experience(world):
    author = person("wujing")
    answers = send_together(
        author,
        reverse("knowledge:add_note", args=[world.lesson.pk]),
        {"condition": "外资企业", "what_happened": "采购走全球框架协议，本地无权决定"},
    )
    assert_all_alike(answers)
    assert FieldNote.objects.filter(page=world.lesson, author=author, condition="外资企业").count() == 1


def race_folding_a_counter_experience_into_the_lesson(world):
    note = add_field_note(
        user=person("wujing"), page=world.case, condition="事业单位", what_happened="预算要提前一年报"
    )
    revisions = world.case.revisions.count()
    answers = send_together(person("editor"), reverse("knowledge:handle_note", args=[note.pk]), {"action": "promote"})
    assert_all_alike(answers)
    assert world.case.revisions.count() == revisions + 1


def race_following_a_colleague(world):
    follower = person("wujing")
    colleague = person("director")
    answers = send_together(
        follower, reverse("knowledge:follow"), {"kind": "colleague", "target": colleague.pk, "next": "/"}
    )
    assert_all_alike(answers)
    assert Follow.objects.filter(user=follower, colleague=colleague).count() == 1


def race_asking_an_expert(world):
    asker = person("wujing")
    expert = person("director")
    answers = send_together(asker, reverse("knowledge:ask", args=[expert.pk]), {"question": "客户换了主任怎么办？"})
    assert_all_alike(answers)
    assert ExpertQuestion.objects.filter(asker=asker, expert=expert).count() == 1


def race_answering_a_question(world):
    asker = person("wujing")
    question = ExpertQuestion.objects.create(asker=asker, expert=person("director2"), question="怎么约到局长？")
    answers = send_together(
        person("director2"), reverse("knowledge:answer", args=[question.pk]), {"answer": "先约办公室主任"}
    )
    assert_all_alike(answers)
    assert Notification.objects.filter(recipient=asker, message__contains="回答了你的问题").count() == 1


def race_check_the_cast(world):
    # The races above play the demo's people; if the demo renames one, say so here
    # rather than in a confusing failure above.
    for username in ("wujing", "director", "director2", "editor", "assessor", "zhengkai"):
        assert User.objects.filter(username=username).exists(), username
    assert TeamMembership.objects.filter(team=world.team, user=world.learner).exists()


def race_confirming_an_import_of_people(world):
    record = previewed_people_import(created_by=person("admin"), employee_number="R0001", name="并发新人")
    answers = send_together(person("admin"), reverse("hr_import_confirm", args=[record.pk]))
    assert_all_alike(answers)
    record.refresh_from_db()
    assert record.state == PeopleImport.State.DONE, record.error
    assert User.objects.filter(employee_number="R0001").count() == 1
    assert StaffChange.objects.filter(people_import=record).count() == 1


RACES = [
    race_check_the_cast,
    race_marking_helpful,
    race_withdrawing_a_helpful_vote,
    race_reporting_a_comment,
    race_hiding_a_comment,
    race_deleting_ones_own_comment,
    race_editing_a_comment,
    race_enrolling_in_a_course,
    race_answering_a_lessons_check,
    race_grading_an_essay,
    race_signing_off_a_certification,
    race_recommending_a_lesson_to_the_team,
    race_putting_a_case_on_the_team_agenda,
    race_adding_to_the_plan,
    race_ticking_off_a_plan_item,
    race_dropping_a_plan_item,
    race_moving_a_plan_item,
    race_assessing_oneself,
    race_starting_a_quiz,
    race_marking_all_notifications_read,
    race_approving_a_submission_in_the_admin,
    race_applying_a_lesson,
    race_reporting_how_it_went,
    race_adding_a_counter_experience,
    race_folding_a_counter_experience_into_the_lesson,
    race_following_a_colleague,
    race_asking_an_expert,
    race_answering_a_question,
    race_confirming_an_import_of_people,
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_form_sent_five_times_acts_once():
    world = build_world()
    failures = []
    for race in RACES:
        try:
            race(world)
        except AssertionError as error:
            failures.append(f"{race.__name__}: {str(error).splitlines()[0]}")
    print(f"{len(RACES)} forms raced, {TIMES} requests each")
    assert failures == [], "\n".join(failures)
