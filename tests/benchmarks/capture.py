"""The lesson library (经验库) at scale: by default 100,000 published lessons, each
with tags, competencies and helpful votes, under the demo library.

Creating that many Wagtail pages one `add_child` at a time would take hours, so they
are written in bulk (tests/benchmarks/bulk_pages.py). The demo's lessons, made the
normal way, sit among them.
"""

from django.db import transaction
from taggit.models import Tag

from accounts import demo as accounts_demo
from accounts.models import Team, User
from capture import demo as capture_demo
from capture.models import ExperienceLessonPage, ExperienceLessonTag, LessonLibraryPage, TeamRecommendation
from competencies.models import Competency
from core import demo as core_demo
from core.models import Industry
from tests.benchmarks.bulk_pages import bulk_child_pages, discussion, relate_at_random

TAG_NAMES = ["客户流失", "联络人", "决策者", "竞争对手", "价格战", "续约", "招投标", "售后回访", "预算周期", "开通"]
# A lesson read by a team gathers a few comments; a long discussion is the case page's.
LESSON_COMMENTS = 4
PROBLEMS = [
    "合作多年的客户突然通知停用专线",
    "客户联络人总是不帮我们联系公司负责人",
    "对手报价比我们低两成",
    "拜访了六个人，不知道谁真正拍板",
    "续约时客户说我们最好的是服务响应快",
]


@transaction.atomic
def seed_lessons(*, count, director_username):
    """`count` published lessons in the demo library; returns the URL of one of them."""
    core_demo.load()
    accounts_demo.load()
    capture_demo.load()
    library = LessonLibraryPage.objects.get()
    competencies = list(Competency.objects.values_list("pk", flat=True))
    industries = list(Industry.objects.values_list("pk", flat=True))
    tags = [
        Tag.objects.get_or_create(name=name, defaults={"slug": f"bench-{n}"})[0] for n, name in enumerate(TAG_NAMES)
    ]
    authors = list(User.objects.values_list("pk", flat=True)[:500])

    def fill(lesson, n):
        lesson.problem = "合作五年的物流客户突然通知下月停用我们的数据专线"
        lesson.noticed = "续约前一个月，客户IT主管说下个月专线就不用了。"
        lesson.actions = "请行业经理一起拜访，提出新旧园区统一组网方案。"
        lesson.lesson = "客户无缘无故地走，原因几乎都在三个月前。"
        lesson.rule_of_thumb = "回访不问故障问计划。"
        lesson.outcome = "won"
        lesson.contributor_id = authors[n % len(authors)]
        lesson.industry_id = industries[n % len(industries)]
        lesson.sales_stage = ("pre_sale", "in_sale", "after_sale")[n % 3]

    bulk_child_pages(
        library,
        ExperienceLessonPage,
        count=count,
        title=lambda n: f"{PROBLEMS[n % len(PROBLEMS)]}（经验{n}）",
        slug_prefix="bench-lesson",
        fill=fill,
        relate=lambda ids, offset: relate_at_random(
            ids,
            tagged=ExperienceLessonTag,
            competency_through=ExperienceLessonPage.competencies.through,
            tags=tags,
            competencies=competencies,
            most_comments=5,
        ),
    )
    _recommend_some(director_username)
    opened = ExperienceLessonPage.objects.child_of(library).live().order_by("-first_published_at").first()
    # The page the benchmark opens holds the discussion its totals promise, as a real one would.
    discussion(opened, LESSON_COMMENTS)
    return opened.url


def _recommend_some(director_username):
    director = User.objects.get(username=director_username)
    for team in Team.objects.filter(director=director):
        TeamRecommendation.objects.bulk_create(
            TeamRecommendation(team=team, lesson_id=page_id, recommended_by=director, note="基准推荐")
            for page_id in ExperienceLessonPage.objects.order_by("-pk").values_list("pk", flat=True)[:10]
        )
