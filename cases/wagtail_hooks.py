from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cases.models import CaseIndexPage, CaseStudyPage
from cases.selectors import related_cases
from cases.workflow import prepare_case_exchange
from competencies.plans import PLAN_CONTENT_HOOK, PlanOffer
from core.related import RelatedGroup


@hooks.register("register_related_content")
def related_case_group(**criteria):
    return RelatedGroup(
        label=_("Related cases"),
        pages=related_cases(**criteria),
        order=15,
    )


@hooks.register("after_create_page")
def prepare_new_case_exchange(request, page):
    if isinstance(page.specific, CaseIndexPage):
        prepare_case_exchange(page)


@hooks.register(PLAN_CONTENT_HOOK)
def cases_for_a_gap(*, user, competency_id, above_level, up_to_level, limit):
    """The newest cases that teach the competency: practice on real situations."""
    case_ids = (
        CaseStudyPage.objects.live()
        .filter(competencies=competency_id)
        .order_by("-pk")
        .values_list("pk", flat=True)[:limit]
    )
    return [PlanOffer(page_id=case_id, sequence=30) for case_id in case_ids]
