from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from accounts.profile import PROFILE_PANEL_HOOK
from competencies.models import CompetencyModelPage
from competencies.profiles import profile_of
from competencies.selectors import grade_of, plan_of
from competencies.viewsets import CompetencyModelViewSetGroup
from core.menu import MENU_HOOK, MenuItem

register_snippet(CompetencyModelViewSetGroup)


@hooks.register(PROFILE_PANEL_HOOK)
def job_grade_panel(request, user):
    model_page = Page.objects.type(CompetencyModelPage).live().first()
    return render_to_string(
        "competencies/profile_grade_panel.html",
        {"grade": grade_of(user), "model_page": model_page},
        request=request,
    )


@hooks.register(MENU_HOOK)
def my_growth_menu_item(request):
    return MenuItem(label=_("My growth"), url=reverse("competencies:profile"), order=910, requires_login=True)


@hooks.register(PROFILE_PANEL_HOOK)
def competency_summary_panel(request, user):
    profile = profile_of(user)
    return render_to_string(
        "competencies/profile_summary_panel.html",
        {"profile": profile, "plan": plan_of(user)},
        request=request,
    )
