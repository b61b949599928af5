"""What an HR staff list would change, worked out against the database without
writing anything: the preview shows it, and the import applies exactly this.

People are matched on their employee number. The file is HR's word on a person's
name, e-mail, region, team, job grade and whether they still work here; what is not in
the file (a display name someone chose, their learning) is never touched. A team's
members name its director; a mover leaves every team they were in for the one the file
gives.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from accounts.models import Region, Team, TeamMembership
from competencies.models import JobGrade, PersonGrade
from hr.models import StaffChange
from hr.reading import Row

SAMPLES_SHOWN = 50
NOBODY = "—"


@dataclass
class PersonPlan:
    """One active person of the file, as they will be."""

    row: Row
    user: object = None  # None: a new person
    region: object = None  # Region, or a name in Plan.new_regions; None: keep
    team_key: tuple | None = None  # (region key, team key), or None: in no team
    grade: object = None  # JobGrade; None: keep
    username: str = ""
    changes: list = field(default_factory=list)  # [(kind, before, after)]


@dataclass
class Plan:
    people: list = field(default_factory=list)
    leavers: list = field(default_factory=list)  # [(user, row or None)]
    already_gone: int = 0  # leavers in the file who are unknown or already inactive
    new_regions: dict = field(default_factory=dict)  # region key: name
    new_teams: dict = field(default_factory=dict)  # team key: (region key or Region, name)
    directors: dict = field(default_factory=dict)  # team key: employee number
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    counts: dict = field(default_factory=dict)
    samples: dict = field(default_factory=dict)
    directory: object = None


def key_of(text):
    return "".join(text.split()).casefold()


def team_key_of(team):
    """A team's key in the plan: its region and its name, whatever the spacing or case."""
    return (team.region_id, key_of(team.name))


class Directory:
    """Everything the plan compares against, read once: 50,000 people cost a few
    queries, not one per row."""

    def __init__(self):
        self.regions = {}
        self.region_names = {}
        for region in Region.objects.all():
            self.regions[key_of(region.name)] = region
            self.regions.setdefault(key_of(region.code), region)
            self.region_names[region.pk] = region.name
        self.teams_by_id = {team.pk: team for team in Team.objects.all()}
        self.teams = {team_key_of(team): team for team in self.teams_by_id.values()}
        self.grades = {}
        for grade in JobGrade.objects.all():
            for name in (grade.name, grade.name_en, grade.code):
                if name:
                    self.grades.setdefault(key_of(name), grade)
        self.grade_names = {grade.pk: grade.name for grade in self.grades.values()}
        fields = ("pk", "username", "employee_number", "legal_name", "display_name", "email")
        self.people = {}
        self.usernames = {}
        self.by_pk = {}
        for user in get_user_model().objects.only(*fields, "region", "is_active", "is_superuser"):
            self.usernames[user.username.casefold()] = user
            self.by_pk[user.pk] = user
            if user.employee_number:
                self.people[user.employee_number] = user
        self.memberships = defaultdict(set)
        for user_id, team_id in TeamMembership.objects.values_list("user_id", "team_id"):
            self.memberships[user_id].add(team_id)
        self.person_grades = dict(PersonGrade.objects.values_list("user_id", "grade_id"))
        self.led_teams = defaultdict(list)
        for team in self.teams.values():
            if team.director_id:
                self.led_teams[team.director_id].append(team)

    def team_names(self, team_ids):
        return "、".join(sorted(self.teams_by_id[pk].name for pk in team_ids))


def plan_import(rows, *, create_missing, full_roster, importer=None, progress=None):
    """The Plan for these Rows (reading.Row) against the database as it is now.
    `importer` is never retired by a roster they forgot themselves in."""
    directory = Directory()
    plan = Plan(directory=directory)
    plan.problems = [problem for row in rows for problem in row.problems]
    in_file = {row.employee_number for row in rows}
    leaving_numbers = {row.employee_number for row in rows if row.left}
    if full_roster:
        for number, user in directory.people.items():
            if number not in in_file and user.is_active:
                if user.is_superuser or (importer is not None and user.pk == importer.pk):
                    reason = (
                        _("%(name)s (%(number)s) is not in the file but administers the site: left active.")
                        if user.is_superuser
                        else _("%(name)s (%(number)s) is not in the file but is importing it: left active.")
                    )
                    plan.warnings.append(reason % {"name": user, "number": number})
                    continue
                plan.leavers.append((user, None))
                leaving_numbers.add(number)
    active_in_file = {row.employee_number for row in rows if not row.left}
    team_rows = defaultdict(list)
    for done, row in enumerate(rows, start=1):
        if row.left:
            _plan_leaver(plan, directory, row)
        else:
            person = _plan_person(plan, directory, row, create_missing=create_missing)
            plan.people.append(person)
            if person.team_key is not None:
                team_rows[person.team_key].append(row)
            _check_director(plan, directory, row, active_in_file, leaving_numbers)
        if progress and done % 1000 == 0:
            progress(done / len(rows))
    _plan_directors(plan, directory, team_rows)
    _warn_about_leaving_directors(plan, directory)
    _summarise(plan, directory)
    return plan


def _plan_leaver(plan, directory, row):
    user = directory.people.get(row.employee_number)
    if user is not None and user.is_active:
        plan.leavers.append((user, row))
    else:
        plan.already_gone += 1


def _plan_person(plan, directory, row, *, create_missing):
    user = directory.people.get(row.employee_number)
    person = PersonPlan(row=row, user=user)
    region_key = None
    if row.region:
        region_key = key_of(row.region)
        person.region = directory.regions.get(region_key)
        if person.region is None:
            if create_missing:
                plan.new_regions.setdefault(region_key, row.region)
                person.region = region_key
            else:
                row_problem(plan, row, "region", _("There is no region “%(name)s”.") % {"name": row.region})
    if row.team and person.region is not None:
        region_id = person.region.pk if isinstance(person.region, Region) else region_key
        team_key = (region_id, key_of(row.team))
        if team_key in directory.teams:
            person.team_key = team_key
        elif create_missing:
            plan.new_teams.setdefault(team_key, (person.region, row.team))
            person.team_key = team_key
        else:
            row_problem(
                plan,
                row,
                "team",
                _("Region “%(region)s” has no team “%(team)s”.") % {"region": row.region, "team": row.team},
            )
    if row.grade:
        person.grade = directory.grades.get(key_of(row.grade))
        if person.grade is None:
            known = "、".join(sorted(set(directory.grade_names.values())))
            row_problem(
                plan,
                row,
                "grade",
                _("There is no job grade “%(name)s” (known: %(known)s).") % {"name": row.grade, "known": known},
            )
    _plan_username(plan, directory, person)
    _plan_changes(directory, person)
    return person


def _plan_username(plan, directory, person):
    row, user = person.row, person.user
    wanted = row.username or (user.username if user else row.employee_number)
    holder = directory.usernames.get(wanted.casefold())
    if holder is not None and (user is None or holder.pk != user.pk):
        row_problem(
            plan,
            row,
            "username" if row.username else "employee_number",
            _("The username %(name)s already belongs to someone else (%(holder)s).")
            % {"name": wanted, "holder": holder},
        )
    person.username = wanted


def _plan_changes(directory, person):
    row, user = person.row, person.user
    changes = person.changes
    if user is None:
        changes.append((StaffChange.Kind.JOINED, "", row.team or row.region or NOBODY))
        return
    if not user.is_active:
        changes.append((StaffChange.Kind.RETURNED, _("Left"), _("Active")))
    for label, before, after in (
        (pgettext("person", "Name"), user.legal_name, row.name),
        (_("E-mail"), user.email, row.email or user.email),
        (_("Username"), user.username, person.username),
    ):
        if before != after:
            changes.append((StaffChange.Kind.UPDATED, labelled(label, before), labelled(label, after)))
    if (isinstance(person.region, Region) and person.region.pk != user.region_id) or isinstance(person.region, str):
        before = directory.region_names.get(user.region_id)
        changes.append(
            (StaffChange.Kind.UPDATED, labelled(_("Region"), before), labelled(_("Region"), person.row.region))
        )
    current = directory.memberships.get(user.pk, set())
    target_team = directory.teams.get(person.team_key) if person.team_key else None
    if (person.team_key is None and current) or (
        person.team_key is not None and current != {getattr(target_team, "pk", None)}
    ):
        changes.append(
            (StaffChange.Kind.MOVED, directory.team_names(current) or NOBODY, row.team if person.team_key else NOBODY)
        )
    if person.grade is not None and directory.person_grades.get(user.pk) != person.grade.pk:
        before = directory.grade_names.get(directory.person_grades.get(user.pk), NOBODY)
        changes.append((StaffChange.Kind.GRADE, before, person.grade.name))


def labelled(label, value):
    return _("%(label)s: %(value)s") % {"label": label, "value": value or NOBODY}


def _check_director(plan, directory, row, active_in_file, leaving_numbers):
    if not row.director:
        return
    if not row.team:
        row_problem(plan, row, "director", _("A director's employee number needs the team they lead."))
        return
    known = directory.people.get(row.director)
    if row.director in leaving_numbers:
        row_problem(
            plan, row, "director", _("Director %(number)s is leaving in this import.") % {"number": row.director}
        )
    elif row.director not in active_in_file and not (known and known.is_active):
        row_problem(
            plan, row, "director", _("Director %(number)s is not among the people.") % {"number": row.director}
        )


def _plan_directors(plan, directory, team_rows):
    """Each team's members must agree on its director; a team whose director changes
    is planned once."""
    for team_key, rows in team_rows.items():
        named = {row.director for row in rows if row.director}
        if len(named) > 1:
            listed = "、".join(sorted(named))
            for row in rows:
                if row.director:
                    row_problem(
                        plan,
                        row,
                        "director",
                        _("Members of team “%(team)s” name different directors: %(numbers)s.")
                        % {"team": row.team, "numbers": listed},
                    )
        elif named:
            number = named.pop()
            team = directory.teams.get(team_key)
            current = directory.people.get(number)
            if team is None or current is None or team.director_id != current.pk:
                plan.directors[team_key] = number


def _warn_about_leaving_directors(plan, directory):
    for user, _row in plan.leavers:
        for team in directory.led_teams.get(user.pk, ()):
            if team_key_of(team) not in plan.directors:
                plan.warnings.append(
                    _("Team “%(team)s” will have no director once %(name)s leaves.")
                    % {"team": team.name, "name": user}
                )


def _summarise(plan, directory):
    counts = defaultdict(int)
    samples = defaultdict(list)

    def sample(kind, row_line, number, name, before, after):
        counts[kind] += 1
        if len(samples[kind]) < SAMPLES_SHOWN:
            samples[kind].append([row_line, number, name, before, after])

    for person in plan.people:
        row = person.row
        kinds = {kind for kind, _before, _after in person.changes}
        if not kinds:
            counts["unchanged"] += 1
        for kind, before, after in person.changes:
            if kind != StaffChange.Kind.UPDATED:
                sample(kind, row.line, row.employee_number, row.name, before, after)
        updates = [(before, after) for kind, before, after in person.changes if kind == StaffChange.Kind.UPDATED]
        if updates:
            sample(
                StaffChange.Kind.UPDATED,
                row.line,
                row.employee_number,
                row.name,
                "；".join(before for before, _after in updates),
                "；".join(after for _before, after in updates),
            )
    for user, row in plan.leavers:
        teams = directory.team_names(directory.memberships.get(user.pk, ())) or NOBODY
        sample(StaffChange.Kind.LEFT, row.line if row else None, user.employee_number, str(user), teams, NOBODY)
    counts["already_gone"] = plan.already_gone
    counts["new_regions"] = len(plan.new_regions)
    counts["new_teams"] = len(plan.new_teams)
    counts["directors"] = len(plan.directors)
    counts["rows_with_problems"] = len({line for line, _column, _message in plan.problems})
    plan.counts = dict(counts)
    plan.samples = dict(samples)


def row_problem(plan, row, column, message):
    row.problem(column, message)
    plan.problems.append(row.problems[-1])
