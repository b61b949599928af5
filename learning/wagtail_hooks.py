from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem as AdminMenuItem

from core.menu import MENU_HOOK, MenuItem
from learning.reports import CourseEnrolmentReportView


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
