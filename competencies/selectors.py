"""Read-only queries over the competency model, shaped for the pages that show them.
Each runs a fixed number of queries, whatever the size of the model."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import get_language

from competencies.ledger import summarise
from competencies.levels import LevelShown
from competencies.models import (
    Assignment,
    Competency,
    CompetencyLevelDescription,
    Evidence,
    GradeResponsibility,
    JobGrade,
    PersonGrade,
    PlanItem,
    ProficiencyLevel,
)
from competencies.plans import completes_itself, kind_of
from competencies.profiles import (
    COMPETENCY_MODEL_SECONDS,
    competency_model,
    competency_model_generation,
)
from core.kept_drawing import draw_kept
from core.person_generation import kept_for_person
from core.taxonomy import SalesStage


@dataclass
class MatrixRow:
    competency: Competency
    # One entry per grade, in grade order: the required ProficiencyLevel or None.
    cells: list = field(default_factory=list)


@dataclass
class JobMatrix:
    levels: list
    grades: list
    key_skills: list
    supporting: list
    # [(grade, [(stage label, [responsibility text, ...]), ...]), ...]
    responsibilities: list

    @property
    def is_empty(self):
        return not (self.grades and (self.key_skills or self.supporting))


def competency_choices():
    """[(code, name in the reader's language)] for a filter, from the kept model."""
    return [(competency.code, competency.display_name) for competency in competency_model().competencies]


def grade_choices():
    return [(grade.code, grade.display_name) for grade in competency_model().grades]


def level_choices():
    return [(str(level.number), level.display_name) for level in competency_model().levels]


def job_matrix():
    """The competency model as one table: what each job grade requires of each
    competency, the behaviour at each level and each grade's responsibilities. Kept
    until the model is next edited."""
    return competency_model_generation.keep(
        f"competencies:matrix:{get_language()}", _read_job_matrix, seconds=COMPETENCY_MODEL_SECONDS
    )


def job_matrix_markup():
    """The job matrix drawn as HTML. Its table, level cards and duties are some ten
    milliseconds of template work that reads the same for every reader of one language
    until an editor changes the model, so each process keeps the drawing under the
    model's generation (in its own memory: a release with new markup starts afresh)."""
    return draw_kept(
        "competencies/includes/job_matrix.html",
        read=_job_matrix_values,
        generation=competency_model_generation.current(),
    )


def _job_matrix_values():
    return {"matrix": job_matrix()}


def _read_job_matrix():
    levels = list(ProficiencyLevel.objects.all())
    levels_by_id = {level.pk: level for level in levels}
    grades = list(
        JobGrade.objects.prefetch_related(
            "requirements",
            Prefetch("responsibilities", queryset=GradeResponsibility.objects.order_by("sort_order", "pk")),
        )
    )
    descriptions = CompetencyLevelDescription.objects.select_related("level")
    competencies = list(Competency.objects.prefetch_related(Prefetch("level_descriptions", queryset=descriptions)))
    required = {
        (requirement.grade_id, requirement.competency_id): levels_by_id.get(requirement.level_id)
        for grade in grades
        for requirement in grade.requirements.all()
    }
    rows = {
        kind: [
            MatrixRow(competency, [required.get((grade.pk, competency.pk)) for grade in grades])
            for competency in competencies
            if competency.kind == kind
        ]
        for kind in Competency.Kind.values
    }
    return JobMatrix(
        levels=levels,
        grades=grades,
        key_skills=rows[Competency.Kind.KEY_SKILL],
        supporting=rows[Competency.Kind.SUPPORTING],
        responsibilities=[(grade, _responsibilities_by_stage(grade)) for grade in grades],
    )


def _responsibilities_by_stage(grade):
    by_stage = {stage: [] for stage in SalesStage.values}
    for responsibility in grade.responsibilities.all():
        by_stage[responsibility.stage].append(responsibility.text)
    return [(SalesStage(stage).label, texts) for stage, texts in by_stage.items() if texts]


def grade_of(user):
    """The person's job grade, or None when the administrators have not set one."""
    person_grade = PersonGrade.objects.filter(user=user).select_related("grade").first()
    return person_grade.grade if person_grade else None


def levels_shown(user, *, since=None, before=None, now=None):
    """{competency id: LevelShown} for one person, by the one rule every page shows.
    `since` counts only evidence from then on (a recertification window); `before`
    reads the levels as they stood at that moment (what a quiz result changed)."""
    now = before or now or timezone.now()
    evidence = _measuring_ledger(user)
    if since is not None:
        evidence = evidence.filter(recorded_at__gte=since)
    if before is not None:
        evidence = evidence.filter(recorded_at__lt=before)
    model = competency_model()
    return _shown(summarise(evidence, now=now, level_numbers=model.level_numbers), model, "measured")


def levels_shown_then_and_now(user, *, then, now=None):
    """`levels_shown(user, before=then)` and `levels_shown(user)` in one query: a result
    page shows both."""
    model = competency_model()
    summaries = summarise(
        _measuring_ledger(user), now=now or timezone.now(), split_at=then, level_numbers=model.level_numbers
    )
    return _shown(summaries, model, "measured_before"), _shown(summaries, model, "measured")


def _shown(summaries, model, measured):
    """{competency id: LevelShown} from one person's summaries, for the competencies with
    evidence in the reading `measured` names."""
    levels = {}
    for (_user, competency_id), summary in summaries.items():
        if getattr(summary, measured) is not None:
            levels[competency_id] = LevelShown(getattr(summary, measured), model.top_level)
    return levels


def _measuring_ledger(user):
    return Evidence.objects.filter(user=user).exclude(source=Evidence.Source.SELF)


# --- learning plans --------------------------------------------------------------------


def completed_plan_item(attempt):
    """The plan item (assigned or the person's own) that this finished quiz attempt
    completed, or None."""
    return (
        PlanItem.objects.filter(
            user_id=attempt.user_id, page_id=attempt.quiz_id, completed_at__gte=attempt.submitted_at
        )
        .select_related("assignment__assigned_by")
        .first()
    )


@dataclass
class Plan:
    assigned: list
    own: list
    done: list

    @property
    def overdue(self):
        return [item for item in self.assigned + self.own if item.overdue]

    @property
    def pending_count(self):
        return len(self.assigned) + len(self.own)


def plan_of(user, *, today=None):
    """The person's plan: assigned items (soonest due first), their own items in their
    order, and what is done. Two queries."""
    today = today or timezone.localdate()
    items = list(
        PlanItem.objects.filter(user=user, dropped_at__isnull=True, page__live=True)
        .select_related("page", "page__content_type", "competency", "assignment__assigned_by")
        .order_by("position", "pk")
    )
    for item in items:
        item.overdue = item.is_overdue(today)
        item.completes_itself = completes_itself(item.page)
        item.kind = kind_of(item.page)
    pending = [item for item in items if item.completed_at is None]
    assigned = sorted(
        (item for item in pending if item.origin == PlanItem.Origin.ASSIGNED),
        key=lambda item: (item.due_on or today, item.position),
    )
    return Plan(
        assigned=assigned,
        own=[item for item in pending if item.origin != PlanItem.Origin.ASSIGNED],
        done=sorted((item for item in items if item.completed_at), key=lambda item: item.completed_at, reverse=True),
    )


def own_view_level_ids(user):
    """{competency id: level id} of the person's latest self-assessment of each."""
    latest = {}
    for competency_id, level_id in (
        Evidence.objects.filter(user=user, source=Evidence.Source.SELF)
        .order_by("competency_id", "-recorded_at", "-pk")
        .values_list("competency_id", "level_id")
    ):
        latest.setdefault(competency_id, level_id)
    return latest


def plan_item_of(user, item_id):
    return PlanItem.objects.filter(user=user, pk=item_id).select_related("page").first()


def page_in_plan(user, page):
    """The person's current plan item for the page, or None: every lesson, case and
    course page asks, so it is kept between visits until their plan changes."""
    if not user.is_authenticated:
        return None
    return kept_for_person(
        user.pk,
        f"page-in-plan:{page.pk}",
        lambda: PlanItem.objects.filter(user=user, page=page, dropped_at__isnull=True).first(),
    )


def plan_items_for_pages(user, page_ids):
    """The person's current plan items for any of these pages, in one query."""
    if not user.is_authenticated:
        return PlanItem.objects.none()
    return PlanItem.objects.filter(user=user, page_id__in=page_ids, dropped_at__isnull=True)


@dataclass
class AssignedProgress:
    total: int = 0
    done: int = 0
    overdue: int = 0

    @property
    def percent(self):
        return round(100 * self.done / self.total) if self.total else None


def assigned_progress(user_ids, *, today=None):
    """{user id: AssignedProgress} over learning assigned to each person: one query."""
    today = today or timezone.localdate()
    rows = (
        PlanItem.objects.filter(user_id__in=user_ids, origin=PlanItem.Origin.ASSIGNED, dropped_at__isnull=True)
        .values("user_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=Q(completed_at__isnull=False)),
            overdue=Count("pk", filter=Q(completed_at__isnull=True, due_on__lt=today)),
        )
        .order_by()
    )
    progress = {user_id: AssignedProgress() for user_id in user_ids}
    for row in rows:
        progress[row["user_id"]] = AssignedProgress(row["total"], row["done"], row["overdue"])
    return progress


def team_assignments(team, *, limit=10):
    """The latest learning assigned to the team or its members, with completion counts."""
    return list(
        Assignment.objects.filter(Q(team=team) | Q(person__team_memberships__team=team))
        .select_related("page", "assigned_by", "person")
        .annotate(
            item_count=Count("items", distinct=True),
            done_count=Count("items", filter=Q(items__completed_at__isnull=False), distinct=True),
        )
        .distinct()
        .order_by("-created_at", "-pk")[:limit]
    )
