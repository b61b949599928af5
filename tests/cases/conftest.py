import json
from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Page

from cases.models import CaseIndexPage, CaseStudyPage
from cases.workflow import prepare_case_exchange
from competencies.models import Competency
from core.models import Industry


@pytest.fixture
def case_index(taxonomy, home_page):
    index = CaseIndexPage(title="案例交流", slug="cases")
    home_page.add_child(instance=index)
    index.save_revision().publish()
    prepare_case_exchange(index)
    return index


def analysis_body(**steps):
    return {"type": "analysis", "value": {name: steps.get(name, "") for name in ANALYSIS_STEPS}}


ANALYSIS_STEPS = ("noticed", "stated", "clarified", "causes", "goal", "plan", "decision")


def simple_body():
    return [
        {"type": "background", "value": {"text": "<p>客户使用我们的专线六年。</p>"}},
        analysis_body(stated="我们输在没有察觉需求变化", causes="只和科员打交道"),
        {"type": "lessons", "value": {"points": ["换了领导就是信号"]}},
    ]


def make_case(index, title="区政府专线被融合套餐撬走", *, body=None, tags=(), competencies=(), days_ago=0, **fields):
    """A published case; `fields` set its profile (industry name, sales_stage, outcome…)."""
    industry = fields.pop("industry", None)
    case = CaseStudyPage(
        title=title,
        summary=fields.pop("summary", "服务六年的客户被对手整体撬走。"),
        customer=fields.pop("customer", "某区政府机关"),
        industry=Industry.objects.get(name=industry) if industry else None,
        body=json.dumps(body if body is not None else simple_body()),
        **fields,
    )
    case.competencies = list(Competency.objects.filter(code__in=competencies))
    case.tags.set(list(tags))
    index.add_child(instance=case)
    case.save_revision().publish()
    if days_ago:
        published = timezone.now() - timedelta(days=days_ago)
        Page.objects.filter(pk=case.pk).update(first_published_at=published)
        case.refresh_from_db()
    return case


@pytest.fixture
def case(case_index):
    return make_case(case_index, tags=["客户流失"], competencies=["competitive-strategy"], sales_stage="after_sale")
