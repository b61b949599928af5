import pytest

from competencies import demo as competencies_demo
from learning import demo as learning_demo
from learning.models import CoursePage
from tests.conftest import shared_by_the_module


def load_library():
    competencies_demo.load()
    return learning_demo.load()


@pytest.fixture
def library(db, home_page):
    return load_library()


@pytest.fixture(scope="module")
def shared_library(django_db_setup, django_db_blocker):
    """The demo's competency model and course library, built once for a module whose
    tests each read or add to it in their own savepoint; it opts in by defining
    `library` as `fresh(shared_library)`."""
    with shared_by_the_module(django_db_blocker, load_library) as library:
        yield library


@pytest.fixture
def course(library):
    return CoursePage.objects.get(slug="needs-magnifier")


@pytest.fixture
def lessons(course):
    return list(course.live_lessons())
