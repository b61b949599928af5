"""The lesson library (经验库) at scale: by default 100,000 published lessons, each
with tags, competencies and helpful votes, under the demo library.

Creating that many Wagtail pages one `add_child` at a time would take hours, so the
pages are written in bulk: tree paths computed as treebeard would, the page rows with
`bulk_create`, the lesson rows (multi-table inheritance, which `bulk_create` refuses)
with one parameterised INSERT per batch. The demo's lessons, made the normal way, sit
among them.
"""

import random
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Locale, Page

from accounts import demo as accounts_demo
from accounts.models import Team, User
from capture import demo as capture_demo
from capture.models import ExperienceLessonPage, ExperienceLessonTag, LessonLibraryPage, TeamRecommendation
from competencies.models import Competency
from core import demo as core_demo
from core.models import Industry, PageEngagement

BATCH = 2000
TAG_NAMES = ["客户流失", "联络人", "决策者", "竞争对手", "价格战", "续约", "招投标", "售后回访", "预算周期", "开通"]
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
    content_type = ContentType.objects.get_for_model(ExperienceLessonPage)
    locale = Locale.get_default()
    start = library.get_children().count()
    made = 0
    while made < count:
        size = min(BATCH, count - made)
        pages = _page_rows(library, start + made, size, content_type, locale)
        Page.objects.bulk_create(pages)
        ids = list(
            Page.objects.filter(path__in=[page.path for page in pages]).order_by("path").values_list("pk", flat=True)
        )
        _insert_lessons(ids, authors, industries, start + made)
        _relate(ids, tags, competencies)
        made += size
    Page.objects.filter(pk=library.pk).update(numchild=start + count)
    _recommend_some(director_username)
    return ExperienceLessonPage.objects.child_of(library).live().order_by("-first_published_at").first().url


def _page_rows(library, offset, size, content_type, locale):
    now = timezone.now()
    rows = []
    for n in range(offset, offset + size):
        title = f"{PROBLEMS[n % len(PROBLEMS)]}（经验{n}）"
        slug = f"bench-lesson-{n}"
        published = now - timezone.timedelta(minutes=n)
        rows.append(
            Page(
                title=title,
                draft_title=title,
                slug=slug,
                content_type=content_type,
                path=library._get_path(library.path, library.depth + 1, n + 1),
                depth=library.depth + 1,
                numchild=0,
                url_path=f"{library.url_path}{slug}/",
                live=True,
                has_unpublished_changes=False,
                first_published_at=published,
                last_published_at=published,
                locale=locale,
                translation_key=uuid.uuid4(),
            )
        )
    return rows


def _insert_lessons(ids, authors, industries, offset):
    template = ExperienceLessonPage(
        problem="合作五年的物流客户突然通知下月停用我们的数据专线",
        noticed="续约前一个月，客户IT主管说下个月专线就不用了。",
        actions="请行业经理一起拜访，提出新旧园区统一组网方案。",
        lesson="客户无缘无故地走，原因几乎都在三个月前。",
        rule_of_thumb="回访不问故障问计划。",
        sales_stage="after_sale",
        outcome="won",
    )
    fields = [field for field in ExperienceLessonPage._meta.local_concrete_fields if not field.primary_key]
    columns = ["page_ptr_id", *(field.column for field in fields)]
    rows = []
    for index, page_id in enumerate(ids):
        template.contributor_id = authors[(offset + index) % len(authors)]
        template.industry_id = industries[(offset + index) % len(industries)]
        template.sales_stage = ("pre_sale", "in_sale", "after_sale")[(offset + index) % 3]
        rows.append(
            [page_id, *(field.get_db_prep_save(field.pre_save(template, True), connection) for field in fields)]
        )
    table = connection.ops.quote_name(ExperienceLessonPage._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({quoted}) VALUES ({placeholders})", rows)


def _relate(ids, tags, competencies):
    through = ExperienceLessonPage.competencies.through
    ExperienceLessonTag.objects.bulk_create(
        ExperienceLessonTag(content_object_id=page_id, tag=tag) for page_id in ids for tag in random.sample(tags, 2)
    )
    through.objects.bulk_create(
        through(experiencelessonpage_id=page_id, competency_id=competency_id)
        for page_id in ids
        for competency_id in random.sample(competencies, 2)
    )
    PageEngagement.objects.bulk_create(
        PageEngagement(page_id=page_id, helpful_count=random.randint(0, 40), comment_count=random.randint(0, 5))
        for page_id in ids
    )


def _recommend_some(director_username):
    director = User.objects.get(username=director_username)
    for team in Team.objects.filter(director=director):
        TeamRecommendation.objects.bulk_create(
            TeamRecommendation(team=team, lesson_id=page_id, recommended_by=director, note="基准推荐")
            for page_id in ExperienceLessonPage.objects.order_by("-pk").values_list("pk", flat=True)[:10]
        )
