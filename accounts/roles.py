"""The platform's roles, as Django groups kept in step with the code.

Each app declares what its roles may do as `role_permissions` on its AppConfig, e.g.
``{"director": ["accounts.view_team"]}``; after every `migrate` the groups are created
and given those permissions. Nothing is removed, so a permission an administrator adds
to a group in the admin survives. accounts never imports the apps that declare them.
"""

from dataclasses import dataclass

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    key: str
    group_name: str
    label: str
    description: str


LEARNER = Role("learner", "Learners", _("Account manager"), _("Takes courses and quizzes, shares experience."))
DIRECTOR = Role("director", "Directors", _("Director"), _("Leads a team, assigns learning and sees its progress."))
# Wagtail's own first migration creates "Editors"; the role reuses that group.
EDITOR = Role("editor", "Editors", _("Editor"), _("Publishes courses, cases and quizzes; reviews experiences."))
ASSESSOR = Role("assessor", "Assessors", _("Assessor"), _("Grades open answers and confirms certifications."))

ROLES = (LEARNER, DIRECTOR, EDITOR, ASSESSOR)
ROLES_BY_GROUP = {role.group_name: role for role in ROLES}

# Page permissions an editor holds on the whole page tree.
EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "lock_page", "unlock_page")


def declared_permissions():
    """{role key: {"app_label.codename", ...}} gathered from every app's AppConfig."""
    declared = {role.key: set() for role in ROLES}
    for app_config in global_apps.get_app_configs():
        for role_key, permissions in getattr(app_config, "role_permissions", {}).items():
            declared[role_key].update(permissions)
    return declared


def sync_role_groups(verbosity=0):
    """Create the role groups and grant the declared permissions. Idempotent."""
    # Permissions are created app by app during post_migrate; make sure all exist now.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    declared = declared_permissions()
    groups = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.group_name)
        groups[role.key] = group
        existing = set(group.permissions.values_list("pk", flat=True))
        missing = [permission for permission in _permissions(declared[role.key]) if permission.pk not in existing]
        if missing:
            group.permissions.add(*missing)
    _grant_editor_page_permissions(groups[EDITOR.key])
    return groups


def _permissions(dotted_names):
    permissions = []
    for dotted in sorted(dotted_names):
        app_label, codename = dotted.split(".", 1)
        permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return permissions


def _grant_editor_page_permissions(group):
    from wagtail.models import GroupPagePermission, Page

    root = Page.get_first_root_node()
    if root is None:
        return
    for codename in EDITOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def roles_of(user):
    """The roles a user holds, in the platform's order."""
    names = {group.name for group in user.groups.all()}
    return [role for role in ROLES if role.group_name in names]
