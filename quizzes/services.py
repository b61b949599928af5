"""Taking quizzes: starting an attempt, saving answers, submitting, grading essays.

Every rule that matters is enforced here, on the server: who may take a quiz, when,
how often, for how long. Functions are keyword-only, check permission first and run in
one transaction; calling one twice (a double click, two tabs) has the effect of once.
"""

import random
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from competencies.models import Competency, Evidence, ProficiencyLevel
from competencies.profiles import competency_model
from competencies.services import record_evidence, record_evidence_for_each
from core.bulk import update_each
from core.generations import Generation
from quizzes import records
from quizzes.certification import check_certifications
from quizzes.models import Attempt, AttemptAnswer, Question, QuestionCategory, QuestionTag, QuizOverride, QuizPage
from quizzes.practice import record_quiz_mistakes
from quizzes.scoring import TWO_PLACES, indicated_level, percent, plain_number, score_answer

# Answers that left the browser just before the deadline still count.
SUBMISSION_GRACE = timedelta(seconds=30)
# Called as hook(attempt) after an attempt is finished with a pass, so other apps
# (course completion, learning plans) can react without quizzes importing them.
QUIZ_PASSED_HOOK = "after_quiz_passed"


@dataclass(frozen=True)
class Allowance:
    """How many attempts and how much time this person has on this quiz."""

    max_attempts: int | None
    time_limit_minutes: int | None


# Moves on whenever an accommodation is granted, changed or withdrawn (quizzes/apps.py).
overrides_generation = Generation("quiz-overrides-generation")
OVERRIDES_KEPT_SECONDS = 10 * 60


def allowance_for(*, quiz, user):
    override = _override_for(quiz, user) if user.is_authenticated else None
    return Allowance(
        max_attempts=(override.max_attempts if override and override.max_attempts else quiz.max_attempts),
        time_limit_minutes=(
            override.time_limit_minutes if override and override.time_limit_minutes else quiz.time_limit_minutes
        ),
    )


def _override_for(quiz, user):
    # Every reader of a quiz page asks, and few people ever have an accommodation: who
    # has one on this quiz is kept, so everyone else asks no more.
    people = overrides_generation.keep(
        f"quizzes:overridden:{quiz.pk}",
        lambda: set(QuizOverride.objects.filter(quiz=quiz).values_list("user_id", flat=True)),
        seconds=OVERRIDES_KEPT_SECONDS,
    )
    return QuizOverride.objects.filter(quiz=quiz, user=user).first() if user.pk in people else None


def _require_learner(user):
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to take quizzes."))


def _require_owner(user, attempt):
    _require_learner(user)
    if attempt.user_id != user.pk:
        raise PermissionDenied(_("This is someone else's attempt."))


@transaction.atomic
def start_attempt(*, user, quiz, now=None):
    """The learner's open attempt, or a new one with its questions drawn."""
    _require_learner(user)
    now = now or timezone.now()
    if not quiz.live:
        raise PermissionDenied(_("This quiz is not published."))
    open_attempt = Attempt.objects.filter(quiz=quiz, user=user, state=Attempt.State.IN_PROGRESS).first()
    if open_attempt:
        open_attempt = close_if_overdue(attempt=open_attempt, now=now)
        if open_attempt.in_progress:
            return open_attempt
    if not quiz.is_open(now):
        raise ValidationError(_("This quiz is not open now."))
    allowance = allowance_for(quiz=quiz, user=user)
    used = Attempt.objects.filter(quiz=quiz, user=user).count()
    if allowance.max_attempts is not None and used >= allowance.max_attempts:
        raise ValidationError(_("You have used all your attempts at this quiz."))
    questions = draw_questions(quiz=quiz, user=user)
    if not questions:
        raise ValidationError(_("This quiz has no questions yet."))
    deadline = None
    if allowance.time_limit_minutes:
        deadline = now + timedelta(minutes=allowance.time_limit_minutes)
    if quiz.closes_at and (deadline is None or quiz.closes_at < deadline):
        deadline = quiz.closes_at
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(quiz=quiz, user=user, number=used + 1, started_at=now, deadline=deadline)
    except IntegrityError:
        # Another tab started it a moment ago: share that attempt.
        return Attempt.objects.get(quiz=quiz, user=user, state=Attempt.State.IN_PROGRESS)
    answers = []
    for position, question in enumerate(questions, start=1):
        snapshot = question.snapshot()
        order = [choice["id"] for choice in snapshot["choices"]]
        if question.kind == Question.Kind.ORDERING or (
            quiz.shuffle_choices
            and question.kind in (Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.MATCHING)
        ):
            random.shuffle(order)
        snapshot["display_order"] = order
        if question.kind == Question.Kind.MATCHING:
            # The answers are listed in an order of their own, so the first item's
            # right answer is not always the first offered.
            answer_order = [choice["id"] for choice in snapshot["choices"]]
            random.shuffle(answer_order)
            snapshot["match_order"] = answer_order
        answers.append(
            AttemptAnswer(
                attempt=attempt,
                position=position,
                question=question,
                competency_id=question.competency_id,
                kind=question.kind,
                level=question.level.number,
                points=question.points,
                snapshot=snapshot,
            )
        )
    AttemptAnswer.objects.bulk_create(answers)
    attempt.max_score = sum((answer.points for answer in answers), Decimal(0))
    attempt.save(update_fields=["max_score"])
    records.attempt_started(attempt=attempt, quiz=quiz)
    return attempt


def draw_questions(*, quiz, user):
    """The fixed questions in order, then each random draw, unseen questions first."""
    chosen = list(dict.fromkeys(quiz.fixed_questions.order_by("sort_order").values_list("question_id", flat=True)))
    taken = set(chosen)
    seen = Exists(AttemptAnswer.objects.filter(attempt__user=user, question=OuterRef("pk")))
    for draw in quiz.random_draws.select_related("category").order_by("sort_order"):
        filters = Q()
        if draw.category_id:
            # A shelf includes the shelves inside it, as in Moodle.
            filters &= Q(category__in=QuestionCategory.with_descendants(draw.category))
        if draw.competency_id:
            filters &= Q(competency_id=draw.competency_id)
        if draw.level_id:
            filters &= Q(level_id=draw.level_id)
        if draw.tag:
            tagged = QuestionTag.objects.filter(tag__name=draw.tag).values("content_object_id")
            filters &= Q(pk__in=tagged)
        drawn = list(
            Question.objects.filter(filters, pool=Question.Pool.EXAM)
            .exclude(kind=Question.Kind.DESCRIPTION)
            .exclude(pk__in=taken)
            .annotate(seen=seen)
            .order_by("seen", "?")
            .values_list("pk", flat=True)[: draw.count]
        )
        chosen += drawn
        taken.update(drawn)
    questions = Question.objects.select_related("level").prefetch_related("choices").in_bulk(chosen)
    return [questions[pk] for pk in chosen]


def _accepting_answers(attempt, now):
    return attempt.in_progress and (attempt.deadline is None or now <= attempt.deadline + SUBMISSION_GRACE)


@transaction.atomic
def save_answers(*, user, attempt, responses, now=None):
    """Store the learner's answers so far ({position: response}). Returns whether they
    were stored: after the deadline nothing more is accepted and the attempt is closed."""
    _require_owner(user, attempt)
    now = now or timezone.now()
    attempt = Attempt.objects.select_for_update().get(pk=attempt.pk)
    if not _accepting_answers(attempt, now):
        close_if_overdue(attempt=attempt, now=now)
        return False
    answers = attempt.answers.filter(position__in=list(responses))
    update_each(_take_responses(answers, responses, now), ["response", "answered_at"])
    return True


def _take_responses(answers, responses, now):
    """The answers whose response `responses` changes, changed."""
    changed = []
    for answer in answers:
        if answer.position in responses and answer.response != responses[answer.position]:
            answer.response = responses[answer.position]
            answer.answered_at = now
            changed.append(answer)
    return changed


@dataclass(slots=True)
class AnswerValues:
    """An attempt's answer as finishing scores it and a result shows it: plain values
    read in one go. Fifty answers made into model instances took a millisecond more,
    on every "Finish" and every result."""

    pk: int
    position: int
    question_id: int | None
    competency_id: int | None
    kind: str
    level: int
    points: Decimal
    snapshot: dict
    response: dict | None
    answered_at: object
    score: Decimal | None
    feedback: str

    @property
    def needs_grading(self):
        return self.kind == Question.Kind.ESSAY and self.score is None


def answer_values(attempt):
    """The attempt's answers in order, as AnswerValues."""
    names = AnswerValues.__slots__
    rows = AttemptAnswer.objects.filter(attempt_id=attempt.pk).order_by("position").values_list(*names)
    return [AnswerValues(*row) for row in rows]


@dataclass(frozen=True)
class Finishing:
    """What the learner's "Finish" came to: the attempt (submitted unless questions
    were left unanswered and not confirmed), those questions' positions, and whether
    the last answers arrived in time to count."""

    attempt: Attempt
    unanswered: list
    in_time: bool = True


@transaction.atomic
def finish_attempt(*, user, attempt, read_responses=None, confirmed=False, now=None):
    """Save the last answers and submit the attempt, reading and writing its answers
    once. `read_responses(answers)` gives the learner's last responses ({position:
    response}) from the attempt's answers as locked here: a form is read against each
    question's kind and choices, which are read only here. Unless `confirmed`, an
    attempt with questions still unanswered is saved only, and `unanswered` says
    which, for the learner to confirm or go back to. Finishing an attempt that is
    already submitted returns it unchanged."""
    _require_owner(user, attempt)
    now = now or timezone.now()
    locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
    locked.user = user  # the owner, as checked: the evidence recorded below names them
    if Attempt.quiz.is_cached(attempt):
        locked.quiz = attempt.quiz
    if not locked.in_progress:
        return Finishing(locked, [])
    answers = answer_values(locked)
    in_time = _accepting_answers(locked, now)
    if in_time:
        responses = read_responses(answers) if read_responses else {}
        changed = _take_responses(answers, responses, now)
        unanswered = [] if confirmed else _unanswered(answers)
        if unanswered:
            update_each(changed, ["response", "answered_at"], model=AttemptAnswer)
            return Finishing(locked, unanswered)
    submitted_at = min(now, locked.deadline) if locked.deadline else now
    return Finishing(_score_and_close(locked, submitted_at=submitted_at, answers=answers), [], in_time)


def _unanswered(answers):
    return sorted(answer.position for answer in answers if answer.response is None and answer.kind != "description")


def submit_attempt(*, user, attempt, responses=None, now=None):
    """Save the last answers (if still in time) and score the attempt. Submitting an
    attempt that is already submitted returns it unchanged."""
    return finish_attempt(
        user=user, attempt=attempt, read_responses=lambda _answers: responses or {}, confirmed=True, now=now
    ).attempt


def close_if_overdue(*, attempt, now=None):
    """An attempt left open past its deadline is submitted with what was saved in time."""
    now = now or timezone.now()
    if _overdue(attempt, now):
        with transaction.atomic():
            locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
            if locked.in_progress:
                return _score_and_close(locked, submitted_at=locked.deadline)
            return locked
    return attempt


def close_overdue(*, attempts, now=None):
    """Closes those of `attempts` left open past their deadline, as `close_if_overdue`
    does; whether any was."""
    now = now or timezone.now()
    overdue = [attempt for attempt in attempts if _overdue(attempt, now)]
    for attempt in overdue:
        close_if_overdue(attempt=attempt, now=now)
    return bool(overdue)


def _overdue(attempt, now):
    return attempt.in_progress and attempt.deadline and now > attempt.deadline + SUBMISSION_GRACE


def _score_and_close(attempt, *, submitted_at, answers=None):
    """`answers`: all of the attempt's, when the caller holds them already, with any
    responses just taken not yet saved: they are saved with the scores."""
    saving = ["response", "answered_at", "score"] if answers is not None else ["score"]
    answers = list(attempt.answers.all()) if answers is None else answers
    for answer in answers:
        answer.score = score_answer(answer.snapshot, answer.response)
    update_each(answers, saving, model=AttemptAnswer)
    attempt.submitted_at = submitted_at
    return _finish_if_graded(attempt, answers, saving=["submitted_at"])


def _finish_if_graded(attempt, answers, *, saving=()):
    """The attempt's score, and its result once no essay waits for an assessor;
    `saving`: more of the attempt's fields to save with them, in the same UPDATE."""
    if any(answer.needs_grading for answer in answers):
        attempt.score = sum((answer.score for answer in answers if answer.score is not None), Decimal(0))
        attempt.state = Attempt.State.AWAITING_GRADING
        attempt.save(update_fields=[*saving, "score", "state"])
        return attempt
    quiz = attempt.quiz
    attempt.score = sum((answer.score for answer in answers), Decimal(0)).quantize(TWO_PLACES)
    attempt.percent = percent(attempt.score, attempt.max_score)
    attempt.passed = attempt.percent >= quiz.pass_mark
    attempt.state = Attempt.State.FINISHED
    attempt.save(update_fields=[*saving, "score", "percent", "passed", "state"])
    results = competency_results(answers, mastery=quiz.pass_mark)
    records.attempt_finished(attempt=attempt, quiz=quiz, competency_results=results)
    _record_quiz_evidence(attempt, quiz, results)
    record_quiz_mistakes(attempt, answers, now=attempt.submitted_at)
    if attempt.passed:
        for hook in hooks.get_hooks(QUIZ_PASSED_HOOK):
            transaction.on_commit(lambda hook=hook: hook(attempt))
    _announce_evidence_changed(attempt.user)
    return attempt


def competency_results(answers, *, mastery):
    """Per competency: points, out of, percent and the level the answers indicate."""
    totals = {}
    for answer in answers:
        if answer.competency_id is None:
            continue
        entry = totals.setdefault(answer.competency_id, {"score": Decimal(0), "points": Decimal(0), "levels": {}})
        earned = answer.score or Decimal(0)
        entry["score"] += earned
        entry["points"] += answer.points
        level = entry["levels"].setdefault(answer.level, [Decimal(0), Decimal(0)])
        level[0] += earned
        level[1] += answer.points
    results = {}
    for competency_id, entry in totals.items():
        by_level = {level: percent(earned, out_of) for level, (earned, out_of) in entry["levels"].items()}
        results[competency_id] = {
            "score": entry["score"],
            "points": entry["points"],
            "percent": percent(entry["score"], entry["points"]),
            "level": indicated_level(by_level, mastery),
        }
    return results


def _record_quiz_evidence(attempt, quiz, results):
    levels = {level.number: level for level in competency_model().levels}
    readings = [(competency, result["percent"], levels.get(result["level"])) for competency, result in results.items()]
    record_evidence_for_each(
        user=attempt.user,
        source=Evidence.Source.QUIZ,
        readings=readings,
        reference=f"{quiz.title} #{attempt.number}",
        page=quiz,
        recorded_at=attempt.submitted_at,
    )


def _competency(pk):
    # record_evidence needs the competency only for its id: no query for it.
    return Competency(pk=pk)


def _announce_evidence_changed(user):
    # After commit: certification reads what this transaction wrote, and a failure
    # there must not undo the learner's submitted attempt.
    transaction.on_commit(lambda: check_certifications(user=user))


def can_grade(user):
    return user.is_authenticated and user.is_active and user.has_perm("quizzes.grade_attempt")


@transaction.atomic
def grade_answer(*, grader, answer, score, feedback="", now=None):
    """An assessor's mark for an essay answer. The attempt's result follows once its
    last essay is graded; the grading is evidence in its own right too."""
    if not can_grade(grader):
        raise PermissionDenied(_("Only assessors grade open answers."))
    # The attempt's lock first: the same grade sent twice then reads what the first wrote.
    attempt = Attempt.objects.select_for_update().get(pk=answer.attempt_id)
    answer = AttemptAnswer.objects.get(pk=answer.pk)
    answer.attempt = attempt
    if attempt.user_id == grader.pk:
        raise PermissionDenied(_("Nobody grades their own answers."))
    if answer.kind != Question.Kind.ESSAY or attempt.in_progress:
        raise ValidationError(_("Only submitted essay answers are graded by hand."))
    try:
        score = Decimal(str(score)).quantize(TWO_PLACES)
    except ArithmeticError as error:
        raise ValidationError(_("Give a number of points.")) from error
    if not Decimal(0) <= score <= answer.points:
        raise ValidationError(
            _("Give between 0 and %(points)s points.") % {"points": plain_number(answer.points)},
        )
    if answer.graded_by_id == grader.pk and answer.score == score and answer.feedback == feedback:
        return answer
    answer.score = score
    answer.feedback = feedback
    answer.graded_by = grader
    answer.graded_at = now or timezone.now()
    answer.save(update_fields=["score", "feedback", "graded_by", "graded_at"])
    quiz = QuizPage.objects.get(pk=attempt.quiz_id)
    answer_percent = percent(score, answer.points)
    if answer.competency_id:
        record_evidence(
            user=attempt.user,
            competency=_competency(answer.competency_id),
            source=Evidence.Source.ASSESSOR,
            score=answer_percent,
            level=ProficiencyLevel.objects.filter(number=answer.level).first()
            if answer_percent >= quiz.pass_mark
            else None,
            reference=f"{quiz.title} #{attempt.number} · Q{answer.position}",
            page=quiz,
            recorded_by=grader,
            recorded_at=answer.graded_at,
        )
    if attempt.state == Attempt.State.AWAITING_GRADING:
        _finish_if_graded(attempt, list(attempt.answers.all()))
    return answer
