from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.models import Page
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet

from accounts.profile import PROFILE_PANEL_HOOK
from competencies.plans import PLAN_CONTENT_HOOK, PlanOffer
from competencies.services import complete_plan_items
from core.choosers import NoAddingPermissionPolicy
from core.menu import MENU_HOOK, MenuItem, menu_url
from core.person_generation import kept_for_person
from core.reports import register_report
from core.tree import children_of
from quizzes.certification import certification_scheme_generation, check_certifications
from quizzes.models import Attempt, Certificate, QuizPage
from quizzes.records import certificates_expired
from quizzes.reports import QuestionStatisticsView
from quizzes.services import QUIZ_PASSED_HOOK, can_grade
from quizzes.viewsets import AssessmentViewSetGroup
from xapi.services import CLOCK_EVENTS_HOOK

# Before any viewset asks for the model's policy.
register_permission_policy(Certificate, NoAddingPermissionPolicy(Certificate))

register_snippet(AssessmentViewSetGroup)


@hooks.register(MENU_HOOK)
def assessor_desk_menu_item(request):
    if can_grade(request.user):
        return MenuItem(label=_("Assessor's desk"), url=menu_url("quizzes:grading"), order=950, requires_login=True)
    if request.user.is_authenticated and request.user.has_perm("accounts.view_team"):
        return MenuItem(
            label=_("Sign-offs"), url=menu_url("quizzes:sign_offs"), order=950, requires_login=True, group="team"
        )
    return None


@hooks.register(MENU_HOOK)
def my_certificates_menu_item(request):
    return MenuItem(
        label=_("My certification"),
        url=menu_url("quizzes:my_certificates"),
        order=915,
        requires_login=True,
        group="mine",
    )


@hooks.register(PROFILE_PANEL_HOOK)
def certificates_panel(request, user):
    """Kept between visits until a certificate of theirs or the scheme changes."""
    return kept_for_person(
        user.pk,
        "profile:certificates",
        lambda: _certificates_panel(request, user),
        versions=[certification_scheme_generation.current()],
    )


def _certificates_panel(request, user):
    certificates = list(Certificate.objects.filter(user=user, superseded=False).select_related("certification"))
    return render_to_string("quizzes/profile_certificates_panel.html", {"certificates": certificates}, request=request)


# learning's hook names are plain strings, so quizzes registers without importing learning.
@hooks.register("register_course_completion_check")
def course_quizzes_passed(course, user):
    """A course with quizzes among its pages is complete only once each one is passed."""
    quizzes = list(children_of(Page.objects.live(), course).type(QuizPage).specific())
    if not quizzes:
        return None
    passed = set(
        Attempt.objects.filter(user=user, quiz__in=quizzes, passed=True).values_list("quiz_id", flat=True).distinct()
    )
    missing = [quiz.title for quiz in quizzes if quiz.pk not in passed]
    if not missing:
        return None
    return _("Pass the quiz: %(quizzes)s") % {"quizzes": "、".join(missing)}


register_report(
    QuestionStatisticsView,
    url_path="reports/question-statistics/",
    label=_("Question statistics"),
    icon_name="table",
    order=200,
)


# capture (and later cases) run this hook when a person's contribution is published;
# a certification that requires one may now be complete.
@hooks.register("after_contribution_published")
def recheck_certifications(user):
    transaction.on_commit(lambda: check_certifications(user=user))


@hooks.register(PLAN_CONTENT_HOOK)
def quizzes_for_a_gap(*, user, competency_id, above_level, up_to_level, limit):
    """Quizzes that measure the competency, to check the gap is closed; last in a gap's
    sequence. Quizzes the person already passed are left out."""
    passed = Attempt.objects.filter(user=user, passed=True).values("quiz_id")
    measuring = Q(random_draws__competency_id=competency_id) | Q(
        fixed_questions__question__competency_id=competency_id
    )
    quiz_ids = (
        QuizPage.objects.live()
        .filter(measuring)
        .exclude(pk__in=passed)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .distinct()[:limit]
    )
    return [PlanOffer(page_id=quiz_id, sequence=40, measures=True) for quiz_id in quiz_ids]


hooks.register(CLOCK_EVENTS_HOOK, certificates_expired)


@hooks.register(QUIZ_PASSED_HOOK)
def tick_off_quiz_in_plan(attempt):
    complete_plan_items(user=attempt.user, page=attempt.quiz)


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action("quizzes.certificate_issue", _("Certificate issued"), _("Issued the certificate"))
    actions.register_action("quizzes.certificate_revoke", _("Certificate revoked"), _("Revoked the certificate"))
    actions.register_action("quizzes.certificate_restore", _("Revocation undone"), _("Undid the revocation"))
