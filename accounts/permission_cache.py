"""What a person may do, remembered between their requests.

Every signed-in page asks (the account menu's editor link, the workspace's queues), and
Django answers each request afresh with two joined queries. The answer changes only
when someone changes groups, a group's permissions or a person's own permissions, so it
is kept in the cache under a generation that each such change moves on: the next page
after the change already sees it. Whether the person is active or a superuser is read
from their row on every request, as before.
"""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache

from core.generations import Generation

permissions_generation = Generation("auth-permissions-generation")
# A backstop for changes made around the ORM (a bulk update, SQL by hand), which send
# no signal.
REMEMBERED_SECONDS = 10 * 60


class RememberedPermissionsBackend(ModelBackend):
    """Answers permission questions from the cache; signs nobody in.

    It stands before Django's ModelBackend, which still signs people in and is named in
    their sessions. What this backend finds it leaves on the user object, where
    ModelBackend looks first, so a question this one answers "no" costs ModelBackend no
    query either."""

    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        # One entry for the person's own and their groups' permissions together: one
        # read of the generation and one of the entry per request.
        if obj is not None or not user_obj.is_active or user_obj.is_anonymous or hasattr(user_obj, "_perm_cache"):
            return super().get_all_permissions(user_obj, obj)
        key = f"permissions:{permissions_generation.current()}:{user_obj.pk}:{int(user_obj.is_superuser)}"
        permissions = cache.get(key)
        if permissions is None:
            permissions = super().get_all_permissions(user_obj)
            cache.set(key, permissions, REMEMBERED_SECONDS)
        else:
            user_obj._perm_cache = permissions
        return permissions


def follow_permission_changes(user_model):
    """Every change that alters what someone may do, made through the ORM."""
    permissions_generation.follow(
        Group,
        Permission,
        relations=(user_model.groups.through, user_model.user_permissions.through, Group.permissions.through),
    )
