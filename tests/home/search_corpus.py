"""A fixed corpus and the hits each query must return, on SQLite and PostgreSQL alike.

Each document is (key, kind, title, text). Each query is (query, expected keys, what
it exercises): the result set must be exactly the expected keys. The benchmark
(`tests/benchmarks/search.py`) reports recall over the same queries.
"""

DOCUMENTS = [
    (
        "churn",
        "lesson",
        "为什么客户无缘无故就丢了",
        "服务六年的集团客户突然提出停用专线，差点丢单，其实三个月前就有信号。",
    ),
    ("signals", "lesson", "察觉流失的早期信号", "客户经理要留意投诉次数和话务量的变化，提前安排高层拜访。"),
    ("decider", "case", "谁是决策者", "某市三甲医院的信息科长只是联络人，真正拍板的是分管副院长。"),
    ("discount", "case", "对手报价低两成", "竞争对手降价抢单，我们用三年总成本和服务清单赢回来。"),
    ("jike", "course", "集客营销基础", "集客部门如何给政企客户做顾问式销售。"),
    ("fiveg", "lesson", "5G专网进工厂", "为制造企业设计5G专网方案，先讲清楚时延和安全。"),
    ("iptv", "case", "IPTV进酒店", "连锁酒店的IPTV和宽带一起签约，房间电视变成营销渠道。"),
    ("broadband", "course_lesson", "Broadband for small businesses", "Selling broadband and VPN to small businesses."),
    ("cdma", "course_lesson", "3G时代的CDMA网络", "CDMA2000与WCDMA的区别，以及3G上网卡的销售要点。"),
    ("fmc", "quiz", "FMC融合业务测验", "检验你对固移融合（FMC）业务和一号通的理解。"),
    ("contact", "lesson", "联络人换了怎么办", "客户的联络人调岗，新的联络人不认识我们，要重新建立关系。"),
    ("school", "case", "智慧校园预算难题", "学校的信息化预算要提前一年进入财政计划。"),
]

QUERIES = [
    ("客户", {"churn", "signals", "jike", "contact"}, "a single Chinese word inside longer text"),
    ("流失", {"churn", "signals"}, "a synonym: 流失 also finds 丢单"),
    ("丢单", {"churn", "signals"}, "the same synonym group, the other way"),
    ("集团客户", {"churn", "jike"}, "a compound word, and its synonym 集客 / 政企客户"),
    ("集客", {"churn", "jike"}, "the short form finds the long one"),
    ("决策者", {"decider"}, "a dictionary term, and its synonym 拍板人 / 决策人"),
    ("竞争对手降价", {"discount"}, "a phrase without spaces"),
    ("5G专网", {"fiveg"}, "a mixed Chinese and Latin term stays whole"),
    ("5g专网", {"fiveg"}, "case does not matter"),
    ("IPTV", {"iptv"}, "an English acronym next to Chinese"),
    ("iptv 宽带", {"iptv"}, "two words, both required"),
    ("broadband", {"broadband", "iptv"}, "English, and its synonym 宽带"),
    ("VPN", {"broadband"}, "English acronym"),
    ("CDMA2000", {"cdma"}, "letters and digits together"),
    ("3G", {"cdma"}, "a digit and a letter"),
    ("FMC", {"fmc"}, "an acronym inside Chinese parentheses"),
    ("联络人", {"decider", "contact"}, "a dictionary term that jieba would split"),
    ("高层拜访", {"signals"}, "a compound dictionary term"),
    ("智慧校园", {"school"}, "a compound dictionary term"),
    ("信息化 预算", {"school"}, "two Chinese words with a space"),
    ("三甲医院 拍板", {"decider"}, "two words without a shared phrase"),
    ("客户流失", {"churn", "signals"}, "a dictionary compound also matches its parts, with their synonyms"),
]

# Input that must give an ordinary page, never an error.
BAD_INPUT = [
    "",
    "   ",
    "客" * 10_000,
    "？！。，、；：“”（）",
    "!!! ??? ... ---",
    '" OR 1=1 --',
    "NEAR(客户 流失) AND NOT",
    "客户* OR ^流失 + -丢",
    "title:客户 {body}",
    "'; DROP TABLE wagtailcore_page; --",
    "😀🎉👍",
    "客户😀流失",
    "Кирилица ελληνικά العربية",
    "\\x00\\n\\t",
    # Real NUL bytes: PostgreSQL refuses them in any string it is sent.
    "\x00",
    "客户\x00流失",
    "%%%%____",
]


def add_document(parents, kind, title, text, slug):
    """Publish one document of `kind` under `parents[kind]`, its text where that kind
    of page keeps its main text."""
    from capture.models import ExperienceLessonPage
    from cases.models import CaseStudyPage
    from learning.models import CoursePage, LessonPage
    from quizzes.models import QuizPage

    if kind == "lesson":
        page = ExperienceLessonPage(title=title, slug=slug, problem=title, lesson=text)
    elif kind == "case":
        page = CaseStudyPage(title=title, slug=slug, summary=text, customer="某单位", body="[]")
    elif kind == "course":
        page = CoursePage(title=title, slug=slug, summary=text)
    elif kind == "course_lesson":
        page = LessonPage(title=title, slug=slug, body=[("paragraph", f"<p>{text}</p>")])
    else:
        page = QuizPage(title=title, slug=slug, intro=text)
    parents[kind].add_child(instance=page)
    page.save_revision().publish()
    return page
