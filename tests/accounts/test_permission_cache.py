"""What a person may do is remembered between their pages, and an administrator's
change to their groups or a group's permissions shows on their next page."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User

pytestmark = pytest.mark.django_db

EDITOR_LINK = "Editor workspace"


def _permission_queries(client, url="/accounts/profile/"):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    queries = [query["sql"] for query in captured.captured_queries if '"auth_permission"' in query["sql"]]
    return response, queries


def test_a_second_page_asks_the_database_nothing_about_permissions(learner_client):
    _, first = _permission_queries(learner_client)
    _, second = _permission_queries(learner_client)
    assert first, "the first page works out the person's permissions"
    assert second == []


def test_joining_the_editors_shows_the_editor_workspace_on_the_next_page(learner_client, learner):
    response, _ = _permission_queries(learner_client)
    assert EDITOR_LINK not in response.text
    learner.groups.add(Group.objects.get(name="Editors"))
    response, _ = _permission_queries(learner_client)
    assert EDITOR_LINK in response.text


def test_leaving_the_editors_hides_it_on_the_next_page(client, editor):
    client.force_login(editor)
    response, _ = _permission_queries(client)
    assert EDITOR_LINK in response.text
    editor.groups.clear()
    response, _ = _permission_queries(client)
    assert EDITOR_LINK not in response.text


def test_a_permission_taken_from_a_group_is_gone_on_the_next_page(client, editor):
    client.force_login(editor)
    response, _ = _permission_queries(client)
    assert EDITOR_LINK in response.text
    Group.objects.get(name="Editors").permissions.remove(Permission.objects.get(codename="access_admin"))
    response, _ = _permission_queries(client)
    assert EDITOR_LINK not in response.text


def test_a_group_deleted_takes_its_permissions_with_it(client, editor):
    client.force_login(editor)
    _permission_queries(client)
    Group.objects.get(name="Editors").delete()
    response, _ = _permission_queries(client)
    assert EDITOR_LINK not in response.text


def test_made_a_superuser_they_may_do_everything_at_once(learner_client, learner):
    _permission_queries(learner_client)
    User.objects.filter(pk=learner.pk).update(is_superuser=True)
    response, _ = _permission_queries(learner_client)
    assert EDITOR_LINK in response.text


def test_people_do_not_share_what_is_remembered(client, editor, learner):
    client.force_login(editor)
    _permission_queries(client)
    client.force_login(learner)
    response, _ = _permission_queries(client)
    assert EDITOR_LINK not in response.text


def test_without_the_cache_server_permissions_are_still_right(learner_client, learner, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    response, _ = _permission_queries(learner_client)
    assert EDITOR_LINK not in response.text
    learner.groups.add(Group.objects.get(name="Editors"))
    response, _ = _permission_queries(learner_client)
    assert EDITOR_LINK in response.text
