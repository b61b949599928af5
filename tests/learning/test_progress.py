import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from competencies.services import add_to_plan
from learning.models import Enrolment, LessonCompletion
from learning.services import COMPLETION_CHECK_HOOK, complete_lesson
from tests.conftest import fresh
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(db, shared_library):
    return fresh(shared_library)


def complete(client, lesson):
    """Finish a demo lesson as a learner does: by answering its reflection question."""
    reflection = next(block for block in lesson.body if block.block_type == "reflection")
    return client.post(
        reverse("learning:answer_check", args=[lesson.pk, reflection.id]),
        {"answer": "我负责的一家物流客户同时用着对手的专线，下周去拜访信息部主任。"},
    )


def test_anonymous_visitors_browse_but_sign_in_to_enrol(client, course, lessons):
    html = client.get(course.url).content.decode()
    assert "登录后报名" in html
    assert client.get(lessons[0].url).status_code == 200
    response = client.post(reverse("learning:enrol", args=[course.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert not Enrolment.objects.exists()


def test_enrolling_twice_records_one_enrolment(learner_client, learner, course, lessons):
    for _ in range(2):
        response = learner_client.post(reverse("learning:enrol", args=[course.pk]))
    assert response["Location"] == lessons[0].url
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_enrol_needs_post(learner_client, course):
    assert learner_client.get(reverse("learning:enrol", args=[course.pk])).status_code == 405


def test_marking_a_lesson_done_is_idempotent_and_moves_on(learner_client, learner, lessons):
    first = complete(learner_client, lessons[0])
    complete(learner_client, lessons[0])
    assert first["Location"] == lessons[1].url
    assert LessonCompletion.objects.filter(user=learner).count() == 1


def test_progress_and_resume_show_on_the_course_page(learner_client, course, lessons):
    complete(learner_client, lessons[0])
    learner_client.get(lessons[1].url)
    html = learner_client.get(course.url).content.decode()
    assert "已完成 1 / 3 课时（33%）" in html
    assert f'href="{lessons[1].url}">继续学习：{lessons[1].title}' in html


def test_completing_every_lesson_completes_the_course_with_a_date(learner_client, learner, course, lessons):
    for lesson in lessons:
        response = complete(learner_client, lesson)
    assert response["Location"] == course.url
    assert "课程已完成，干得好！" in learner_client.get(course.url).content.decode()
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.completed_at is not None
    html = learner_client.get(course.url).content.decode()
    # The page shows the date where the learner is (Asia/Shanghai), which is a day
    # ahead of UTC for eight hours of every day.
    assert f"{timezone.localtime(enrolment.completed_at):%Y-%m-%d} 完成" in html


def test_unpublished_lessons_never_count(learner, course, lessons):
    lessons[2].unpublish()
    complete_lesson(user=learner, lesson=lessons[0])
    enrolment = complete_lesson(user=learner, lesson=lessons[1])
    assert enrolment.completed_at is not None


def test_unpublished_lessons_cannot_be_marked_done(learner_client, lessons):
    lessons[0].unpublish()
    assert complete(learner_client, lessons[0]).status_code == 404
    assert learner_client.post(reverse("learning:complete_lesson", args=[lessons[0].pk])).status_code == 404


def test_a_registered_completion_check_holds_the_course_open(learner, course, lessons):
    from wagtail import hooks

    with hooks.register_temporarily(COMPLETION_CHECK_HOOK, lambda course, user: "结业测评尚未通过"):
        for lesson in lessons:
            enrolment = complete_lesson(user=learner, lesson=lesson)
    assert enrolment.completed_at is None


def test_my_learning_shows_only_my_courses(client, learner, course, lessons):
    other = LearnerFactory(display_name="别人")
    complete_lesson(user=other, lesson=lessons[0])
    client.force_login(learner)
    response = client.get(reverse("learning:my_learning"))
    assert response.context["in_progress"] == []
    complete_lesson(user=learner, lesson=lessons[0])
    response = client.get(reverse("learning:my_learning"))
    (enrolment,) = response.context["in_progress"]
    assert (enrolment.user, enrolment.lessons_done, enrolment.lessons_total) == (learner, 1, 3)


def test_my_learning_recommends_courses_for_my_grade(client, library):
    from competencies.models import JobGrade, PersonGrade

    person = LearnerFactory()
    PersonGrade.objects.create(user=person, grade=JobGrade.objects.get(code="senior"))
    client.force_login(person)
    html = client.get(reverse("learning:my_learning")).content.decode()
    assert "集团客户攻守有道" in html
    assert "集团客户需求放大镜" not in html


def test_my_learning_recommendations_are_kept_and_follow_enrolments_and_publishing(client, library):
    """The newest courses for a grade are found once per publish, not by sorting every
    course on each visit; what the person enrols in leaves the list at once, and a
    course newly aimed at their grade joins it once published."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from competencies.models import JobGrade, PersonGrade
    from learning.models import CoursePage

    senior = JobGrade.objects.get(code="senior")
    person = LearnerFactory()
    PersonGrade.objects.create(user=person, grade=senior)
    client.force_login(person)
    url = reverse("learning:my_learning")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    assert "集团客户攻守有道" in html
    assert [query for query in queries if "target_grades" in query["sql"]] == []

    recommended = CoursePage.objects.get(title="集团客户攻守有道")
    Enrolment.objects.create(user=person, course=recommended)
    assert recommended.pk not in [course.pk for course in client.get(url).context["recommended"]]

    magnifier = CoursePage.objects.get(title="集团客户需求放大镜")
    magnifier.target_grades.add(senior)
    magnifier.save_revision().publish()
    assert magnifier.pk in [course.pk for course in client.get(url).context["recommended"]]


def test_my_learning_requires_sign_in(client):
    assert client.get(reverse("learning:my_learning")).status_code == 302


def test_my_learning_is_in_the_main_menu(client, library):
    html = client.get("/").content.decode()
    assert f'href="{reverse("learning:my_learning")}">我的学习</a>' in html
    assert 'href="/courses/">课程库</a>' in html


def test_course_and_lesson_query_counts_are_bounded(learner_client, course, lessons, django_assert_max_num_queries):
    complete_lesson(user=learner_client.get("/").wsgi_request.user, lesson=lessons[0])
    # 24: the course's other pages (its quizzes) and the quiz completion check add one each,
    # the account menu counts unread notifications, and "add to my learning plan" looks
    # up whether the course is in the plan already.
    with django_assert_max_num_queries(24):
        learner_client.get(course.url)
    # 26: the learner's answers to the lesson's checks.
    with django_assert_max_num_queries(26):
        learner_client.get(lessons[1].url)


def test_returning_to_the_same_lesson_writes_nothing_and_moving_on_moves_the_resume_point(
    learner_client, learner, course, lessons
):
    learner_client.post(reverse("learning:enrol", args=[course.pk]))
    learner_client.get(lessons[1].url)
    with CaptureQueriesContext(connection) as reload:
        html = learner_client.get(lessons[1].url).content.decode()
    assert lessons[1].title in html
    statements = [query["sql"].split()[0].upper() for query in reload.captured_queries]
    # A reload takes no transaction: on SQLite one would lock the database for writing.
    assert not {"BEGIN", "SAVEPOINT", "UPDATE", "INSERT"} & set(statements)
    enrolment_reads = [query for query in reload.captured_queries if 'FROM "learning_enrolment"' in query["sql"]]
    assert len(enrolment_reads) == 1
    # The course comes from what is kept, not built again from a row read with the enrolment.
    assert not any('"learning_coursepage"."summary"' in query["sql"] for query in reload.captured_queries)
    assert course.title in html

    learner_client.get(lessons[2].url)
    assert Enrolment.objects.get(user=learner, course=course).last_lesson_id == lessons[2].pk
    html = learner_client.get(course.url).content.decode()
    assert f'href="{lessons[2].url}"' in html


def test_the_list_of_lessons_is_kept_until_a_lesson_is_published_or_unpublished(learner_client, course, lessons):
    learner_client.get(lessons[1].url)
    with CaptureQueriesContext(connection) as again:
        html = learner_client.get(lessons[1].url).content.decode()
    assert lessons[2].title in html
    listing_lessons = [
        query["sql"]
        for query in again.captured_queries
        if "learning_lessonpage" in query["sql"] and query["sql"].endswith('ORDER BY "wagtailcore_page"."path" ASC')
    ]
    assert not listing_lessons

    lessons[2].unpublish()
    assert lessons[2].title not in learner_client.get(course.url).content.decode()
    lessons[2].save_revision().publish()
    renamed = fresh(lessons[2])
    renamed.title = "改过名的课时"
    renamed.save_revision().publish()
    assert "改过名的课时" in learner_client.get(lessons[1].url).content.decode()


def test_a_reader_not_enrolled_finds_the_course_of_a_lesson_kept_until_the_course_is_published_again(
    client, course, lessons
):
    client.get(lessons[1].url)
    with CaptureQueriesContext(connection) as again:
        assert course.title in client.get(lessons[1].url).content.decode()
    assert not [query for query in again if 'FROM "learning_coursepage"' in query["sql"]]
    renamed = fresh(course)
    renamed.title = "需求放大镜（第二版）"
    renamed.save_revision().publish()
    assert "需求放大镜（第二版）" in client.get(lessons[1].url).content.decode()


def test_what_a_course_develops_is_kept_until_it_is_published_again_or_the_competency_model_changes(
    learner_client, course, lessons
):
    from competencies.models import Competency

    learner_client.get(course.url)
    with CaptureQueriesContext(connection) as again:
        learner_client.get(course.url)
    read_again = [
        query["sql"]
        for query in again.captured_queries
        if "learning_coursecompetency" in query["sql"] or "competencies_jobgrade" in query["sql"]
    ]
    assert not read_again

    developed = fresh(course).developed_competencies.first()
    competency = developed.competency
    competency.name = "客户需求洞察（新版）"
    competency.save()
    assert "客户需求洞察（新版）" in learner_client.get(course.url).content.decode()

    edited = fresh(course)
    edited.developed_competencies.remove(edited.developed_competencies.first())
    edited.save_revision().publish()
    assert "客户需求洞察（新版）" not in learner_client.get(course.url).content.decode()
    assert Competency.objects.filter(name="客户需求洞察（新版）").exists()


def test_the_course_page_has_one_primary_action_and_the_plan_as_a_quiet_status(
    learner_client, learner, course, lessons
):

    html = learner_client.get(course.url).content.decode()
    assert html.count("button--primary") == 1 and "报名学习本课程" in html
    action = html.split('class="panel course__action"')[1].split("</section>")[0]
    assert "加入我的学习计划" in action and 'class="link-button"' in action

    add_to_plan(user=learner, page=course)
    action = learner_client.get(course.url).content.decode().split('class="panel course__action"')[1]
    status = action.split('class="plan-status"')[1].split("</p>")[0]
    # A status with a link, not something that looks like a second button.
    assert "已在学习计划中" in status and "button" not in status
