"""Practice (no grade, key at once) and the mistake book (错题本)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from competencies.models import Competency, Evidence, PlanItem
from quizzes.models import Mistake, PracticeAnswer, PracticePage, Question, QuizPage, RandomDraw
from quizzes.services import start_attempt, submit_attempt
from tests.quizzes.conftest import add_quiz, make_question

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice_pool(category):
    return [
        make_question(
            category,
            "single",
            f"练习题 {number}：客户说太贵了，先做什么？",
            choices=[("问清比较对象", True), ("马上降价", False)],
            pool=Question.Pool.PRACTICE,
            explanation="先理清问题。",
        )
        for number in (1, 2)
    ]


@pytest.fixture
def practice_page(assessment, competency_model):
    page = PracticePage(
        title="练习：需求理解与分析", slug="practice", competency=Competency.objects.get(code="needs-analysis")
    )
    assessment.add_child(instance=page)
    page.save_revision().publish()
    return page


def shown_question(response):
    html = response.content.decode()
    return int(re.search(r'name="question" value="(\d+)"', html).group(1)), re.search(
        r'name="token" value="(\w+)"', html
    ).group(1)


def answer(client, page, response, *, right, mode=None):
    question_id, token = shown_question(response)
    question = Question.objects.get(pk=question_id)
    choice = question.choices.get(weight=100 if right else 0)
    data = {"question": question_id, "token": token, "q1": str(choice.pk)}
    mistake = re.search(r'name="mistake" value="(\d+)"', response.content.decode())
    if mistake:
        data["mistake"] = mistake.group(1)
    if mode:
        data["mode"] = mode
    return client.post(page.url, data)


def test_practice_shows_only_practice_questions_and_the_key_at_once(
    client, learner, practice_page, practice_pool, questions
):
    client.force_login(learner)
    for _round in range(4):
        first = client.get(practice_page.url)
        question_id, _token = shown_question(first)
        assert question_id in {question.pk for question in practice_pool}  # never an exam item
    response = answer(client, practice_page, first, right=True)
    html = response.content.decode()
    assert "回答正确" in html and "先理清问题。" in html and "问清比较对象" in html
    assert PracticeAnswer.objects.get().right
    assert not Evidence.objects.exists()  # practice is no evidence for certification


def test_one_form_sent_twice_is_answered_once(client, learner, practice_page, practice_pool):
    client.force_login(learner)
    page = client.get(practice_page.url)
    answer(client, practice_page, page, right=False)
    answer(client, practice_page, page, right=False)
    assert PracticeAnswer.objects.count() == 1
    assert Mistake.objects.get().wrong_count == 1


def test_a_practice_mistake_leaves_the_book_after_two_right_answers_in_a_row(
    client, learner, practice_page, practice_pool
):
    client.force_login(learner)
    answer(client, practice_page, client.get(practice_page.url), right=False)
    mistake = Mistake.objects.get()
    assert mistake.source == "practice" and mistake.cleared_at is None
    for expected_streak in (1, 2):
        page = client.get(practice_page.url + "?mode=mistakes")
        assert shown_question(page)[0] == mistake.question_id
        answer(client, practice_page, page, right=True, mode="mistakes")
        mistake.refresh_from_db()
        assert mistake.right_streak == expected_streak
    assert mistake.cleared_at is not None
    done = client.get(practice_page.url + "?mode=mistakes").content.decode()
    assert "这项能力已经没有要练的错题了" in done


def test_a_missed_exam_question_is_worked_off_on_practice_questions_of_its_level(
    client, learner, assessment, practice_page, practice_pool, questions
):
    quiz = add_quiz(assessment, [questions["single"]], shuffle_choices=False)
    attempt = start_attempt(user=learner, quiz=quiz)
    wrong = questions["single"].choices.get(weight=0, text="等待")
    submit_attempt(user=learner, attempt=attempt, responses={1: {"choice": wrong.pk}})
    mistake = Mistake.objects.get(user=learner)
    assert (mistake.source, mistake.question, mistake.quiz_id) == ("quiz", questions["single"], quiz.pk)
    client.force_login(learner)
    book = client.get(reverse("quizzes:mistakes")).content.decode()
    assert "客户突然说不再需要我们的服务" in book and "需求理解与分析测评" in book
    for _right in range(2):
        page = client.get(practice_page.url + "?mode=mistakes")
        shown, _token = shown_question(page)
        assert shown in {question.pk for question in practice_pool}  # the exam item itself is never shown
        assert "与你在测评中答错的题属于同一能力和层级" in page.content.decode()
        answer(client, practice_page, page, right=True, mode="mistakes")
    mistake.refresh_from_db()
    assert mistake.cleared_at is not None


def test_the_mistake_book_offers_its_practice_to_the_learning_plan(client, learner, practice_page, practice_pool):
    client.force_login(learner)
    answer(client, practice_page, client.get(practice_page.url), right=False)
    book = client.get(reverse("quizzes:mistakes")).content.decode()
    assert "需求理解与分析" in book and "加入我的学习计划" in book
    client.post(reverse("competencies:add"), {"page": practice_page.pk, "next": reverse("quizzes:mistakes")})
    assert PlanItem.objects.filter(user=learner, page=practice_page).exists()
    assert "已在学习计划中" in client.get(reverse("quizzes:mistakes")).content.decode()


def test_nobody_sees_or_clears_anyone_elses_mistakes(client, learner, practice_page, practice_pool):
    from tests.factories import LearnerFactory

    client.force_login(learner)
    answer(client, practice_page, client.get(practice_page.url), right=False)
    mine = Mistake.objects.get()
    other = LearnerFactory()
    client.force_login(other)
    assert "练习题" not in client.get(reverse("quizzes:mistakes")).content.decode()
    page = client.get(practice_page.url)
    question_id, token = shown_question(page)
    right = Question.objects.get(pk=question_id).choices.get(weight=100)
    client.post(practice_page.url, {"question": question_id, "token": token, "mistake": mine.pk, "q1": right.pk})
    mine.refresh_from_db()
    assert mine.right_streak == 0


def test_quizzes_never_draw_or_hold_practice_questions(learner, assessment, practice_pool, competency_model):
    quiz = QuizPage(title="随机测评", slug="random")
    quiz.random_draws = [RandomDraw(count=5, competency=Competency.objects.get(code="needs-analysis"), sort_order=0)]
    assessment.add_child(instance=quiz)
    quiz.save_revision().publish()
    exam = make_question(practice_pool[0].category, "true_false", "考试题", correct_is_true=True)
    attempt = start_attempt(user=learner, quiz=quiz)
    assert [answer.question_id for answer in attempt.answers.all()] == [exam.pk]
    with pytest.raises(ValidationError, match="练习题"):
        add_quiz(assessment, [practice_pool[0]], slug="fixed-practice").full_clean()


def test_practice_needs_sign_in(client, practice_page):
    response = client.get(practice_page.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_checking_before_answering_asks_again_and_is_no_mistake(client, learner, practice_page, practice_pool):
    client.force_login(learner)
    question_id, token = shown_question(client.get(practice_page.url))
    response = client.post(practice_page.url, {"question": question_id, "token": token})
    html = response.content.decode()
    assert "请先选择或填写答案，再核对。" in html
    assert shown_question(response) == (question_id, token)
    assert not PracticeAnswer.objects.exists() and not Mistake.objects.exists()


def test_the_mistake_book_and_practice_pages_cost_the_same_queries_however_many_mistakes(
    client, learner, practice_page, practice_pool, category
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    client.force_login(learner)
    answer(client, practice_page, client.get(practice_page.url), right=False)
    # Once each, as after any answer: what is kept of the learner is read afresh once.
    queries(reverse("quizzes:mistakes")), queries(practice_page.url + "?mode=mistakes")
    few = (queries(reverse("quizzes:mistakes")), queries(practice_page.url + "?mode=mistakes"))
    for number in range(20):
        question = make_question(category, "true_false", f"错题 {number}", correct_is_true=True)
        Mistake.objects.create(
            user=learner, question=question, competency=question.competency, level=1, source=Mistake.Source.QUIZ
        )
    many = (queries(reverse("quizzes:mistakes")), queries(practice_page.url + "?mode=mistakes"))
    assert many == few


def test_submitting_a_quiz_costs_the_same_queries_however_many_answers_are_wrong(
    client, learner, assessment, category
):
    """Each wrong answer goes into the mistake book; a second miss counts again and
    reopens a cleared mistake. Recording them is set-based: a 50-question exam answered
    badly cost two queries per wrong answer."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wrong_choice = "马上降价"

    def submit_all_wrong(quiz):
        attempt = start_attempt(user=learner, quiz=quiz)
        data = {"page": "1", "action": "finish"}
        for answer_row in attempt.answers.all():
            choice = next(c for c in answer_row.snapshot["choices"] if c["text"] == wrong_choice)
            data[f"q{answer_row.position}"] = str(choice["id"])
        with CaptureQueriesContext(connection) as captured:
            assert client.post(reverse("quizzes:take", args=[attempt.pk]), data).status_code == 302
        return len(captured)

    def exam(slug, count):
        bank = [
            make_question(category, "single", f"{slug} {n}", choices=[("问清比较对象", True), (wrong_choice, False)])
            for n in range(count)
        ]
        return add_quiz(assessment, bank, slug=slug, title=slug, shuffle_choices=False), bank

    client.force_login(learner)
    small, _ = exam("small", 2)
    large, large_bank = exam("large", 12)
    submit_all_wrong(small)
    submit_all_wrong(large)
    assert Mistake.objects.filter(user=learner).count() == 14
    assert set(Mistake.objects.values_list("wrong_count", flat=True)) == {1}

    Mistake.objects.filter(question=large_bank[0]).update(right_streak=1, cleared_at=timezone.now())
    few, many = submit_all_wrong(small), submit_all_wrong(large)
    assert many == few
    again = Mistake.objects.get(question=large_bank[0])
    assert (again.wrong_count, again.right_streak, again.cleared_at, again.source) == (2, 0, None, "quiz")
    assert Mistake.objects.filter(user=learner, wrong_count=2).count() == 14
