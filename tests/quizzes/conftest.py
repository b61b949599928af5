from decimal import Decimal

import pytest

from competencies import demo as competencies_demo
from competencies.models import Competency, ProficiencyLevel
from quizzes.models import AssessmentIndexPage, Choice, Question, QuestionCategory, QuizPage, QuizQuestion
from tests.factories import UserFactory

EXPLANATION = "七步法从察觉问题开始"


@pytest.fixture
def competency_model(db, home_page):
    competencies_demo.load()


@pytest.fixture
def category(competency_model):
    return QuestionCategory.objects.create(name="需求理解与分析")


def make_question(category, kind, text, *, competency="needs-analysis", level=1, points=1, choices=(), **fields):
    """choices: [(text, right)] in order, `right` a bool (a multiple-answer question's
    right choices share 100 % and its wrong ones -100 %) or a grade in percent."""
    question = Question(
        category=category,
        kind=kind,
        text=text,
        competency=Competency.objects.get(code=competency),
        level=ProficiencyLevel.objects.get(number=level),
        points=points,
        **fields,
    )
    question.choices = [
        Choice(text=choice_text, weight=_grade(kind, correct, choices), sort_order=index)
        for index, (choice_text, correct) in enumerate(choices)
    ]
    question.save()
    return question


def _grade(kind, right, choices):
    if not isinstance(right, bool):
        return Decimal(str(right))
    if kind == "multiple":
        count = sum(1 for _text, flag in choices if flag is right)
        return (Decimal(100 if right else -100) / count).quantize(Decimal("0.00001"))
    if kind in ("single", "short_answer", "numerical", "matching"):
        return Decimal(100 if right else 0)
    return Decimal(0)


@pytest.fixture
def questions(category):
    """One question of every type; the first answer of each choice list is right."""
    return {
        "single": make_question(
            category,
            "single",
            "客户突然说不再需要我们的服务，第一步做什么？",
            choices=[("察觉问题", True), ("立即降价", False), ("等待", False)],
            explanation=EXPLANATION,
        ),
        "multiple": make_question(
            category,
            "multiple",
            "要弄清客户为什么购买，需要回答哪些问题？",
            level=2,
            choices=[("经营范围", True), ("客户的客户", True), ("个人提成", False)],
        ),
        "true_false": make_question(
            category, "true_false", "客户说的需求就是真正的需求。", correct_is_true=False, competency="solution-design"
        ),
        "short_answer": make_question(
            category, "short_answer", "拍板的人称为____。", choices=[("决策者", True), ("拍板人", True)]
        ),
        "ordering": make_question(
            category,
            "ordering",
            "排列前三步",
            level=2,
            choices=[("察觉问题", False), ("陈述问题", False), ("理清问题", False)],
            competency="solution-design",
        ),
    }


@pytest.fixture
def assessment(home_page):
    index = home_page.add_child(instance=AssessmentIndexPage(title="测评认证", slug="assessment", show_in_menus=True))
    index.save_revision().publish()
    return index


def add_quiz(parent, questions, **rules):
    quiz = QuizPage(title=rules.pop("title", "需求理解与分析测评"), slug=rules.pop("slug", "needs-quiz"), **rules)
    quiz.fixed_questions = [
        QuizQuestion(question=question, sort_order=index) for index, question in enumerate(questions)
    ]
    parent.add_child(instance=quiz)
    quiz.save_revision().publish()
    return QuizPage.objects.get(pk=quiz.pk)


@pytest.fixture
def quiz(assessment, questions):
    """Every auto-scored type, in a fixed order, choices not shuffled."""
    return add_quiz(assessment, list(questions.values()), shuffle_choices=False, pass_mark=60)


@pytest.fixture
def assessor(db):
    from accounts.roles import ASSESSOR

    return UserFactory(username="lijianguo", display_name="李建国", roles=[ASSESSOR])


def right_answers(attempt, data=None):
    """POST data answering every question of the attempt correctly."""
    data = dict(data or {})
    for answer in attempt.answers.all():
        snapshot, name = answer.snapshot, f"q{answer.position}"
        correct = [choice["id"] for choice in snapshot["choices"] if choice["correct"]]
        if snapshot["kind"] == "single":
            data[name] = str(correct[0])
        elif snapshot["kind"] == "multiple":
            data[name] = [str(pk) for pk in correct]
        elif snapshot["kind"] == "true_false":
            data[name] = "true" if snapshot["true"] else "false"
        elif snapshot["kind"] == "short_answer":
            data[name] = snapshot["choices"][0]["text"]
        elif snapshot["kind"] == "ordering":
            for position, choice in enumerate(snapshot["choices"], start=1):
                data[f"{name}-{choice['id']}"] = str(position)
        else:
            data[name] = "我的分析：先察觉问题，再陈述问题。"
    return data
