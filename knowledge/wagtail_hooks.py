from collections import namedtuple

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from accounts.profile import PROFILE_PANEL_HOOK
from core.freshness import can_steward, due_for_review
from core.kept_drawing import draw_kept_with_form
from core.menu import MENU_HOOK, MenuItem, menu_url
from core.reports import register_report
from knowledge import admin_views, credit, selectors, services
from knowledge.forms import ApplicationForm, FieldNoteForm
from knowledge.models import FieldNote, KnowledgeSettings

register_report(
    admin_views.UpkeepReportView,
    url_path="reports/content-reviews/",
    label=_("Content reviews"),
    icon_name="calendar",
    order=700,
)


@hooks.register("register_admin_urls")
def upkeep_urls():
    return [
        path(
            "reports/content-reviews/<int:page_id>/",
            admin_views.ReviewPageView.as_view(),
            name="knowledge_review_page",
        ),
        path("reports/content-reviews/flag-tag/", admin_views.FlagTagView.as_view(), name="knowledge_flag_tag"),
        path("reports/content-reviews/hand-over/", admin_views.HandOverView.as_view(), name="knowledge_hand_over"),
    ]


class UpkeepPanel(Component):
    """On the admin dashboard: what needs an editor's look to stay true."""

    name = "knowledge_upkeep"
    order = 96

    def __init__(self, figures):
        self.figures = figures

    def render_html(self, parent_context=None):
        return render_to_string(
            "knowledge/admin/upkeep_panel.html",
            {"figures": self.figures, "report_url": reverse(admin_views.UpkeepReportView.index_url_name)},
        )


@hooks.register("construct_homepage_panels")
def upkeep_panel(request, panels):
    if not can_steward(request.user):
        return
    figures = {
        "due": due_for_review().count(),
        "failing": len(selectors.failing_pages(KnowledgeSettings.load())),
        "notes": FieldNote.objects.filter(state=FieldNote.State.OPEN).count(),
    }
    panels.append(UpkeepPanel(figures))


@hooks.register("register_page_panel")
def knowledge_panels(request, page, place):
    """Beside a lesson or case: how often it was applied and how it went, and the
    reader's own applications; after it, the counter-experiences."""
    if not getattr(page, "has_review_date", False) or place not in ("aside", "after"):
        return None
    user = request.user
    if place == "aside":
        summary = selectors.outcome_summary(page.pk)
        context = {
            "page": page,
            "summary": summary,
            # Nobody has applied it: neither has the reader, and their rows are not asked.
            "mine": selectors.my_applications(user, page) if user.is_authenticated and summary.applied else [],
            "form": ApplicationForm(auto_id="apply-%s"),
            "today": timezone.localdate(),
        }
        html = render_to_string("knowledge/includes/applying_panel.html", context, request=request)
        if user.is_authenticated:
            html += _follow_panel(request, page)
        return html
    context = {
        "page": page,
        "notes": selectors.field_notes(page, limit=5),
        "form": FieldNoteForm(auto_id="field-note-%s"),
    }
    return render_to_string("knowledge/includes/field_notes_panel.html", context, request=request)


FollowShown = namedtuple("FollowShown", "pk name is_followed")


def _follow_panel(request, page):
    """What the reader may follow from the page. It reads the same for everyone who
    follows the same of its tags and author, so it is drawn from those plain values
    and kept, the forms' token put in on each visit."""
    options = selectors.follow_options(request.user, page, preview=getattr(request, "is_preview", False))
    author = options["author"]
    return draw_kept_with_form(
        "knowledge/includes/follow_panel.html",
        get_token(request),
        tags=tuple(FollowShown(tag.pk, tag.name, tag.is_followed) for tag in options["tags"]),
        author=FollowShown(author.pk, author.get_display_name(), options["follows_author"]) if author else None,
        next_path=request.get_full_path(),
    )


@hooks.register("before_serve_page")
def count_reading(page, request, serve_args, serve_kwargs):
    """A signed-in person opening a lesson or case counts as a read, and as one from
    search when the search page sent them. Returns nothing, so Wagtail goes on serving."""
    if request.method != "GET" or not request.user.is_authenticated:
        return
    if not getattr(page, "has_review_date", False):
        return
    referer = request.headers.get("referer", "")
    from_search = f"{request.get_host()}{reverse('search')}" in referer
    services.record_page_use(page=page, from_search=from_search)


@hooks.register(MENU_HOOK)
def experts_menu_item(request):
    return MenuItem(label=_("Experts"), url=menu_url("knowledge:experts"), order=960, requires_login=True)


@hooks.register(MENU_HOOK)
def following_menu_item(request):
    return MenuItem(
        label=_("Following"), url=menu_url("knowledge:following"), order=917, requires_login=True, group="mine"
    )


@hooks.register(MENU_HOOK)
def questions_menu_item(request):
    return MenuItem(
        label=_("Questions to me"), url=menu_url("knowledge:questions"), order=918, requires_login=True, group="mine"
    )


@hooks.register(MENU_HOOK)
def reuse_menu_item(request):
    # Permissions only, which the menu has loaded already: the view checks leadership.
    user = request.user
    if user.is_authenticated and (can_steward(user) or user.has_perm("accounts.view_team")):
        return MenuItem(
            label=_("Knowledge reuse"), url=menu_url("knowledge:reuse"), order=945, requires_login=True, group="team"
        )
    return None


@hooks.register(PROFILE_PANEL_HOOK)
def credit_panel(request, user):
    """Recognition for what helped others, with the rules a click away."""
    context = {
        "credit": credit.credit_in_period(user),
        "own": request.user.pk == user.pk,
    }
    return render_to_string("knowledge/profile_credit_panel.html", context, request=request)
