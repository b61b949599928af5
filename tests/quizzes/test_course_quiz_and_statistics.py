"""A quiz inside a course, and the item statistics editors use to fix weak questions."""

import pytest
from django.urls import reverse

from learning import demo as learning_demo
from learning.models import CoursePage, Enrolment
from learning.services import complete_lesson
from quizzes.reports import describe
from quizzes.services import start_attempt, submit_attempt
from tests.factories import LearnerFactory
from tests.quizzes.conftest import add_quiz

pytestmark = pytest.mark.django_db


def test_a_course_quiz_must_be_passed_to_complete_the_course(
    learner_client, learner, questions, django_capture_on_commit_callbacks
):
    learning_demo.load()
    course = CoursePage.objects.get(slug="market-analysis")
    quiz = add_quiz(course, [questions["single"]], slug="market-check", title="课后小测")
    for lesson in course.live_lessons():
        enrolment = complete_lesson(user=learner, lesson=lesson)
    assert enrolment.completed_at is None
    html = learner_client.get(course.url).content.decode()
    assert "需通过测评：课后小测" in html and "检验学习成果" in html
    attempt = start_attempt(user=learner, quiz=quiz)
    right = questions["single"].choices.first()
    with django_capture_on_commit_callbacks(execute=True):
        submit_attempt(user=learner, attempt=attempt, responses={1: {"choice": right.pk}})
    assert Enrolment.objects.get(user=learner, course=course).completed_at is not None


def test_item_statistics_flag_questions_that_do_not_work(client, admin_user, quiz, questions):
    # Six learners: strong ones get everything right, weak ones only the true/false.
    for index in range(6):
        learner = LearnerFactory()
        attempt = start_attempt(user=learner, quiz=quiz)
        strong = index < 3
        responses = {3: {"answer": False}} if not strong else {}
        if strong:
            for answer in attempt.answers.all():
                snapshot = answer.snapshot
                correct = [c["id"] for c in snapshot["choices"] if c["correct"]]
                responses[answer.position] = {
                    "single": {"choice": correct[0] if correct else None},
                    "multiple": {"choices": correct},
                    "true_false": {"answer": snapshot["true"]},
                    "short_answer": {"text": snapshot["choices"][0]["text"] if snapshot["choices"] else ""},
                    "ordering": {"order": [c["id"] for c in snapshot["choices"]]},
                }[snapshot["kind"]]
        submit_attempt(user=learner, attempt=attempt, responses=responses)
    from quizzes.reports import _stats_queryset

    stats = {question.kind: describe(question) for question in _stats_queryset()}
    assert stats["single"].answered == 6 and stats["single"].facility == 50.0
    assert stats["single"].discrimination == 1.0 and stats["single"].verdict == "正常"
    assert stats["true_false"].facility == 100.0 and stats["true_false"].discrimination is None
    assert stats["true_false"].verdict.startswith("太容易")
    client.force_login(admin_user)
    html = client.get(reverse("question_statistics")).content.decode()
    assert "区分度" in html and "太容易" in html


def test_a_wrong_key_is_flagged_check_the_key(client, admin_user, quiz, questions):
    """The single-choice key says 察觉问题, but the strongest candidates all choose 等待:
    the editors are told to check the key, not only that the question is weak."""
    single = questions["single"]
    waiting = single.choices.get(text="等待")
    for index in range(6):
        learner = LearnerFactory()
        attempt = start_attempt(user=learner, quiz=quiz)
        strong = index < 3
        responses = {}
        for answer in attempt.answers.all():
            snapshot = answer.snapshot
            if snapshot["kind"] == "single":
                responses[answer.position] = {"choice": waiting.pk if strong else snapshot["choices"][0]["id"]}
            elif strong and snapshot["kind"] == "true_false":
                responses[answer.position] = {"answer": snapshot["true"]}
            elif strong and snapshot["kind"] == "multiple":
                responses[answer.position] = {"choices": [c["id"] for c in snapshot["choices"] if c["correct"]]}
        submit_attempt(user=learner, attempt=attempt, responses=responses)
    client.force_login(admin_user)
    html = client.get(reverse("question_statistics")).content.decode()
    assert "请核对答案：成绩最好的考生选择“等待”" in html


def test_the_statistics_export_names_competencies_in_the_readers_language(client, admin_user, quiz, questions):
    from tests.conftest import EN

    def export(**headers):
        response = client.get(reverse("question_statistics") + "?export=csv", **headers)
        return b"".join(response.streaming_content).decode("utf-8-sig")

    client.force_login(admin_user)
    chinese, english = export(), export(**EN)
    assert "需求理解与分析" in chinese
    assert "Needs analysis" in english and "需求理解与分析" not in english
