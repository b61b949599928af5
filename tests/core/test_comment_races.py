"""A comment sent twice (a double click, a retried request, two tabs) is posted once."""

import pytest
from django.urls import reverse

from capture.models import Experience
from capture.services import approve
from core.engagement import add_comment
from core.models import Comment, PageEngagement
from tests.capture.conftest import make_experience
from tests.concurrency import run_together
from tests.factories import EditorFactory


@pytest.fixture
def lesson(learner, taxonomy, lesson_library):
    experience = make_experience(learner, state=Experience.State.SUBMITTED)
    return approve(reviewer=EditorFactory(), experience=experience, title="客户突然停专线")


@pytest.mark.django_db
def test_the_same_comment_sent_twice_lands_on_the_first(client, lesson, learner):
    client.force_login(learner)
    first = client.post(reverse("core:comment", args=[lesson.pk]), {"body": "回访不问故障问计划"})
    again = client.post(reverse("core:comment", args=[lesson.pk]), {"body": "回访不问故障问计划"})
    assert Comment.objects.count() == 1
    assert first["Location"] == again["Location"]
    assert PageEngagement.objects.get(page=lesson).comment_count == 1
    client.post(reverse("core:comment", args=[lesson.pk]), {"body": "再补充一点"})
    assert Comment.objects.count() == 2


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_identical_comments_at_once_make_one(lesson, learner):
    errors = run_together(lambda: add_comment(user=learner, page=lesson, body="同一句话"), times=5)
    assert errors == []
    assert Comment.objects.filter(body="同一句话").count() == 1
    assert PageEngagement.objects.get(page=lesson).comment_count == 1
