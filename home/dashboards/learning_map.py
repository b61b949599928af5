"""The learning map (学习地图) of a job grade: for each competency the grade requires,
the way from where the person stands to the required level (courses that build it,
practice on it, quizzes that measure it), ending at the grade's certification; with
the next grade's extra requirements beside it. A fixed number of queries, whatever
the size of the library."""

from dataclasses import dataclass, field

from wagtail.models import Page

from competencies.models import GradeRequirement, JobGrade
from competencies.profiles import profile_of
from core.tree import public_pages
from learning.models import CourseCompetency, CoursePage, Enrolment
from quizzes.certification import certification_overview, open_certifications
from quizzes.models import Attempt, PracticePage, QuizPage, QuizQuestion, RandomDraw


@dataclass
class Station:
    """One stop on a competency's way: a course, a practice set or a quiz."""

    kind: str
    page: Page
    done: bool = False
    level: int | None = None


@dataclass
class Lane:
    """One competency the grade requires: where the person stands and the way on."""

    standing: object
    required: int
    stations: list = field(default_factory=list)

    @property
    def reached(self):
        return self.standing.shown.whole >= self.required

    @property
    def next_station(self):
        """Where the person is on this lane: the first stop not done yet."""
        if self.reached:
            return None
        return next((station for station in self.stations if not station.done), None)


@dataclass
class LearningMap:
    person: object
    grade: JobGrade
    own_grade: JobGrade | None
    grades: list
    lanes: list
    certification: object = None
    next_grade: JobGrade | None = None
    next_steps: list = field(default_factory=list)

    @property
    def reached_count(self):
        return sum(1 for lane in self.lanes if lane.reached)

    @property
    def percent(self):
        return round(100 * self.reached_count / len(self.lanes)) if self.lanes else 0


def learning_map(person, *, grade_code=None):
    """The map of `grade_code`, or of the person's own grade (or the entry grade)."""
    grades = list(JobGrade.objects.order_by("rank"))
    if not grades:
        return None
    profile = profile_of(person)
    own = profile.grade
    grade = next((g for g in grades if g.code == grade_code), None) or own or grades[0]
    following = next((g for g in grades if g.rank > grade.rank), None)
    required = _required_levels([grade] + ([following] if following else []))
    standings = {standing.competency.pk: standing for standing in profile.standings}
    wanted = required.get(grade.pk, {})
    lanes = [
        Lane(standing=standings[competency_id], required=level)
        for competency_id, level in wanted.items()
        if competency_id in standings
    ]
    lanes.sort(key=lambda lane: (lane.reached, lane.standing.competency.kind, lane.standing.competency.sort_order))
    _add_stations(person, lanes)
    certifications = [item for item in open_certifications() if item.grade_id == grade.pk]
    progress = certification_overview(person, certifications=certifications) if certifications else []
    next_steps = []
    if following:
        for competency_id, level in required.get(following.pk, {}).items():
            standing = standings.get(competency_id)
            if standing is not None and level > max(wanted.get(competency_id, 0), standing.shown.whole):
                next_steps.append((standing, level))
    return LearningMap(
        person=person,
        grade=grade,
        own_grade=own,
        grades=grades,
        lanes=lanes,
        certification=progress[0] if progress else None,
        next_grade=following,
        next_steps=next_steps,
    )


def _required_levels(grades):
    """{grade id: {competency id: level number}}: one query."""
    required = {}
    for grade_id, competency_id, level in GradeRequirement.objects.filter(grade__in=grades).values_list(
        "grade_id", "competency_id", "level__number"
    ):
        required.setdefault(grade_id, {})[competency_id] = level
    return required


def _add_stations(person, lanes):
    """Courses up to the required level, then practice, then the quizzes that measure
    the competency, each ticked when the person has done it: six queries."""
    by_competency = {lane.standing.competency.pk: lane for lane in lanes}
    if not by_competency:
        return
    courses = (
        CourseCompetency.objects.filter(
            competency_id__in=by_competency, course__in=public_pages(CoursePage.objects.live())
        )
        .select_related("course", "level")
        .order_by("level__number", "course__path")
    )
    finished = set(
        Enrolment.objects.filter(user=person, completed_at__isnull=False).values_list("course_id", flat=True)
    )
    offered = {}
    for link in courses:
        offered.setdefault(link.competency_id, []).append(link)
    for competency_id, links in offered.items():
        lane = by_competency[competency_id]
        # Courses up to the required level; where every course goes further, the first
        # of them, which passes through the required level on its way.
        within = [link for link in links if link.level.number <= lane.required] or links[:1]
        lane.stations += [
            Station("course", link.course, link.course_id in finished, link.level.number) for link in within
        ]
    for practice in public_pages(PracticePage.objects.live()).filter(competency_id__in=by_competency):
        by_competency[practice.competency_id].stations.append(Station("practice", practice))
    measured = set(
        QuizQuestion.objects.filter(question__competency_id__in=by_competency, quiz__live=True).values_list(
            "quiz_id", "question__competency_id"
        )
    ) | set(
        RandomDraw.objects.filter(competency_id__in=by_competency, quiz__live=True).values_list(
            "quiz_id", "competency_id"
        )
    )
    quizzes = public_pages(QuizPage.objects.live()).in_bulk({quiz_id for quiz_id, _c in measured})
    passed = set(
        Attempt.objects.filter(user=person, quiz_id__in=quizzes, passed=True).values_list("quiz_id", flat=True)
    )
    for quiz_id, competency_id in sorted(
        measured, key=lambda pair: quizzes[pair[0]].path if pair[0] in quizzes else ""
    ):
        if quiz_id in quizzes:
            by_competency[competency_id].stations.append(Station("quiz", quizzes[quiz_id], quiz_id in passed))
