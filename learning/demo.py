"""The deck's three custom courses (定制课程) for `load_demo`, with real lessons.

Idempotent: the library and each course and lesson are found by slug and created only
when missing, so editors' changes survive a second run.
"""

from wagtail.models import Site

from competencies.models import Competency, JobGrade, ProficiencyLevel
from learning.models import CourseCompetency, CourseIndexPage, CoursePage, LessonPage

LIBRARY_INTRO = (
    "根据集团客户经理的能力短板设计的定制化课程。按能力项、岗位层级或技能层级筛选，"
    "找到现在最需要的一门；每一课都有要点和一道联系自己客户的思考题。"
)


def _p(*paragraphs):
    return [("paragraph", "".join(f"<p>{text}</p>" for text in paragraphs))]


def _takeaways(*points):
    return [("key_takeaways", {"heading": "本课要点", "points": list(points)})]


def _reflect(prompt, hint=""):
    return [("reflection", {"prompt": prompt, "hint": hint})]


COURSES = [
    {
        "slug": "market-analysis",
        "title": "通信市场分析",
        "summary": "看清3G和全业务时代的竞争格局，分析各家运营商的竞争策略，判断我们在客户处的位置。",
        "hours": "3",
        "grades": ["junior", "intermediate"],
        "tags": ["竞争", "全业务", "3G"],
        "competencies": [("competitive-strategy", 2), ("analytical-thinking", 2), ("product-knowledge", 2)],
        "lessons": [
            (
                "全业务时代的竞争格局",
                20,
                _p(
                    "移动合并铁通、联通合并网通、电信收购联通C网之后，三家运营商都拿到了固网和移动牌照，"
                    "竞争从单一业务变成了固定、移动、宽带和数据业务的全面竞争。",
                    "对集团客户来说，这意味着每一项业务都有替代选择：语音可以换，宽带可以换，"
                    "连整合方案都可以被对手打包替换。客户“无缘无故”流失，往往是我们没有看到这种替代正在发生。",
                )
                + _takeaways(
                    "三家运营商都能提供固定、移动和宽带的整体服务。",
                    "客户的每一项业务都面临替代，整合方案才是粘性。",
                    "流失的信号常常早于客户开口，要主动察觉。",
                )
                + _reflect("你负责的客户里，哪一家同时用着对手的业务？对手的这部分业务会不会成为撬动整体的突破口？"),
            ),
            (
                "读懂各家的3G品牌与制式",
                15,
                _p(
                    "中国移动的3G制式是TD-SCDMA，品牌G3；中国电信是CDMA2000，品牌天翼；中国联通是WCDMA，品牌沃。",
                    "制式决定了终端和网络体验，品牌决定了对手在客户心中的定位。拜访前弄清客户用的是哪家网络、"
                    "哪个品牌，才能说清我们的差异，而不是泛泛地谈资费。",
                )
                + _takeaways(
                    "先弄清客户现在用什么，再谈我们能带来什么。", "差异要落在客户的业务场景上，而不只是价格。"
                )
                + _reflect("选一家重点客户，写下它现在使用的网络和品牌，以及你能说出的两点差异。"),
            ),
            (
                "分析对手的竞争策略",
                25,
                _p(
                    "分析对手要回答三个问题：对手提供了什么？给了客户什么优惠？为什么客户会接受？",
                    "固定移动捆绑、FMC融合、宽带加语音的打包优惠，是对手最常用的手段。"
                    "把对手的方案拆开，逐项对比我们的产品和服务，找到客户真正在意的部分，再决定是跟进价格、"
                    "补足服务，还是用信息化应用提高客户的转换成本。",
                )
                + _takeaways("对手方案要拆开看，逐项比。", "不是每一次降价都要跟，先找到客户真正在意的价值。")
                + _reflect("最近一次对手在你客户处的动作是什么？按“提供了什么、优惠了什么、客户为何接受”写下来。"),
            ),
        ],
    },
    {
        "slug": "needs-magnifier",
        "title": "集团客户需求放大镜",
        "summary": "深度分析集团客户的信息化需求：理清问题、识别决策链、把客户的经营目标翻译成我们的方案。",
        "hours": "4",
        "grades": ["junior", "intermediate", "it-consultant"],
        "tags": ["需求分析", "信息化", "决策链"],
        "competencies": [("needs-analysis", 2), ("needs-insight", 2), ("analytical-thinking", 2)],
        "lessons": [
            (
                "客户究竟要什么：从经营范围出发",
                20,
                _p(
                    "客户购买的从来不是产品，而是产品能为它的经营带来的帮助。拜访之前，先了解客户的经营范围："
                    "它为自己的客户提供什么服务？业务流程里哪些环节依赖通信和信息化？",
                    "把这些问题想清楚，需求就不再是“要一条专线”，而是“门店之间的订单要实时汇总”。"
                    "后者才是方案设计的起点。",
                )
                + _takeaways("先问客户做什么生意，再问它要什么产品。", "把显性需求翻译成经营问题。")
                + _reflect("挑一家客户，用一句话写出它的经营目标，再写出通信能帮它解决的一个具体问题。"),
            ),
            (
                "谁决策、谁影响、谁使用",
                25,
                _p(
                    "集团客户的采购至少涉及三类人：决策者拍板，影响者提建议，使用者每天在用。"
                    "三类人的关注点不同：决策者看投入产出，影响者看风险和专业性，使用者看是否好用。",
                    "客户联络人往往只是其中之一。联络人不帮你引荐负责人时，先弄清他在决策链中的位置和顾虑，"
                    "让他从引荐中得到好处，比一再催促有效得多。",
                )
                + _takeaways("画出客户的决策链：决策者、影响者、使用者。", "突破联络人，要先理解他的顾虑和利益。")
                + _reflect("你最重要的客户里，决策者是谁？你上一次和他直接交流是什么时候？"),
            ),
            (
                "用七步法理清需求",
                30,
                _p(
                    "遇到说不清的客户问题，按七步走：察觉问题、陈述问题、理清问题、原因识别、确定决策目标、"
                    "制定行动方案、评估方案并决策。",
                    "前三步最容易被跳过。很多方案失败，不是方案不好，而是一开始就把问题陈述错了。"
                    "用一句话写下问题，请同事挑毛病，直到这句话只描述事实、不夹带结论。",
                )
                + _takeaways("问题陈述只写事实，不写结论。", "原因要有证据，目标要可衡量。")
                + _reflect("用一句话陈述你现在最头疼的一个客户问题，然后检查：这句话里有没有你的猜测？"),
            ),
        ],
    },
    {
        "slug": "attack-and-defend",
        "title": "集团客户攻守有道",
        "summary": "集团客户的竞争分析、保有策略、关系维护与拓展策略：守住存量，拿下增量。",
        "hours": "3.5",
        "grades": ["intermediate", "senior"],
        "tags": ["竞争", "客户保有", "关系维护"],
        "competencies": [("competitive-strategy", 3), ("competition-awareness", 3), ("negotiation", 2)],
        "lessons": [
            (
                "察觉流失的早期信号",
                20,
                _p(
                    "客户一直好好的，没有提出什么问题，有一天突然说不需要我们的服务了。回头看，信号早就在："
                    "话务量下降、新增业务放缓、联络人换人、投诉处理拖了很久、对手的人出现在客户的办公楼里。",
                    "把这些信号列成清单，每月对重点客户过一遍，比事后补救便宜得多。",
                )
                + _takeaways("流失很少是“无缘无故”的。", "每月用信号清单检查重点客户。")
                + _reflect("对照信号清单，你的客户里有哪一家出现了两个以上的信号？"),
            ),
            (
                "保有策略：提高转换成本",
                25,
                _p(
                    "单一业务最容易被替换。把语音、宽带、专线和信息化应用组合起来，"
                    "让我们的服务嵌入客户的业务流程，客户换运营商的成本就会显著提高。",
                    "保有不是一味降价。先分清客户是价格敏感、服务敏感还是关系敏感，再决定用优惠、服务承诺"
                    "还是高层互访来稳住客户。",
                )
                + _takeaways("整合方案是最好的保有工具。", "先分清客户敏感的是价格、服务还是关系。")
                + _reflect("你的哪一家客户只用了我们一项业务？下一项最可能是什么？"),
            ),
            (
                "关系维护与拓展",
                20,
                _p(
                    "售后阶段客户经理的定位是主导协调：回访客户、维护关系、处理投诉、推动业务变更。"
                    "一次处理得好的投诉，往往比十次礼节性拜访更能赢得信任。",
                    "关系稳固之后，从客户的新业务、新分支机构和上下游伙伴里寻找拓展机会，让存量客户成为增量的来源。",
                )
                + _takeaways("投诉是建立信任的机会。", "拓展从存量客户的新需求开始。")
                + _reflect("上一次客户投诉是怎么处理的？如果重来一次，你会多做哪一步？"),
            ),
        ],
    },
]


def load(stdout=None):
    home = Site.objects.get(is_default_site=True).root_page
    library = CourseIndexPage.objects.first()
    if library is None:
        library = home.add_child(
            instance=CourseIndexPage(
                title="课程库", english_title="Course library", slug="courses", intro=LIBRARY_INTRO, show_in_menus=True
            )
        )
        library.save_revision().publish()
    for spec in COURSES:
        _course(library, spec)
    return library


def _course(library, spec):
    if CoursePage.objects.child_of(library).filter(slug=spec["slug"]).exists():
        return
    course = CoursePage(title=spec["title"], slug=spec["slug"], summary=spec["summary"], estimated_hours=spec["hours"])
    course.target_grades.set(list(JobGrade.objects.filter(code__in=spec["grades"])))
    course.tags.add(*spec["tags"])
    for index, (code, level) in enumerate(spec["competencies"]):
        course.developed_competencies.add(
            CourseCompetency(
                competency=Competency.objects.get(code=code),
                level=ProficiencyLevel.objects.get(number=level),
                sort_order=index,
            )
        )
    library.add_child(instance=course)
    course.save_revision().publish()
    for number, (title, minutes, body) in enumerate(spec["lessons"], start=1):
        lesson = course.add_child(
            instance=LessonPage(title=title, slug=f"lesson-{number}", estimated_minutes=minutes, body=body)
        )
        lesson.save_revision().publish()
