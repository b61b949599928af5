"""Demo content for the home page, from the source deck (区域营销中心主任工作效能提升).

Written once: if the home page already has a body (an editor's or an earlier run's),
it is left alone, so `load_demo` never overwrites editors' work or adds revisions.
"""

from wagtail.models import Page

from capture.models import ExperienceLessonPage, LessonLibraryPage
from cases.models import CaseIndexPage
from competencies.models import CompetencyModelPage
from home.models import HomePage
from learning.models import CourseIndexPage
from quizzes.models import AssessmentIndexPage

HERO_HEADING = "让每一位客户经理都能学到最好的一线经验"
HERO_TEXT = (
    "全业务竞争时代，集团客户可能“无缘无故”就流失。效能学院把胜任力模型、定制课程、"
    "测评认证、团队学习和一线经验放在一处，帮助区域营销中心主任和客户经理补齐短板。"
)

# Each question links to the colleague's lesson that answers it.
QUESTIONS = [
    (
        "为什么客户无缘无故就丢了？",
        "客户一直好好的，有一天突然说不需要我们的服务了。如何察觉问题？",
        "客户“无缘无故”要停专线，其实三个月前就有信号",
    ),
    (
        "客户联络人不帮我联系负责人",
        "联络人总是不帮你联系公司负责人，怎么办？如何突破客户联络人？",
        "联络人不肯引荐决策者：先帮他在老板面前立功",
    ),
    (
        "对手给了客户什么优惠？",
        "竞争对手提供了什么、给了什么优惠？如何进行原因识别？",
        "对手报价低两成：用三年总成本和服务清单赢回来",
    ),
    (
        "谁决策、谁影响、谁使用？",
        "客户公司的决策者是谁？影响者和使用者是谁？他们有什么关系？",
        "谁是决策者？用一张关系图理清客户的采购链",
    ),
    (
        "客户为什么购买我们的产品？",
        "客户的经营范围是什么，我们的产品能给客户带来什么帮助？",
        "客户为什么买我们？问出来的答案和我们想的不一样",
    ),
]

PATHS = [
    ("评测结合", "建立集团客户经理胜任力模型：五大关键技能、三个技能层级、四个岗位层级。"),
    ("定级认证", "用经过试测和检验的评测工具，对客户经理进行分级认证。"),
    ("定制培训", "根据每位客户经理的能力短板设计定制化课程，并实施培训。"),
    ("团队学习", "培养团队学习能力，让培训内容落地，效能不断提升。"),
    ("经验固化", "运用IT和网上学习平台，将优秀经验固化并传播推广。"),
    ("实际案例交流", "编辑发布真实案例，团队围绕讨论题一起复盘。"),
]


def load(stdout=None):
    home = HomePage.objects.first()
    if home is None or home.body:
        return home
    home.hero_heading = HERO_HEADING
    home.hero_text = HERO_TEXT
    home.search_description = HERO_TEXT
    # The cards link to the section pages that exist so far, by the deck step they serve.
    section_pages = {
        "评测结合": Page.objects.type(CompetencyModelPage).live().first(),
        "定级认证": Page.objects.type(AssessmentIndexPage).live().first(),
        "定制培训": Page.objects.type(CourseIndexPage).live().first(),
        "经验固化": Page.objects.type(LessonLibraryPage).live().first(),
        "实际案例交流": Page.objects.type(CaseIndexPage).live().first(),
    }
    lessons = {lesson.title: lesson for lesson in ExperienceLessonPage.objects.live()}
    home.body = [
        (
            "cards",
            {
                "heading": "我们经常碰到这些问题",
                "cards": [_card(title, text, page=lessons.get(lesson)) for title, text, lesson in QUESTIONS],
            },
        ),
        (
            "cards",
            {
                "heading": "能力提升的六个环节",
                "cards": [_card(*item, page=section_pages.get(item[0])) for item in PATHS],
            },
        ),
        (
            "quote",
            {
                "text": "区域营销中心主任工作效能的高低，取决于流程优化、机制保障和能力提升三个方面。",
                "attribution": "《区域营销中心主任工作效能提升方案》",
            },
        ),
    ]
    home.save_revision().publish()
    return home


def _card(title, text, page=None):
    return {"title": title, "text": text, "page": page}
