"""A NUL character anywhere in what a browser sends is dropped before any view sees
it (core.clean_input): PostgreSQL refuses text holding one, which made such requests
500s that lost the rest of the form."""

import pytest
from django.urls import reverse

from core.models import Comment
from tests.conftest import EN

pytestmark = pytest.mark.django_db


def test_a_search_with_a_nul_searches_for_the_rest(client, home_page):
    response = client.get(reverse("search"), {"q": "客\x00户"}, **EN)
    assert response.status_code == 200
    assert 'value="客户"' in response.content.decode()


def test_a_nul_in_a_filter_is_ignored(client, home_page):
    response = client.get(reverse("search"), {"q": "客户", "type": "\x00"})
    assert response.status_code == 200


def test_an_address_with_a_nul_is_not_found(client, home_page):
    response = client.get("/certificates/verify/%00/", **EN)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_comment_with_a_nul_is_posted_without_it(client, learner, lesson_library, taxonomy):
    from capture.models import Experience
    from capture.services import approve
    from tests.capture.conftest import make_experience
    from tests.factories import EditorFactory

    lesson = approve(
        reviewer=EditorFactory(),
        experience=make_experience(learner, state=Experience.State.SUBMITTED),
        title="客户突然停专线",
    )
    client.force_login(learner)
    response = client.post(reverse("core:comment", args=[lesson.pk]), {"body": "回访\x00不问故障"})
    assert response.status_code == 302
    assert Comment.objects.get().body == "回访不问故障"


def test_a_typed_percent_zero_zero_is_kept(client, home_page):
    response = client.get(reverse("search"), {"q": "%00"}, **EN)
    assert 'value="%00"' in response.content.decode()


def test_two_wagtail_admin_views_get_a_400_for_input_they_would_fail_on(admin_client):
    assert admin_client.get("/admin/api/main/images/find/?id=abc").status_code == 400
    assert admin_client.get("/admin/api/main/documents/find/?id=1%2B1").status_code == 400
    assert admin_client.post("/admin/redirects/import/process/", {}).status_code == 400
    # Wagtail's own error test page would mail the administrators on every visit.
    assert admin_client.get("/admin/failwhale/").status_code == 404


def test_an_admin_search_no_person_would_type_is_refused_with_a_message(admin_client):
    response = admin_client.get("/admin/regions/", {"q": "客" * 5000})
    assert response.status_code == 400 and "网址过长" in response.content.decode()
    assert admin_client.get("/admin/regions/", {"q": "城东"}).status_code == 200


def test_deleting_a_region_that_teams_still_use_keeps_it_without_an_error(client):
    from accounts.models import Region, Team
    from tests.factories import DirectorFactory, UserFactory

    client.force_login(UserFactory(is_superuser=True))
    region = Region.objects.create(name="城南", code="south")
    Team.objects.create(name="城南一组", region=region, director=DirectorFactory())
    # `next=abc` used to reach redirect() as a view name; the protected key, a 500.
    response = client.post(f"/admin/regions/delete/{region.pk}/?next=abc", HTTP_REFERER="/admin/regions/")
    assert response.status_code == 302
    assert Region.objects.filter(pk=region.pk).exists()


def posted_form(client, path, **changes):
    """The editing form of the admin page at `path` (its largest POST form), as the
    browser would send it, with `changes` applied (None leaves the input out)."""
    from tests.test_bad_input_sweep import forms_on

    forms = [form for form in forms_on(client.get(path).content.decode(), path) if form[0] == "post"]
    _method, action, fields = max(forms, key=lambda form: len(form[2]))
    fields = {**fields, **changes}
    return client.post(action, {name: value for name, value in fields.items() if value is not None})


def test_admin_forms_with_edited_hidden_inputs_get_a_400_not_a_500(client, taxonomy, home_page):
    from competencies.models import JobGrade
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_superuser=True))
    client.raise_request_exception = False
    grade = JobGrade.objects.first()
    # A chooser's hidden id that is not a number: Wagtail's widget looked it up while
    # redrawing the refused form.
    response = posted_form(
        client, f"/admin/snippets/competencies/jobgrade/edit/{grade.pk}/", **{"requirements-0-competency": "abc"}
    )
    assert response.status_code == 400
    assert "重新加载" in response.content.decode()
    # A StreamField without the count of its blocks, which the editor's script writes.
    response = posted_form(client, f"/admin/pages/{home_page.pk}/edit/", **{"body-count": None})
    assert response.status_code == 400
    # An inline row whose id is not a number, and a negative count of rows.
    edit_grade = f"/admin/snippets/competencies/jobgrade/edit/{grade.pk}/"
    assert posted_form(client, edit_grade, **{"requirements-0-id": "abc"}).status_code == 400
    assert posted_form(client, edit_grade, **{"requirements-INITIAL_FORMS": "-1"}).status_code == 400
    # A 30-digit parent page: no such page.
    lesson_page = home_page.get_children().first() or home_page
    copy = posted_form(client, f"/admin/pages/{lesson_page.pk}/copy/", new_parent_page="9" * 30)
    assert copy.status_code in (400, 404)
    # The same forms, sent as the browser sends them, still save.
    assert posted_form(client, f"/admin/snippets/competencies/jobgrade/edit/{grade.pk}/").status_code == 302
