"""Where in the page tree a person holds which page permission, remembered between
requests.

Every page a director or editor reads asks it: whether to draw Wagtail's userbar there
(for editors), and whether to offer a contributor's own buttons (a director may write
cases). Wagtail answers each request afresh with a query joining the groups' page
permissions to their pages, and most of the time the answer is "not here". It changes
only when a group's page permissions or someone's groups change, or a page moves; each
moves a generation in the key, so the next page after such a change already sees it.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import GroupPagePermission
from wagtail.permission_policies.pages import PagePermissionPolicy

from core.generations import Generation
from core.related import related_generation

page_permissions_generation = Generation("page-permissions-generation")
# A backstop for changes made around the ORM (a bulk update, SQL by hand), which send
# no signal.
REMEMBERED_SECONDS = 10 * 60


# What lets a person edit any page under where it is granted, not only their own.
EDITING = ("change_page", "publish_page")
ADDING = ("add_page",)


def holds_page_permission_over(user, page, codenames):
    """Whether any of the person's groups holds one of these page permissions on `page`
    or one of its ancestors. Superusers hold every permission and are asked nothing."""
    if user.is_superuser:
        return True
    paths = _permission_paths(user)
    return any(page.path.startswith(path) for codename in codenames for path in paths.get(codename, ()))


def may_write_below(user, page):
    """Whether the person may write a new page under `page` in the admin, as Wagtail's
    "add" permission allows: the front end offers them its own button for it."""
    return user.has_perm("wagtailadmin.access_admin") and holds_page_permission_over(user, page, ADDING)


def may_edit_as_owner(user, page):
    """Whether the person may edit `page` because they wrote it: Wagtail lets someone
    holding "add" there edit the pages they own (publishing still goes through review)."""
    return page.owner_id == user.pk and may_write_below(user, page)


def _permission_paths(user):
    def read():
        paths = {}
        for granted in PagePermissionPolicy().get_cached_permissions_for_user(user):
            paths.setdefault(granted.permission.codename, set()).add(granted.page.path)
        return {codename: sorted(held) for codename, held in paths.items()}

    # A moved page takes its permissions to a new path: the content generation moves on.
    # "v2": the answer became {codename: paths}, never read as the list it was before.
    name = f"page-permission-paths:v2:{related_generation()}:{user.pk}"
    return page_permissions_generation.keep(name, read, seconds=REMEMBERED_SECONDS)


def follow_page_permission_changes():
    page_permissions_generation.follow(GroupPagePermission, Group, relations=(get_user_model().groups.through,))
