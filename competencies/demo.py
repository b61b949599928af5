"""The deck's competency model for `load_demo`: three levels, five key skills and the
supporting capabilities, four job grades with their required levels and duties, the
public model page, and the demo people's grades. Idempotent: found by natural keys,
created only when missing."""

from wagtail.models import Site

from accounts.models import User
from competencies.models import (
    Competency,
    CompetencyLevelDescription,
    CompetencyModelPage,
    GradeRequirement,
    GradeResponsibility,
    JobGrade,
    PersonGrade,
    ProficiencyLevel,
)
from core.taxonomy import SalesStage

LEVELS = [
    (
        1,
        "指导下运用",
        "了解有关的基本概念及方法，曾经在资深人员的指导下偶尔有过实际应用经验，具备在专家指导的情况下应用该项技能的能力。",
    ),
    (
        2,
        "独立运用",
        "熟悉有关的概念和方法，至少有过一次以上在实际工作中独立运用此项技能的经历，基本能在实际工作中独立应用有关的知识和技能。",
    ),
    (
        3,
        "能手级",
        "精通有关的知识和技能，有丰富实际工作经验，能在实际业务工作中熟练成功地应用，并有能力指导其他同事应用有关的知识和技能。",
    ),
]

KEY = Competency.Kind.KEY_SKILL
SUPPORTING = Competency.Kind.SUPPORTING

# (code, name, kind, description, (level 1, level 2, level 3 behaviour))
COMPETENCIES = [
    (
        "needs-analysis",
        "需求理解与分析",
        KEY,
        "理解集团客户的经营范围和业务流程，挖掘并整理客户的信息化需求，判断我们的产品能给客户带来什么帮助。",
        (
            "在指导下按拜访提纲收集客户信息，能复述客户提出的显性需求。",
            "独立完成需求调研，区分决策者、影响者和使用者的不同诉求，整理出需求清单。",
            "能从客户的经营目标推导出潜在需求，预判流失风险，并指导同事做需求分析。",
        ),
    ),
    (
        "solution-design",
        "方案设计",
        KEY,
        "以客户需求为出发点，组合固定、移动、宽带和信息化产品，形成可落地的整合解决方案。",
        (
            "在业务部门支持下，按标准模板为客户选择合适的产品套餐。",
            "独立设计包含多种业务的整合方案，说明每项产品解决客户的哪个问题。",
            "为行业客户设计定制化方案，统筹网络、工程和后台支撑资源，并能评审他人方案。",
        ),
    ),
    (
        "solution-marketing",
        "方案营销",
        KEY,
        "向客户呈现方案并与之探讨，让客户看到价值、产生购买意向。",
        (
            "在指导下向客户介绍方案要点，回答常见问题。",
            "独立向客户关键人呈现方案，根据反馈调整，推动客户形成购买意向。",
            "面向客户高层讲清方案的经营价值，化解异议，并带教同事提升呈现能力。",
        ),
    ),
    (
        "competitive-strategy",
        "竞争策略分析",
        KEY,
        "分析通信市场竞争态势和各家运营商的竞争策略，制定保有、拓展和反挖策略。",
        (
            "了解三家运营商的主要品牌和业务，能记录对手在客户处的动作。",
            "独立分析对手给客户的优惠和方案，提出有针对性的应对措施。",
            "研判区域竞争格局，制定集团客户攻守策略，指导团队打赢竞争项目。",
        ),
    ),
    (
        "negotiation",
        "集团销售商务沟通与谈判",
        KEY,
        "与客户联络人和决策者建立信任，推进商务谈判，完成合同起草与签订。",
        (
            "在指导下与客户联络人保持日常沟通，参与商务谈判的准备工作。",
            "独立突破客户联络人接触决策者，主导一般项目的商务谈判和合同签订。",
            "主导重大项目谈判，平衡客户与公司利益，能辅导同事处理谈判僵局。",
        ),
    ),
    ("analytical-thinking", "分析思维", SUPPORTING, "把复杂问题拆解清楚，找到原因、确定目标并评估方案。", ()),
    ("competition-awareness", "竞争意识", SUPPORTING, "时刻关注对手动向，主动防范客户流失。", ()),
    ("product-knowledge", "产品知识", SUPPORTING, "熟悉3G、宽带、VPN、IPTV、FMC等业务和信息化应用。", ()),
    ("needs-insight", "需求了解", SUPPORTING, "了解集团客户信息化需求的现状和需求点。", ()),
]

# The model's names on English pages; the deck names them in Chinese only.
ENGLISH_NAMES = {
    ProficiencyLevel: {1: "Applies with guidance", 2: "Applies independently", 3: "Expert"},
    Competency: {
        "needs-analysis": "Needs analysis",
        "solution-design": "Solution design",
        "solution-marketing": "Solution selling",
        "competitive-strategy": "Competitive strategy",
        "negotiation": "Business communication and negotiation",
        "analytical-thinking": "Analytical thinking",
        "competition-awareness": "Competition awareness",
        "product-knowledge": "Product knowledge",
        "needs-insight": "Customer needs insight",
    },
    JobGrade: {
        "junior": "Junior account manager",
        "intermediate": "Intermediate account manager",
        "senior": "Senior account manager",
        "it-consultant": "IT consultant",
    },
}

# Required level per grade, in the order of COMPETENCIES.
GRADES = [
    (
        "junior",
        "初级客户经理",
        1,
        "新任或入职不久的客户经理，在资深同事指导下维护客户关系。",
        (1, 1, 1, 1, 1, 1, 1, 2, 1),
        {
            SalesStage.PRE_SALE: ["客户拜访，建立联系，收集客户信息。"],
            SalesStage.IN_SALE: ["提交工单，跟进数据制作和业务开通进度。"],
            SalesStage.AFTER_SALE: ["定期回访客户，受理投诉或报修并及时反馈。"],
        },
    ),
    (
        "intermediate",
        "中级客户经理",
        2,
        "能独立负责一组集团客户的拓展与维系。",
        (2, 2, 2, 1, 2, 2, 2, 2, 2),
        {
            SalesStage.PRE_SALE: ["挖掘与整理需求，寻找、识别和确认商机。", "组织方案的呈现与探讨。"],
            SalesStage.IN_SALE: ["协调各部门关系，推进产品/服务的正式实施。"],
            SalesStage.AFTER_SALE: ["维护客户关系，推动业务变更和改进措施落实。"],
        },
    ),
    (
        "senior",
        "高级客户经理",
        3,
        "负责重点集团客户和竞争项目，带教团队成员。",
        (3, 2, 3, 3, 3, 3, 3, 2, 3),
        {
            SalesStage.PRE_SALE: ["主导商务谈判，合同起草与签订。"],
            SalesStage.IN_SALE: ["主导监督实施全过程，签订正式使用合同。"],
            SalesStage.AFTER_SALE: ["维系、深化客户关系，发展和保有客户，指导同事处理重大投诉。"],
        },
    ),
    (
        "it-consultant",
        "信息化顾问",
        4,
        "面向细分行业的信息化专家，为客户经理提供行业和方案支撑。",
        (3, 3, 2, 2, 2, 3, 2, 3, 3),
        {
            SalesStage.PRE_SALE: ["针对行业提供行业分析、需求分析，制定解决方案并现场讲解。"],
            SalesStage.IN_SALE: ["配合产品现场实施，监督测试并交付测试报告。"],
            SalesStage.AFTER_SALE: ["协调厂家现场服务，交付处理报告，提出改进意见。"],
        },
    ),
]

PEOPLE_GRADES = {
    "director": "senior",
    "director2": "senior",
    "learner": "junior",
    "liuyang": "intermediate",
    "zhoumin": "senior",
    "sunlei": "it-consultant",
    "wujing": "junior",
    "zhengkai": "intermediate",
}

MODEL_PAGE_INTRO = (
    "建立胜任力模型是客户经理能力提升的第一步。下表列出每个岗位层级对五大关键技能和支撑能力的要求，"
    "以及各层级在售前、售中、售后阶段的职责。对照自己的岗位，找到需要补齐的短板。"
)


def load(stdout=None):
    levels = {
        number: ProficiencyLevel.objects.get_or_create(number=number, defaults={"name": name, "definition": text})[0]
        for number, name, text in LEVELS
    }
    competencies = [_competency(index, row, levels) for index, row in enumerate(COMPETENCIES)]
    for code, name, rank, summary, required, duties in GRADES:
        grade, created = JobGrade.objects.get_or_create(
            code=code, defaults={"name": name, "rank": rank, "summary": summary}
        )
        if created:
            GradeRequirement.objects.bulk_create(
                GradeRequirement(grade=grade, competency=competency, level=levels[level])
                for competency, level in zip(competencies, required, strict=True)
            )
            GradeResponsibility.objects.bulk_create(
                GradeResponsibility(grade=grade, stage=stage, text=text, sort_order=index)
                for index, (stage, text) in enumerate(
                    (stage, text) for stage, texts in duties.items() for text in texts
                )
            )
    _english_names()
    _person_grades()
    return _model_page()


def _english_names():
    for model, names in ENGLISH_NAMES.items():
        key = "number" if model is ProficiencyLevel else "code"
        for value, english in names.items():
            model.objects.filter(**{key: value}, name_en="").update(name_en=english)


def _competency(index, row, levels):
    code, name, kind, description, behaviours = row
    competency, created = Competency.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind, "description": description, "sort_order": index}
    )
    if created:
        CompetencyLevelDescription.objects.bulk_create(
            CompetencyLevelDescription(competency=competency, level=levels[number], description=text)
            for number, text in enumerate(behaviours, start=1)
        )
    return competency


def _person_grades():
    grades = {grade.code: grade for grade in JobGrade.objects.all()}
    for user in User.objects.filter(username__in=PEOPLE_GRADES):
        PersonGrade.objects.get_or_create(user=user, defaults={"grade": grades[PEOPLE_GRADES[user.username]]})


def _model_page():
    page = CompetencyModelPage.objects.first()
    if page is None:
        home = Site.objects.get(is_default_site=True).root_page
        page = home.add_child(
            instance=CompetencyModelPage(
                title="胜任力模型", english_title="Competency model", slug="competency-model", intro=MODEL_PAGE_INTRO
            )
        )
        page.save_revision().publish()
    return page
