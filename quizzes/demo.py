"""The assessment section for `load_demo`: the question bank from `demo_bank`, a quiz
per key skill, a course quiz, a certification per grade, and the demo people's
attempts and certificates in their different states.

Idempotent: the bank, pages and certifications are found by name or slug; attempts
and certificates are added only for people who have none yet.
"""

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from wagtail.models import Page, Site

from accounts.models import User
from competencies.models import Competency, JobGrade, ProficiencyLevel
from quizzes.demo_bank import BANK, PRACTICE
from quizzes.models import (
    AssessmentIndexPage,
    Certificate,
    Certification,
    CertificationLevel,
    CertificationQuiz,
    Choice,
    PracticePage,
    Question,
    QuestionCategory,
    QuizPage,
    QuizQuestion,
    RandomDraw,
)
from quizzes.services import grade_answer, start_attempt, submit_attempt

INDEX_INTRO = (
    "评测结合、定级认证：每道题都对应胜任力模型中的一项能力和一个技能层级，"
    "一次测评就能看到你在每项能力上达到的层级。通过相应测评、达到要求的层级并获得评测师签认，即可获得岗位认证。"
)

QUIZZES = [
    # slug, title, competency, rules
    ("needs-analysis-quiz", "需求理解与分析测评", "needs-analysis", {"time_limit_minutes": 20, "max_attempts": 3}),
    ("solution-design-quiz", "方案设计测评", "solution-design", {"navigation": QuizPage.Navigation.PAGED}),
    ("solution-marketing-quiz", "方案营销测评", "solution-marketing", {"fixed": True}),
    ("competitive-strategy-quiz", "竞争策略分析测评", "competitive-strategy", {"time_limit_minutes": 15}),
    (
        "negotiation-quiz",
        "商务沟通与谈判测评",
        "negotiation",
        {"fixed": True, "review": QuizPage.Review.ANSWERS, "max_attempts": 2},
    ),
]

CERTIFICATIONS = [
    # name, grade, quizzes, levels, assessor, director, validity
    ("初级客户经理认证", "junior", ["needs-analysis-quiz"], [("needs-analysis", 1)], False, False, 24),
    (
        "中级客户经理认证",
        "intermediate",
        ["needs-analysis-quiz", "solution-design-quiz", "competitive-strategy-quiz"],
        [("needs-analysis", 2), ("solution-design", 2)],
        True,
        False,
        24,
    ),
    (
        "高级客户经理认证",
        "senior",
        [slug for slug, *_rest in QUIZZES],
        [("needs-analysis", 3), ("solution-marketing", 2), ("competitive-strategy", 2), ("negotiation", 2)],
        True,
        True,
        24,
    ),
    (
        "信息化顾问认证",
        "it-consultant",
        ["solution-design-quiz", "solution-marketing-quiz"],
        [("solution-design", 3), ("solution-marketing", 2)],
        True,
        False,
        36,
    ),
]


def load(stdout=None):
    questions = _bank()
    index = _index_page()
    _practice(index)
    quizzes = {slug: _quiz(index, slug, title, code, rules, questions) for slug, title, code, rules in QUIZZES}
    _course_quiz(questions)
    certifications = [_certification(spec, quizzes) for spec in CERTIFICATIONS]
    _people(quizzes, {item.grade.code: item for item in certifications})
    return index


def _bank():
    competencies = {competency.code: competency for competency in Competency.objects.all()}
    levels = {level.number: level for level in ProficiencyLevel.objects.all()}
    by_competency = {}
    for code, (category_name, entries) in BANK.items():
        category, created = QuestionCategory.objects.get_or_create(
            name=category_name, defaults={"description": f"{category_name}能力的测评题。"}
        )
        if not created:
            by_competency[code] = list(category.questions.order_by("pk"))
            continue
        by_competency[code] = [_question(category, competencies[code], levels, entry) for entry in entries]
    return by_competency


def _demo_weight(kind, right, right_count, wrong_count):
    """A single choice's right answer earns everything; a multiple-answer question's
    right answers share 100 % and its wrong ones share -100 %."""
    if kind == "single":
        return Decimal(100) if right else Decimal(0)
    share = Decimal(100) / (right_count if right else -wrong_count)
    return share.quantize(Decimal("0.00001"))


def _question(category, competency, levels, entry, pool=Question.Pool.EXAM):
    kind, level, text, answer, explanation, *rest = entry
    question = Question(
        pool=pool,
        category=category,
        kind=kind,
        text=text,
        competency=competency,
        level=levels[level],
        points=Decimal(rest[0]) if rest else Decimal(1),
        explanation=explanation,
    )
    if kind in ("single", "multiple"):
        right = [choice for choice in answer if choice.startswith("*")]
        wrong = len(answer) - len(right)
        question.choices = [
            Choice(
                text=choice.lstrip("*"),
                weight=_demo_weight(kind, choice in right, len(right), wrong),
                sort_order=index,
            )
            for index, choice in enumerate(answer)
        ]
    elif kind == "true_false":
        question.correct_is_true = answer
    elif kind == "short_answer":
        question.choices = [Choice(text=text, weight=100, sort_order=index) for index, text in enumerate(answer)]
    elif kind == "numerical":
        question.choices = [
            Choice(text=value, tolerance=Decimal(tolerance), weight=100, sort_order=index)
            for index, (value, tolerance) in enumerate(answer)
        ]
    elif kind == "matching":
        question.choices = [
            Choice(text=item, match=match, weight=100, sort_order=index) for index, (item, match) in enumerate(answer)
        ]
    elif kind == "ordering":
        question.choices = [Choice(text=text, sort_order=index) for index, text in enumerate(answer)]
    else:
        question.rubric = answer
    question.save()
    question.tags.add(category.name)
    question.save()
    question.save_revision()
    return question


def _practice(index):
    """A practice pool and a practice page for each key skill."""
    competencies = {competency.code: competency for competency in Competency.objects.all()}
    levels = {level.number: level for level in ProficiencyLevel.objects.all()}
    for code, entries in PRACTICE.items():
        category_name = f"{BANK[code][0]}/练习"
        category, created = QuestionCategory.objects.get_or_create(
            name=category_name,
            defaults={"description": f"{BANK[code][0]}的练习题：不进测评，作答后马上看到答案和解析。"},
        )
        if created:
            for entry in entries:
                _question(category, competencies[code], levels, entry, pool=Question.Pool.PRACTICE)
        slug = f"practice-{code}"
        if not PracticePage.objects.filter(slug=slug).exists():
            page = PracticePage(
                title=f"练习：{BANK[code][0]}",
                slug=slug,
                competency=competencies[code],
                intro="一题一题练，答完马上看答案和解析；答错的题进入错题本，连续答对两次就移出。",
            )
            index.add_child(instance=page)
            page.save_revision().publish()


def _index_page():
    index = AssessmentIndexPage.objects.first()
    if index is None:
        home = Site.objects.get(is_default_site=True).root_page
        index = home.add_child(
            instance=AssessmentIndexPage(
                title="测评认证", english_title="Assessment", slug="assessment", intro=INDEX_INTRO, show_in_menus=True
            )
        )
        index.save_revision().publish()
    return index


def _quiz(index, slug, title, code, rules, questions):
    existing = QuizPage.objects.filter(slug=slug).first()
    if existing:
        return existing
    rules = dict(rules)
    fixed = rules.pop("fixed", False)
    quiz = QuizPage(
        title=title,
        slug=slug,
        intro=f"测评你在“{BANK[code][0]}”上的掌握程度。题目覆盖三个技能层级，结果按层级给出。",
        **rules,
    )
    if fixed:
        quiz.fixed_questions = [
            QuizQuestion(question=question, sort_order=order) for order, question in enumerate(questions[code])
        ]
    else:
        competency = Competency.objects.get(code=code)
        quiz.random_draws = [RandomDraw(count=8, competency=competency, sort_order=0)]
    index.add_child(instance=quiz)
    quiz.save_revision().publish()
    return quiz


def _course_quiz(questions):
    """A short check at the end of the market-analysis course, which the course then requires."""
    course = Page.objects.filter(slug="market-analysis").first()
    if course is None or QuizPage.objects.child_of(course).exists():
        return
    quiz = QuizPage(
        title="课后小测：通信市场分析",
        slug="market-analysis-check",
        intro="四道题，检验本课程的要点。通过后课程才算完成。",
        pass_mark=75,
        review=QuizPage.Review.FULL,
    )
    quiz.fixed_questions = [
        QuizQuestion(question=question, sort_order=order)
        for order, question in enumerate(questions["competitive-strategy"][:4])
    ]
    course.add_child(instance=quiz)
    quiz.save_revision().publish()


def _certification(spec, quizzes):
    name, grade_code, quiz_slugs, levels, assessor, director, months = spec
    existing = Certification.objects.filter(name=name).first()
    if existing:
        return existing
    numbers = {level.number: level for level in ProficiencyLevel.objects.all()}
    competencies = {competency.code: competency for competency in Competency.objects.all()}
    certification = Certification(
        name=name,
        grade=JobGrade.objects.get(code=grade_code),
        description=f"通过{len(quiz_slugs)}项测评并达到规定的技能层级。",
        validity_months=months,
        requires_assessor_signoff=assessor,
        requires_director_signoff=director,
    )
    certification.required_quizzes = [
        CertificationQuiz(quiz=quizzes[slug], sort_order=order) for order, slug in enumerate(quiz_slugs)
    ]
    certification.required_levels = [
        CertificationLevel(competency=competencies[code], level=numbers[level], sort_order=order)
        for order, (code, level) in enumerate(levels)
    ]
    certification.save()
    return certification


# ------------------------------------------------------------------ demo people


def _people(quizzes, certifications):
    people = {user.username: user for user in User.objects.filter(username__in=DEMO_HISTORY)}
    assessor = User.objects.filter(username="assessor").first()
    now = timezone.now()
    for username, history in DEMO_HISTORY.items():
        user = people.get(username)
        if user is None or user.quiz_attempts.exists() or user.certificates.exists():
            continue
        for slug, days_ago, share_right in history.get("attempts", ()):
            # Essays older than a week have been graded; recent ones wait on the assessor's desk.
            grader = assessor if days_ago > 7 else None
            _attempt(user, quizzes[slug], now - timedelta(days=days_ago), share_right, grader)
        for grade_code, state, days_ago in history.get("certificates", ()):
            _certificate(user, certifications[grade_code], state, now - timedelta(days=days_ago))


def _attempt(user, quiz, when, share_right, grader):
    attempt = start_attempt(user=user, quiz=quiz, now=when)
    answers = list(attempt.answers.order_by("position"))
    right = round(len(answers) * share_right)
    responses = {answer.position: _response(answer.snapshot, index < right) for index, answer in enumerate(answers)}
    attempt = submit_attempt(user=user, attempt=attempt, responses=responses, now=when + timedelta(minutes=12))
    if grader is not None:
        for answer in attempt.answers.filter(kind="essay", score__isnull=True):
            grade_answer(
                grader=grader,
                answer=answer,
                score=answer.points - 1,
                feedback="分析步骤完整，能区分表面诉求和深层需求；建议补充向客户核实的具体问题。",
                now=when + timedelta(days=1),
            )
    return attempt


def _response(snapshot, right):
    kind = snapshot["kind"]
    choices = snapshot["choices"]
    correct = [choice["id"] for choice in choices if choice["correct"]]
    wrong = [choice["id"] for choice in choices if not choice["correct"]]
    if kind == "single":
        return {"choice": correct[0] if right else wrong[0]}
    if kind == "multiple":
        return {"choices": correct if right else wrong[:1]}
    if kind == "true_false":
        return {"answer": snapshot["true"] if right else not snapshot["true"]}
    if kind in ("short_answer", "numerical"):
        return {"text": choices[0]["text"] if right else "不知道"}
    if kind == "matching":
        by_match = {choice["match"]: choice["id"] for choice in choices}
        if right:
            return {"matches": {str(choice["id"]): by_match[choice["match"]] for choice in choices}}
        return {"matches": {str(choices[0]["id"]): choices[-1]["id"]}}
    if kind == "ordering":
        order = [choice["id"] for choice in choices]
        return {"order": order if right else list(reversed(order))}
    return {"text": ESSAY_ANSWER}


def _certificate(user, certification, state, issued_at):
    months = certification.validity_months or 24
    certificate = Certificate.objects.create(
        user=user,
        certification=certification,
        issued_at=issued_at,
        expires_at=issued_at + timedelta(days=round(months * 365.25 / 12)),
    )
    if state == "revoked":
        certificate.revoked_at = issued_at + timedelta(days=60)
        certificate.revocation_reason = "认证测评中存在代考行为，需重新参加认证。"
        certificate.save(update_fields=["revoked_at", "revocation_reason"])
    return certificate


ESSAY_ANSWER = (
    "第一步察觉问题：回顾近半年客户的话务量和专线流量变化、对接人是否变动、对手有没有来拜访。\n"
    "第二步陈述问题：客户续约意向从“确定续约”变成“比较选择”，需要在一个月内弄清原因。\n"
    "第三步理清问题：分别约谈联络人和业务使用部门，确认客户关心的是价格，还是新院区扩张带来的网络和信息化需求。"
)

# What each demo person has done: (quiz slug, days ago, share of answers right),
# and certificates given directly to show every state: (grade, state, days ago issued).
DEMO_HISTORY = {
    "learner": {"attempts": [("needs-analysis-quiz", 3, 0.4)]},
    "liuyang": {
        "attempts": [
            ("needs-analysis-quiz", 40, 1.0),
            ("solution-design-quiz", 30, 1.0),
            ("competitive-strategy-quiz", 20, 0.9),
            ("negotiation-quiz", 2, 0.8),
        ],
    },
    "zhengkai": {"attempts": [("solution-marketing-quiz", 10, 0.9), ("needs-analysis-quiz", 8, 0.5)]},
    "zhoumin": {
        "attempts": [("negotiation-quiz", 15, 0.9)],
        "certificates": [("intermediate", "valid", 300), ("senior", "expired", 800)],
    },
    "sunlei": {"certificates": [("it-consultant", "valid", 120)]},
    "wujing": {"certificates": [("junior", "revoked", 200)]},
}
