"""The signed-in home page is a workspace answering "what should I do next?": what is
due and overdue, the queues waiting on the person's role, where to continue, the
biggest gap with one next action, the teams a director leads, new lessons and the
team's discussion."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from capture.models import Experience, ExperienceLessonPage
from cases.services import schedule_discussion
from competencies.models import Competency, PlanItem
from competencies.services import assign
from learning.services import enrol, open_lesson
from tests.competencies.conftest import rate, set_grade
from tests.conftest import EN
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy_learner(team, learner, director, plan_content):
    set_grade(learner, "intermediate")
    rate(learner, "needs-analysis", 1)
    for area in ("solution-design", "solution-marketing", "competitive-strategy", "negotiation"):
        rate(learner, area, 2)
    for area in ("analytical-thinking", "competition-awareness", "product-knowledge", "needs-insight"):
        rate(learner, area, 2)
    overdue = assign(actor=director, page=plan_content.case, team=team, due_on=timezone.localdate() + timedelta(1))
    PlanItem.objects.filter(assignment=overdue).update(due_on=timezone.localdate() - timedelta(days=3))
    assign(actor=director, page=plan_content.needs_quiz, person=learner, due_on=timezone.localdate() + timedelta(9))
    course = plan_content.design_course
    enrol(user=learner, course=course)
    open_lesson(user=learner, lesson=course.live_lessons().first())
    colleague = LearnerFactory(display_name="周敏")
    ExperienceLessonPage.objects.filter(pk=plan_content.lesson.pk).update(contributor=colleague)
    schedule_discussion(
        director=director, case=plan_content.case, team=team, discuss_on=timezone.localdate() + timedelta(days=2)
    )
    return learner


def section(html, heading_id):
    return html.split(f'id="{heading_id}"')[1].split("</section>")[0]


def test_the_signed_in_home_page_says_what_to_do_next(client, busy_learner, plan_content):
    client.force_login(busy_learner)
    html = client.get("/", **EN).content.decode()
    todo = section(html, "dash-todo")
    # The overdue item first, standing out; then the one due later.
    assert todo.index(plan_content.case.title) < todo.index(plan_content.needs_quiz.title)
    assert "Overdue since" in todo
    assert plan_content.design_course.title in section(html, "dash-continue")
    gap = section(html, "dash-gap")
    assert "Needs analysis" in gap and "your grade requires level 2" in gap and "Level 1" in gap
    assert plan_content.lesson.title in section(html, "dash-lessons")
    assert plan_content.case.title in section(html, "dash-team")


def test_a_visitor_sees_the_welcome_without_a_dashboard(client, home_page):
    html = client.get("/", **EN).content.decode()
    assert 'id="dash-todo"' not in html
    assert "Sign in to start learning" in html


def test_the_dashboard_query_count_does_not_grow_with_the_plan(client, busy_learner, plan_content, director, team):
    client.force_login(busy_learner)
    client.get("/")

    def count():
        # Each time after a first visit, so both counts find the same things cached
        # (an assignment notifies the learner, and their unread count is asked again).
        client.get("/")
        with CaptureQueriesContext(connection) as queries:
            client.get("/")
        return len(queries)

    before = count()
    for page in (plan_content.lesson, plan_content.design_quiz, plan_content.marketing_quiz):
        assign(actor=director, page=page, team=team, due_on=timezone.localdate() + timedelta(days=4))
    assert count() == before


def test_the_workspace_counts_what_is_due_and_overdue(client, busy_learner):
    client.force_login(busy_learner)
    html = client.get("/", **EN).content.decode()
    head = html.split('class="workspace-head"')[1].split("</header>")[0]
    assert "Hello, 陈晓" in head and "2 things to do" in head and "1 overdue" in head


def test_the_biggest_gap_offers_the_plan_item_that_works_on_it(client, busy_learner, plan_content):
    PlanItem.objects.filter(user=busy_learner, page=plan_content.needs_quiz).update(
        competency=Competency.objects.get(code="needs-analysis")
    )
    client.force_login(busy_learner)
    gap = section(client.get("/", **EN).content.decode(), "dash-gap")
    assert f"Next: {plan_content.needs_quiz.title}" in gap
    assert "Plan learning for this gap" not in gap


def test_editors_see_the_submissions_waiting_for_review(client, busy_learner, editor):
    Experience.objects.create(author=busy_learner, state=Experience.State.SUBMITTED, problem="客户停专线")
    Experience.objects.create(author=busy_learner, state=Experience.State.DRAFT, problem="还在写")
    client.force_login(editor)
    todo = section(client.get("/", **EN).content.decode(), "dash-todo")
    assert "1 shared experience to review" in todo
    assert reverse("wagtailsnippets_capture_experience:list") + "?state=submitted" in todo
    client.force_login(busy_learner)
    assert "to review" not in section(client.get("/", **EN).content.decode(), "dash-todo")


def test_a_director_sees_their_teams_progress(client, busy_learner, director, team):
    client.force_login(director)
    teams = section(client.get("/", **EN).content.decode(), "dash-teams")
    assert team.name in teams and "1 overdue" in teams and "0% of assigned learning done (0 of 2)" in teams


def test_someone_with_no_course_under_way_is_pointed_to_the_library_while_it_is_published(
    client, learner, plan_content
):
    client.force_login(learner)
    courses = plan_content.design_course.get_parent().specific
    continue_learning = section(client.get("/", **EN).content.decode(), "dash-continue")
    assert "No course in progress." in continue_learning
    assert f'<a href="{courses.url}">Browse the course library</a>' in continue_learning
    courses.unpublish()
    continue_learning = section(client.get("/", **EN).content.decode(), "dash-continue")
    assert "No course in progress." in continue_learning and "Browse the course library" not in continue_learning


def test_the_queues_waiting_on_a_director_follow_each_request_question_and_decision(
    client, busy_learner, director, team
):
    from accounts.models import TeamMembership
    from competencies.models import JobGrade
    from knowledge.services import answer_question, ask_expert
    from quizzes.certification import decide_sign_off
    from quizzes.models import Certification, SignOff

    client.force_login(director)
    assert "to sign off" not in section(client.get("/", **EN).content.decode(), "dash-todo")
    certification = Certification.objects.create(name="初级客户经理认证", grade=JobGrade.objects.get(code="junior"))
    request = SignOff.objects.create(user=busy_learner, certification=certification, role=SignOff.Role.DIRECTOR)
    question = ask_expert(user=busy_learner, expert=director, topic="", question="怎么约到决策者？")
    todo = section(client.get("/", **EN).content.decode(), "dash-todo")
    assert "1 certification to sign off" in todo and "1 colleague&#x27;s question to answer" in todo
    with CaptureQueriesContext(connection) as again:
        client.get("/", **EN)
    assert not [query for query in again if "quizzes_signoff" in query["sql"] or "expertquestion" in query["sql"]]

    answer_question(user=director, question=question, answer="先找联络人引荐")
    todo = section(client.get("/", **EN).content.decode(), "dash-todo")
    assert "1 certification to sign off" in todo and "question to answer" not in todo
    # A member who leaves the team no longer waits on its director.
    TeamMembership.objects.filter(team=team, user=busy_learner).delete()
    assert "to sign off" not in section(client.get("/", **EN).content.decode(), "dash-todo")
    TeamMembership.objects.create(team=team, user=busy_learner)
    assert "1 certification to sign off" in section(client.get("/", **EN).content.decode(), "dash-todo")
    decide_sign_off(decider=director, sign_off=request, approve=True)
    assert "to sign off" not in section(client.get("/", **EN).content.decode(), "dash-todo")


OWN_TABLES = ("competencies_planitem", "competencies_evidence", "learning_enrolment", "quizzes_attempt")


def test_the_workspace_is_kept_between_visits_and_shows_each_change_on_the_next(
    client, busy_learner, director, team, plan_content
):
    from competencies.models import Competency, ProficiencyLevel
    from competencies.services import assign, complete_plan_items, record_evidence_for_each

    client.force_login(busy_learner)
    client.get("/", **EN)
    with CaptureQueriesContext(connection) as again:
        html = client.get("/", **EN).content.decode()
    assert plan_content.case.title in section(html, "dash-todo")
    assert not [query for query in again if any(table in query["sql"] for table in OWN_TABLES)]

    # The director assigns the team a quiz (a bulk insert): the member's to-do shows it.
    assign(actor=director, page=plan_content.design_quiz, team=team, due_on=timezone.localdate() + timedelta(5))
    assert plan_content.design_quiz.title in section(client.get("/", **EN).content.decode(), "dash-todo")

    # Levels measured by a quiz (a bulk insert) close the gap the workspace named.
    assert "Needs analysis" in section(client.get("/", **EN).content.decode(), "dash-gap")
    record_evidence_for_each(
        user=busy_learner,
        source="quiz",
        readings=[(Competency.objects.get(code="needs-analysis").pk, 100, ProficiencyLevel.objects.get(number=3))],
    )
    assert "Needs analysis" not in section(client.get("/", **EN).content.decode(), "dash-gap")

    # Enrolling in a second course.
    enrol(user=busy_learner, course=plan_content.needs_course)
    assert plan_content.needs_course.title in section(client.get("/", **EN).content.decode(), "dash-continue")

    # The director's team figures follow a member finishing assigned learning (a bulk update).
    client.force_login(director)
    teams = section(client.get("/", **EN).content.decode(), "dash-teams")
    assert "(0 of 3)" in teams
    complete_plan_items(user=busy_learner, page=plan_content.design_quiz)
    assert "(1 of 3)" in section(client.get("/", **EN).content.decode(), "dash-teams")

    # The team's discussion moved to another day (the teams generation), and the other language.
    moved_to = timezone.localdate() + timedelta(days=9)
    schedule_discussion(director=director, case=plan_content.case, team=team, discuss_on=moved_to)
    client.force_login(busy_learner)
    assert moved_to.isoformat() in section(client.get("/", **EN).content.decode(), "dash-team")
    assert "待办" in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


def test_a_persons_own_writes_through_the_site_move_only_their_workspace_on(client, learner, director):
    from core.person_generation import person_generation

    before = person_generation.current(learner.pk), person_generation.current(director.pk)
    client.force_login(learner)
    client.get(reverse("accounts:profile"))
    assert (person_generation.current(learner.pk), person_generation.current(director.pk)) == before
    response = client.post(reverse("accounts:profile"), {"display_name": "小陈", "email": "chen@example.com"})
    assert response.status_code == 302
    assert person_generation.current(learner.pk) != before[0]
    assert person_generation.current(director.pk) == before[1]


def test_a_new_day_draws_the_workspace_afresh(rf, learner, plan_content):
    from home.dashboards.personal import personal_dashboard
    from knowledge.services import record_application

    request = rf.get("/")
    request.user = learner
    today = timezone.localdate()
    record_application(user=learner, page=plan_content.lesson, account="某区人民医院", stage="pre_sale")
    assert personal_dashboard(learner, request=request, today=today).outcome_prompts == []
    # Nothing is written when the follow-up day comes: the day is part of what is kept.
    follow_up_on = learner.applications.get().follow_up_on
    prompts = personal_dashboard(learner, request=request, today=follow_up_on).outcome_prompts
    assert [prompt.title for prompt in prompts] == [f"《{plan_content.lesson.title}》用在某区人民医院上，效果如何？"]
