from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from core.choosers import NoAddingPermissionPolicy
from core.engagement import can_moderate
from core.freshness import Status, freshness_of
from core.menu import MENU_HOOK, MenuItem, menu_url
from core.models import Comment, CommentReport
from core.page_cache import mark_cacheable
from core.routing import remember_route
from core.viewsets import CommentViewSet, SearchViewSetGroup, TaxonomyViewSetGroup

# Before any viewset asks for the model's policy.
register_permission_policy(Comment, NoAddingPermissionPolicy(Comment))

register_snippet(TaxonomyViewSetGroup)
register_snippet(SearchViewSetGroup)
comment_viewset = CommentViewSet()
register_snippet(comment_viewset)
hooks.register("before_serve_page", mark_cacheable)
hooks.register("before_serve_page", remember_route)


@hooks.register("register_snippet_listing_buttons")
def moderate_button(snippet, user, next_url=None):
    if isinstance(snippet, Comment) and can_moderate(user):
        yield Button(
            _("Moderate"),
            url=reverse(comment_viewset.get_url_name("moderate"), args=[snippet.pk]),
            icon_name="comment",
            priority=5,
        )


class ReportedCommentsPanel(Component):
    """On the admin dashboard: how many comments readers reported and nobody decided."""

    name = "reported_comments"
    order = 95

    def __init__(self, waiting):
        self.waiting = waiting

    def render_html(self, parent_context=None):
        url = reverse(comment_viewset.get_url_name("list")) + "?status=reported"
        return render_to_string("core/admin/reported_comments_panel.html", {"waiting": self.waiting, "url": url})


@hooks.register("construct_homepage_panels")
def reported_comments_panel(request, panels):
    if can_moderate(request.user):
        waiting = CommentReport.objects.filter(resolved_at__isnull=True).values("comment").distinct().count()
        panels.append(ReportedCommentsPanel(waiting))


@hooks.register("register_log_actions")
def register_export_log_action(actions):
    actions.register_action("core.export", _("Data exported"), _("Exported data as a file"))


@hooks.register(MENU_HOOK)
def notifications_menu_item(request):
    return MenuItem(
        label=_("Notifications"), url=menu_url("core:notifications"), order=990, requires_login=True, group="mine"
    )


@hooks.register("register_page_panel")
def freshness_notice(request, page, place):
    """Above a lesson or case: that it is obsolete and why, or that its review is overdue."""
    if place != "notice" or not getattr(page, "has_review_date", False):
        return None
    freshness = freshness_of(page)
    if freshness.status not in (Status.OBSOLETE, Status.OVERDUE):
        return None
    return render_to_string("core/freshness_notice.html", {"freshness": freshness}, request=request)
