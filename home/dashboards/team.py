"""A director's team dashboard (团队学习): where the team stands against the job model,
how assigned learning is going, certificates, recent activity and what the team
contributed. A fixed number of queries, whatever the team's size."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from accounts.models import Team, User
from capture.models import ExperienceLessonPage, TeamRecommendation
from cases.models import TeamDiscussion
from competencies.profiles import profiles_of
from competencies.selectors import assigned_progress, team_assignments
from learning.models import Enrolment
from quizzes.models import Attempt, Certificate

EXPIRING_WITHIN_DAYS = 60
ACTIVITY_SHOWN = 12
LESSONS_SHOWN = 5
SORT_KEYS = ("name", "gaps", "completion", "overdue", "certificates", "lessons")


@dataclass
class MemberRow:
    user: User
    profile: object
    cells: list
    progress: object
    certificates: list = field(default_factory=list)
    lessons: int = 0

    @property
    def gap_count(self):
        return len(self.profile.gaps)

    @property
    def expiring(self):
        return [certificate for certificate in self.certificates if certificate.expiring]


@dataclass
class Activity:
    when: object
    who: User
    text: str
    page: Page | None = None


@dataclass
class TeamDashboard:
    team: Team
    columns: list
    rows: list
    sort: str
    descending: bool
    assignments: list
    activity: list
    lessons: list
    discussions: list
    recommendations: list
    expiring_within_days: int = EXPIRING_WITHIN_DAYS

    @property
    def member_count(self):
        return len(self.rows)

    @property
    def assigned_total(self):
        return sum(row.progress.total for row in self.rows)

    @property
    def assigned_done(self):
        return sum(row.progress.done for row in self.rows)

    @property
    def assigned_percent(self):
        total = self.assigned_total
        return round(100 * self.assigned_done / total) if total else None

    @property
    def overdue_total(self):
        return sum(row.progress.overdue for row in self.rows)

    @property
    def certificate_total(self):
        return sum(len(row.certificates) for row in self.rows)

    @property
    def expiring_total(self):
        return sum(len(row.expiring) for row in self.rows)

    @property
    def lesson_total(self):
        return sum(row.lessons for row in self.rows)


def teams_visible_to(user):
    """Teams whose dashboard the user may open: their own, or every team for admins."""
    teams = Team.objects.select_related("region", "director").annotate(member_count=Count("memberships"))
    return teams.order_by("name") if user.is_superuser else teams.filter(director=user).order_by("name")


def team_for(user, team_id):
    return teams_visible_to(user).filter(pk=team_id).first()


def team_dashboard(team, *, sort="name", descending=False, now=None):
    now = now or timezone.now()
    today = timezone.localdate(now)
    members = list(
        User.objects.filter(team_memberships__team=team, is_active=True).order_by("display_name", "username")
    )
    member_ids = [member.pk for member in members]
    profiles = profiles_of(members, now=now)
    columns = _columns(profiles.values())
    progress = assigned_progress(member_ids, today=today)
    certificates = _certificates(member_ids, now)
    lesson_counts = dict(
        ExperienceLessonPage.objects.live()
        .filter(contributor_id__in=member_ids)
        .values("contributor_id")
        .annotate(count=Count("pk"))
        .values_list("contributor_id", "count")
        .order_by()
    )
    recent_lessons = list(
        ExperienceLessonPage.objects.live()
        .filter(contributor_id__in=member_ids)
        .select_related("contributor")
        .order_by("-first_published_at")[:ACTIVITY_SHOWN]
    )
    rows = []
    for member in members:
        profile = profiles[member.pk]
        by_competency = {standing.competency.pk: standing for standing in profile.standings}
        rows.append(
            MemberRow(
                user=member,
                profile=profile,
                cells=[by_competency.get(competency.pk) for competency in columns],
                progress=progress[member.pk],
                certificates=certificates.get(member.pk, []),
                lessons=lesson_counts.get(member.pk, 0),
            )
        )
    sort = sort if sort in _sort_keys(columns) else "name"
    rows.sort(key=_sort_key(sort, columns), reverse=descending)
    return TeamDashboard(
        team=team,
        columns=columns,
        rows=rows,
        sort=sort,
        descending=descending,
        assignments=team_assignments(team),
        activity=_recent_activity(member_ids, recent_lessons),
        lessons=recent_lessons[:LESSONS_SHOWN],
        discussions=this_weeks_discussions(team, today),
        recommendations=list(
            TeamRecommendation.objects.filter(team=team, lesson__live=True)
            .select_related("lesson", "recommended_by")
            .order_by("-created_at")[:3]
        ),
    )


def this_weeks_discussions(team, today):
    """Cases on the team's agenda from this week's Monday to a week ahead, soonest
    first: what the team is studying now and is about to."""
    monday = today - timedelta(days=today.weekday())
    return list(
        TeamDiscussion.objects.filter(
            team=team, case__live=True, discuss_on__gte=monday, discuss_on__lte=today + timedelta(days=7)
        )
        .select_related("case", "assigned_by")
        .order_by("discuss_on", "pk")
    )


def _columns(profiles):
    seen = {}
    for profile in profiles:
        for standing in profile.standings:
            if standing.required or standing.next_required:
                seen.setdefault(standing.competency.pk, standing.competency)
    return sorted(seen.values(), key=lambda competency: (competency.kind, competency.sort_order, competency.name))


def _sort_keys(columns):
    return SORT_KEYS + tuple(competency.code for competency in columns)


def _sort_key(sort, columns):
    if sort == "gaps":
        return lambda row: row.gap_count
    if sort == "completion":
        return lambda row: row.progress.percent if row.progress.percent is not None else -1
    if sort == "overdue":
        return lambda row: row.progress.overdue
    if sort == "certificates":
        return lambda row: len(row.certificates)
    if sort == "lessons":
        return lambda row: row.lessons
    index = next((number for number, competency in enumerate(columns) if competency.code == sort), None)
    if index is not None:
        # Unmeasured sorts below level 0, so "weakest first" puts the unknown first too.
        return lambda row: row.cells[index].level if row.cells[index] and row.cells[index].assessed else -1
    return lambda row: row.user.get_display_name()


def _certificates(member_ids, now):
    held = {}
    for certificate in (
        Certificate.objects.filter(user_id__in=member_ids, superseded=False)
        .select_related("certification__grade")
        .order_by("expires_at")
    ):
        if certificate.status(now) != Certificate.Status.VALID:
            continue
        certificate.expiring = certificate.expires_at is not None and certificate.expires_at <= now + timedelta(
            days=EXPIRING_WITHIN_DAYS
        )
        held.setdefault(certificate.user_id, []).append(certificate)
    return held


def _recent_activity(member_ids, recent_lessons):
    """The team's latest finished quizzes, completed courses, certificates and published
    lessons (already loaded), newest first: three bounded queries merged."""
    activity = []
    for attempt in (
        Attempt.objects.filter(user_id__in=member_ids, state=Attempt.State.FINISHED)
        .select_related("user", "quiz")
        .order_by("-submitted_at")[:ACTIVITY_SHOWN]
    ):
        text = _("passed a quiz") if attempt.passed else _("took a quiz")
        activity.append(Activity(attempt.submitted_at, attempt.user, text, attempt.quiz))
    for enrolment in (
        Enrolment.objects.filter(user_id__in=member_ids, completed_at__isnull=False)
        .select_related("user", "course")
        .order_by("-completed_at")[:ACTIVITY_SHOWN]
    ):
        activity.append(Activity(enrolment.completed_at, enrolment.user, _("completed a course"), enrolment.course))
    for certificate in (
        Certificate.objects.filter(user_id__in=member_ids)
        .select_related("user", "certification")
        .order_by("-issued_at")[:ACTIVITY_SHOWN]
    ):
        text = _("was certified: %(name)s") % {"name": certificate.certification.name}
        activity.append(Activity(certificate.issued_at, certificate.user, text))
    for lesson in recent_lessons:
        activity.append(Activity(lesson.first_published_at, lesson.contributor, _("shared a lesson"), lesson))
    activity = [entry for entry in activity if entry.when is not None]
    return sorted(activity, key=lambda entry: entry.when, reverse=True)[:ACTIVITY_SHOWN]
