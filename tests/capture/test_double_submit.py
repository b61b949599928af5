"""A shared experience sent twice (a double click, a retried request, two tabs) makes
one submission, and every copy lands on the same page."""

import pytest
from django.test import Client
from django.urls import reverse

from capture.models import Experience, ExperienceEvent
from tests.capture.conftest import form_data
from tests.concurrency import run_together


@pytest.mark.django_db
def test_submitting_twice_makes_one_submission(learner_client, taxonomy):
    data = form_data(action="submit")
    first = learner_client.post(reverse("capture:share"), data)
    again = learner_client.post(reverse("capture:share"), data)
    assert first["Location"] == again["Location"] == reverse("capture:mine")
    experience = Experience.objects.get()
    assert experience.state == Experience.State.SUBMITTED
    assert ExperienceEvent.objects.filter(experience=experience).count() == 1


@pytest.mark.django_db
def test_saving_a_draft_twice_keeps_one_draft(learner_client, taxonomy):
    learner_client.post(reverse("capture:share"), form_data())
    learner_client.post(reverse("capture:share"), form_data())
    assert Experience.objects.count() == 1
    learner_client.post(reverse("capture:share"), form_data(problem="另一个问题：客户预算被砍"))
    assert Experience.objects.count() == 2


@pytest.mark.django_db
def test_a_second_tab_with_anything_different_keeps_its_own_words(learner_client, taxonomy):
    learner_client.post(reverse("capture:share"), form_data())
    learner_client.post(reverse("capture:share"), form_data(**{"causes-0-evidence": "第二个标签页里补充的证据"}))
    learner_client.post(reverse("capture:share"), form_data(tags="联络人"))
    assert Experience.objects.count() == 3
    assert Experience.objects.filter(causes__evidence="第二个标签页里补充的证据").exists()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_five_identical_submissions_at_once_make_one(learner, taxonomy):
    statuses, browsers = [], []
    for _ in range(5):
        browsers.append(Client())
        browsers[-1].force_login(learner)

    def send():
        response = browsers.pop().post(reverse("capture:share"), form_data(action="submit"))
        statuses.append((response.status_code, response.get("Location")))

    errors = run_together(send, times=5)
    assert errors == []
    assert set(statuses) == {(302, reverse("capture:mine"))}
    assert Experience.objects.filter(author=learner).count() == 1
    assert Experience.objects.get(author=learner).state == Experience.State.SUBMITTED
