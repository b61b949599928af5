from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem

from core.menu import MENU_HOOK, MenuItem
from learning.models import Enrolment
from learning.reports import CourseEnrolmentReportView
from learning.services import refresh_course_completion


@hooks.register(MENU_HOOK)
def my_learning_menu_item(request):
    # After the section pages (courses, assessment, cases, lessons), before nothing.
    return MenuItem(label=_("My learning"), url=reverse("learning:my_learning"), order=900)


class CourseEnrolmentReportMenuItem(AdminMenuItem):
    def is_shown(self, request):
        return CourseEnrolmentReportView.permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_course_enrolment_report_urls():
    return [
        path("reports/course-enrolments/", CourseEnrolmentReportView.as_view(), name="course_enrolment_report"),
        path(
            "reports/course-enrolments/results/",
            CourseEnrolmentReportView.as_view(results_only=True),
            name="course_enrolment_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_course_enrolment_report_menu_item():
    return CourseEnrolmentReportMenuItem(
        _("Course enrolments"), reverse("course_enrolment_report"), icon_name="doc-full-inverse", order=100
    )


# quizzes announces passes through this hook name; learning imports nothing of quizzes.
@hooks.register("after_quiz_passed")
def complete_course_after_quiz(attempt):
    """A quiz inside a course may be the last thing the course was waiting for."""
    quiz = attempt.quiz
    enrolment = Enrolment.objects.filter(user_id=attempt.user_id, course__path=quiz.path[: -quiz.steplen]).first()
    if enrolment is not None:
        refresh_course_completion(enrolment=enrolment)
