from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from learning.models import CoursePage, LessonPage
from learning.selectors import my_learning
from learning.services import complete_lesson, enrol


@login_required
@require_POST
def enrol_in_course(request, course_id):
    course = get_object_or_404(CoursePage.objects.live(), pk=course_id)
    enrol(user=request.user, course=course)
    messages.success(request, _("You are enrolled in “%(course)s”.") % {"course": course.title})
    first = course.live_lessons().first()
    return redirect(first.url if first else course.url)


@login_required
@require_POST
def mark_lesson_complete(request, lesson_id):
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    enrolment = complete_lesson(user=request.user, lesson=lesson)
    if enrolment.completed_at:
        messages.success(request, _("Course complete. Well done!"))
        return redirect(enrolment.course.url)
    following = enrolment.course.live_lessons().filter(path__gt=lesson.path).first()
    messages.success(request, _("Lesson marked as done."))
    return redirect(following.url if following else enrolment.course.url)


@login_required
def my_learning_view(request):
    context = my_learning(request.user)
    context["breadcrumbs"] = [(_("My learning"), None)]
    return render(request, "learning/my_learning.html", context)
