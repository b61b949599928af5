"""Enrolling, completing lessons and completing courses. Each function checks what the
learner may do first, runs in one transaction and is safe to call twice (a double
click or two tabs record one enrolment and one completion)."""

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail import hooks

from learning.models import CoursePage, Enrolment, LessonCompletion

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


@transaction.atomic
def open_lesson(*, user, lesson):
    """Remember the lesson as where the learner is, for "continue where you stopped"."""
    enrolment = Enrolment.objects.filter(user=user, course__path=lesson.path[: -lesson.steplen]).first()
    if enrolment and enrolment.last_lesson_id != lesson.pk:
        enrolment.last_lesson = lesson
        enrolment.save(update_fields=["last_lesson"])
    return enrolment


@transaction.atomic
def complete_lesson(*, user, lesson):
    """Mark the lesson done (enrolling if needed), then complete the course if that was
    the last thing missing. Returns the enrolment."""
    _require_learner(user)
    if not lesson.live:
        raise PermissionDenied(_("This lesson is not published."))
    enrolment = enrol(user=user, course=lesson.get_course())
    _get_or_create(LessonCompletion, user=user, lesson=lesson)
    if enrolment.last_lesson_id != lesson.pk:
        enrolment.last_lesson = lesson
        enrolment.save(update_fields=["last_lesson"])
    enrolment = refresh_course_completion(enrolment=enrolment)
    return enrolment


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
    for hook in hooks.get_hooks(COURSE_COMPLETED_HOOK):
        transaction.on_commit(lambda hook=hook: hook(enrolment))
    return enrolment


def _get_or_create(model, **fields):
    # A savepoint lets a concurrent duplicate (two tabs) fail quietly inside the
    # surrounding transaction and be read back instead.
    try:
        with transaction.atomic():
            return model.objects.get_or_create(**fields)
    except IntegrityError:
        return model.objects.get(**fields), False
