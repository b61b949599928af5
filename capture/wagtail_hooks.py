from django.db.models import Count, Sum
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from accounts.profile import PROFILE_PANEL_HOOK
from capture.models import Experience, ExperienceLessonPage
from capture.selectors import related_lessons
from capture.services import can_review
from capture.viewsets import ExperienceViewSet
from competencies.plans import PLAN_CONTENT_HOOK, PlanOffer
from core.choosers import NoAddingPermissionPolicy
from core.menu import MENU_HOOK, MenuItem, menu_url
from core.person_generation import kept_for_person
from core.related import RelatedGroup

# Before any viewset asks for the model's policy.
register_permission_policy(Experience, NoAddingPermissionPolicy(Experience))

experience_viewset = ExperienceViewSet()
register_snippet(experience_viewset)


@hooks.register("register_snippet_listing_buttons")
def review_button(snippet, user, next_url=None):
    if isinstance(snippet, Experience) and can_review(user):
        yield Button(
            _("Review") if snippet.state == Experience.State.SUBMITTED else _("Review history"),
            url=reverse(experience_viewset.get_url_name("review"), args=[snippet.pk]),
            icon_name="tasks",
            priority=5,
        )


class ReviewQueuePanel(Component):
    """On the admin dashboard: how many submissions wait for a decision."""

    name = "capture_review_queue"
    order = 90

    def __init__(self, waiting):
        self.waiting = waiting

    def render_html(self, parent_context=None):
        url = reverse(experience_viewset.get_url_name("list")) + "?state=submitted"
        return render_to_string("capture/admin/review_queue_panel.html", {"waiting": self.waiting, "url": url})


@hooks.register("construct_homepage_panels")
def review_queue_panel(request, panels):
    if can_review(request.user):
        panels.append(ReviewQueuePanel(Experience.objects.filter(state=Experience.State.SUBMITTED).count()))


@hooks.register(PROFILE_PANEL_HOOK)
def contributions_panel(request, user):
    """Contribution is what earns recognition: what the person shared and how it helped.
    Kept between visits until they share something, a lesson of theirs is published or
    marked helpful (capture.apps)."""
    return kept_for_person(user.pk, "profile:contributions", lambda: _contributions_panel(request, user))


def _contributions_panel(request, user):
    context = (
        ExperienceLessonPage.objects.live()
        .filter(contributor=user)
        .aggregate(published=Count("pk"), helpful=Coalesce(Sum("engagement__helpful_count"), 0))
    )
    context["total"] = context["published"] or Experience.objects.filter(author=user).count()
    return render_to_string("capture/profile_contributions_panel.html", context, request=request)


@hooks.register(MENU_HOOK)
def share_experience_menu_item(request):
    # Last on the bar: the one thing here that asks the person to give, not take.
    return MenuItem(label=_("Share experience"), url=menu_url("capture:share"), order=980, requires_login=True)


@hooks.register(MENU_HOOK)
def my_contributions_menu_item(request):
    return MenuItem(
        label=_("My contributions"), url=menu_url("capture:mine"), order=916, requires_login=True, group="mine"
    )


@hooks.register("register_related_content")
def related_lesson_group(**criteria):
    return RelatedGroup(
        label=_("Lessons from colleagues"),
        pages=related_lessons(**criteria),
        order=10,
    )


# quizzes counts contributions for certifications through this hook, importing nothing
# of capture: a lesson published from the person's experience counts.
@hooks.register("register_certification_contribution_counter")
def published_lessons(user, since):
    lessons = ExperienceLessonPage.objects.live().filter(contributor=user)
    if since is not None:
        lessons = lessons.filter(first_published_at__gte=since)
    return lessons.count()


@hooks.register(PLAN_CONTENT_HOOK)
def lessons_for_a_gap(*, user, competency_id, above_level, up_to_level, limit):
    """Colleagues' lessons involving the competency, newest first; the
    person's own lessons are left out."""
    lesson_ids = (
        ExperienceLessonPage.objects.live()
        .filter(competencies=competency_id)
        .exclude(contributor=user)
        .order_by("-pk")
        .values_list("pk", flat=True)[:limit]
    )
    return [PlanOffer(page_id=lesson_id, sequence=20) for lesson_id in lesson_ids]


@hooks.register("register_log_actions")
def register_reading_log_action(actions):
    actions.register_action("capture.read", _("Read by a reviewer"), _("Opened someone else's experience"))
