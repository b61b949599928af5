import pytest
from django.urls import reverse

from competencies.models import Competency, PersonGrade

pytestmark = pytest.mark.django_db


def test_editors_maintain_competencies_in_the_admin(client, editor, competency_model):
    client.force_login(editor)
    listing = client.get(reverse("wagtailsnippets_competencies_competency:list"))
    assert listing.status_code == 200
    assert "需求理解与分析" in listing.content.decode()
    competency = Competency.objects.get(code="negotiation")
    edit = client.get(reverse("wagtailsnippets_competencies_competency:edit", args=[competency.pk]))
    assert edit.status_code == 200
    assert "各层级表现" in edit.content.decode()


def test_only_administrators_set_peoples_grades(client, editor, competency_model):
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_competencies_persongrade:list"))
    assert response.status_code in (302, 403)
    assert not PersonGrade.objects.filter(user=editor).exists()


def test_learners_cannot_edit_the_model(learner_client, competency_model):
    response = learner_client.get(reverse("wagtailsnippets_competencies_competency:list"))
    assert response.status_code in (302, 403)


def test_administrators_set_a_grade_by_employee_number(client, admin_user, learner, competency_model):
    from competencies.models import JobGrade

    learner.employee_number = "E3001"
    learner.save()
    client.force_login(admin_user)
    add = reverse("wagtailsnippets_competencies_persongrade:add")
    grade = JobGrade.objects.get(code="junior")
    response = client.post(add, {"user": "E3001", "grade": grade.pk})
    assert response.status_code == 302
    person_grade = PersonGrade.objects.get(user=learner)
    edit = client.get(reverse("wagtailsnippets_competencies_persongrade:edit", args=[person_grade.pk]))
    assert 'value="chenxiao"' in edit.content.decode()  # shown by username, not by database id


def test_a_grade_change_is_recorded_with_who_made_it(client, admin_user, learner, competency_model):
    from wagtail.models import ModelLogEntry

    from competencies.models import JobGrade

    client.force_login(admin_user)
    junior, senior = JobGrade.objects.get(code="junior"), JobGrade.objects.get(code="senior")
    client.post(reverse("wagtailsnippets_competencies_persongrade:add"), {"user": "chenxiao", "grade": junior.pk})
    person_grade = PersonGrade.objects.get(user=learner)
    edit = reverse("wagtailsnippets_competencies_persongrade:edit", args=[person_grade.pk])
    assert client.post(edit, {"user": "chenxiao", "grade": senior.pk}).status_code == 302
    entry = ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(person_grade.pk)).get()
    assert entry.user == admin_user and "高级客户经理" in entry.label
