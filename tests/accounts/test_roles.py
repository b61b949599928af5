import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission, Page

from accounts.models import User
from accounts.roles import ROLES, sync_role_groups

pytestmark = pytest.mark.django_db


def test_migrate_creates_every_role_group():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.group_name for role in ROLES} <= names


def test_directors_may_view_teams_and_learners_may_not():
    director = User.objects.create_user("d1")
    director.groups.add(Group.objects.get(name="Directors"))
    learner = User.objects.create_user("l1")
    learner.groups.add(Group.objects.get(name="Learners"))
    assert director.has_perm("accounts.view_team")
    assert not learner.has_perm("accounts.view_team")
    assert not learner.has_perm("wagtailadmin.access_admin")


def test_editors_can_publish_anywhere_in_the_page_tree():
    editors = Group.objects.get(name="Editors")
    codenames = set(
        GroupPagePermission.objects.filter(group=editors, page=Page.get_first_root_node()).values_list(
            "permission__codename", flat=True
        )
    )
    assert {"add_page", "change_page", "publish_page"} <= codenames


def test_sync_is_idempotent_and_keeps_permissions_added_by_hand():
    learners = Group.objects.get(name="Learners")
    extra = learners.permissions.model.objects.get(codename="view_region")
    learners.permissions.add(extra)
    before = Group.objects.count(), GroupPagePermission.objects.count()
    sync_role_groups()
    sync_role_groups()
    assert (Group.objects.count(), GroupPagePermission.objects.count()) == before
    assert learners.permissions.filter(pk=extra.pk).exists()
