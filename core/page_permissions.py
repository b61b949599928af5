"""Where in the page tree a person holds a page permission, remembered between requests.

Every page a director or editor reads asks it, to decide whether to draw Wagtail's
userbar there, and Wagtail answers each request afresh with a query joining the groups'
page permissions to their pages. Most of the time the answer is "not here": a director
may add cases, so every lesson and quiz they open asked for nothing. The answer changes
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


def holds_page_permission_over(user, page):
    """Whether any of the person's groups holds a page permission on `page` or one of
    its ancestors. Superusers hold every permission and are not asked."""
    return any(page.path.startswith(path) for path in _permission_paths(user))


def _permission_paths(user):
    def read():
        granted = PagePermissionPolicy().get_cached_permissions_for_user(user)
        return sorted({permission.page.path for permission in granted})

    # A moved page takes its permissions to a new path: the content generation moves on.
    name = f"page-permission-paths:{related_generation()}:{user.pk}"
    return page_permissions_generation.keep(name, read, seconds=REMEMBERED_SECONDS)


def follow_page_permission_changes():
    page_permissions_generation.follow(GroupPagePermission, Group, relations=(get_user_model().groups.through,))
