import pytest

from competencies import demo as competencies_demo
from learning import demo as learning_demo
from learning.models import CoursePage


@pytest.fixture
def library(db, home_page):
    competencies_demo.load()
    return learning_demo.load()


@pytest.fixture
def course(library):
    return CoursePage.objects.get(slug="needs-magnifier")


@pytest.fixture
def lessons(course):
    return list(course.live_lessons())
