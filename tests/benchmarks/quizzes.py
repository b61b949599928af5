"""Assessment at scale: a 50-question quiz, submitted and its result read, while the
database holds a large history of other people's attempts.

Stored attempts carry a few answers each (not 50): the queries that matter filter by
attempt, learner or question through indexes, so the history's row count is what
weighs, and this keeps seeding to a minute or two.
"""

import random
import time
from decimal import Decimal
from urllib.parse import urlencode

from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from competencies.models import Competency, ProficiencyLevel
from quizzes import demo as quizzes_demo
from quizzes.models import (
    AssessmentIndexPage,
    Attempt,
    AttemptAnswer,
    Choice,
    Question,
    QuestionCategory,
    QuizPage,
    QuizQuestion,
)
from quizzes.services import start_attempt
from tests.benchmarks.measure import counting_queries

QUESTIONS = 50
BATCH = 5000


@transaction.atomic
def seed_assessment(*, attempts, answers_per_attempt=5):
    """The demo section and certifications, a 50-question quiz, and `attempts` stored
    finished attempts spread over every seeded learner. Returns the quiz."""
    quizzes_demo.load()
    index = AssessmentIndexPage.objects.get()
    category = QuestionCategory.objects.create(name="基准题库")
    competencies = list(Competency.objects.all())
    levels = list(ProficiencyLevel.objects.all())
    questions = []
    for n in range(QUESTIONS):
        question = Question(
            category=category,
            kind="single" if n % 5 else "multiple",
            text=f"基准题目{n}：客户为什么突然要走？",
            competency=competencies[n % len(competencies)],
            level=levels[n % len(levels)],
        )
        question.choices = [Choice(text=f"选项{m}", weight=100 if m == 0 else 0, sort_order=m) for m in range(4)]
        question.save()
        questions.append(question)
    quiz = QuizPage(title="基准测评（50题）", slug="bench-quiz", shuffle_choices=True)
    quiz.fixed_questions = [QuizQuestion(question=question, sort_order=n) for n, question in enumerate(questions)]
    index.add_child(instance=quiz)
    quiz.save_revision().publish()
    _seed_history(quiz, questions, attempts, answers_per_attempt)
    return quiz


def _seed_history(quiz, questions, count, answers_per_attempt):
    user_ids = list(User.objects.values_list("pk", flat=True))
    now = timezone.now()
    snapshot = questions[0].snapshot()
    numbers = {}
    made = 0
    while made < count:
        batch = []
        for _ in range(min(BATCH, count - made)):
            user_id = random.choice(user_ids)
            numbers[user_id] = numbers.get(user_id, 0) + 1
            percent = Decimal(random.randint(20, 100))
            batch.append(
                Attempt(
                    quiz=quiz,
                    user_id=user_id,
                    number=numbers[user_id],
                    state="finished",
                    started_at=now,
                    submitted_at=now,
                    score=percent / 2,
                    max_score=Decimal(50),
                    percent=percent,
                    passed=percent >= 60,
                )
            )
        Attempt.objects.bulk_create(batch)
        stored = Attempt.objects.filter(quiz=quiz).order_by("-pk")[: len(batch)]
        AttemptAnswer.objects.bulk_create(
            AttemptAnswer(
                attempt_id=attempt_id,
                position=position,
                question=questions[position],
                competency_id=questions[position].competency_id,
                kind="single",
                level=1,
                points=Decimal(1),
                snapshot=snapshot,
                response={"choice": snapshot["choices"][0]["id"]},
                score=Decimal(random.randint(0, 1)),
            )
            for attempt_id in stored.values_list("pk", flat=True)
            for position in range(answers_per_attempt)
        )
        made += len(batch)


def _post_as_a_browser(url, data, *, client):
    # The quiz form has no file field, so a browser sends it urlencoded; the test
    # client's default, multipart, took about 2.5 ms more to parse.
    return client.post(url, urlencode(data), content_type="application/x-www-form-urlencoded")


def measure_submission(quiz, username, *, requests):
    """Time submitting a full attempt (all 50 answered) and then reading its result.
    Returns {name: (timings, max queries)}."""
    user = User.objects.get(username=username)
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.force_login(user)
    results = {"submit 50-question attempt": ([], 0), "result page, 50 questions": ([], 0)}
    for _ in range(requests):
        attempt = start_attempt(user=user, quiz=quiz)
        data = {"page": "1", "action": "finish"}
        for answer in attempt.answers.all():
            choices = answer.snapshot["choices"]
            data[f"q{answer.position}"] = str(choices[random.randrange(len(choices))]["id"])
        for name, method, url, payload in (
            ("submit 50-question attempt", _post_as_a_browser, reverse("quizzes:take", args=[attempt.pk]), data),
            ("result page, 50 questions", client.get, reverse("quizzes:result", args=[attempt.pk]), None),
        ):
            with counting_queries() as counted:
                started = time.perf_counter()
                response = method(url, payload, client=client) if payload else method(url)
                elapsed = time.perf_counter() - started
            if response.status_code not in (200, 302):
                raise SystemExit(f"{url} answered {response.status_code}")
            timings, queries = results[name]
            timings.append(elapsed)
            results[name] = (timings, max(queries, counted.count))
    attempt = Attempt.objects.filter(user=user, quiz=quiz).latest("pk")
    if attempt.state != "finished":
        raise SystemExit("the benchmark's attempts were not scored")
    return results
