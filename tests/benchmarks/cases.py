"""The case exchange (案例交流) at scale: by default 20,000 published cases with tags,
competencies and engagement totals, and one case whose discussion has 200 comments
(threads with replies), which is the case page the benchmark opens."""

import json

from django.db import transaction
from taggit.models import Tag

from cases import demo as cases_demo
from cases.models import CaseIndexPage, CaseStudyPage, CaseStudyTag
from competencies.models import Competency
from core.models import Industry
from tests.benchmarks.bulk_pages import bulk_child_pages, discussion, relate_at_random

TAG_NAMES = [
    "客户流失",
    "融合套餐",
    "决策链",
    "突破联络人",
    "价格战",
    "客户挽留",
    "服务故障",
    "预算",
    "招投标",
    "医疗信息化",
]
TITLES = [
    "区政府专线被对手融合套餐撬走",
    "三甲医院画出决策链拿下订单",
    "物流公司专线中断之后续约三年",
    "连锁超市用三年总成本赢回客户",
    "教育局项目因资金来源搁浅",
]
BODY = json.dumps(
    [
        {"type": "background", "value": {"text": "<p>客户使用我们的专线和集团V网六年。</p>"}},
        {"type": "analysis", "value": {"stated": "我们输在没有察觉需求变化", "causes": "只和科员打交道"}},
        {
            "type": "outcome",
            "value": {"result": "lost", "summary": "", "figures": [{"value": "86万元", "label": "年收入"}]},
        },
        {"type": "lessons", "value": {"points": ["换了领导就是信号", "客户问能不能统一起来，是在给你机会"]}},
        {"type": "discussion_questions", "value": {"intro": "", "questions": ["你的客户最近换领导了吗？"]}},
    ],
    ensure_ascii=False,
)


@transaction.atomic
def seed_cases(*, count, comments):
    """`count` published cases under the demo case exchange; returns the URL of the one
    with `comments` comments."""
    cases_demo.load()
    index = CaseIndexPage.objects.get()
    competencies = list(Competency.objects.values_list("pk", flat=True))
    industries = list(Industry.objects.values_list("pk", flat=True))
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": f"bench-case-{n}"})[0]
        for n, name in enumerate(TAG_NAMES)
    ]

    def fill(case, n):
        case.summary = "服务六年的客户在合同到期前被对手以融合套餐整体撬走，流失信号半年前就出现了。"
        case.customer = "某区政府机关"
        case.body = BODY
        case.industry_id = industries[n % len(industries)]
        case.sales_stage = ("pre_sale", "in_sale", "after_sale")[n % 3]
        case.outcome = ("won", "lost", "stalled")[n % 3]
        case.segment = "public"
        case.size = "medium"

    bulk_child_pages(
        index,
        CaseStudyPage,
        count=count,
        title=lambda n: f"{TITLES[n % len(TITLES)]}（案例{n}）",
        slug_prefix="bench-case",
        fill=fill,
        relate=lambda ids, offset: relate_at_random(
            ids,
            tagged=CaseStudyTag,
            competency_through=CaseStudyPage.competencies.through,
            tags=tags,
            competencies=competencies,
            most_comments=9,
        ),
    )
    discussed = CaseStudyPage.objects.live().order_by("-first_published_at").first()
    discussion(discussed, comments)
    return discussed.url
