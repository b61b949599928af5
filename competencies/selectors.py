"""Read-only queries over the competency model, shaped for the pages that show them.
Each runs a fixed number of queries, whatever the size of the model."""

from dataclasses import dataclass, field

from django.db.models import Max, Prefetch

from competencies.models import (
    Competency,
    CompetencyLevelDescription,
    Evidence,
    GradeResponsibility,
    JobGrade,
    PersonGrade,
    ProficiencyLevel,
)
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


def job_matrix():
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


def demonstrated_levels(user, since=None):
    """{competency id: the highest level number shown by a quiz or an assessor}, from
    evidence recorded since `since` when given. Self-assessment never counts here."""
    evidence = Evidence.objects.filter(user=user, level__isnull=False).exclude(source=Evidence.Source.SELF)
    if since is not None:
        evidence = evidence.filter(recorded_at__gte=since)
    rows = evidence.values("competency_id").annotate(highest=Max("level__number"))
    return {row["competency_id"]: row["highest"] for row in rows}
