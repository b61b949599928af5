from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Team, User
from competencies.models import Competency, GradeRequirement, JobGrade, PersonGrade
from tests.conftest import shared_by_the_module

pytestmark = pytest.mark.django_db


DEMO_ADDRESS = "http://127.0.0.1:8765"


def load_demo(**options):
    out = StringIO()
    call_command("load_demo", allow_production=True, stdout=out, **options)
    return out.getvalue()


@pytest.fixture(scope="module")
def demo_output(django_db_setup, django_db_blocker):
    """The demo, loaded once for the tests that only read it (loading takes seconds)."""
    with shared_by_the_module(django_db_blocker, lambda: load_demo(site_url=DEMO_ADDRESS)) as output:
        yield output


def snapshot():
    """Row counts of every model plus the password hashes, which a re-run must not touch."""
    counts = {model._meta.label: model._default_manager.count() for model in apps.get_models()}
    return counts, dict(User.objects.values_list("username", "password"))


def test_demo_has_every_role_and_teams_and_prints_the_logins(client, demo_output):
    # `make run PORT=8765` passes the address it serves on.
    assert f"Sign in at {DEMO_ADDRESS}/accounts/login/ with:" in demo_output
    for username in ("admin", "editor", "assessor", "director", "learner"):
        assert f"  {username} " in demo_output
    assert "academy-demo-2026" in demo_output
    director = User.objects.get(username="director")
    assert {group.name for group in director.groups.all()} == {"Directors", "Learners"}
    team = Team.objects.get(name="城东集客一组")
    assert team.director == director
    assert team.memberships.count() == 4
    assert User.objects.get(username="admin").is_superuser
    response = client.post(reverse("accounts:login"), {"username": "learner", "password": "academy-demo-2026"})
    assert response.status_code == 302


def test_demo_fills_the_home_page_from_the_deck(client, demo_output):
    html = client.get("/").content.decode()
    assert "为什么客户无缘无故就丢了？" in html
    assert "能力提升的六个环节" in html
    assert '<a href="/competency-model/">评测结合</a>' in html


def test_demo_builds_the_decks_competency_model(client, demo_output):
    assert Competency.objects.filter(kind=Competency.Kind.KEY_SKILL).count() == 5
    assert list(JobGrade.objects.values_list("name", flat=True)) == [
        "初级客户经理",
        "中级客户经理",
        "高级客户经理",
        "信息化顾问",
    ]
    assert GradeRequirement.objects.count() == 4 * Competency.objects.count()
    assert PersonGrade.objects.get(user__username="learner").grade.code == "junior"
    assert client.get("/competency-model/").status_code == 200


def test_running_the_demo_twice_changes_nothing(demo_output):
    before = snapshot()
    load_demo()
    assert snapshot() == before


def test_demo_has_a_question_bank_quizzes_and_certificates_in_every_state(client, demo_output):
    from quizzes.models import Attempt, Certificate, Certification, Question, QuizPage, SignOff

    for competency in Competency.objects.filter(kind=Competency.Kind.KEY_SKILL):
        assert Question.objects.filter(competency=competency).count() >= 8, competency.name
    assert QuizPage.objects.live().count() == 6  # one per key skill, and a course's check
    assert set(Certification.objects.values_list("grade__code", flat=True)) == set(
        JobGrade.objects.values_list("code", flat=True)
    )
    assert {certificate.status() for certificate in Certificate.objects.all()} == {"valid", "expired", "revoked"}
    assert Certificate.objects.filter(user__username="liuyang").exists()  # earned through the demo attempts
    assert {"finished", "awaiting_grading"} <= set(Attempt.objects.values_list("state", flat=True))
    assert SignOff.objects.filter(state="requested").exists()
    assert client.get("/assessment/").status_code == 200
    assert '<a href="/assessment/">定级认证</a>' in client.get("/").content.decode()


def test_demo_has_cases_with_discussion_agendas_and_one_awaiting_approval(client, demo_output):
    from wagtail.models import WorkflowState

    from cases.models import CaseStudyPage, TeamDiscussion
    from core.models import Comment

    live = CaseStudyPage.objects.live()
    assert live.count() >= 6
    assert Comment.objects.filter(page__in=live, parent__isnull=False).exists()
    assert TeamDiscussion.objects.filter(team__director__username="director").exists()
    waiting = CaseStudyPage.objects.filter(live=False).get()
    assert WorkflowState.objects.filter(object_id=str(waiting.pk), status="in_progress").exists()
    html = client.get("/cases/").content.decode()
    assert "区政府专线被对手“固移融合”套餐整体撬走" in html and waiting.title not in html
    assert '<a href="/cases/">实际案例交流</a>' in client.get("/").content.decode()


def test_demo_discussions_unfold_after_publication_not_at_load_time(demo_output):
    from django.utils import timezone
    from wagtail.models import Page

    from core.models import Comment

    comments = list(Comment.objects.select_related("page"))
    assert len(comments) > 5
    published = dict(Page.objects.filter(pk__in={c.page_id for c in comments}).values_list("pk", "first_published_at"))
    now = timezone.now()
    for comment in comments:
        assert published[comment.page_id] < comment.created_at < now
    # Spread over days, not all stamped within the same minute of loading.
    days = {comment.created_at.date() for comment in comments}
    assert len(days) >= 5
