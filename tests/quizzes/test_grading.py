"""Essays graded by an assessor: the queue, the grade, the result that follows."""

import pytest
from django.test import Client
from django.urls import reverse

from competencies.models import Evidence
from quizzes.models import Attempt, AttemptAnswer
from quizzes.services import start_attempt, submit_attempt
from tests.quizzes.conftest import add_quiz, make_question, right_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def essay_quiz(assessment, category, questions):
    essay = make_question(
        category,
        "essay",
        "情景题：客户续约时说要再看看其他家，你怎样分析？",
        level=3,
        points=5,
        rubric="5分：三步完整。",
    )
    return add_quiz(assessment, [questions["single"], essay], slug="essay-quiz", title="情景测评")


@pytest.fixture
def submitted(learner, essay_quiz, learner_client):
    learner_client.post(reverse("quizzes:start", args=[essay_quiz.pk]))
    attempt = Attempt.objects.get(user=learner)
    learner_client.post(
        reverse("quizzes:take", args=[attempt.pk]), right_answers(attempt, {"page": "1", "action": "finish"})
    )
    attempt.refresh_from_db()
    return attempt


def test_an_attempt_with_an_essay_waits_for_grading(learner_client, submitted):
    assert submitted.state == "awaiting_grading" and submitted.passed is None
    html = learner_client.get(reverse("quizzes:result", args=[submitted.pk])).content.decode()
    assert "等待评分" in html and "评测师正在为你的问答题评分" in html


def test_only_assessors_reach_the_desk(client, learner_client, assessor, submitted):
    assert learner_client.get(reverse("quizzes:grading")).status_code == 403
    client.force_login(assessor)
    html = client.get(reverse("quizzes:grading")).content.decode()
    assert "陈晓" in html and "情景测评" in html


def test_grading_finishes_the_attempt_and_records_evidence(client, assessor, learner, submitted):
    essay = AttemptAnswer.objects.get(attempt=submitted, kind="essay")
    client.force_login(assessor)
    page = client.get(reverse("quizzes:grade", args=[essay.pk])).content.decode()
    assert "5分：三步完整。" in page and "我的分析" in page
    assert '<label for="id_score">得分' in page
    response = client.post(reverse("quizzes:grade", args=[essay.pk]), {"score": "4", "feedback": "请补充核实问题。"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.state == "finished"
    assert submitted.score == 5 and str(submitted.percent) == "83.33" and submitted.passed
    rating = Evidence.objects.get(user=learner, source="assessor")
    assert rating.recorded_by == assessor and rating.score == 80 and rating.level.number == 3
    assert Evidence.objects.filter(user=learner, source="quiz").exists()


def test_a_grade_out_of_range_is_refused_and_the_feedback_kept(client, assessor, submitted):
    essay = AttemptAnswer.objects.get(attempt=submitted, kind="essay")
    client.force_login(assessor)
    response = client.post(reverse("quizzes:grade", args=[essay.pk]), {"score": "9", "feedback": "写得很好"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "写得很好" in html
    essay.refresh_from_db()
    assert essay.score is None


def test_the_learner_sees_the_assessors_feedback(client, learner_client, assessor, submitted):
    essay = AttemptAnswer.objects.get(attempt=submitted, kind="essay")
    client.force_login(assessor)
    client.post(reverse("quizzes:grade", args=[essay.pk]), {"score": "5", "feedback": "分析到位。"})
    html = learner_client.get(reverse("quizzes:result", args=[submitted.pk])).content.decode()
    assert "分析到位。" in html and "已通过" in html


def test_nobody_grades_their_own_answers(assessor, essay_quiz):
    from django.core.exceptions import PermissionDenied

    from quizzes.services import grade_answer

    attempt = start_attempt(user=assessor, quiz=essay_quiz)
    attempt = submit_attempt(user=assessor, attempt=attempt)
    with pytest.raises(PermissionDenied):
        grade_answer(grader=assessor, answer=attempt.answers.get(kind="essay"), score=5)


def test_a_nul_in_an_essay_costs_no_answer(learner, essay_quiz, learner_client):
    learner_client.post(reverse("quizzes:start", args=[essay_quiz.pk]))
    attempt = Attempt.objects.get(user=learner)
    data = right_answers(attempt, {"page": "1", "action": "finish"})
    essay = attempt.answers.get(kind="essay")
    data[f"q{essay.position}"] = "先察觉\x00问题"
    response = learner_client.post(reverse("quizzes:take", args=[attempt.pk]), data)
    assert response.status_code == 302
    essay.refresh_from_db()
    assert "先察觉问题" in str(essay.response) and "\x00" not in str(essay.response)
    assert attempt.answers.exclude(kind="essay").get().score == 1


def test_after_grading_the_result_says_the_level_now_and_what_changed(learner_client, assessor, submitted):
    essay = AttemptAnswer.objects.get(attempt=submitted, kind="essay")
    assessor_client = Client()
    assessor_client.force_login(assessor)
    assessor_client.post(reverse("quizzes:grade", args=[essay.pk]), {"score": "5", "feedback": "分析到位。"})

    html = learner_client.get(reverse("quizzes:result", args=[submitted.pk])).content.decode()

    assert "这次测评带来的变化" in html and "你现在的等级" in html
    now = html.split("你现在是")[1].split("</li>")[0]
    growth = learner_client.get(reverse("competencies:profile")).content.decode()
    level = now.split('level-shown__level">')[1].split("<")[0]
    assert level.startswith("第 ") and level in growth


def test_the_assessors_workspace_lists_the_answers_to_grade(client, assessor, submitted):
    client.force_login(assessor)
    html = client.get("/").content.decode()
    todo = html.split('id="dash-todo"')[1].split("</section>")[0]
    assert "1 份问答题等待评分" in todo and reverse("quizzes:grading") in todo
