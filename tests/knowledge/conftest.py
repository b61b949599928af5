from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from capture.models import Experience
from capture.services import approve
from tests.capture.conftest import make_experience
from tests.cases.conftest import case_index, make_case  # noqa: F401  (case_index is a fixture)
from tests.factories import EditorFactory, LearnerFactory


def publish_lesson(author, *, title, tags=(), competencies=(), editor=None, days_ago=0, **fields):
    """A lesson from `author`'s experience, published through the real review path."""
    experience = make_experience(author, state=Experience.State.SUBMITTED, **fields)
    experience.competencies.add(*competencies)
    experience.save()
    lesson = approve(reviewer=editor or EditorFactory(), experience=experience, title=title, tags=list(tags))
    if days_ago:
        published = timezone.now() - timedelta(days=days_ago)
        Page.objects.filter(pk=lesson.pk).update(first_published_at=published, last_published_at=published)
        lesson.refresh_from_db()
    return lesson


@pytest.fixture
def colleague(db):
    return LearnerFactory(username="liuyang", display_name="刘洋")


@pytest.fixture
def lesson(colleague, editor, taxonomy, lesson_library):
    """刘洋's lesson, which 陈晓 (the learner) reads and applies."""
    return publish_lesson(colleague, title="联络人不肯引荐决策者", tags=["联络人"], editor=editor)
