"""The judged query set: what a person searching the demo academy should find.

Each query lists the demo pages that answer it, graded 2 (what the person is looking
for) or 1 (worth finding too); every other page counts as not relevant. The judgments
were written from the pages' text, before looking at any ranking. `evaluate` asks the
search page for each query, as a person would (following "did you mean" when a typo
found nothing), and scores the first page of results.

    recall@10  the share of the relevant pages on the first page
    MRR        1 / the position of the first relevant page (0 when none is listed)
    nDCG@10    the first page's order against the best possible order, by grade

`python -m tests.benchmarks.relevance` prints them for SQLite or PostgreSQL;
tests/home/test_relevance.py holds them to the figures reached.
"""

import math
from dataclasses import dataclass

PAGES = {
    "course_market": "通信市场分析",
    "course_needs": "集团客户需求放大镜",
    "course_defend": "集团客户攻守有道",
    "lesson_landscape": "全业务时代的竞争格局",
    "lesson_3g": "读懂各家的3G品牌与制式",
    "lesson_rivals": "分析对手的竞争策略",
    "lesson_business": "客户究竟要什么：从经营范围出发",
    "lesson_roles": "谁决策、谁影响、谁使用",
    "lesson_seven_steps": "用七步法理清需求",
    "lesson_signals": "察觉流失的早期信号",
    "lesson_retention": "保有策略：提高转换成本",
    "lesson_relationship": "关系维护与拓展",
    "quiz_market": "课后小测：通信市场分析",
    "quiz_needs": "需求理解与分析测评",
    "quiz_design": "方案设计测评",
    "quiz_marketing": "方案营销测评",
    "quiz_competition": "竞争策略分析测评",
    "quiz_negotiation": "商务沟通与谈判测评",
    "case_government": "区政府专线被对手“固移融合”套餐整体撬走",
    "case_hospital": "三甲医院信息化项目：画出决策链，三个月拿下订单",
    "case_logistics": "物流公司专线中断 9 小时之后：从投诉到续约三年",
    "case_bank": "联络人不引荐：从信息中心突破到分管副行长",
    "case_retail": "连锁超市比选：对手报价低两成，我们用三年总成本赢回来",
    "case_education": "区教育局“班班通”项目搁浅：我们没弄清谁在付钱",
    "field_churn": "客户“无缘无故”要停专线，其实三个月前就有信号",
    "field_contact": "联络人不肯引荐决策者：先帮他在老板面前立功",
    "field_price": "对手报价低两成：用三年总成本和服务清单赢回来",
    "field_decider": "谁是决策者？用一张关系图理清客户的采购链",
    "field_why_us": "客户为什么买我们？问出来的答案和我们想的不一样",
    "field_school": "学校的采购周期：错过预算窗口就要再等一年",
    "field_activation": "开通拖了三周，客户差点退单：售中要有一个人盯到底",
    # The courseware course (learning/demo_courseware.py), judged when it was added.
    "course_seven_steps": "七步法：把客户问题想清楚",
    "lesson_seven_video": "看视频：七步法全貌",
    "lesson_needs_deck": "讲义：看清客户真正的需求",
    "lesson_seven_check": "互动自测：七步法（SCORM 1.2）",
    "lesson_stages": "互动课件：售前售中售后谁牵头（SCORM 2004）",
}

TITLED_CUSTOMER = (
    "course_needs",
    "course_defend",
    "lesson_business",
    "field_churn",
    "field_decider",
    "field_why_us",
    "field_activation",
    "course_seven_steps",
    "lesson_needs_deck",
)
QUIZZES = {"quiz_needs": 2, "quiz_design": 2, "quiz_marketing": 2, "quiz_competition": 2, "quiz_negotiation": 2}

# (query, {page: grade}, what kind of query it is)
JUDGED = [
    # Chinese words and phrases
    ("客户流失", {"field_churn": 2, "lesson_signals": 2, "case_government": 2, "lesson_landscape": 1}, "chinese"),
    (
        "决策链",
        {"case_hospital": 2, "course_needs": 2, "lesson_roles": 2, "case_bank": 1, "case_education": 1},
        "chinese",
    ),
    ("决策者", {"field_decider": 2, "field_contact": 2, "lesson_roles": 2, "case_hospital": 1}, "chinese"),
    ("联络人", {"field_contact": 2, "case_bank": 2, "lesson_roles": 1, "case_hospital": 1}, "chinese"),
    ("突破联络人", {"case_bank": 2, "case_hospital": 2, "field_contact": 1, "lesson_roles": 1}, "chinese"),
    ("三年总成本", {"case_retail": 2, "field_price": 2}, "chinese"),
    ("对手报价", {"field_price": 2, "case_retail": 2}, "chinese"),
    ("专线中断", {"case_logistics": 2}, "chinese"),
    ("投诉处理", {"case_logistics": 2, "lesson_relationship": 2}, "chinese"),
    ("预算", {"field_school": 2, "case_education": 2}, "chinese"),
    ("预算周期", {"field_school": 2, "case_education": 1}, "chinese"),
    (
        "七步法",
        {"course_seven_steps": 2, "lesson_seven_video": 2, "lesson_seven_steps": 2, "lesson_seven_check": 1},
        "chinese",
    ),
    ("保有策略", {"lesson_retention": 2, "course_defend": 2}, "chinese"),
    ("转换成本", {"lesson_retention": 2, "lesson_rivals": 1}, "chinese"),
    ("关系维护", {"lesson_relationship": 2, "course_defend": 2}, "chinese"),
    ("竞争格局", {"lesson_landscape": 2, "course_market": 2}, "chinese"),
    ("融合套餐", {"case_government": 2, "lesson_rivals": 1}, "chinese"),
    ("开通", {"field_activation": 2}, "chinese"),
    ("工单", {"field_activation": 2}, "chinese"),
    ("续约", {"field_why_us": 2, "case_logistics": 2, "field_churn": 1}, "chinese"),
    ("售后回访", {"field_churn": 2, "field_why_us": 2, "lesson_relationship": 1}, "chinese"),
    ("需求分析", {"course_needs": 2, "quiz_needs": 2, "lesson_business": 1, "lesson_seven_steps": 1}, "chinese"),
    ("经营范围", {"lesson_business": 2}, "chinese"),
    ("商务谈判", {"quiz_negotiation": 2, "case_retail": 2}, "chinese"),
    ("测评", QUIZZES, "chinese"),
    ("竞争策略", {"lesson_rivals": 2, "quiz_competition": 2, "course_market": 1}, "chinese"),
    ("方案设计", {"quiz_design": 2, "lesson_business": 1}, "chinese"),
    (
        "客户",
        # Every page with 客户 in its title; most others mention it too.
        dict.fromkeys(TITLED_CUSTOMER, 1),
        "chinese",
    ),
    # Several words
    ("医院 信息化", {"case_hospital": 2}, "multi-word"),
    ("客户 决策链", {"course_needs": 2, "case_hospital": 2, "lesson_roles": 2, "field_decider": 1}, "multi-word"),
    ("银行 专线", {"case_bank": 2, "field_price": 1}, "multi-word"),
    ("学校 预算", {"field_school": 2, "case_education": 2}, "multi-word"),
    ("物流 专线", {"case_logistics": 2, "field_churn": 2}, "multi-word"),
    ("超市 报价", {"case_retail": 2}, "multi-word"),
    ("客户 突然 停用 专线", {"field_churn": 2}, "multi-word"),
    ("对手 降价", {"field_price": 2, "case_retail": 2, "lesson_rivals": 1}, "multi-word"),
    ("故障 赔付", {"case_retail": 2}, "multi-word"),
    ("决策者 影响者 使用者", {"lesson_roles": 2, "field_decider": 2, "case_hospital": 2}, "multi-word"),
    # Synonyms editors gave
    ("丢单", {"field_churn": 2, "lesson_signals": 2, "case_government": 2}, "synonym"),
    ("离网", {"field_churn": 2, "lesson_signals": 2, "case_government": 2}, "synonym"),
    ("集客", {"course_needs": 2, "course_defend": 2}, "synonym"),
    ("政企客户", {"course_needs": 2, "course_defend": 2}, "synonym"),
    ("拍板人", {"field_decider": 2, "field_contact": 2, "lesson_roles": 2}, "synonym"),
    ("友商", {"case_government": 2, "case_retail": 2, "field_price": 2}, "synonym"),
    ("打折", {"field_price": 2, "case_retail": 2, "lesson_rivals": 1}, "synonym"),
    # English, and English synonyms of Chinese terms
    ("decision maker", {"field_decider": 2, "field_contact": 2, "lesson_roles": 2}, "english"),
    ("dedicated line", {"field_churn": 2, "case_logistics": 2, "case_government": 1}, "english"),
    ("account manager", {"case_logistics": 1, "lesson_relationship": 1, "case_hospital": 1}, "english"),
    ("competitor", {"case_government": 2, "case_retail": 2, "field_price": 2}, "english"),
    ("discount", {"field_price": 2, "case_retail": 2, "lesson_rivals": 1}, "english"),
    ("broadband", {"case_retail": 2, "case_education": 2, "case_government": 1}, "english"),
    ("CDMA2000", {"lesson_3g": 2}, "english"),
    ("WCDMA", {"lesson_3g": 2}, "english"),
    ("FMC", {"lesson_rivals": 2}, "english"),
    # Chinese and Latin together, and the trade's jargon
    ("3G", {"lesson_3g": 2, "course_market": 2}, "mixed"),
    ("3G品牌", {"lesson_3g": 2}, "mixed"),
    ("IT主管", {"field_churn": 2}, "mixed"),
    ("FMC融合", {"lesson_rivals": 2}, "mixed"),
    ("集团V网", {"case_government": 2}, "mixed"),
    ("班班通", {"case_education": 2}, "jargon"),
    ("双路由", {"case_logistics": 2}, "jargon"),
    ("移动查房", {"case_hospital": 2}, "jargon"),
    ("三甲医院", {"case_hospital": 2}, "jargon"),
    ("全业务", {"lesson_landscape": 2, "course_market": 2}, "jargon"),
    ("医保卡", {"field_why_us": 2}, "jargon"),
    # Typos: the search page offers the right spelling, and people follow it
    ("客护流失", {"field_churn": 2, "lesson_signals": 2, "case_government": 2}, "typo"),
    ("决册链", {"case_hospital": 2, "course_needs": 2, "lesson_roles": 2}, "typo"),
    ("联洛人", {"field_contact": 2, "case_bank": 2}, "typo"),
    ("保有策率", {"lesson_retention": 2, "course_defend": 2}, "typo"),
]


@dataclass
class QueryScore:
    query: str
    kind: str
    listed: list
    recall: float
    reciprocal_rank: float
    ndcg: float


def recall_at(listed, grades, k=10):
    return len(set(listed[:k]) & set(grades)) / len(grades)


def reciprocal_rank(listed, grades):
    return next((1 / position for position, key in enumerate(listed, 1) if key in grades), 0.0)


def ndcg_at(listed, grades, k=10):
    def dcg(gains):
        return sum((2**gain - 1) / math.log2(position + 1) for position, gain in enumerate(gains, 1))

    ideal = dcg(sorted(grades.values(), reverse=True)[:k])
    return dcg([grades.get(key, 0) for key in listed[:k]]) / ideal


def first_page(query):
    """The keys of the pages a person sees first for `query`: the results, or those of
    the suggested spelling when nothing matched."""
    from home.search.results import search

    outcome = search(query=query, params={})
    if not outcome.total and outcome.did_you_mean:
        outcome = search(query=outcome.did_you_mean, params={})
    keys = {title: key for key, title in PAGES.items()}
    return [keys.get(result.page.title, result.page.title) for result in outcome.results]


def evaluate(judged=JUDGED):
    scores = []
    for query, grades, kind in judged:
        listed = first_page(query)
        scores.append(
            QueryScore(
                query=query,
                kind=kind,
                listed=listed,
                recall=recall_at(listed, grades),
                reciprocal_rank=reciprocal_rank(listed, grades),
                ndcg=ndcg_at(listed, grades),
            )
        )
    return scores


def summary(scores):
    """(recall@10, MRR, nDCG@10) averaged over the queries."""
    count = len(scores)
    return (
        sum(score.recall for score in scores) / count,
        sum(score.reciprocal_rank for score in scores) / count,
        sum(score.ndcg for score in scores) / count,
    )
