from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from accounts.profile import PROFILE_PANEL_HOOK
from competencies.models import CompetencyModelPage
from competencies.profiles import competency_model_generation, profile_of
from competencies.selectors import plan_of
from competencies.viewsets import CompetencyModelViewSetGroup
from core.menu import MENU_HOOK, MenuItem, menu_url
from core.person_generation import kept_for_person
from core.related import first_live_url

register_snippet(CompetencyModelViewSetGroup)


@hooks.register(MENU_HOOK)
def my_growth_menu_item(request):
    return MenuItem(
        label=_("My growth"), url=menu_url("competencies:profile"), order=910, requires_login=True, group="mine"
    )


@hooks.register(MENU_HOOK)
def my_plan_menu_item(request):
    return MenuItem(
        label=_("My learning plan"), url=menu_url("competencies:plan"), order=911, requires_login=True, group="mine"
    )


@hooks.register(PROFILE_PANEL_HOOK)
def job_grade_and_growth_panels(request, user):
    """The person's job grade, then where they stand against it and their plan; the
    profile carries the grade, so both panels share its queries. Kept between visits
    until their grade, levels or plan change, or the competency model."""
    return kept_for_person(
        user.pk,
        "profile:grade-and-growth",
        lambda: _grade_and_growth_panels(request, user),
        versions=[competency_model_generation.current()],
    )


def _grade_and_growth_panels(request, user):
    profile = profile_of(user)
    grade_panel = render_to_string(
        "competencies/profile_grade_panel.html",
        {"grade": profile.grade, "model_url": first_live_url(CompetencyModelPage, request)},
        request=request,
    )
    growth_panel = render_to_string(
        "competencies/profile_summary_panel.html", {"profile": profile, "plan": plan_of(user)}, request=request
    )
    return grade_panel + growth_panel
