from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from competencies.plans import PLAN_CONTENT_HOOK, PlanOffer
from competencies.services import complete_plan_items
from core.menu import MENU_HOOK, MenuItem, menu_url
from core.related import RelatedGroup, tag_matches_then_competency_matches
from core.reports import register_report
from learning.forms import ScormPackageForm
from learning.models import CourseCompetency, CoursePage, CourseTag, Enrolment, ScormPackage
from learning.reports import CourseEnrolmentReportView
from learning.services import COURSE_COMPLETED_HOOK, refresh_course_completion


class ScormPackageViewSet(SnippetViewSet):
    """SCORM packages editors upload; a lesson plays one through its courseware block."""

    model = ScormPackage
    icon = "desktop"
    menu_label = _("SCORM packages")
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["title", "version", "file_count", "uploaded_at"]
    ordering = ["-uploaded_at"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [FieldPanel("title"), FieldPanel("package_file"), FieldPanel("add_to_course")],
        base_form_class=ScormPackageForm,
    )


register_snippet(ScormPackageViewSet)


@hooks.register(MENU_HOOK)
def my_learning_menu_item(request):
    # After the section pages (courses, assessment, cases, lessons), before nothing.
    return MenuItem(label=_("My learning"), url=menu_url("learning:my_learning"), order=900, group="mine")


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


@hooks.register(PLAN_CONTENT_HOOK)
def courses_for_a_gap(*, user, competency_id, above_level, up_to_level, limit):
    """Courses that take the competency past the person's level, no further than the
    grade requires, the nearest level first; finished ones are left out."""
    finished = Enrolment.objects.filter(user=user, completed_at__isnull=False).values("course_id")
    links = (
        CourseCompetency.objects.filter(
            competency_id=competency_id,
            level__number__gt=above_level,
            level__number__lte=up_to_level,
            course__live=True,
        )
        .exclude(course_id__in=finished)
        .order_by("level__number", "-course_id")
        .values_list("course_id", flat=True)[:limit]
    )
    return [PlanOffer(page_id=course_id, sequence=10) for course_id in links]


@hooks.register(COURSE_COMPLETED_HOOK)
def tick_off_course_in_plan(enrolment):
    complete_plan_items(user=enrolment.user, page=enrolment.course)
