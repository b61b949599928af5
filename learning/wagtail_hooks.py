from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.menu import MENU_HOOK, MenuItem
from core.related import RelatedGroup, tag_matches_then_competency_matches
from core.reports import register_report
from learning.models import CourseCompetency, CoursePage, CourseTag, Enrolment
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


@hooks.register("register_related_content")
def related_course_group(**criteria):
    """Courses that share a tag, then courses that develop a shared competency."""
    return RelatedGroup(
        label=_("Courses"),
        pages=tag_matches_then_competency_matches(
            CoursePage.objects.live(),
            tagged=CourseTag,
            competency_links=CourseCompetency,
            page_field="course_id",
            **criteria,
        ),
        order=20,
    )
