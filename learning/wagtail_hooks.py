from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.menu import MENU_HOOK, MenuItem
from core.reports import register_report
from learning.models import Enrolment
from learning.reports import CourseEnrolmentReportView
from learning.services import refresh_course_completion


@hooks.register(MENU_HOOK)
def my_learning_menu_item(request):
    # After the section pages (courses, assessment, cases, lessons), before nothing.
    return MenuItem(label=_("My learning"), url=reverse("learning:my_learning"), order=900)


register_report(
    CourseEnrolmentReportView,
    url_path="reports/course-enrolments/",
    label=_("Course enrolments"),
    icon_name="doc-full-inverse",
    order=100,
)


# quizzes announces passes through this hook name; learning imports nothing of quizzes.
@hooks.register("after_quiz_passed")
def complete_course_after_quiz(attempt):
    """A quiz inside a course may be the last thing the course was waiting for."""
    quiz = attempt.quiz
    enrolment = Enrolment.objects.filter(user_id=attempt.user_id, course__path=quiz.path[: -quiz.steplen]).first()
    if enrolment is not None:
        refresh_course_completion(enrolment=enrolment)
