"""Editors' tools for cases come from Wagtail: drafts, previews, scheduled publishing,
and the case approval workflow for cases directors write up."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases.models import CaseStudyPage
from cases.workflow import WORKFLOW_NAME
from tests.cases.conftest import simple_body
from tests.conftest import EN

pytestmark = pytest.mark.django_db


def draft_case(index, owner, title="制造企业要的是管理，而不是设备"):
    import json

    case = CaseStudyPage(
        title=title,
        summary="客户询价视频会议设备。",
        customer="某制造企业",
        body=json.dumps(simple_body()),
        live=False,
    )
    case.owner = owner
    index.add_child(instance=case)
    case.save_revision(user=owner)
    return case


def test_the_case_exchange_has_its_approval_workflow(case_index):
    workflow = case_index.get_workflow()
    assert workflow.name == WORKFLOW_NAME
    assert [group.name for group in workflow.tasks.get().specific.groups.all()] == ["Editors"]


def test_directors_write_cases_in_the_admin_but_only_there(client, case_index, director, home_page):
    client.force_login(director)
    add_case = reverse("wagtailadmin_pages:add", args=["cases", "casestudypage", case_index.pk])
    assert client.get(add_case).status_code == 200
    add_elsewhere = reverse("wagtailadmin_pages:add_subpage", args=[home_page.pk])
    assert client.get(add_elsewhere).status_code in (302, 403)


def test_directors_edit_their_own_cases_and_nobody_elses(client, case_index, director, editor):
    own = draft_case(case_index, director, title="我写的案例")
    others = draft_case(case_index, editor, title="编辑写的案例")
    client.force_login(director)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("wagtailadmin_pages:edit", args=[others.pk])).status_code in (302, 403)


def test_a_directors_case_waits_for_an_editor_then_goes_live(client, case_index, director, editor):
    case = draft_case(case_index, director)
    assert not case.permissions_for_user(director).can_publish()
    case.get_workflow().start(case, director)
    client.force_login(editor)
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert case.title in dashboard
    task_state = case.current_workflow_task_state
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[case.pk, "approve", task_state.pk]), {"comment": ""}
    )
    case.refresh_from_db()
    assert case.live
    assert case.title in client.get(case.get_parent().url).content.decode()


def test_the_workspace_tells_the_approving_editors_a_case_waits_and_nobody_else(client, case_index, director, editor):
    client.force_login(editor)
    assert "awaiting your approval" not in client.get("/", **EN).content.decode()
    case = draft_case(case_index, director)
    case.get_workflow().start(case, director)
    assert "1 page awaiting your approval" in client.get("/", **EN).content.decode()
    client.force_login(director)
    assert "awaiting your approval" not in client.get("/", **EN).content.decode()

    # Each change shows on the editor's next visit: a second case, an approval, and
    # leaving the group that approves.
    client.force_login(editor)
    second = draft_case(case_index, director, title="第二个案例")
    second.get_workflow().start(second, director)
    assert "2 pages awaiting your approval" in client.get("/", **EN).content.decode()
    second.current_workflow_task_state.approve(user=editor)
    assert "1 page awaiting your approval" in client.get("/", **EN).content.decode()
    editor.groups.clear()
    assert "awaiting your approval" not in client.get("/", **EN).content.decode()


def test_editors_preview_a_draft_case(client, case_index, editor):
    case = draft_case(case_index, editor)
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[case.pk]))
    assert response.status_code == 200 and "<h2>背景</h2>" in response.content.decode()
    client.logout()
    assert client.get(case.url if case.url else "/cases/x/").status_code == 404


def test_a_scheduled_case_appears_when_its_time_comes(client, case_index, editor):
    case = draft_case(case_index, editor)
    case.go_live_at = timezone.now() + timedelta(hours=1)
    revision = case.save_revision(user=editor)
    revision.publish(user=editor)
    case.refresh_from_db()
    assert not case.live
    assert case.title not in client.get(case_index.url).content.decode()
    # The hour passes: the revision's go-live time is now behind us.
    past = timezone.now() - timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled", verbosity=0)
    case.refresh_from_db()
    assert case.live
    assert case.title in client.get(case_index.url).content.decode()


def test_the_editing_bar_is_for_editors_and_directors_get_the_pages_own_buttons(
    client, case_index, director, editor, home_page
):
    from tests.cases.conftest import make_case

    someone_elses = make_case(case_index)
    bar = "Wagtail user bar embed code"
    write_case = reverse("wagtailadmin_pages:add", args=["cases", "casestudypage", case_index.pk])
    edit_it = reverse("wagtailadmin_pages:edit", args=[someone_elses.pk])
    client.force_login(director)
    exchange = client.get(case_index.url).content.decode()
    assert bar not in exchange and f'href="{write_case}"' in exchange and "写案例" in exchange
    page = client.get(someone_elses.url).content.decode()
    assert bar not in page and edit_it not in page
    assert bar not in client.get(home_page.url).content.decode()
    # The button leads to the form, which saves a draft for the editors' review.
    assert client.get(write_case).status_code == 200
    client.force_login(editor)
    assert bar in client.get(home_page.url).content.decode()
    assert bar in client.get(someone_elses.url).content.decode()
    assert f'href="{write_case}"' in client.get(case_index.url).content.decode()
    assert bar not in client.get(reverse("learning:my_learning")).content.decode()
    client.logout()
    assert bar not in client.get(someone_elses.url).content.decode()
    assert write_case not in client.get(case_index.url).content.decode()


def test_a_director_reading_a_case_they_wrote_can_open_it_to_edit(client, case_index, director, learner):
    from tests.cases.conftest import make_case

    own = make_case(case_index, "我写的案例")
    own.owner = director
    own.save(update_fields=["owner"])
    edit_it = reverse("wagtailadmin_pages:edit", args=[own.pk])
    client.force_login(director)
    html = client.get(own.url).content.decode()
    assert f'href="{edit_it}"' in html and "编辑我的案例" in html
    assert client.get(edit_it).status_code == 200
    english = client.get(own.url, **EN).content.decode()
    assert "Edit my case" in english
    # Owning a case is not enough without the right to write cases.
    own.owner = learner
    own.save(update_fields=["owner"])
    client.force_login(learner)
    assert edit_it not in client.get(own.url).content.decode()
