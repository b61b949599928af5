from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from wagtail.models import Site

from accounts.roles import ASSESSOR
from capture.models import ExperienceLessonPage, LessonLibraryPage
from cases.models import CaseIndexPage, CaseStudyPage
from competencies import demo
from competencies.models import Competency, Evidence, JobGrade, PersonGrade, ProficiencyLevel
from competencies.services import record_evidence
from learning.models import CourseCompetency, CourseIndexPage, CoursePage, LessonPage
from quizzes.models import AssessmentIndexPage, QuestionCategory
from tests.conftest import fresh, load_taxonomy, shared_by_the_module
from tests.factories import UserFactory
from tests.quizzes.conftest import add_quiz, make_question


@pytest.fixture
def competency_model(db, home_page):
    """The deck's model, as `load_demo` builds it: levels, competencies, grades, page."""
    return demo.load()


def set_grade(user, code):
    PersonGrade.objects.update_or_create(user=user, defaults={"grade": JobGrade.objects.get(code=code)})


def rate(user, code, level, *, source=Evidence.Source.ASSESSOR, days_ago=0, by=None, score=None):
    """Record evidence of `level` (0 for "below level 1") about one competency."""
    return record_evidence(
        user=user,
        competency=Competency.objects.get(code=code),
        source=source,
        level=ProficiencyLevel.objects.filter(number=level).first() if level else None,
        score=score if score is not None else (None if level else 30),
        reference="陪访评估",
        recorded_by=by if by is not None else (user if source == Evidence.Source.SELF else _assessor()),
        recorded_at=timezone.now() - timedelta(days=days_ago),
    )


def _assessor():
    return UserFactory(roles=[ASSESSOR])


def _publish(parent, page):
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page.__class__.objects.get(pk=page.pk)


def make_course(index, title, slug, code, level):
    course = CoursePage(title=title, slug=slug, summary=f"{title}的课程简介。", estimated_hours=2)
    course.developed_competencies = [
        CourseCompetency(
            competency=Competency.objects.get(code=code), level=ProficiencyLevel.objects.get(number=level)
        )
    ]
    course = _publish(index, course)
    _publish(course, LessonPage(title=f"{title}·第一课", slug="lesson-1", body=[]))
    return course


def build_plan_content(home_page):
    """One piece of each kind for 需求理解与分析 (needs-analysis), plus a course and a quiz
    for 方案设计 and a quiz for 方案营销, so tests can tell gaps' items apart."""
    courses = _publish(home_page, CourseIndexPage(title="课程库", slug="courses"))
    assessment = _publish(home_page, AssessmentIndexPage(title="测评认证", slug="assessment"))
    cases = _publish(home_page, CaseIndexPage(title="案例交流", slug="cases"))
    library = _publish(home_page, LessonLibraryPage(title="经验库", slug="lessons"))
    category = QuestionCategory.objects.create(name="综合")

    def quiz(title, slug, code):
        question = make_question(category, "true_false", f"{title}的判断题", competency=code, correct_is_true=True)
        return add_quiz(assessment, [question], title=title, slug=slug, pass_mark=60)

    case = CaseStudyPage(
        title="三甲医院：画出决策链", slug="hospital", summary="摘要", customer="某市三甲医院", body="[]"
    )
    case.competencies = [Competency.objects.get(code="needs-analysis")]
    lesson = ExperienceLessonPage(title="客户说的需求不是真正的需求", slug="real-needs", problem="问题", lesson="经验")
    lesson.competencies = [Competency.objects.get(code="needs-analysis")]
    return SimpleNamespace(
        needs_course=make_course(courses, "集团客户需求放大镜", "needs-magnifier", "needs-analysis", 2),
        needs_basics=make_course(courses, "需求分析入门", "needs-basics", "needs-analysis", 1),
        design_course=make_course(courses, "方案设计进阶", "design", "solution-design", 2),
        needs_quiz=quiz("需求理解与分析测评", "needs-quiz", "needs-analysis"),
        design_quiz=quiz("方案设计测评", "design-quiz", "solution-design"),
        marketing_quiz=quiz("方案营销测评", "marketing-quiz", "solution-marketing"),
        case=_publish(cases, case),
        lesson=_publish(library, lesson),
    )


@pytest.fixture(scope="module")
def shared_plan_content(django_db_setup, django_db_blocker):
    """The plan content (with the taxonomy it needs), built once for a module's tests:
    a second each on PostgreSQL, asked for by some sixty tests."""

    def build():
        load_taxonomy()
        return build_plan_content(Site.objects.get(is_default_site=True).root_page.specific)

    with shared_by_the_module(django_db_blocker, build) as content:
        yield content


@pytest.fixture
def plan_content(db, shared_plan_content):
    """The shared plan content, each page read again for this test. Browser tests build
    their own (tests/browser/test_profiles.py): the live server reads committed rows."""
    return SimpleNamespace(**{name: fresh(page) for name, page in vars(shared_plan_content).items()})
