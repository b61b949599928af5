from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from cases.models import CaseIndexPage
from cases.selectors import related_cases
from cases.workflow import prepare_case_exchange
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
