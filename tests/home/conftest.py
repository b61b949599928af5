from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page, Site

from capture.models import LessonLibraryPage
from cases.models import CaseIndexPage
from learning.models import CourseIndexPage, CoursePage
from quizzes.models import AssessmentIndexPage

# The growth fixtures (grades, evidence, plan content) serve the dashboards too.
from tests.competencies.conftest import competency_model, plan_content, shared_plan_content  # noqa: F401
from tests.conftest import EN, fresh, shared_by_the_module
from tests.home.search_corpus import DOCUMENTS, add_document

# The tests call it by the name they read best with.
make_page = add_document


def read_as_few_as_possible(monkeypatch):
    """Make PostgreSQL's ranking read matches in order of standing for any query, and
    as few as it may, so that tests check that path on the demo's few matches."""
    from core.search.postgres_backend import PostgresRankedSearch

    monkeypatch.setattr(PostgresRankedSearch, "WALK_PER_RESULT", 1)
    monkeypatch.setattr(PostgresRankedSearch, "SHORTEST_WALK", 1)
    monkeypatch.setattr(PostgresRankedSearch, "WALK_MARGIN", 0)


def _section(home_page, model, title, slug):
    section = model(title=title, slug=slug)
    home_page.add_child(instance=section)
    section.save_revision().publish()
    return section


def publish_sections(home_page):
    """One published section for each searched kind of page."""
    lessons = _section(home_page, LessonLibraryPage, "经验库", "lessons")
    cases = _section(home_page, CaseIndexPage, "案例交流", "cases")
    courses = _section(home_page, CourseIndexPage, "课程", "courses")
    quizzes = _section(home_page, AssessmentIndexPage, "测评", "assessment")
    course = CoursePage(title="语料课程", slug="corpus-course", summary="用来容纳课时的课程")
    courses.add_child(instance=course)
    course.save_revision().publish()
    return {"lesson": lessons, "case": cases, "course": courses, "quiz": quizzes, "course_lesson": course}


def publish_corpus(sections):
    """The fixed corpus of tests/home/search_corpus.py, published: {key: page}."""
    return {key: add_document(sections, kind, title, text, key) for key, kind, title, text in DOCUMENTS}


@pytest.fixture
def sections(home_page):
    return publish_sections(home_page)


@pytest.fixture
def corpus(sections):
    return publish_corpus(sections)


@pytest.fixture(scope="module")
def shared_corpus(django_db_setup, django_db_blocker):
    """The sections and the corpus, published and indexed once for a module whose tests
    search them (building them took 1.6 s a test on PostgreSQL). A module opts in by
    defining its `sections` and `corpus` as `fresh_pages(shared_corpus[…])`."""

    def build():
        sections = publish_sections(Site.objects.get(is_default_site=True).root_page.specific)
        corpus = publish_corpus(sections)
        call_command("update_index", stdout=StringIO(), verbosity=0)
        return sections, corpus

    with shared_by_the_module(django_db_blocker, build) as built:
        yield built


def fresh_pages(pages):
    return {key: fresh(page) for key, page in pages.items()}


def search_page(client, query, **params):
    response = client.get(reverse("search"), {"q": query, **params}, **EN)
    assert response.status_code == 200
    return response


@pytest.fixture
def corpus_titles(corpus):
    return {page.pk: key for key, page in corpus.items()}


def found_keys(corpus_titles, outcome):
    return {corpus_titles[result.page.pk] for result in outcome.results if result.page.pk in corpus_titles}


@pytest.fixture
def every_page_id():
    return lambda: set(Page.objects.values_list("pk", flat=True))
