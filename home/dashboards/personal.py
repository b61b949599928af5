"""The signed-in home page is the person's workspace: what is due and overdue (their
plan, and for assessors, editors and directors the queues that wait on them), where to
continue, their biggest gap with one next action, their teams for directors, then what
colleagues shared. A fixed number of queries, whatever the plan's or the team's size."""

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy, pgettext
from wagtail.models import GroupApprovalTask, Site, TaskState, WorkflowState
from wagtail.models import Task as WorkflowTask

from accounts.models import Team, TeamMembership
from accounts.permission_cache import permissions_generation
from accounts.selectors import teams_generation
from capture.models import Experience
from capture.selectors import newest_lessons, recommended_for
from capture.services import can_review
from cases.selectors import upcoming_discussions_for
from competencies.profiles import competency_model_generation, profile_of
from competencies.selectors import AssignedProgress, assigned_progress, plan_of
from core.freshness import can_steward, due_for_review, stewardship_generation
from core.generations import Generation
from core.person_generation import kept_for_person
from core.related import first_live_url
from home.dashboards.team import teams_visible_to
from knowledge.models import ExpertQuestion
from knowledge.selectors import new_in_follows, outcomes_due
from learning.models import CourseIndexPage
from learning.selectors import enrolments_with_progress
from quizzes.models import Attempt, SignOff
from quizzes.selectors import grading_queue, sign_off_queue
from quizzes.services import can_grade

CONTINUE_SHOWN = 3
TASKS_SHOWN = 8
NEW_LESSONS_SHOWN = 4
TEAMS_SHOWN = 5
RECOMMENDED_SHOWN = 2


@dataclass
class Task:
    """One line of the to-do list: a piece of learning due, or a queue waiting on the
    person (essays to grade, submissions to review)."""

    kind: str
    title: str
    url: str
    due_on: date | None = None
    overdue: bool = False
    note: str = ""


@dataclass
class TeamSnapshot:
    team: object
    members: int
    progress: AssignedProgress


@dataclass
class Workspace:
    tasks: list
    queues: list
    continue_learning: list
    open_attempts: list
    plan: object
    top_gap: object
    gap_next_item: object
    teams: list
    new_lessons: list
    discussions: list
    recommended_lessons: list
    library_url: str = ""
    outcome_prompts: list = field(default_factory=list)
    followed_new: list = field(default_factory=list)
    hidden_tasks: int = 0
    today: date = field(default_factory=timezone.localdate)

    @property
    def overdue_count(self):
        return sum(1 for task in self.tasks if task.overdue)

    @property
    def open_count(self):
        return len(self.tasks) + self.hidden_tasks + len(self.queues) + len(self.outcome_prompts)


def personal_dashboard(user, *, request, today=None):
    """The person's workspace, kept between their visits until something it shows
    changes: their own rows (the person generation), a team's (the teams generation),
    what is published, the competency model, the day or the language. The queues are
    counted apart: they change with other people's work."""
    today = today or timezone.localdate()
    workspace = kept_for_person(
        user.pk,
        "workspace",
        lambda: _own_workspace(user, request=request, today=today),
        versions=[
            int(user.is_superuser),
            competency_model_generation.current(),
            teams_generation.current(),
            getattr(Site.find_for_request(request), "pk", 0),
        ],
        today=today,
    )
    workspace.queues = _queues(user, today)
    return workspace


def _own_workspace(user, *, request, today):
    plan = plan_of(user, today=today)
    tasks = _plan_tasks(plan, today)
    profile = profile_of(user)
    top_gap = profile.top_gap
    continue_learning = [enrolment for enrolment in enrolments_with_progress(user) if not enrolment.completed_at]
    return Workspace(
        tasks=tasks[:TASKS_SHOWN],
        hidden_tasks=max(len(tasks) - TASKS_SHOWN, 0),
        queues=[],
        continue_learning=continue_learning[:CONTINUE_SHOWN],
        open_attempts=list(
            Attempt.objects.filter(user=user, state=Attempt.State.IN_PROGRESS, quiz__live=True)
            .select_related("quiz")
            .order_by("-started_at")[:CONTINUE_SHOWN]
        ),
        plan=plan,
        top_gap=top_gap,
        gap_next_item=_next_item_for(plan, top_gap),
        teams=_team_snapshots(user, today),
        new_lessons=newest_lessons(limit=NEW_LESSONS_SHOWN, excluding_contributor=user),
        discussions=upcoming_discussions_for(user, limit=3),
        recommended_lessons=recommended_for(user)[:RECOMMENDED_SHOWN],
        # Offered only to someone with no course under way.
        library_url="" if continue_learning else first_live_url(CourseIndexPage, request),
        outcome_prompts=[_outcome_task(application) for application in outcomes_due(user, today=today)],
        followed_new=new_in_follows(user, limit=NEW_LESSONS_SHOWN),
        today=today,
    )


def _outcome_task(application):
    """A lesson or case the person is applying whose follow-up day has come: one
    question, how did it go."""
    return Task(
        pgettext("kind of task on the workspace", "Outcome"),
        _("How did “%(title)s” go with %(account)s?")
        % {"title": application.page.title, "account": application.account},
        reverse("knowledge:report_outcome", args=[application.pk]),
        note=_("Started %(date)s") % {"date": application.created_at.strftime("%Y-%m-%d")},
    )


def _plan_tasks(plan, today):
    """Assigned learning and the person's own dated plan items: overdue first, then by
    due date; undated items of their own wait in the plan, not here."""
    tasks = []
    for item in plan.assigned + [item for item in plan.own if item.due_on]:
        if item.assignment_id and item.assignment.assigned_by:
            note = _("Assigned by %(name)s") % {"name": item.assignment.assigned_by.get_display_name()}
        else:
            note = _("Assigned") if item.assignment_id else _("In your plan")
        tasks.append(Task(item.kind, item.page.title, item.page.url, item.due_on, item.overdue, note))
    return sorted(tasks, key=lambda task: (not task.overdue, task.due_on or today))


def _queues(user, today):
    """What waits on this person's role: one line per queue that holds something."""
    counted = []
    if can_grade(user):
        # Counted on each visit: every submitted quiz changes it.
        essays = grading_queue().exclude(attempt__user=user).count()
        counted.append(("grading", essays))
    counted += _kept_queue_counts(user, today)
    return [_queue_task(kind, count) for kind, count in counted if count]


# Each queue's line on the to-do list: its kind, what waits, and where to deal with it.
QUEUE_LINES = {
    "grading": (
        gettext_lazy("Grading"),
        ngettext_lazy("%(count)s open answer to grade", "%(count)s open answers to grade", "count"),
        "quizzes:grading",
        "",
    ),
    "sign_offs": (
        gettext_lazy("Sign-off"),
        ngettext_lazy("%(count)s certification to sign off", "%(count)s certifications to sign off", "count"),
        "quizzes:sign_offs",
        "",
    ),
    "submissions": (
        gettext_lazy("Review"),
        ngettext_lazy("%(count)s shared experience to review", "%(count)s shared experiences to review", "count"),
        "wagtailsnippets_capture_experience:list",
        "?state=submitted",
    ),
    "questions": (
        gettext_lazy("Question"),
        ngettext_lazy(
            "%(count)s colleague's question to answer", "%(count)s colleagues' questions to answer", "count"
        ),
        "knowledge:questions",
        "",
    ),
    "due_for_review": (
        gettext_lazy("Review"),
        ngettext_lazy(
            "%(count)s lesson or case due for review", "%(count)s lessons and cases due for review", "count"
        ),
        "knowledge_upkeep_report",
        "?status=attention",
    ),
    "awaiting_approval": (
        gettext_lazy("Review"),
        ngettext_lazy("%(count)s page awaiting your approval", "%(count)s pages awaiting your approval", "count"),
        "wagtailadmin_home",
        "",
    ),
}


def _queue_task(kind, count):
    label, message, url_name, query = QUEUE_LINES[kind]
    return Task(str(label), message % {"count": count}, reverse(url_name) + query)


# Moves on whenever something enters or leaves one of the queues below: a sign-off
# requested or decided (or a team changing who it holds), a shared experience
# submitted or reviewed, a question asked or answered, a page moving in a workflow or a
# task's approving groups changing. Who may do what moves the permissions generation, a
# page's review date or stewardship the stewardship generation.
queues_generation = Generation("workspace-queues-generation")
# A backstop for changes made around the ORM, which send no signal.
QUEUES_KEPT_SECONDS = 10 * 60


def follow_queue_changes():
    queues_generation.follow(
        SignOff,
        Team,
        TeamMembership,
        Experience,
        ExpertQuestion,
        TaskState,
        WorkflowState,
        WorkflowTask,
        GroupApprovalTask,
        relations=(GroupApprovalTask.groups.through,),
    )


def _kept_queue_counts(user, today):
    """[(queue, count)] of the queues the person's roles give them, kept per person and
    day until one of them changes: a director's or editor's every visit asked four to
    six queries to find, mostly, nothing new."""
    roles = f"{permissions_generation.current()}:{int(user.is_superuser)}"
    name = f"workspace:queues:{user.pk}:{today.isoformat()}:{roles}:{stewardship_generation.current()}"
    return queues_generation.keep(name, lambda: _queue_counts(user, today), seconds=QUEUES_KEPT_SECONDS)


def _queue_counts(user, today):
    counted = [("sign_offs", sign_off_queue(user).count())]
    if can_review(user):
        counted.append(("submissions", Experience.objects.filter(state=Experience.State.SUBMITTED).count()))
    counted.append(("questions", ExpertQuestion.objects.filter(expert=user, answered_at__isnull=True).count()))
    if can_steward(user):
        counted.append(("due_for_review", due_for_review(today=today).count()))
    if user.has_perm("wagtailadmin.access_admin"):
        counted.append(("awaiting_approval", _count_awaiting_approval_by(user)))
    return counted


def _count_awaiting_approval_by(user):
    """What Wagtail's `TaskState.objects.reviewable_by(user)` counts in progress, asking
    only the tasks that have something in progress: it asks every active task whether
    the person may moderate it (four queries for the case workflow alone), on every
    visit of every director and editor, mostly to find nothing waiting."""
    pending = WorkflowTask.objects.filter(active=True, task_states__status=TaskState.STATUS_IN_PROGRESS).distinct()
    states = TaskState.objects.none()
    for task in pending.specific():
        states |= task.get_task_states_user_can_moderate(user=user)
    return states.filter(status=TaskState.STATUS_IN_PROGRESS).count()


def _next_item_for(plan, gap):
    """The first open plan item that works on the gap: the one next action to offer."""
    if gap is None:
        return None
    return next((item for item in plan.assigned + plan.own if item.competency_id == gap.competency.pk), None)


def _team_snapshots(user, today):
    """The teams a director leads, each with how its assigned learning is going: three
    queries however many teams and members."""
    teams = list(teams_visible_to(user)[:TEAMS_SHOWN]) if not user.is_superuser else []
    if not teams:
        return []
    members = {}
    for team_id, user_id in TeamMembership.objects.filter(team__in=teams, user__is_active=True).values_list(
        "team_id", "user_id"
    ):
        members.setdefault(team_id, []).append(user_id)
    progress = assigned_progress([pk for ids in members.values() for pk in ids], today=today)
    snapshots = []
    for team in teams:
        mine = [progress[member_id] for member_id in members.get(team.pk, [])]
        together = AssignedProgress(
            total=sum(item.total for item in mine),
            done=sum(item.done for item in mine),
            overdue=sum(item.overdue for item in mine),
        )
        snapshots.append(TeamSnapshot(team=team, members=len(mine), progress=together))
    return snapshots
