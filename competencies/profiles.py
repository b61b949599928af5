"""Competency profiles: each person's measured level of every competency against what
their job grade requires and what the next grade will require. Computed from the
evidence ledger alone, for one person or a whole team in a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import F, Max, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from competencies.ledger import Summary, summarise
from competencies.levels import LevelShown, Reading, reached_level
from competencies.models import (
    Competency,
    CompetencyLevelDescription,
    Evidence,
    GradeRequirement,
    GradeResponsibility,
    JobGrade,
    PersonGrade,
    ProficiencyLevel,
)
from core.generations import Generation

EVIDENCE_SHOWN = 5


@dataclass
class Standing:
    """One competency of one person."""

    competency: Competency
    level: float | None
    required: int | None
    next_required: int | None
    self_level: int | None
    evidence_count: int = 0
    evidence: list = field(default_factory=list)
    top_level: int = 3

    @property
    def shown(self):
        return LevelShown(self.level, self.top_level)

    @property
    def reached(self):
        return reached_level(self.level)

    @property
    def assessed(self):
        return self.level is not None

    @property
    def gap(self):
        """How far the measured level is below the requirement, 0 when it is met."""
        if not self.required:
            return 0
        return round(float(max(self.required - (self.level or 0), 0)), 1)

    @property
    def levels_below(self):
        """Whole levels between the level shown and the requirement."""
        return max((self.required or 0) - self.reached, 0)

    @property
    def meets(self):
        return bool(self.required) and self.reached >= self.required

    @property
    def status(self):
        if not self.required:
            return "not_required"
        if self.meets:
            return "met"
        return "gap" if self.assessed else "unknown"


@dataclass
class Profile:
    user: object
    grade: JobGrade | None
    next_grade: JobGrade | None
    standings: list

    @property
    def gaps(self):
        """Competencies below their requirement, the largest gap first."""
        below = [standing for standing in self.standings if standing.required and not standing.meets]
        return sorted(below, key=lambda standing: -standing.gap)

    @property
    def top_gap(self):
        gaps = self.gaps
        return gaps[0] if gaps else None

    @property
    def met_count(self):
        return sum(1 for standing in self.standings if standing.meets)

    @property
    def required_count(self):
        return sum(1 for standing in self.standings if standing.required)


@dataclass(frozen=True)
class CompetencyModel:
    """What every profile is measured against: the levels, the grades in order, what
    each grade requires and the competencies. Editors change it rarely; every
    signed-in workspace reads it."""

    top_level: int
    grades: list
    required: dict
    competencies: list
    levels: list

    def next_grade(self, grade):
        later = [candidate for candidate in self.grades if candidate.rank > grade.rank]
        return later[0] if later else None

    @property
    def level_numbers(self):
        return {level.pk: level.number for level in self.levels}


competency_model_generation = Generation("competency-model-generation")
# A backstop for changes made around the ORM; edits in the admin move the generation on.
COMPETENCY_MODEL_SECONDS = 60 * 60


def competency_model():
    # The shape is in the name: a server started with new code never reads an old one.
    return competency_model_generation.keep(
        "competencies:model:v2", _read_competency_model, seconds=COMPETENCY_MODEL_SECONDS
    )


def _read_competency_model():
    required = {}
    for requirement in GradeRequirement.objects.values("grade_id", "competency_id", "level__number"):
        required[(requirement["grade_id"], requirement["competency_id"])] = requirement["level__number"]
    return CompetencyModel(
        top_level=top_proficiency_level(),
        grades=list(JobGrade.objects.order_by("rank")),
        required=required,
        competencies=list(Competency.objects.all()),
        levels=list(ProficiencyLevel.objects.order_by("number")),
    )


def follow_competency_model_changes():
    competency_model_generation.follow(
        ProficiencyLevel,
        JobGrade,
        GradeRequirement,
        GradeResponsibility,
        Competency,
        CompetencyLevelDescription,
    )


def profile_of(user, *, now=None, with_evidence=False):
    """One person's profile; `with_evidence` adds the latest entries behind each level."""
    return profiles_of([user], now=now, with_evidence=with_evidence)[user.pk]


def profiles_of(users, *, now=None, with_evidence=False):
    """{user id: Profile} for several people: two queries whatever their number and
    however long their ledgers (the database sums them, competencies.ledger), a third
    for the latest entries when `with_evidence`, and the competency model from the
    cache."""
    now = now or timezone.now()
    model = competency_model()
    top_level, required = model.top_level, model.required
    user_ids = [user.pk for user in users]
    grade_ids = dict(PersonGrade.objects.filter(user_id__in=user_ids).values_list("user_id", "grade_id"))
    grades_by_id = {grade.pk: grade for grade in model.grades}
    ledger = Evidence.objects.filter(user_id__in=user_ids)
    summaries = summarise(ledger, now=now, level_numbers=model.level_numbers)
    shown = _latest_entries(ledger) if with_evidence else {}
    nothing = Summary()
    profiles = {}
    for user in users:
        grade = grades_by_id.get(grade_ids.get(user.pk))
        following = model.next_grade(grade) if grade else None
        standings = []
        for competency in model.competencies:
            summary = summaries.get((user.pk, competency.pk), nothing)
            standing = Standing(
                competency=competency,
                level=summary.measured,
                required=required.get((grade.pk, competency.pk)) if grade else None,
                next_required=required.get((following.pk, competency.pk)) if following else None,
                self_level=summary.self_level,
                evidence_count=summary.entries,
                evidence=shown.get((user.pk, competency.pk), []),
                top_level=top_level,
            )
            if (
                standing.required
                or standing.next_required
                or summary.entries
                or competency.kind == Competency.Kind.KEY_SKILL
            ):
                standings.append(standing)
        profiles[user.pk] = Profile(user=user, grade=grade, next_grade=following, standings=standings)
    return profiles


def readings_from(evidence):
    """{(user id, competency id): [Reading]} from an Evidence queryset, as plain tuples."""
    readings = {}
    for user_id, competency_id, source, level, recorded_at in evidence.values_list(
        "user_id", "competency_id", "source", "level__number", "recorded_at"
    ).order_by():
        readings.setdefault((user_id, competency_id), []).append(Reading(source, level, recorded_at))
    return readings


def top_proficiency_level():
    return ProficiencyLevel.objects.aggregate(top=Max("number"))["top"] or 0


def _latest_entries(ledger):
    """{(user id, competency id): [the latest EVIDENCE_SHOWN entries]}, newest first."""
    newest_first = Window(
        RowNumber(),
        partition_by=[F("user_id"), F("competency_id")],
        order_by=[F("recorded_at").desc(), F("pk").desc()],
    )
    shown = {}
    entries = (
        ledger.annotate(place=newest_first)
        .filter(place__lte=EVIDENCE_SHOWN)
        .select_related("level", "recorded_by", "page")
        .order_by("-recorded_at", "-pk")
    )
    for entry in entries:
        shown.setdefault((entry.user_id, entry.competency_id), []).append(entry)
    return shown
