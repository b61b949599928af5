"""Practice and the mistake book (错题本): services.

Practice draws only from the practice pool, grades nothing and records no evidence. A
question answered wrong in a finished quiz or in practice goes into the learner's
mistake book; it leaves once answered right twice in a row in practice. An exam item
never appears in practice: its mistake is worked off on practice questions of the same
competency and level instead.
"""

import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from core.bulk import insert_or_add
from quizzes.forms import read_response
from quizzes.models import AttemptAnswer, Mistake, PracticeAnswer, Question
from quizzes.scoring import score_answer

PRACTISED_KINDS = [
    Question.Kind.SINGLE,
    Question.Kind.MULTIPLE,
    Question.Kind.TRUE_FALSE,
    Question.Kind.SHORT_ANSWER,
    Question.Kind.NUMERICAL,
    Question.Kind.MATCHING,
    Question.Kind.ORDERING,
]


def _require_learner(user):
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to practise."))


def record_quiz_mistakes(attempt, answers, *, now=None):
    """Every question of a finished attempt that earned less than its points goes
    into the mistake book (essays too, once graded)."""
    missed = {
        answer.question_id: (answer.competency_id, answer.level)
        for answer in answers
        if answer.question_id is not None
        and answer.competency_id is not None
        and answer.kind != "description"
        and answer.score is not None
        and answer.score < answer.points
    }
    _note_mistakes(
        user_id=attempt.user_id, missed=missed, source=Mistake.Source.QUIZ, quiz_id=attempt.quiz_id, now=now
    )


def _note_mistakes(*, user_id, missed, source, quiz_id=None, now=None):
    """Count a miss of each question in `missed` ({question id: (competency id,
    level)}), in one statement however many: a question new to the book goes in at one
    miss, one already there (inserted by another request just now, too) is counted up
    and reopened if it was cleared. Where the first miss came from stays as it was."""
    if not missed:
        return
    now = now or timezone.now()
    insert_or_add(
        Mistake,
        [
            {
                "user": user_id,
                "question": question_id,
                "competency": competency_id,
                "level": level,
                "source": source,
                "quiz": quiz_id,
                "wrong_count": 1,
                "right_streak": 0,
                "last_wrong_at": now,
                "cleared_at": None,
            }
            for question_id, (competency_id, level) in missed.items()
        ],
        unique=["user", "question"],
        add=["wrong_count"],
        replace=["right_streak", "last_wrong_at", "cleared_at"],
    )


def practice_questions(competency):
    return Question.objects.filter(pool=Question.Pool.PRACTICE, competency=competency, kind__in=PRACTISED_KINDS)


def next_question(*, user, page, mistakes_only=False):
    """(question, mistake it works off or None), or (None, None) when nothing is left.

    Mistakes come first when asked for: a practice item is asked again itself, an exam
    item by a practice question of its level the learner has not yet got right."""
    _require_learner(user)
    pool = practice_questions(page.competency)
    answered_right = Exists(PracticeAnswer.objects.filter(user=user, question=OuterRef("pk"), fraction__gte=1))
    if mistakes_only:
        # Which levels have practice questions, read once: however many exam items are
        # in the book, finding the next one to work on costs the same.
        levels = set(pool.values_list("level__number", flat=True))
        mistakes = open_mistakes(user, page.competency).select_related("question")
        for mistake in mistakes.filter(question__pool=Question.Pool.PRACTICE)[:1]:
            return mistake.question, mistake
        mistake = mistakes.filter(level__in=levels).first()
        if mistake is None:
            return None, None
        stand_in = pool.filter(level__number=mistake.level).annotate(done=answered_right).order_by("done", "?")
        return stand_in.first(), mistake
    question = pool.annotate(done=answered_right).order_by("done", "?").first()
    return question, None


def open_mistakes(user, competency=None):
    mistakes = Mistake.objects.filter(user=user, cleared_at__isnull=True)
    if competency is not None:
        mistakes = mistakes.filter(competency=competency)
    return mistakes.order_by("last_wrong_at", "pk")


def new_token():
    return secrets.token_hex(8)


@transaction.atomic
def answer_practice(*, user, page, question_id, mistake_id, token, data, now=None):
    """Score one practice answer and keep the mistake book in step: (answer, mistake),
    or (None, mistake) when nothing was answered. The same form sent twice (a double
    click) is answered once: the second send returns the first."""
    _require_learner(user)
    now = now or timezone.now()
    question = practice_questions(page.competency).prefetch_related("choices").select_related("level")
    question = question.filter(pk=question_id).first()
    if question is None or not token or len(token) > 32:
        raise PermissionDenied(_("This question is not part of this practice."))
    earlier = PracticeAnswer.objects.filter(user=user, token=token).first()
    if earlier is not None:
        return earlier, _mistake_for(user, mistake_id)
    snapshot = question.snapshot()
    snapshot["display_order"] = [choice["id"] for choice in snapshot["choices"]]
    response = read_response(snapshot, 1, data)
    if response is None:
        # Pressing "check" before answering is not a mistake: ask again.
        return None, _mistake_for(user, mistake_id, competency=page.competency)
    fraction = score_answer({**snapshot, "points": "1"}, response) or Decimal(0)
    try:
        with transaction.atomic():
            answer = PracticeAnswer.objects.create(
                user=user,
                question=question,
                competency_id=question.competency_id,
                token=token,
                snapshot=snapshot,
                response=response,
                fraction=fraction,
                answered_at=now,
            )
    except IntegrityError:
        return PracticeAnswer.objects.get(user=user, token=token), _mistake_for(user, mistake_id)
    mistake = _mistake_for(user, mistake_id, competency=page.competency)
    if answer.right:
        target = mistake or Mistake.objects.filter(user=user, question=question, cleared_at__isnull=True).first()
        if target is not None:
            target = Mistake.objects.select_for_update().get(pk=target.pk)
            target.right_streak += 1
            if target.right_streak >= Mistake.RIGHT_TIMES_TO_CLEAR:
                target.cleared_at = now
            target.save(update_fields=["right_streak", "cleared_at"])
            mistake = target
    else:
        if mistake is not None and mistake.question_id != question.pk:
            # Wrong on a stand-in: the exam item's streak starts again.
            Mistake.objects.filter(pk=mistake.pk).update(right_streak=0)
            mistake.right_streak = 0
        _note_mistakes(
            user_id=user.pk,
            missed={question.pk: (question.competency_id, question.level.number)},
            source=Mistake.Source.PRACTICE,
            now=now,
        )
        mistake = mistake or Mistake.objects.get(user=user, question=question)
    return answer, mistake


def _mistake_for(user, mistake_id, competency=None):
    """The learner's own mistake by id, or None: ids from a form are never trusted."""
    if not mistake_id:
        return None
    mistakes = Mistake.objects.filter(user=user, pk=mistake_id)
    if competency is not None:
        mistakes = mistakes.filter(competency=competency)
    return mistakes.first()


def practice_review(answer):
    """The practised question with the learner's answer, the key and the feedback, in
    the shape the quiz review uses."""
    return AttemptAnswer(
        position=1,
        kind=answer.snapshot["kind"],
        points=Decimal(1),
        snapshot=answer.snapshot,
        response=answer.response,
        score=answer.fraction,
    )
