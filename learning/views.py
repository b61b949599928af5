import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.blocks import has_checks
from learning.models import CoursePage, LessonMedia, LessonPage, ScormPackage
from learning.selectors import my_learning, part_status
from learning.services import answer_check, complete_lesson, enrol, record_scorm_commit, record_viewing

MAX_JSON_BODY = 256 * 1024


@login_required
@require_POST
def enrol_in_course(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    enrol(user=request.user, course=course)
    messages.success(request, _("You are enrolled in “%(course)s”.") % {"course": course.title})
    first = course.live_lessons().first()
    return redirect(first.url if first else course.url)


def _after_lesson_done(request, lesson, enrolment):
    if enrolment.completed_at:
        messages.success(request, _("Course complete. Well done!"))
        return redirect(enrolment.course.url)
    following = enrolment.course.live_lessons().filter(path__gt=lesson.path).first()
    messages.success(request, _("Lesson complete."))
    return redirect(following.url if following else enrolment.course.url)


@login_required
@require_POST
def mark_lesson_complete(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if has_checks(lesson.body):
        # A lesson with a check is done by the check, not by saying so.
        messages.error(request, _("This lesson is done when you have answered its check."))
        return redirect(lesson.url + "#lesson-check")
    enrolment = complete_lesson(user=request.user, lesson=lesson)
    return _after_lesson_done(request, lesson, enrolment)


@login_required
@require_POST
def answer_lesson_check(request, lesson_id, block_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    fields = {name: request.POST.get(name, "") for name in ("answer", "account")}
    try:
        response, progress = answer_check(
            user=request.user, lesson=lesson, block_id=block_id, choice=request.POST.get("choice"), **fields
        )
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"answer": error.messages}
        context = lesson.get_context(
            request,
            check_errors={block_id: errors},
            check_drafts={block_id: {**fields, "choice": request.POST.get("choice")}},
        )
        return TemplateResponse(request, lesson.get_template(request), context, status=400)
    if response.correct is False:
        messages.error(request, _("Not quite. Think it over and try again."))
        return redirect(f"{lesson.url}#check-{block_id}")
    if not progress.lesson_done:
        messages.success(request, _("Answer saved."))
        return redirect(f"{lesson.url}#check-{block_id}")
    return _after_lesson_done(request, lesson, progress.enrolment)


def _json_body(request):
    # Only the player's own JSON; a form post (whose body Django has already read) or
    # anything else is refused as unreadable.
    if request.content_type != "application/json":
        raise ValidationError(_("The request could not be read."))
    if len(request.body) > MAX_JSON_BODY:
        raise ValidationError(_("Too much data in one request."))
    try:
        return json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError) as error:
        raise ValidationError(_("The request could not be read.")) from error


@login_required
@require_POST
def record_media_viewing(request, lesson_id, media_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    media = get_object_or_404(LessonMedia, pk=media_id)
    try:
        data = _json_body(request)
        spans = data.get("spans") if isinstance(data.get("spans"), list) else []
        record = record_viewing(
            user=request.user,
            lesson=lesson,
            media=media,
            position=float(data.get("position") or 0),
            spans=spans,
            duration=float(data.get("duration") or 0),
            run=data.get("run", ""),
            sequence=data.get("sequence"),
        )
    except (ValidationError, TypeError, ValueError, AttributeError):
        return JsonResponse({"error": _("The viewing record could not be saved.")}, status=400)
    return JsonResponse({"position": record.position, "percent": record.percent_seen})


@login_required
@require_POST
def courseware_commit(request, lesson_id, package_id):
    """scorm-again commits a part's run data here; the answer tells the player the
    part's status and whether the lesson is now done."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    package = get_object_or_404(ScormPackage, pk=package_id)
    try:
        data = _json_body(request)
        attempt = record_scorm_commit(
            user=request.user,
            lesson=lesson,
            package=package,
            sco=str(data.get("part", "")),
            flat_cmi=data.get("cmi"),
            run=data.get("run", ""),
            sequence=data.get("sequence"),
        )
    except (ValidationError, PermissionDenied, AttributeError):
        return JsonResponse({"result": False, "errorCode": 101}, status=400)
    done = lesson.completions.filter(user=request.user).exists()
    return JsonResponse(
        {"result": True, "errorCode": 0, "part": attempt.sco, "part_status": part_status(attempt), "lesson_done": done}
    )


@login_required
def my_learning_view(request):
    context = my_learning(request.user)
    context["breadcrumbs"] = [(_("My learning"), None)]
    return render(request, "learning/my_learning.html", context)
