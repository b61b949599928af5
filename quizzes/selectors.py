"""Read-only queries behind the assessment pages. Each runs a fixed number of queries,
however many questions, attempts or certificates exist.

What a learner sees of a question while taking a quiz is built here by `presented`,
which copies only the text and the choices: no correctness flag, accepted answer or
explanation ever reaches the template before the attempt is submitted.
"""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext

from competencies.models import Competency, ProficiencyLevel
from competencies.profiles import competency_model, competency_model_generation
from competencies.selectors import (
    completed_plan_item,
    grade_of,
    levels_shown_then_and_now,
    page_in_plan,
    plan_items_for_pages,
)
from core.related import kept_until_published
from core.tree import children_of, public_pages
from quizzes.certification import (
    NOT_ATTEMPTED,
    certificates_issued_since,
    certification_overview,
    certification_scheme_generation,
    quiz_standings,
)
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    Certificate,
    Certification,
    Mistake,
    PracticeAnswer,
    PracticePage,
    Question,
    QuestionCategory,
    QuizPage,
    QuizQuestion,
    RandomDraw,
    SignOff,
)
from quizzes.scoring import matched_answer, plain_number, weights
from quizzes.services import allowance_for, answer_values, competency_results

HISTORY_SHOWN = 20


def quiz_rules(quiz, user, *, preview=False):
    return {"allowance": allowance_for(quiz=quiz, user=user), "question_count": _question_count(quiz, preview=preview)}


def _question_count(quiz, *, preview):
    """How many questions an attempt holds: its fixed questions and random draws are
    part of the quiz page, so the count is kept until the quiz is published again."""

    def count():
        fixed = QuizQuestion.objects.filter(quiz=quiz).count()
        return fixed + (RandomDraw.objects.filter(quiz=quiz).aggregate(total=Sum("count"))["total"] or 0)

    return kept_until_published(f"quizzes:question-count:{quiz.pk}", count, preview=preview)


def quiz_overview(quiz, user, *, preview=False):
    context = {"rules": quiz_rules(quiz, user, preview=preview), "quiz_open": quiz.is_open()}
    if not user.is_authenticated:
        return context
    standing = quiz_standings(user=user, quizzes=[quiz]).get(quiz.pk, NOT_ATTEMPTED)
    # The newest first, and only the most recent: a history table, not an archive. An
    # open attempt is always the newest: no other can start while it is open.
    history = list(Attempt.objects.filter(quiz=quiz, user=user).order_by("-number")[:HISTORY_SHOWN])
    result = standing.result
    max_attempts = context["rules"]["allowance"].max_attempts
    context.update(
        {
            "attempts": history,
            "attempt_count": standing.attempts,
            "open_attempt": next((attempt for attempt in history if attempt.in_progress), None),
            "result": result,
            "result_passed": result is not None and result >= quiz.pass_mark,
            "attempts_left": None if max_attempts is None else max(0, max_attempts - standing.attempts),
        }
    )
    return context


@dataclass
class QuizCard:
    quiz: QuizPage
    question_count: int
    competencies: list
    result: object = None
    passed: bool = False
    attempted: bool = False


def assessment_overview(index_page, user, *, preview=False):
    """The assessment section: each quiz with what it measures and the reader's result,
    then the certification scheme and the reader's progress towards it."""
    scheme = _assessment_scheme(index_page, preview=preview)
    quizzes = [card.quiz for card in scheme.quiz_cards]
    standings = quiz_standings(user=user, quizzes=quizzes) if user.is_authenticated and quizzes else {}
    cards = []
    for card in scheme.quiz_cards:
        result = standings.get(card.quiz.pk, NOT_ATTEMPTED).result
        cards.append(
            replace(
                card,
                result=result,
                passed=result is not None and result >= card.quiz.pass_mark,
                attempted=standings.get(card.quiz.pk, NOT_ATTEMPTED).attempts > 0,
            )
        )
    return {"quiz_cards": cards, "certifications": scheme.certifications, "practice_pages": scheme.practice_pages}


@dataclass
class AssessmentScheme:
    """What the assessment section shows every reader: its quizzes, what each measures,
    the certifications and the practice pages."""

    quiz_cards: list
    certifications: list
    practice_pages: list


def _assessment_scheme(index_page, *, preview):
    """Kept until a page is published, the certification scheme is edited or the
    competency model changes: six queries on every visit before. A question moved to
    another competency in the bank shows within PAGE_CONTENT_SECONDS."""

    def read():
        quizzes = list(children_of(public_pages(QuizPage.objects.live()), index_page).order_by("path"))
        # In the reader's language: what is kept is kept per language.
        competency_names = {competency.pk: competency.display_name for competency in Competency.objects.all()}
        measured = {}
        counts = {quiz.pk: 0 for quiz in quizzes}
        for quiz_id, competency_id in QuizQuestion.objects.filter(quiz__in=quizzes).values_list(
            "quiz_id", "question__competency_id"
        ):
            measured.setdefault(quiz_id, set()).add(competency_id)
            counts[quiz_id] += 1
        for draw in RandomDraw.objects.filter(quiz__in=quizzes):
            counts[draw.quiz_id] += draw.count
            if draw.competency_id:
                measured.setdefault(draw.quiz_id, set()).add(draw.competency_id)
        certifications = (
            Certification.objects.filter(is_active=True)
            .select_related("grade")
            .annotate(
                quiz_count=Count("required_quizzes", distinct=True),
                level_count=Count("required_levels", distinct=True),
            )
        )
        practice_pages = (
            children_of(public_pages(PracticePage.objects.live()), index_page)
            .select_related("competency")
            .order_by("path")
        )
        return AssessmentScheme(
            quiz_cards=[
                QuizCard(
                    quiz=quiz,
                    question_count=counts[quiz.pk],
                    competencies=sorted(
                        competency_names[pk] for pk in measured.get(quiz.pk, ()) if pk in competency_names
                    ),
                )
                for quiz in quizzes
            ],
            certifications=list(certifications),
            practice_pages=list(practice_pages),
        )

    return kept_until_published(
        f"quizzes:assessment-scheme:{index_page.pk}",
        read,
        versions=[certification_scheme_generation.current(), competency_model_generation.current()],
        preview=preview,
    )


def presented(answer):
    """A question as the learner sees it while answering: text and choices only."""
    snapshot = answer.snapshot
    by_id = {choice["id"]: choice for choice in snapshot["choices"]}
    order = [pk for pk in snapshot.get("display_order", list(by_id)) if pk in by_id]
    choices = [{"id": pk, "text": by_id[pk]["text"]} for pk in order]
    response = answer.response or {}
    kind = snapshot["kind"]
    if kind == "ordering":
        positions = response.get("positions") or {
            str(pk): index for index, pk in enumerate(response.get("order") or [], start=1)
        }
        for choice in choices:
            choice["position"] = positions.get(str(choice["id"]))
    options = []
    if kind == "matching":
        choices, options = _matching_layout(snapshot, order, response)
    return {
        "position": answer.position,
        "kind": kind,
        "text": snapshot["text"],
        "format": snapshot.get("format", "plain"),
        "points": answer.points,
        "choices": choices,
        "options": options,
        "positions": range(1, len(choices) + 1),
        "response": response,
    }


def _matching_layout(snapshot, order, response):
    """Items in their shown order, each with the answer chosen so far, and the distinct
    answers (each offered once, by the id of the first choice carrying it) in a
    shuffled order of their own."""
    by_id = {choice["id"]: choice for choice in snapshot["choices"]}
    given = response.get("matches") or {}
    items = [{"id": pk, "text": by_id[pk]["text"], "chosen": given.get(str(pk))} for pk in order if by_id[pk]["text"]]
    first_with = {}
    for choice in snapshot["choices"]:
        first_with.setdefault(choice["match"], choice["id"])
    options = []
    for pk in snapshot.get("match_order") or order:
        choice = by_id.get(pk)
        if choice is not None and first_with.get(choice["match"]) == pk:
            options.append({"id": pk, "text": choice["match"]})
    return items, options


def answers_on_page(quiz, answers, page_number):
    """(page number made valid, page count, the answers that page shows): one per page
    for a page-by-page quiz, all of them otherwise."""
    if quiz.navigation != QuizPage.Navigation.PAGED:
        return 1, 1, answers
    page_count = max(1, len(answers))
    page_number = min(max(1, page_number), page_count)
    return page_number, page_count, answers[page_number - 1 : page_number]


def attempt_page(attempt, page_number):
    """The questions of one page of an attempt, and where that page is."""
    quiz = attempt.quiz
    answers = list(
        AttemptAnswer.objects.filter(attempt=attempt).only("position", "kind", "points", "snapshot", "response")
    )
    paged = quiz.navigation == QuizPage.Navigation.PAGED
    page_number, page_count, shown = answers_on_page(quiz, answers, page_number)
    remaining = None
    if attempt.deadline:
        remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return {
        "attempt": attempt,
        "quiz": quiz,
        "questions": [presented(answer) for answer in shown],
        "page_number": page_number,
        "page_count": page_count,
        "is_last_page": page_number >= page_count,
        "answered_count": sum(1 for answer in answers if answer.response),
        "question_total": sum(1 for answer in answers if answer.kind != "description"),
        "overview": [
            {"position": answer.position, "answered": bool(answer.response)}
            for answer in answers
            if answer.kind != "description"
        ]
        if paged
        else [],
        "seconds_left": remaining,
    }


def question_preview(question):
    """A question as a learner will see it, and its answer key, for editors."""
    snapshot = question.snapshot()
    # Choices not saved yet (an editor previewing a new question) have no id: number them.
    for index, choice in enumerate(snapshot["choices"], start=1):
        choice["id"] = choice["id"] or -index
    snapshot["display_order"] = [choice["id"] for choice in snapshot["choices"]]
    answer = AttemptAnswer(position=1, kind=question.kind, points=question.points, snapshot=snapshot)
    key = review_row(answer, QuizPage.Review.FULL)
    return {"question": presented(answer), "key": key, "rubric": snapshot["rubric"]}


@dataclass
class CompetencyResult:
    competency: Competency
    percent: object
    score: object
    points: object
    level: ProficiencyLevel | None
    # The person's level by the one rule (competencies.levels.LevelShown), just before
    # this attempt and now; None until the attempt is finished.
    level_before: object = None
    level_now: object = None

    @property
    def level_changed(self):
        return (
            self.level_now is not None
            and self.level_now.assessed
            and (self.level_before is None or self.level_before.whole != self.level_now.whole)
        )


def attempt_result(attempt):
    """The scored attempt: totals, a result per competency, and the review rows the
    quiz allows."""
    quiz = attempt.quiz
    answers = answer_values(attempt)
    by_competency = competency_results(answers, mastery=quiz.pass_mark)
    model = competency_model()
    competencies = {competency.pk: competency for competency in model.competencies}
    levels = {level.number: level for level in model.levels}
    rows = [
        CompetencyResult(
            competency=competencies[pk],
            percent=result["percent"],
            score=result["score"],
            points=result["points"],
            level=levels.get(result["level"]),
        )
        for pk, result in by_competency.items()
        if pk in competencies
    ]
    rows.sort(key=lambda row: (row.competency.kind, row.competency.sort_order, row.competency.name))
    finished = attempt.state == Attempt.State.FINISHED and attempt.submitted_at is not None
    if finished and rows:
        before, now = levels_shown_then_and_now(attempt.user, then=attempt.submitted_at)
        for row in rows:
            row.level_before, row.level_now = before.get(row.competency.pk), now.get(row.competency.pk)
    review = quiz.review
    return {
        "attempt": attempt,
        "quiz": quiz,
        "competency_rows": rows,
        "level_changes": [row for row in rows if row.level_changed],
        "show_answers": review in (QuizPage.Review.ANSWERS, QuizPage.Review.FULL),
        "show_solutions": review == QuizPage.Review.FULL,
        "review_rows": [review_row(answer, review) for answer in answers if answer.kind != "description"]
        if review != QuizPage.Review.SCORE
        else [],
        "awaiting": attempt.state == Attempt.State.AWAITING_GRADING,
        # A plan item is ticked off by a pass: a failed attempt completed none, even
        # when a later pass has completed it since.
        "completed_item": completed_plan_item(attempt) if finished and attempt.passed else None,
        # Certification follows a finished attempt; say so where the learner looks.
        "new_certificates": certificates_issued_since(attempt.user_id, attempt.submitted_at)
        if attempt.submitted_at
        else [],
    }


def review_row(answer, review):
    snapshot = answer.snapshot
    by_id = {choice["id"]: choice for choice in snapshot["choices"]}
    response = answer.response or {}
    kind = snapshot["kind"]
    shares = weights(snapshot) if kind not in ("essay", "description", "true_false") else {}
    feedback = []
    if kind in ("single", "multiple"):
        chosen = response.get("choices") or ([response["choice"]] if response.get("choice") else [])
        given = [by_id[pk]["text"] for pk in chosen if pk in by_id]
        feedback = [by_id[pk].get("feedback", "") for pk in chosen if pk in by_id]
        correct = [
            _with_grade(choice["text"], shares[choice["id"]])
            for choice in snapshot["choices"]
            if shares[choice["id"]] > 0
        ]
    elif kind == "true_false":
        given = [_true_false_label(response.get("answer"))] if response.get("answer") is not None else []
        correct = [_true_false_label(snapshot["true"])]
        if response.get("answer") is not None:
            feedback = [snapshot.get("feedback_true" if response["answer"] else "feedback_false", "")]
    elif kind == "ordering":
        given = [by_id[pk]["text"] for pk in response.get("order") or [] if pk in by_id]
        correct = [choice["text"] for choice in snapshot["choices"]]
    elif kind == "matching":
        matches = response.get("matches") or {}
        items = [choice for choice in snapshot["choices"] if choice["text"]]
        given = [
            f"{item['text']} → {by_id[matches[str(item['id'])]]['match']}"
            for item in items
            if matches.get(str(item["id"])) in by_id
        ]
        correct = [f"{item['text']} → {item['match']}" for item in items]
    elif kind in ("short_answer", "numerical"):
        given = [response["text"]] if response.get("text") else []
        correct = [
            _with_grade(_numerical_text(choice) if kind == "numerical" else choice["text"], shares[choice["id"]])
            for choice in snapshot["choices"]
            if shares[choice["id"]] > 0
        ]
        matched = matched_answer(snapshot, response) if given else None
        feedback = [matched.get("feedback", "")] if matched else []
    else:
        given = [response["text"]] if response.get("text") else []
        correct = []
    return {
        "position": answer.position,
        "kind": kind,
        "text": snapshot["text"],
        "format": snapshot.get("format", "plain"),
        "given": given,
        "correct": correct if review == QuizPage.Review.FULL else [],
        "explanation": snapshot["explanation"] if review == QuizPage.Review.FULL else "",
        "answer_feedback": [text for text in feedback if text] if review == QuizPage.Review.FULL else [],
        "score": answer.score,
        "points": answer.points,
        "full_marks": answer.score is not None and answer.score >= answer.points,
        "feedback": answer.feedback,
        "awaiting": answer.needs_grading,
    }


def _with_grade(text, share):
    """An answer as the key shows it: "Nazareth", or "Bethlehem (25%)" for part credit."""
    if share >= 1 or share <= 0:
        return text
    return f"{text} ({plain_number((share * 100).quantize(Decimal('0.01')))}%)"


def _numerical_text(choice):
    tolerance = Decimal(choice.get("tolerance") or 0)
    return f"{choice['text']} ± {plain_number(tolerance)}" if tolerance else choice["text"]


def _true_false_label(value):
    return gettext("True") if value else gettext("False")


def grading_queue():
    """Essay answers waiting for an assessor, oldest submission first."""
    return (
        AttemptAnswer.objects.filter(kind="essay", score__isnull=True, attempt__state=Attempt.State.AWAITING_GRADING)
        .select_related("attempt__user", "attempt__quiz")
        .order_by("attempt__submitted_at", "position")
    )


def sign_off_queue(user):
    """Sign-off requests this person may decide: as an assessor, every assessor
    request; as a director, the requests of their own team members."""
    requests = SignOff.objects.filter(state=SignOff.State.REQUESTED).exclude(user=user)
    allowed = SignOff.objects.none()
    if user.is_superuser or user.has_perm("quizzes.sign_off_certification"):
        allowed = requests.filter(role=SignOff.Role.ASSESSOR)
    led = requests.filter(role=SignOff.Role.DIRECTOR)
    if not user.is_superuser:
        led = led.filter(user__team_memberships__team__director=user)
    return (allowed | led).distinct().select_related("user", "certification__grade").order_by("requested_at")


def my_certification(user):
    """The learner's certificates, their grade and the next grade's requirements."""
    grade = grade_of(user)
    certificates = list(
        Certificate.objects.filter(user=user).select_related("certification__grade").order_by("-issued_at")
    )
    progress = certification_overview(user, certificates=certificates)
    next_progress = None
    if grade is not None:
        ahead = [item for item in progress if item.certification.grade.rank > grade.rank]
        current = [item for item in progress if item.certification.grade.rank == grade.rank and not item.holds_valid]
        candidates = current + ahead
        next_progress = candidates[0] if candidates else None
    elif progress:
        next_progress = next((item for item in progress if not item.holds_valid), None)
    return {
        "grade": grade,
        "certificates": certificates,
        "next_progress": next_progress,
        "progress": [item for item in progress if item is not next_progress],
        "recent_attempts": list(Attempt.objects.filter(user=user).select_related("quiz").order_by("-started_at")[:10]),
    }


def certificate_by_code(code):
    normalised = (code or "").strip().upper()
    return (
        Certificate.objects.filter(code=normalised).select_related("user", "certification__grade").first()
        if len(normalised) <= 20
        else None
    )


def attempt_with_quiz(attempt_id):
    """The attempt with its quiz, or None. The quiz is kept until something is
    published: read with the attempt, its forty-odd page columns cost 0.3 ms on every
    answer saved and every result shown."""
    attempt = Attempt.objects.filter(pk=attempt_id).first()
    if attempt is not None:
        quiz_id = attempt.quiz_id
        attempt.quiz = kept_until_published(f"quizzes:quiz:{quiz_id}", lambda: QuizPage.objects.get(pk=quiz_id))
    return attempt


def quiz_page_for(quiz_id):
    return QuizPage.objects.live().filter(pk=quiz_id).first()


def questions_for_export(category=None):
    """The bank, or one shelf with the shelves inside it, ready for an exchange format."""
    questions = Question.objects.select_related("category", "competency", "level").prefetch_related("choices", "tags")
    if category is not None:
        questions = questions.filter(category__in=QuestionCategory.with_descendants(category))
    return questions.order_by("category__name", "pk")


def practice_overview(user, page):
    """The learner's standing on one practice page."""
    from quizzes.practice import open_mistakes, practice_questions

    answers = PracticeAnswer.objects.filter(user=user, competency=page.competency)
    return {
        "pool_size": practice_questions(page.competency).count(),
        "practised": answers.count(),
        "practised_right": answers.filter(fraction__gte=1).count(),
        "open_mistake_count": open_mistakes(user, page.competency).count(),
        "plan_item": page_in_plan(user, page),
    }


def mistake_book_for(user):
    """Open mistakes by competency, each with where it was made and how close it is to
    leaving the book, and the practice page that works it off."""
    from quizzes.practice import open_mistakes

    mistakes = list(open_mistakes(user).select_related("question", "competency", "quiz"))
    pages = {page.competency_id: page for page in PracticePage.objects.live().select_related("competency")}
    plan = {item.page_id: item for item in plan_items_for_pages(user, [page.pk for page in pages.values()])}
    groups = {}
    for mistake in mistakes:
        group = groups.setdefault(
            mistake.competency_id,
            {"competency": mistake.competency, "mistakes": [], "page": pages.get(mistake.competency_id)},
        )
        group["mistakes"].append(mistake)
    for group in groups.values():
        page = group["page"]
        group["plan_item"] = plan.get(page.pk) if page else None
    ordered = sorted(groups.values(), key=lambda group: (group["competency"].sort_order, group["competency"].name))
    return {
        "groups": ordered,
        "open_count": len(mistakes),
        "cleared_count": Mistake.objects.filter(user=user, cleared_at__isnull=False).count(),
        "right_times": Mistake.RIGHT_TIMES_TO_CLEAR,
    }
