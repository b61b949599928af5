"""Enrolling, completing lessons and completing courses. Each function checks what the
learner may do first, runs in one transaction and is safe to call twice (a double
click or two tabs record one enrolment and one completion)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from competencies.models import Competency, Evidence, ProficiencyLevel
from competencies.services import record_evidence
from learning import records
from learning.blocks import check_blocks, chosen_ids, has_checks
from learning.models import (
    CourseCompetency,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonResponse,
    MediaProgress,
    ScormAttempt,
)
from learning.scorm.runtime import kept_cmi, score_percent, settled

MIN_WRITTEN_ANSWER = 10
# Scores at or above this count as mastering the course's level when a SCO sets no
# pass/fail of its own.
DEFAULT_MASTERY_PERCENT = 80

# Other apps add conditions for completing a course (a final quiz passed, say): a
# function (course, user) returning None when satisfied, or a sentence saying what is
# still missing. learning never imports the apps that register them.
COMPLETION_CHECK_HOOK = "register_course_completion_check"
# Called as hook(enrolment) once a course becomes complete, so other apps (learning
# plans) can react without learning importing them.
COURSE_COMPLETED_HOOK = "after_course_completed"


def _require_learner(user):
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to take courses."))


@transaction.atomic
def enrol(*, user, course):
    _require_learner(user)
    if not course.live:
        raise PermissionDenied(_("This course is not published."))
    enrolment, _created = _get_or_create(Enrolment, user=user, course=course)
    return enrolment


def open_lesson(*, user, lesson):
    """Remember the lesson as where the learner is, for "continue where you stopped".
    Returns the enrolment, its course read with it (None when not enrolled).

    Most visits are a reload or a return to the same lesson and write nothing: they
    take no transaction, which on SQLite would lock the whole database for writing."""
    enrolment = lesson.enrolment_of(user)
    if enrolment and enrolment.last_lesson_id != lesson.pk:
        with transaction.atomic():
            enrolment.last_lesson = lesson
            enrolment.save(update_fields=["last_lesson"])
            records.lesson_experienced(user=user, lesson=lesson, when=timezone.now())
    return enrolment


@transaction.atomic
def complete_lesson(*, user, lesson):
    """Mark the lesson done (enrolling if needed), then complete the course if that was
    the last thing missing. Returns the enrolment."""
    _require_learner(user)
    if not lesson.live:
        raise PermissionDenied(_("This lesson is not published."))
    course = lesson.get_course()
    enrolment = enrol(user=user, course=course)
    _get_or_create(LessonCompletion, user=user, lesson=lesson)
    if enrolment.last_lesson_id != lesson.pk:
        enrolment.last_lesson = lesson
        enrolment.save(update_fields=["last_lesson"])
        records.lesson_experienced(user=user, lesson=lesson, when=timezone.now())
    enrolment = refresh_course_completion(enrolment=enrolment)
    return enrolment


@dataclass(frozen=True)
class LessonProgress:
    """Where the learner stands in the course after something they did in a lesson."""

    enrolment: Enrolment
    lesson_done: bool


def _complete_if_checked(*, user, lesson):
    """Complete the lesson once everything it asks is done (answers, courseware parts,
    watching); until then the learner is enrolled and the lesson stays open."""
    from learning.selectors import lesson_requirements

    if not lesson_requirements(lesson, user=user).blockers:
        return LessonProgress(complete_lesson(user=user, lesson=lesson), lesson_done=True)
    return LessonProgress(enrol(user=user, course=lesson.get_course()), lesson_done=False)


@transaction.atomic
def answer_check(*, user, lesson, block_id, answer="", account="", choice=None):
    """Record the learner's answer to one check of the lesson, then complete the lesson
    if nothing else is missing. Returns (response, LessonProgress); raises
    ValidationError with a sentence for the learner when the answer cannot count."""
    _require_learner(user)
    if not lesson.live:
        raise PermissionDenied(_("This lesson is not published."))
    block = next((block for block in check_blocks(lesson.body) if block.id == block_id), None)
    if block is None:
        raise ValidationError(_("This question is no longer part of the lesson. Reload the page."))
    answer, account = answer.strip(), account.strip()
    correct = None
    if block.block_type == "check_question":
        options = block.value["options"]
        try:
            chosen = options[int(choice)]
        except (TypeError, ValueError, IndexError):
            raise ValidationError({"choice": _("Choose one answer.")}) from None
        answer, correct = chosen["text"], bool(chosen["correct"])
    else:
        errors = {}
        if len(answer) < MIN_WRITTEN_ANSWER:
            errors["answer"] = _("Write at least %(count)s characters: a sentence or two about your own work.") % {
                "count": MIN_WRITTEN_ANSWER
            }
        if block.block_type == "practical_task" and not account:
            errors["account"] = _("Name the account you tried this on.")
        if errors:
            raise ValidationError(errors)
    response = _locked(LessonResponse, user=user, lesson=lesson, block_id=block_id)
    response.answer, response.account, response.correct = answer[:4000], account[:120], correct
    response.save()
    return response, _complete_if_checked(user=user, lesson=lesson)


def merge_spans(spans, *, duration):
    """Seen spans [start, end] in seconds, clipped to the recording and merged."""
    clean = []
    for span in spans[:500]:
        try:
            start, end = (max(0.0, min(float(value), duration)) for value in span)
        except (TypeError, ValueError):
            continue
        if end > start:
            clean.append((start, end))
    merged = []
    for start, end in sorted(clean):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


@transaction.atomic
def record_viewing(*, user, lesson, media, position, spans, duration, run="", sequence=None):
    """Remember where the learner stopped a recording and which parts they saw. Seeing
    counts toward a course's watching requirement; it never completes a lesson alone.
    A report older than one already kept from the same run (page load) still adds what
    it saw, but leaves the stopping point alone."""
    _require_learner(user)
    if not lesson.live:
        raise PermissionDenied(_("This lesson is not published."))
    if media.pk not in chosen_ids(lesson.body, "video", "media"):
        raise ValidationError(_("This recording is not part of the lesson."))
    if not _valid_report_order(MediaProgress, run, sequence):
        raise ValidationError(_("The player sent data we could not read."))
    known = media.duration or 0
    duration = known if known > 0 else max(0.0, min(float(duration or 0), 24 * 3600))
    record = _locked(MediaProgress, user=user, lesson=lesson, media=media)
    record.duration = duration
    if _newest_report(record, "report_sequence", run, sequence):
        record.position = max(0.0, min(float(position or 0), duration or float(position or 0)))
    record.seen = merge_spans([*record.seen, *spans], duration=duration or 24 * 3600)
    record.seen_seconds = round(sum(end - start for start, end in record.seen), 1)
    record.save()
    # Checks answered before the video was seen enough count from now on. A player
    # reports every few seconds: a lesson already done is not looked at again.
    if has_checks(lesson.body) and not LessonCompletion.objects.filter(user=user, lesson=lesson).exists():
        _complete_if_checked(user=user, lesson=lesson)
    return record


@transaction.atomic
def record_scorm_commit(*, user, lesson, package, sco, flat_cmi, run="", sequence=None):
    """Keep a SCO's run data; when it reports a result with a score, that becomes evidence
    for the course's competencies (as a quiz's would), and the lesson completes once
    every part of it is done. A commit older than one already kept from the same run
    changes nothing."""
    _require_learner(user)
    if not lesson.live:
        raise PermissionDenied(_("This lesson is not published."))
    if package.pk not in chosen_ids(lesson.body, "courseware", "package"):
        raise ValidationError(_("This courseware is not part of the lesson."))
    if package.item(sco) is None:
        raise ValidationError(_("This package has no part called “%(sco)s”.") % {"sco": sco})
    if not isinstance(flat_cmi, dict) or not _valid_report_order(ScormAttempt, run, sequence):
        raise ValidationError(_("The courseware sent data we could not read."))
    # Two tabs or a double commit: the row is created once and updated in turn.
    attempt = _locked(ScormAttempt, user=user, lesson=lesson, package=package, sco=sco)
    if not _newest_report(attempt, "commit_sequence", run, sequence):
        return attempt
    was_finished = attempt.finished
    attempt.cmi, attempt.completion_status, attempt.success_status = settled(
        package.version, attempt.cmi, kept_cmi(package.version, flat_cmi), was_finished=was_finished
    )
    attempt.score_percent = score_percent(package.version, attempt.cmi)
    attempt.save()
    # A result counts as evidence once the SCO judged it (passed, failed or completed
    # with a score), as a submitted quiz does; each new score once.
    judged = attempt.completion_status == "completed" or attempt.success_status in {"passed", "failed"}
    if judged and attempt.score_percent is not None and attempt.score_percent != attempt.recorded_score:
        _record_scorm_evidence(attempt, lesson, package)
        ScormAttempt.objects.filter(pk=attempt.pk).update(recorded_score=attempt.score_percent)
    if attempt.finished and not was_finished:
        _complete_if_checked(user=user, lesson=lesson)
    return attempt


def _newest_report(record, sequence_field, run, sequence):
    """Whether a player's report numbered `sequence` in `run` is newer than the last one
    `record` kept; if so, it becomes the last kept. A report without a number (an older
    player) always counts."""
    if run and run == record.run and sequence is not None and sequence <= getattr(record, sequence_field):
        return False
    if run and sequence is not None:
        record.run = run
        setattr(record, sequence_field, sequence)
    return True


def _valid_report_order(model, run, sequence):
    """A player's run id and report number, as it numbers its reports to `model`."""
    run_field = model._meta.get_field("run")
    return (
        isinstance(run, str)
        and len(run) <= run_field.max_length
        and (sequence is None or (type(sequence) is int and 0 <= sequence < 2**31))
    )


def _record_scorm_evidence(attempt, lesson, package):
    item = package.item(attempt.sco) or {}
    mastery = item.get("mastery_score")
    if attempt.success_status in {"passed", "failed"}:
        mastered = attempt.success_status == "passed"
    else:
        mastered = attempt.score_percent >= (mastery if mastery is not None else DEFAULT_MASTERY_PERCENT)
    links = CourseCompetency.objects.filter(course__path=lesson.path[: -lesson.steplen]).select_related("level")
    levels = {level.number: level for level in ProficiencyLevel.objects.all()}
    for link in links:
        # Mastering the courseware shows the level the course builds; falling short,
        # the level below it (level 0 below level 1), as a quiz's level reading does.
        record_evidence(
            user=attempt.user,
            competency=Competency(pk=link.competency_id),
            source=Evidence.Source.QUIZ,
            score=attempt.score_percent,
            level=link.level if mastered else levels.get(link.level.number - 1),
            reference=f"{package.title} · {item.get('title', attempt.sco)}",
            page=lesson,
        )


def completion_blockers(*, course, user):
    """Sentences describing what still stands between the learner and completion."""
    blockers = []
    remaining = course.live_lessons().exclude(completions__user=user).count()
    if remaining:
        blockers.append(_("%(count)s lessons to go") % {"count": remaining})
    for check in hooks.get_hooks(COMPLETION_CHECK_HOOK):
        reason = check(course, user)
        if reason:
            blockers.append(reason)
    return blockers


@transaction.atomic
def refresh_course_completion(*, enrolment):
    """Mark the course complete, with today's date, once nothing blocks it. A completed
    course stays complete even if editors later add lessons."""
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.completed_at is not None:
        return enrolment
    course = CoursePage.objects.get(pk=enrolment.course_id)
    if not course.live_lessons().exists() or completion_blockers(course=course, user=enrolment.user):
        return enrolment
    enrolment.completed_at = timezone.now()
    enrolment.save(update_fields=["completed_at"])
    records.course_completed(enrolment=enrolment, course=course)
    for hook in hooks.get_hooks(COURSE_COMPLETED_HOOK):
        transaction.on_commit(lambda hook=hook: hook(enrolment))
    return enrolment


def _locked(model, **fields):
    """The row, created if missing, locked for this transaction's update."""
    row, _created = _get_or_create(model, **fields)
    return model.objects.select_for_update().get(pk=row.pk)


def _get_or_create(model, **fields):
    # A savepoint lets a concurrent duplicate (two tabs) fail quietly inside the
    # surrounding transaction and be read back instead.
    try:
        with transaction.atomic():
            return model.objects.get_or_create(**fields)
    except IntegrityError:
        return model.objects.get(**fields), False


@transaction.atomic
def add_courseware_lesson(*, package, course, user=None):
    """A draft lesson at the end of the course that plays the package; an editor
    publishes it when it reads well."""
    from learning.models import LessonPage

    if user is not None and not course.permissions_for_user(user).can_add_subpage():
        raise PermissionDenied(_("You may not add lessons to this course."))
    lesson = LessonPage(
        title=package.title,
        estimated_minutes=max(5, 10 * len(package.items)),
        body=[("courseware", {"package": package})],
        live=False,
    )
    course.add_child(instance=lesson)
    lesson.save_revision(user=user)
    return lesson
