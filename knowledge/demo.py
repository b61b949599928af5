"""Knowledge upkeep for `load_demo`: colleagues applying lessons and cases with their
outcomes (most working, one lesson failing and flagged), counter-experiences, an
overdue review, an obsolete lesson, follows and a weekly digest, questions to experts,
and months of reading figures, so the expert directory, rankings and reuse pages have
something to show.

Idempotent: each record is found by what makes it unique before it is created."""

from datetime import timedelta

from django.db.models import F
from django.utils import timezone
from taggit.models import Tag
from wagtail.models import Page

from accounts.models import User
from capture.models import Experience, ExperienceLessonPage
from capture.services import approve, submit
from cases.models import CaseStudyPage
from competencies.models import Competency
from core.freshness import confirm_current, mark_obsolete
from core.models import PageStewardship
from knowledge import services
from knowledge.models import Application, ExpertQuestion, FieldNote, KnowledgePreferences, PageUseDay

WORKING_LESSON = "联络人不肯引荐决策者：先帮他在老板面前立功"
PRICE_LESSON = "对手报价低两成：用三年总成本和服务清单赢回来"
FAILING_LESSON = "学校的采购周期：错过预算窗口就要再等一年"
SIGNALS_LESSON = "客户“无缘无故”要停专线，其实三个月前就有信号"
OVERDUE_LESSON = "开通拖了三周，客户差点退单：售中要有一个人盯到底"
OBSOLETE_LESSON = {
    "author": "sunlei",
    "title": "按 2024 版资费打包报价：专线加宽带的阶梯优惠",
    "problem": "中小企业客户嫌专线贵，报价总是卡在预算上",
    "actions": "按 2024 版资费把专线和企业宽带打包，用带宽阶梯给出三档优惠价。",
    "lesson": "把专线和宽带打成一个包报价，客户比的是总价，不是单价。",
    "rule_of_thumb": "打包报总价，阶梯给优惠。",
    "tags": ["价格战", "资费"],
    "obsolete_note": "文中的阶梯优惠按 2024 版资费计算。2026 年起执行新版《集团专线资费手册》，"
    "打包方式和折扣上限都变了，请按新资费报价。",
}
DUE_CASE = "education-budget-stalled"

# (lesson title, who applied, account, stage, what they tried, weeks ago, result, why)
APPLICATIONS = [
    (
        WORKING_LESSON,
        "learner",
        "某区人民医院",
        "pre_sale",
        "帮信息科主任准备院长办公会的汇报材料",
        9,
        "won",
        "主任在会上讲了我们的方案，院长当场让我们下周来谈",
    ),
    (
        WORKING_LESSON,
        "zhoumin",
        "某物流园区管委会",
        "pre_sale",
        "替办公室主任整理园区数字化的对标材料",
        8,
        "won",
        "主任主动约了分管副主任，一个月后签了框架协议",
    ),
    (
        WORKING_LESSON,
        "sunlei",
        "某连锁药店总部",
        "pre_sale",
        "帮 IT 经理做门店网络的故障统计",
        7,
        "stalled",
        "IT 经理很配合，但老板在谈并购，所有采购都冻结了",
    ),
    (
        WORKING_LESSON,
        "wujing",
        "某区教育局装备中心",
        "pre_sale",
        "给装备中心主任写了“班班通”使用情况简报",
        6,
        "won",
        "简报被局长转发给各校，我们顺势拿到了两所试点学校",
    ),
    (
        PRICE_LESSON,
        "director",
        "某商业银行分行",
        "pre_sale",
        "用三年总成本表对比对手的低价报价",
        10,
        "won",
        "财务部看了总成本表，认可了我们的服务清单，没再压价",
    ),
    (
        PRICE_LESSON,
        "liuyang",
        "某制造集团",
        "pre_sale",
        "把故障响应时间写进服务清单",
        5,
        "won",
        "客户的生产线停不起，响应时间这一条就够了",
    ),
    (
        FAILING_LESSON,
        "learner",
        "某民办国际学校",
        "pre_sale",
        "等到秋季预算窗口再报方案",
        12,
        "lost",
        "民办学校不走财政预算，董事会上个月就批了对手的方案",
    ),
    (
        FAILING_LESSON,
        "zhengkai",
        "某职业技术学院",
        "pre_sale",
        "按财政预算周期排了推进计划",
        11,
        "stalled",
        "学院的钱来自专项资金，不在年度预算里，窗口判断错了",
    ),
    (
        FAILING_LESSON,
        "zhoumin",
        "某培训学校集团",
        "pre_sale",
        "预算窗口前两个月开始接触",
        9,
        "lost",
        "培训机构老板自己拍板，我们等预算等丢了",
    ),
    (
        FAILING_LESSON,
        "liuyang",
        "某区第二中学",
        "pre_sale",
        "赶在预算上报前提交了需求说明",
        8,
        "won",
        "公办学校确实按预算走，这次赶上了",
    ),
    (
        SIGNALS_LESSON,
        "liuyang",
        "某连锁酒店",
        "after_sale",
        "回看三个月的投诉和报障记录",
        7,
        "won",
        "发现客户的报障突然变少，一问才知道在试用对手的线路，及时挽回了",
    ),
    (
        SIGNALS_LESSON,
        "director2",
        "某电力公司分公司",
        "after_sale",
        "按文中的信号清单做了回访",
        6,
        "not_applicable",
        "这家客户由总部集中采购，本地的信号说明不了问题",
    ),
]

# Applications still running: one whose follow-up day has come (the learner's
# workspace asks), one not yet.
OPEN_APPLICATIONS = [
    (PRICE_LESSON, "learner", "某汽车 4S 店集团", "pre_sale", "用总成本表回应对手的低价", 5),
    (SIGNALS_LESSON, "learner", "某三甲医院", "after_sale", "每月看一次报障和投诉的变化", 1),
]

# (lesson title, author, condition, what happened, advice, promoted?)
FIELD_NOTES = [
    (
        FAILING_LESSON,
        "learner",
        "民办学校、培训机构",
        "民办学校和培训机构不走财政预算，董事会或老板随时可以拍板，等预算窗口反而错过了机会。",
        "先问清资金来源：财政拨款按预算窗口走，自有资金要尽早接触决策人。",
        False,
    ),
    (
        SIGNALS_LESSON,
        "director2",
        "国有企业、央企分支机构",
        "央企分公司的专线由总部集中采购，本地三个月前的信号（报障变少、联系变少）说明不了问题，决定在总部做。",
        "先查这家客户是否在集团集采范围内，是的话和总部客户经理联手。",
        False,
    ),
    (
        WORKING_LESSON,
        "zhengkai",
        "联络人刚入职不满半年",
        "新来的信息科副主任自己还没站稳，替他准备的材料他不敢往上递。",
        "先帮他解决一个小而快的问题，等他站稳了再谈汇报。",
        True,
    ),
]

FOLLOWS = [
    ("learner", "competency", "needs-analysis"),
    ("learner", "tag", "竞争对手"),
    ("learner", "colleague", "liuyang"),
    ("director", "tag", "决策者"),
    ("director", "competency", "competitive-strategy"),
    ("zhoumin", "colleague", "sunlei"),
]
DIGESTS = {"learner": "weekly", "director": "daily"}

# (asker, expert, topic, question, answer)
QUESTIONS = [
    (
        "learner",
        "liuyang",
        "联络人",
        "某区医院信息科主任很热情，但一提见院长就推脱。你当时是怎么让联络人愿意引荐的？",
        "先别急着见院长。问问主任最近要向院长汇报什么，帮他把那份材料做好。他在院长面前立了功，自然愿意带你去。",
    ),
    ("zhengkai", "director", "决策链", "客户采购链里有个“影响者”一直反对我们，关系图上该怎么处理这个人？", ""),
]


def load(stdout=None):
    people = {user.username: user for user in User.objects.all()}
    lessons = {page.title: page for page in ExperienceLessonPage.objects.live()}
    if not lessons:
        return
    _applications(people, lessons)
    _field_notes(people, lessons)
    _upkeep(people, lessons)
    _follows(people)
    _questions(people)
    _reading_figures()


def _applications(people, lessons):
    for title, username, account, stage, note, weeks_ago, result, why in APPLICATIONS:
        application = _started(people[username], lessons.get(title), account, stage, note, weeks_ago)
        if application is not None:
            services.report_outcome(user=application.user, application=application, result=result, note=why)
            asked = application.created_at + timedelta(weeks=4)
            Application.objects.filter(pk=application.pk).update(
                reported_at=asked + timedelta(days=2), prompted_at=asked
            )
    for title, username, account, stage, note, weeks_ago in OPEN_APPLICATIONS:
        _started(people[username], lessons.get(title), account, stage, note, weeks_ago)


def _started(person, lesson, account, stage, note, weeks_ago):
    """The application, begun `weeks_ago` and asked about four weeks after; None when
    the lesson is missing or the application exists already."""
    if lesson is None:
        return None
    application, created = services.record_application(
        user=person, page=lesson, account=account, stage=stage, note=note
    )
    if not created:
        return None
    started = timezone.now() - timedelta(weeks=weeks_ago)
    Application.objects.filter(pk=application.pk).update(
        created_at=started, follow_up_on=(started + timedelta(weeks=4)).date()
    )
    application.created_at = started
    return application


def _field_notes(people, lessons):
    editor = people["editor"]
    for title, username, condition, what_happened, advice, promoted in FIELD_NOTES:
        lesson = lessons.get(title)
        if lesson is None or FieldNote.objects.filter(page=lesson, condition=condition).exists():
            continue
        note = services.add_field_note(
            user=people[username], page=lesson, condition=condition, what_happened=what_happened, advice=advice
        )
        if promoted:
            revision = services.promote_field_note(user=editor, note=note)
            revision.publish(user=editor)


def _upkeep(people, lessons):
    editor = people["editor"]
    today = timezone.localdate()
    overdue = lessons.get(OVERDUE_LESSON)
    if overdue is not None:
        PageStewardship.objects.filter(page=overdue, reviewed_at__isnull=True).update(
            review_by=today - timedelta(days=12),
            review_reason="新版工单系统（2026 版）已上线，开通流程的环节和时限都变了。",
        )
    due = CaseStudyPage.objects.filter(slug=DUE_CASE).first()
    if due is not None:
        PageStewardship.objects.filter(page=due, reviewed_at__isnull=True).update(review_by=today + timedelta(days=9))
    _obsolete_lesson(people, editor)
    # The demo's cases were published by a script, not a person: their editor keeps them.
    PageStewardship.objects.filter(owner__isnull=True).update(owner=editor)
    confirmed = lessons.get(PRICE_LESSON)
    if (
        confirmed is not None
        and not PageStewardship.objects.filter(page=confirmed, reviewed_at__isnull=False).exists()
    ):
        confirm_current(user=editor, page=confirmed, review_by=today + timedelta(days=365))


def _obsolete_lesson(people, editor):
    """A lesson the new tariffs overtook: still readable, marked, last in search."""
    spec = OBSOLETE_LESSON
    if ExperienceLessonPage.objects.filter(title=spec["title"]).exists():
        return
    experience = Experience.objects.create(
        author=people[spec["author"]],
        title=spec["title"],
        problem=spec["problem"],
        actions=spec["actions"],
        lesson=spec["lesson"],
        rule_of_thumb=spec["rule_of_thumb"],
        sales_stage="pre_sale",
        outcome="won",
    )
    submit(user=experience.author, experience=experience)
    lesson = approve(reviewer=editor, experience=experience, title=spec["title"], tags=spec["tags"])
    published = timezone.now() - timedelta(days=420)
    Page.objects.filter(pk=lesson.pk).update(first_published_at=published, last_published_at=published)
    mark_obsolete(user=editor, page=lesson, note=spec["obsolete_note"])


def _follows(people):
    targets = {
        "competency": lambda code: Competency.objects.filter(code=code).first(),
        "tag": lambda name: Tag.objects.filter(name=name).first(),
        "colleague": lambda username: people.get(username),
    }
    for username, kind, key in FOLLOWS:
        target = targets[kind](key)
        if target is not None:
            services.follow(user=people[username], kind=kind, target=target)
    for username, digest in DIGESTS.items():
        KnowledgePreferences.objects.update_or_create(user=people[username], defaults={"digest": digest})


def _questions(people):
    for asker, expert, topic, question, answer in QUESTIONS:
        if ExpertQuestion.objects.filter(asker=people[asker], question=question).exists():
            continue
        asked = services.ask_expert(user=people[asker], expert=people[expert], topic=topic, question=question)
        if answer:
            services.answer_question(user=people[expert], question=asked, answer=answer)


def _reading_figures():
    """Six months of reads for each lesson and case: a steady base, more for the lessons
    people apply, about a third reached from search. Deterministic, so reloading the
    demo changes nothing."""
    if PageUseDay.objects.exists():
        return
    today = timezone.localdate()
    popular = {WORKING_LESSON: 3, PRICE_LESSON: 2, FAILING_LESSON: 2}
    pages = list(ExperienceLessonPage.objects.live().values_list("pk", "title")) + list(
        CaseStudyPage.objects.live().values_list("pk", "title")
    )
    rows = []
    for index, (page_id, title) in enumerate(pages):
        weight = popular.get(title, 1)
        for days_ago in range(0, 180, 3):
            views = (index + days_ago) % 4 * weight + weight
            rows.append(
                PageUseDay(
                    page_id=page_id,
                    day=today - timedelta(days=days_ago),
                    views=views,
                    from_search=views // 3,
                )
            )
    PageUseDay.objects.bulk_create(rows, batch_size=1000)
    # The last month reads a little more: the chart shows a trend, not a flat line.
    PageUseDay.objects.filter(day__gte=today - timedelta(days=30)).update(views=F("views") + 1)
