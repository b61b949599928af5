from django.template.loader import render_to_string
from wagtail import hooks
from wagtail.models import Page
from wagtail.snippets.models import register_snippet

from accounts.profile import PROFILE_PANEL_HOOK
from competencies.models import CompetencyModelPage
from competencies.selectors import grade_of
from competencies.viewsets import CompetencyModelViewSetGroup

register_snippet(CompetencyModelViewSetGroup)


@hooks.register(PROFILE_PANEL_HOOK)
def job_grade_panel(request, user):
    model_page = Page.objects.type(CompetencyModelPage).live().first()
    return render_to_string(
        "competencies/profile_grade_panel.html",
        {"grade": grade_of(user), "model_page": model_page},
        request=request,
    )
