"""Wagtail's snippet choosers answer only people who may read the list they belong to,
and show only its rows (core.choosers)."""

import pytest
from django.urls import reverse

from capture.models import Experience
from tests.capture.conftest import make_experience

pytestmark = pytest.mark.django_db

PRIVATE = [
    ("capture", "experience"),
    ("core", "comment"),
    ("quizzes", "certificate"),
    ("quizzes", "question"),
    ("quizzes", "quizoverride"),
    ("competencies", "persongrade"),
]


def chooser(app, model, view="choose", *args):
    return reverse(f"wagtailsnippetchoosers_{app}_{model}:{view}", args=args)


@pytest.mark.parametrize(("app", "model"), PRIVATE)
@pytest.mark.parametrize("view", ["choose", "choose_results"])
def test_people_who_cannot_read_the_list_cannot_choose_from_it(client, director, app, model, view):
    client.force_login(director)
    assert client.get(reverse("wagtailadmin_home")).status_code == 200  # directors use the admin
    response = client.get(chooser(app, model, view), {"q": "a"})
    # Wagtail turns a refusal in its admin into a way back to the dashboard.
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_a_learners_draft_is_never_offered(client, editor, learner, taxonomy):
    make_experience(learner, title="还没写完的草稿", state=Experience.State.DRAFT)
    submitted = make_experience(learner, title="已提交的经验", state=Experience.State.SUBMITTED)
    draft = Experience.objects.get(title="还没写完的草稿")
    client.force_login(editor)
    html = client.get(chooser("capture", "experience", "choose_results")).content.decode()
    assert "已提交的经验" in html and "还没写完的草稿" not in html
    assert client.get(chooser("capture", "experience", "chosen", draft.pk)).status_code == 404
    assert client.get(chooser("capture", "experience", "chosen", submitted.pk)).status_code == 200
    assert client.get(chooser("capture", "experience", "chosen", "abc")).status_code == 404
