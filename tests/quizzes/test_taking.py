"""Taking a quiz as a learner would: start, answer, save, submit, see the result."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from competencies.models import Evidence, PlanItem
from quizzes.models import Attempt, AttemptAnswer, QuizOverride
from quizzes.services import start_attempt, submit_attempt
from tests.factories import LearnerFactory
from tests.quizzes.conftest import EXPLANATION, add_quiz, right_answers

pytestmark = pytest.mark.django_db


def start(client, quiz):
    return client.post(reverse("quizzes:start", args=[quiz.pk]))


def take_url(attempt):
    return reverse("quizzes:take", args=[attempt.pk])


def test_quiz_page_states_the_rules_and_offers_to_start(learner_client, quiz):
    html = learner_client.get(quiz.url).content.decode()
    assert "及格线" in html and "60%" in html
    assert "开始测评" in html


def test_the_attempts_table_follows_each_attempt_from_open_to_scored_in_each_language(learner_client, learner, quiz):
    from tests.conftest import EN

    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    html = learner_client.get(quiz.url).content.decode()
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "学习中" in row and f'href="{take_url(attempt)}">继续学习' in row and "%" not in row

    learner_client.post(take_url(attempt), right_answers(attempt, {"page": "1", "action": "finish"}))
    html = learner_client.get(quiz.url).content.decode()
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "已完成" in row and '100% <span class="status status--done">已通过</span>' in row
    assert "第 1 次作答结果" in row
    assert f'href="{take_url(attempt)}"' not in row
    html = learner_client.get(quiz.url, **EN).content.decode()
    row = html[html.index("<tbody>") : html.index("</tbody>")]
    assert "Result of attempt 1" in row and "Passed" in row and "Finished" in row and "已通过" not in row


def test_the_number_of_questions_follows_the_quiz_when_it_is_published_again(learner_client, quiz):
    from tests.conftest import fresh

    assert "<dd>5</dd>" in learner_client.get(quiz.url).content.decode()
    edited = fresh(quiz)
    edited.fixed_questions.remove(edited.fixed_questions.last())
    edited.save_revision().publish()
    assert "<dd>4</dd>" in learner_client.get(quiz.url).content.decode()


def test_anonymous_visitors_are_asked_to_sign_in(client, quiz):
    assert "登录后参加测评" in client.get(quiz.url).content.decode()
    response = start(client, quiz)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert not Attempt.objects.exists()


def test_the_page_never_contains_the_answer_key(learner_client, learner, quiz, questions):
    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    html = learner_client.get(take_url(attempt)).content.decode()
    assert "客户突然说不再需要我们的服务" in html
    # Explanations, accepted short answers and correctness flags stay on the server.
    assert EXPLANATION not in html
    assert "拍板人" not in html
    assert "correct" not in html.lower()
    # A right and a wrong choice are marked up identically, apart from value and text.
    right, wrong = questions["single"].choices.all()[:2]
    assert f'value="{right.pk}">' in html and f'value="{wrong.pk}">' in html


def test_answers_are_saved_as_the_learner_goes_and_survive_a_reload(learner_client, learner, quiz, questions):
    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    right = questions["single"].choices.first()
    response = learner_client.post(
        reverse("quizzes:autosave", args=[attempt.pk]), {"page": "1", "q1": str(right.pk), "q4": "决策者"}
    )
    assert response.json() == {"saved": True}
    html = learner_client.get(take_url(attempt)).content.decode()
    assert f'value="{right.pk}" checked' in html
    assert 'value="决策者"' in html


def test_submitting_scores_every_answer_and_shows_the_result_by_competency(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    response = learner_client.post(take_url(attempt), right_answers(attempt, {"page": "1", "action": "finish"}))
    assert response["Location"] == reverse("quizzes:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert (attempt.state, attempt.percent, attempt.passed) == ("finished", 100, True)
    html = learner_client.get(response["Location"]).content.decode()
    assert "100%" in html and "已通过" in html
    assert "需求理解与分析" in html and "方案设计" in html
    assert EXPLANATION in html  # the quiz's review shows explanations after submitting
    evidence = Evidence.objects.filter(user=learner, source="quiz")
    assert {item.competency.code for item in evidence} == {"needs-analysis", "solution-design"}
    assert all(item.score == 100 for item in evidence)


def test_finishing_reads_the_answers_once_under_the_lock_and_saves_answers_and_scores_together(
    learner_client, learner, quiz
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    data = right_answers(attempt, {"page": "1", "action": "finish"})
    with CaptureQueriesContext(connection) as finishing:
        learner_client.post(take_url(attempt), data)
    answers_table = '"quizzes_attemptanswer"'
    sql = [query["sql"] for query in finishing]
    reads = [statement for statement in sql if statement.startswith("SELECT") and answers_table in statement]
    # Django logs a statement run for many rows as "N times: UPDATE …".
    writes = [statement for statement in sql if "UPDATE " + answers_table in statement]
    # Read once, under the attempt's lock, the form parsed against those rows.
    assert len(reads) == 1 and len(writes) == 1
    assert all(column in writes[0] for column in ('"response"', '"answered_at"', '"score"'))
    assert AttemptAnswer.objects.filter(attempt=attempt, score__isnull=False).count() == attempt.answers.count()


def test_only_the_pass_says_it_ticked_off_the_plan_item(
    learner_client, learner, quiz, django_capture_on_commit_callbacks
):
    PlanItem.objects.create(user=learner, page=quiz, origin=PlanItem.Origin.CHOSEN)
    done = "学习计划中的这一项已完成。"
    start(learner_client, quiz)
    failed = Attempt.objects.get(user=learner)
    learner_client.post(take_url(failed), {"page": "1", "action": "finish", "confirm": "1"})
    failed_result = reverse("quizzes:result", args=[failed.pk])
    assert done not in learner_client.get(failed_result).content.decode()
    start(learner_client, quiz)
    passed = Attempt.objects.filter(user=learner).latest("pk")
    with django_capture_on_commit_callbacks(execute=True):
        learner_client.post(take_url(passed), right_answers(passed, {"page": "1", "action": "finish"}))
    assert done in learner_client.get(reverse("quizzes:result", args=[passed.pk])).content.decode()
    assert done not in learner_client.get(failed_result).content.decode()


def test_each_review_shows_its_own_answer_where_others_answered_the_same_question_differently(client, quiz):
    """A review of an answer is kept, keyed by the values it is drawn from: a second
    learner reads the first's drawings where they answered alike, and their own where
    not, in their own language."""
    from tests.conftest import EN

    def finish_and_review(person, short_answer, **headers):
        client.force_login(person)
        start(client, quiz)
        attempt = Attempt.objects.get(user=person)
        data = right_answers(attempt, {"page": "1", "action": "finish"})
        position = attempt.answers.get(kind="short_answer").position
        data[f"q{position}"] = short_answer
        client.post(take_url(attempt), data)
        html = client.get(reverse("quizzes:result", args=[attempt.pk]), **headers).content.decode()
        start_of_item = html.index(f'id="review-{position}"')
        return html[start_of_item : html.index("</article>", start_of_item)], html

    first, _html = finish_and_review(LearnerFactory(), "决策者")
    assert "得分 1 / 1" in first and "<dd>决策者</dd>" in first
    second, html = finish_and_review(LearnerFactory(), "老板")
    assert "得分 0 / 1" in second and "<dd>老板</dd>" in second
    assert "察觉问题" in html  # the other questions, answered alike, read the same
    other_wrong, _html = finish_and_review(LearnerFactory(), "经理")
    assert "得分 0 / 1" in other_wrong and "<dd>经理</dd>" in other_wrong
    third, _html = finish_and_review(LearnerFactory(), "决策者", **EN)
    assert "1 of 1 points" in third and "Your answer" in third and "决策者" in third


def test_the_result_page_names_competencies_and_levels_from_the_kept_competency_model(learner_client, learner, quiz):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from competencies.models import ProficiencyLevel

    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    learner_client.post(take_url(attempt), right_answers(attempt, {"page": "1", "action": "finish"}))
    url = reverse("quizzes:result", args=[attempt.pk])
    learner_client.get(url)
    with CaptureQueriesContext(connection) as again:
        html = learner_client.get(url).content.decode()
    assert "需求理解与分析" in html
    model_tables = ('FROM "competencies_competency"', 'FROM "competencies_proficiencylevel"')
    assert not [query for query in again if any(table in query["sql"] for table in model_tables)]
    assert "第 2 级 · 独立运用" in html
    renamed = ProficiencyLevel.objects.get(number=2)
    renamed.name = "能独立完成"
    renamed.save()  # as the admin saves it: the competency model moves on
    assert "第 2 级 · 能独立完成" in learner_client.get(url).content.decode()


def test_a_quiz_across_all_five_skills_records_evidence_for_each_in_the_queries_one_skill_costs(
    client, learner, assessment, category
):
    """Each competency a quiz touches gets its piece of evidence, with its own score and
    the level it indicates; recording them is one insert, not one (and a savepoint)
    each."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.quizzes.conftest import make_question

    skills = ["needs-analysis", "solution-design", "solution-marketing", "competitive-strategy", "analytical-thinking"]

    def exam(slug, competencies):
        bank = [
            make_question(category, "single", f"{slug} {n}", competency=code, choices=[("对", True), ("错", False)])
            for n, code in enumerate(competencies * 2)
        ]
        return add_quiz(assessment, bank, slug=slug, title=slug, shuffle_choices=False, pass_mark=50)

    def submit(quiz, *, wrong_for=()):
        attempt = start_attempt(user=learner, quiz=quiz)
        data = {"page": "1", "action": "finish"}
        for answer_row in attempt.answers.all():
            wrong = answer_row.competency.code in wrong_for and answer_row.position % 2
            choice = answer_row.snapshot["choices"][1 if wrong else 0]
            data[f"q{answer_row.position}"] = str(choice["id"])
        with CaptureQueriesContext(connection) as captured:
            assert client.post(take_url(attempt), data).status_code == 302
        return len(captured)

    client.force_login(learner)
    submit(exam("warm-up", skills[:1]))  # the first request of a session reads more
    one_skill = submit(exam("one-skill", skills[:1]), wrong_for={"needs-analysis"})
    five_skills = submit(exam("five-skills", skills), wrong_for={"solution-design"})
    assert five_skills == one_skill
    evidence = Evidence.objects.filter(user=learner, reference__startswith="five-skills")
    scores = {item.competency.code: item.score for item in evidence}
    assert scores == dict.fromkeys(skills, 100) | {"solution-design": 50}
    levels = {item.competency.code: item.level.number if item.level else None for item in evidence}
    assert levels["needs-analysis"] == 1 and levels["solution-design"] == 1


def test_answers_saved_together_keep_each_value_exactly_and_leave_the_others_alone(learner, quiz):
    from decimal import Decimal

    from core.bulk import update_each
    from quizzes.models import AttemptAnswer

    attempt = start_attempt(user=learner, quiz=quiz)
    first, second, third = list(attempt.answers.order_by("position"))[:3]
    moment = timezone.now().replace(microsecond=123456)
    first.response, first.answered_at, first.score = {"text": "决策者 \"拍板\" \n 'O'Brien'"}, moment, Decimal("0.33")
    second.response, second.answered_at, second.score = {"choices": [3, 1]}, None, None
    update_each([first, second], ["response", "answered_at", "score"])
    stored = AttemptAnswer.objects.in_bulk([first.pk, second.pk, third.pk])
    assert stored[first.pk].response == {"text": "决策者 \"拍板\" \n 'O'Brien'"}
    assert (stored[first.pk].answered_at, stored[first.pk].score) == (moment, Decimal("0.33"))
    assert (stored[second.pk].response, stored[second.pk].answered_at, stored[second.pk].score) == (
        {"choices": [3, 1]},
        None,
        None,
    )
    assert stored[third.pk].response is None


def test_wrong_answers_fail_and_indicate_no_level(learner_client, learner, quiz, questions):
    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    wrong = questions["single"].choices.all()[1]
    learner_client.post(take_url(attempt), {"page": "1", "action": "finish", "confirm": "1", "q1": str(wrong.pk)})
    attempt.refresh_from_db()
    assert attempt.passed is False and attempt.percent == 0
    assert "未通过" in learner_client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert set(Evidence.objects.filter(user=learner).values_list("level", flat=True)) == {None}


def test_each_learner_reviews_their_own_answer_to_the_same_question_in_their_language(
    client, learner, quiz, questions
):
    from tests.conftest import EN

    right, wrong = questions["single"].choices.all()[:2]

    def answer_and_review(person, choice, **headers):
        client.force_login(person)
        start(client, quiz)
        attempt = Attempt.objects.get(user=person)
        client.post(take_url(attempt), {"page": "1", "action": "finish", "confirm": "1", "q1": str(choice.pk)})
        html = client.get(reverse("quizzes:result", args=[attempt.pk]), **headers).content.decode()
        return html[html.index('id="review-1"') : html.index('id="review-2"')]

    first = answer_and_review(learner, right)
    assert f"<dd>{right.text}</dd>" in first and "得分 1 / 1" in first
    second = answer_and_review(LearnerFactory(), wrong)
    assert f"<dd>{wrong.text}</dd>" in second and "得分 0 / 1" in second
    third = answer_and_review(LearnerFactory(), wrong, **EN)
    assert "Your answer" in third and "0 of 1 points" in third and f"<dd>{wrong.text}</dd>" in third


def test_submitting_with_unanswered_questions_asks_first_and_keeps_the_answers(
    learner_client, learner, quiz, questions
):
    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    right = questions["single"].choices.first()
    response = learner_client.post(take_url(attempt), {"page": "1", "action": "finish", "q1": str(right.pk)})
    html = response.content.decode()
    assert "还有 4 道题未作答" in html and "仍然提交" in html
    attempt.refresh_from_db()
    assert attempt.state == "in_progress"
    assert attempt.answers.get(position=1).response == {"choice": right.pk}
    learner_client.post(take_url(attempt), {"action": "finish", "confirm": "1"})  # the confirmation's own form
    attempt.refresh_from_db()
    assert attempt.state == "finished" and attempt.score == 1


def test_submitting_twice_records_one_attempt(learner_client, learner, quiz):
    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    data = right_answers(attempt, {"page": "1", "action": "finish"})
    first = learner_client.post(take_url(attempt), data)
    second = learner_client.post(take_url(attempt), {"page": "1", "action": "finish"})
    assert first["Location"] == second["Location"]
    assert Attempt.objects.filter(user=learner).count() == 1
    attempt.refresh_from_db()
    assert attempt.percent == 100  # the empty second submission changed nothing
    assert Evidence.objects.filter(user=learner).count() == 2


def test_starting_in_two_tabs_shares_one_attempt(learner_client, learner, quiz):
    start(learner_client, quiz)
    start(learner_client, quiz)
    assert Attempt.objects.filter(user=learner).count() == 1


def test_the_attempt_limit_is_enforced_on_the_server(learner_client, learner, assessment, questions):
    quiz = add_quiz(assessment, [questions["single"]], max_attempts=1)
    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    learner_client.post(take_url(attempt), {"page": "1", "action": "finish", "confirm": "1"})
    response = learner_client.post(reverse("quizzes:start", args=[quiz.pk]), follow=True)
    assert "你已用完本测评的全部作答次数" in response.content.decode()
    assert Attempt.objects.filter(user=learner).count() == 1


def test_an_accommodation_grants_more_attempts_and_time(learner, assessment, questions):
    quiz = add_quiz(assessment, [questions["single"]], max_attempts=1, time_limit_minutes=10)
    QuizOverride.objects.create(quiz=quiz, user=learner, max_attempts=2, time_limit_minutes=30, reason="视力障碍")
    now = timezone.now()
    first = start_attempt(user=learner, quiz=quiz, now=now)
    assert first.deadline == now + timedelta(minutes=30)
    submit_attempt(user=learner, attempt=first)
    assert start_attempt(user=learner, quiz=quiz).number == 2


def test_the_time_limit_is_enforced_on_the_server(learner_client, learner, assessment, questions):
    quiz = add_quiz(assessment, [questions["single"]], time_limit_minutes=10)
    attempt = start_attempt(user=learner, quiz=quiz, now=timezone.now() - timedelta(minutes=11))
    right = questions["single"].choices.first()
    # Answers arriving after the deadline (and its short grace) are not accepted…
    response = learner_client.post(reverse("quizzes:autosave", args=[attempt.pk]), {"page": "1", "q1": str(right.pk)})
    assert response.status_code == 409
    attempt.refresh_from_db()
    # …and the attempt was submitted with what had been saved in time: nothing.
    assert attempt.state == "finished" and attempt.percent == 0
    assert attempt.submitted_at == attempt.deadline


def test_an_abandoned_attempt_is_closed_when_its_time_is_up(learner_client, learner, assessment, questions):
    quiz = add_quiz(assessment, [questions["single"]], time_limit_minutes=5)
    attempt = start_attempt(user=learner, quiz=quiz, now=timezone.now() - timedelta(hours=1))
    html = learner_client.get(quiz.url).content.decode()
    attempt.refresh_from_db()
    assert attempt.state == "finished"
    assert "开始新的作答" in html


def test_a_quiz_outside_its_dates_cannot_be_started(learner_client, learner, assessment, questions):
    quiz = add_quiz(assessment, [questions["single"]], opens_at=timezone.now() + timedelta(days=1))
    assert "本测评当前未开放" in learner_client.get(quiz.url).content.decode()
    response = learner_client.post(reverse("quizzes:start", args=[quiz.pk]), follow=True)
    assert "本测评当前未开放" in response.content.decode()
    assert not Attempt.objects.exists()


def test_nobody_else_takes_or_reads_an_attempt(client, learner, quiz, team, director):
    attempt = start_attempt(user=learner, quiz=quiz)
    submit_attempt(user=learner, attempt=attempt)
    client.force_login(LearnerFactory())
    assert client.get(take_url(attempt)).status_code == 403
    assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 403
    assert client.post(reverse("quizzes:autosave", args=[attempt.pk])).status_code == 403
    client.force_login(director)  # the learner's director may read the result
    assert client.get(reverse("quizzes:result", args=[attempt.pk])).status_code == 200


def test_page_by_page_navigation_saves_each_page(learner_client, learner, assessment, questions):
    quiz = add_quiz(assessment, [questions["single"], questions["short_answer"]], navigation="paged")
    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    html = learner_client.get(take_url(attempt)).content.decode()
    assert "客户突然说不再需要" in html and "拍板的人" not in html
    right = questions["single"].choices.first()
    response = learner_client.post(take_url(attempt), {"page": "1", "action": "next", "q1": str(right.pk)})
    assert response["Location"].endswith("?page=2")
    learner_client.post(take_url(attempt), {"page": "2", "action": "finish", "q2": "决策者"})
    attempt.refresh_from_db()
    assert attempt.percent == 100


def test_random_draws_prefer_questions_the_learner_has_not_seen(learner, assessment, questions):
    from quizzes.models import RandomDraw

    quiz = add_quiz(assessment, [])
    RandomDraw.objects.create(quiz=quiz, count=2, competency=questions["single"].competency)
    pool = {questions[kind].pk for kind in ("single", "multiple", "short_answer")}
    first = start_attempt(user=learner, quiz=quiz)
    submit_attempt(user=learner, attempt=first)
    second = start_attempt(user=learner, quiz=quiz)
    seen_first = set(first.answers.values_list("question_id", flat=True))
    seen_second = set(second.answers.values_list("question_id", flat=True))
    assert len(seen_first) == 2 and seen_first <= pool
    assert pool - seen_first <= seen_second  # the unseen question comes first


def test_score_only_review_hides_the_answers(learner_client, learner, assessment, questions):
    quiz = add_quiz(assessment, [questions["single"]], review="score")
    attempt = start_attempt(user=learner, quiz=quiz)
    submit_attempt(user=learner, attempt=attempt)
    html = learner_client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "0%" in html
    assert "察觉问题" not in html and EXPLANATION not in html


def test_editing_a_question_later_never_changes_a_result(learner_client, learner, quiz, questions):
    attempt = start_attempt(user=learner, quiz=quiz)
    submit_attempt(user=learner, attempt=attempt)
    question = questions["single"]
    question.text = "改过的题目"
    question.save()
    html = learner_client.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "客户突然说不再需要我们的服务" in html and "改过的题目" not in html


def test_junk_input_gets_a_normal_answer_never_a_500(learner_client, learner, quiz, questions, home_page):
    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    assert learner_client.get(take_url(attempt) + "?page=abc").status_code == 200
    assert learner_client.get(take_url(attempt) + "?page=-5").status_code == 200
    junk = {"page": "x", "q1": "not-a-number", "q2": ["9999", "abc"], "q3": "maybe", "q5-1": "99", "action": "goto-x"}
    assert learner_client.post(take_url(attempt), junk).status_code == 302
    assert learner_client.post(reverse("quizzes:autosave", args=[attempt.pk]), junk).json() == {"saved": True}
    assert not attempt.answers.filter(response__isnull=False).exists()
    assert learner_client.post(reverse("quizzes:start", args=[home_page.pk])).status_code == 404
    assert learner_client.get(reverse("quizzes:take", args=[999999])).status_code == 404
    assert learner_client.get(reverse("quizzes:verify", args=["x" * 300])).status_code == 404
    assert learner_client.get(reverse("quizzes:certificate", args=["<script>"])).status_code == 404


def test_a_grade_that_is_not_a_number_is_refused(client, assessor, assessment, category, learner):
    from tests.quizzes.conftest import make_question

    essay = make_question(category, "essay", "写出你的分析。", points=5)
    quiz = add_quiz(assessment, [essay], slug="essay-only")
    attempt = submit_attempt(user=learner, attempt=start_attempt(user=learner, quiz=quiz))
    answer = attempt.answers.get()
    client.force_login(assessor)
    response = client.post(reverse("quizzes:grade", args=[answer.pk]), {"score": "五分", "feedback": "很好"})
    assert response.status_code == 200 and "很好" in response.content.decode()
    answer.refresh_from_db()
    assert answer.score is None


def test_the_attempts_pages_show_the_quiz_as_last_published_and_a_director_sees_whose_result_it_is(
    learner_client, learner, quiz, client, team, director
):
    from quizzes.models import QuizPage

    start(learner_client, quiz)
    attempt = Attempt.objects.get(user=learner)
    assert "需求理解与分析测评" in learner_client.get(take_url(attempt)).content.decode()
    learner_client.post(take_url(attempt), right_answers(attempt, {"page": "1", "action": "finish"}))
    result_url = reverse("quizzes:result", args=[attempt.pk])
    assert EXPLANATION in learner_client.get(result_url).content.decode()

    # The editors retitle the quiz and stop showing answers after a submission.
    revision = QuizPage.objects.get(pk=quiz.pk)
    revision.title = "需求分析能力测评（2027版）"
    revision.review = QuizPage.Review.SCORE
    revision.save_revision().publish()
    html = learner_client.get(result_url).content.decode()
    assert "需求分析能力测评（2027版）" in html and EXPLANATION not in html and "只显示分数" in html

    client.force_login(director)
    html = client.get(result_url).content.decode()
    assert f"{learner.get_full_name()}，第 1 次作答" in html
