"""Importing people from HR: upload, check in the background, preview, confirm, apply.

Nothing is written to people, teams or grades until an administrator confirms the
preview, and then all of it is written in one transaction: a failure half-way leaves
everything as it was. A confirmed import checks the file again against the database
as it is then, so a preview that went stale cannot apply wrong changes.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_tasks import task

from accounts.models import Region, Team, TeamMembership
from accounts.selectors import teams_generation
from competencies.models import PersonGrade
from core.engagement import discussion_generation
from core.freshness import transfer_stewardship
from core.locks import one_at_a_time
from core.person_generation import person_generation
from core.text import is_id
from hr.models import PeopleImport, StaffChange
from hr.planning import plan_import, team_key_of
from hr.reading import Row, UnreadableStaffList, read_staff_list

MAX_BYTES = 20 * 1024 * 1024
PROGRESS_KEY = "hr-import-progress-{pk}"
BATCH = 1000
Kind = StaffChange.Kind


class StaleImport(Exception):
    """The database changed since the preview, and the file no longer applies."""


def can_import(user):
    return user.is_authenticated and user.is_active and user.has_perm("hr.add_peopleimport")


def own_import(*, user, pk):
    """The import, for someone who may import people; PeopleImport.DoesNotExist for
    an id that names none."""
    if not can_import(user):
        raise PermissionDenied
    if not is_id(str(pk)):
        raise PeopleImport.DoesNotExist
    # The upload and its rows (megabytes for a large company) are not needed to show
    # the import, which its page does every two seconds while it runs.
    return PeopleImport.objects.defer("upload", "rows").get(pk=int(pk))


@transaction.atomic
def start_import(*, user, upload, create_missing, full_roster):
    """Keep the upload and check it in the background."""
    if not can_import(user):
        raise PermissionDenied
    name = (upload.name or "").lower()
    if not name.endswith((".xlsx", ".csv", ".txt")):
        raise ValidationError(_("Upload the staff list as an Excel (.xlsx) or CSV file."))
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 20 MB."))
    record = PeopleImport.objects.create(
        original_name=(upload.name or "")[:255],
        created_by=user,
        create_missing=create_missing,
        full_roster=full_roster,
        language=translation.get_language() or "",
        upload=upload.read(),
    )
    transaction.on_commit(lambda: check_people_import.enqueue(record.pk))
    return record


def _locked(*, user, record):
    """The import, held until the transaction ends, for someone who may import."""
    own_import(user=user, pk=record.pk)
    return PeopleImport.objects.select_for_update().defer("upload", "rows").get(pk=record.pk)


@transaction.atomic
def confirm_import(*, user, record):
    """Queue the import once, however often the button is pressed."""
    record = _locked(user=user, record=record)
    if record.state != PeopleImport.State.PREVIEW:
        return record
    if record.problems:
        raise ValidationError(_("Correct the problems in the file and upload it again."))
    record.state = PeopleImport.State.QUEUED
    record.save(update_fields=["state"])
    transaction.on_commit(lambda: run_people_import.enqueue(record.pk))
    return record


@transaction.atomic
def cancel_import(*, user, record):
    record = _locked(user=user, record=record)
    if record.state in (PeopleImport.State.CHECKING, PeopleImport.State.PREVIEW):
        record.state = PeopleImport.State.CANCELLED
        record.upload = b""
        record.rows = []
        record.save(update_fields=["state", "upload", "rows"])
    return record


def progress(record):
    """What the running task last reported: {"phase": …, "fraction": 0…1 or None}."""
    return cache.get(PROGRESS_KEY.format(pk=record.pk)) or {"phase": record.state, "fraction": None}


def _reporter(record, phase):
    key = PROGRESS_KEY.format(pk=record.pk)

    def report(fraction):
        cache.set(key, {"phase": phase, "fraction": round(fraction, 3)}, 3600)

    return report


# --- checking ----------------------------------------------------------------------


@task()
def check_people_import(import_pk):
    record = PeopleImport.objects.get(pk=import_pk)
    if record.state != PeopleImport.State.CHECKING:
        return record.state
    with translation.override(record.language or None):
        cache.set(PROGRESS_KEY.format(pk=record.pk), {"phase": "reading", "fraction": None}, 3600)
        try:
            rows = read_staff_list(ContentFile(bytes(record.upload), name=record.original_name))
        except UnreadableStaffList as error:
            PeopleImport.objects.filter(pk=import_pk, state=PeopleImport.State.CHECKING).update(
                state=PeopleImport.State.FAILED, error=str(error), upload=b"", finished_at=timezone.now()
            )
            return PeopleImport.State.FAILED
        plan = plan_import(
            rows,
            create_missing=record.create_missing,
            full_roster=record.full_roster,
            importer=record.created_by,
            progress=_reporter(record, "checking"),
        )
    PeopleImport.objects.filter(pk=import_pk, state=PeopleImport.State.CHECKING).update(
        state=PeopleImport.State.PREVIEW,
        upload=b"",
        rows=[row.as_data() for row in rows],
        total=len(rows),
        **_outcome(plan),
    )
    return PeopleImport.State.PREVIEW


def _outcome(plan):
    problems = sorted(plan.problems, key=lambda problem: (problem[0] or 0, problem[1]))
    return {"counts": plan.counts, "problems": problems, "warnings": plan.warnings, "samples": plan.samples}


# --- importing ---------------------------------------------------------------------


@task()
def run_people_import(import_pk):
    record = PeopleImport.objects.get(pk=import_pk)
    if record.state != PeopleImport.State.QUEUED:
        return record.state
    PeopleImport.objects.filter(pk=import_pk).update(state=PeopleImport.State.RUNNING)
    with translation.override(record.language or None):
        try:
            plan = apply_import(record, progress=_reporter(record, "importing"))
        except StaleImport as stale:
            (plan,) = stale.args
            PeopleImport.objects.filter(pk=import_pk).update(
                state=PeopleImport.State.FAILED,
                error=_("The people or teams changed since the preview, and the file no longer applies as it is."),
                finished_at=timezone.now(),
                **_outcome(plan),
            )
            return PeopleImport.State.FAILED
        except Exception as error:
            PeopleImport.objects.filter(pk=import_pk).update(
                state=PeopleImport.State.FAILED, error=str(error)[:2000], finished_at=timezone.now()
            )
            raise
    PeopleImport.objects.filter(pk=import_pk).update(
        state=PeopleImport.State.DONE, rows=[], finished_at=timezone.now(), **_outcome(plan)
    )
    return PeopleImport.State.DONE


@transaction.atomic
def apply_import(record, *, progress):
    """All or nothing: the whole staff list in one transaction, one import at a time."""
    one_at_a_time("hr-people-import")
    rows = [Row.from_data(data) for data in record.rows]
    plan = plan_import(
        rows,
        create_missing=record.create_missing,
        full_roster=record.full_roster,
        importer=record.created_by,
        progress=lambda fraction: progress(fraction * 0.3),
    )
    if plan.problems:
        raise StaleImport(plan)
    regions = _create_regions(plan)
    teams = _create_teams(plan, regions)
    progress(0.4)
    people = _save_people(plan, regions)
    progress(0.6)
    _place_in_teams(plan, teams, people)
    _set_grades(plan, people)
    _set_directors(plan, teams, people)
    progress(0.8)
    _retire_leavers(plan)
    # Teams, members, directors and names were written in bulk, which sends no signal.
    teams_generation.move_on()
    discussion_generation.move_on()
    _record_changes(plan, record, people)
    progress(1.0)
    return plan


def _create_regions(plan):
    regions = dict(plan.directory.regions)
    taken = set(Region.objects.values_list("code", flat=True))
    for key, name in plan.new_regions.items():
        code = base = slugify(name, allow_unicode=False) or "region"
        suffix = 2
        while code in taken:
            code, suffix = f"{base}-{suffix}", suffix + 1
        taken.add(code)
        regions[key] = Region.objects.create(name=name, code=code)
    return regions


def _create_teams(plan, regions):
    teams = dict(plan.directory.teams)
    for team_key, (region, name) in plan.new_teams.items():
        region = region if isinstance(region, Region) else regions[region]
        teams[team_key] = Team.objects.create(region=region, name=name)
    return teams


def _region_of(person, regions):
    if person.region is None:
        return None
    return person.region if isinstance(person.region, Region) else regions[person.region]


def _save_people(plan, regions):
    """{employee number: user} for everyone active in the file, new people created."""
    user_model = get_user_model()
    people, new, changed = {}, [], []
    for person in plan.people:
        row, user = person.row, person.user
        region = _region_of(person, regions)
        if user is None:
            user = user_model(
                username=person.username,
                employee_number=row.employee_number,
                legal_name=row.name,
                display_name=row.name,
                email=row.email,
                region=region,
                # They sign in through the company's single sign-on, or an
                # administrator sets a password.
                password=make_password(None),
            )
            new.append(user)
        elif person.changes:
            user.legal_name, user.username, user.is_active = row.name, person.username, True
            user.email = row.email or user.email
            user.display_name = user.display_name or row.name
            if region is not None:
                user.region = region
            changed.append(user)
        people[row.employee_number] = user
    user_model.objects.bulk_create(new, batch_size=BATCH)
    if new and new[0].pk is None:  # a database that cannot return new ids
        ids = dict(
            user_model.objects.filter(employee_number__in=[user.employee_number for user in new]).values_list(
                "employee_number", "pk"
            )
        )
        for user in new:
            user.pk = user.id = ids[user.employee_number]
    user_model.objects.bulk_update(
        changed, ["legal_name", "username", "is_active", "email", "display_name", "region"], batch_size=BATCH
    )
    return people


def _place_in_teams(plan, teams, people):
    moving = [
        person for person in plan.people if any(kind in (Kind.MOVED, Kind.JOINED) for kind, *_ in person.changes)
    ]
    user_ids = [people[person.row.employee_number].pk for person in moving]
    for start in range(0, len(user_ids), BATCH):
        TeamMembership.objects.filter(user_id__in=user_ids[start : start + BATCH]).delete()
    TeamMembership.objects.bulk_create(
        [
            TeamMembership(team=teams[person.team_key], user=people[person.row.employee_number])
            for person in moving
            if person.team_key is not None
        ],
        batch_size=BATCH,
    )


def _set_grades(plan, people):
    grading = {
        people[person.row.employee_number].pk: person.grade
        for person in plan.people
        if person.grade is not None and (person.user is None or any(kind == Kind.GRADE for kind, *_ in person.changes))
    }
    existing = {grade.user_id: grade for grade in PersonGrade.objects.filter(user_id__in=list(grading))}
    today = timezone.localdate()
    changed = []
    for user_id, grade in grading.items():
        if user_id in existing:
            person_grade = existing[user_id]
            person_grade.grade, person_grade.since = grade, today
            changed.append(person_grade)
    PersonGrade.objects.bulk_update(changed, ["grade", "since"], batch_size=BATCH)
    PersonGrade.objects.bulk_create(
        [PersonGrade(user_id=user_id, grade=grade) for user_id, grade in grading.items() if user_id not in existing],
        batch_size=BATCH,
    )
    # Bulk writes send no signal: the people regraded see their new grade's gaps.
    regraded = list(grading)
    for start in range(0, len(regraded), BATCH):
        person_generation.move_on(regraded[start : start + BATCH])


def _set_directors(plan, teams, people):
    """A director is someone active in the file (created above if new) or already here."""
    changed = []
    for team_key, number in plan.directors.items():
        team = teams[team_key]
        team.director = people.get(number) or plan.directory.people[number]
        changed.append(team)
    Team.objects.bulk_update(changed, ["director"], batch_size=BATCH)


def _retire_leavers(plan):
    """Leavers can no longer sign in and leave their teams; what they wrote stays, and
    what they looked after goes to their director."""
    if not plan.leavers:
        return
    directory = plan.directory
    leaver_ids = {user.pk for user, _row in plan.leavers}
    replaced = set(plan.directors)
    for user, _row in plan.leavers:
        successor = _successor(user, directory, leaver_ids)
        if successor is not None:
            transfer_stewardship(from_user=user, to_user=successor)
        for team in directory.led_teams.get(user.pk, ()):
            if team_key_of(team) not in replaced:
                Team.objects.filter(pk=team.pk, director=user).update(director=None)
    ids = sorted(leaver_ids)
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        get_user_model().objects.filter(pk__in=chunk).update(is_active=False)
        TeamMembership.objects.filter(user_id__in=chunk).delete()


def _successor(user, directory, leaver_ids):
    """The director of a team the leaver was in, if they stay and can sign in."""
    for team_id in sorted(directory.memberships.get(user.pk, ())):
        director = directory.by_pk.get(directory.teams_by_id[team_id].director_id)
        if director is not None and director.is_active and director.pk not in leaver_ids:
            return director
    return None


def _record_changes(plan, record, people):
    changes = [
        StaffChange(
            person=people[person.row.employee_number],
            people_import=record,
            kind=kind,
            before=before[:200],
            after=after[:200],
        )
        for person in plan.people
        for kind, before, after in person.changes
    ]
    directory = plan.directory
    for user, _row in plan.leavers:
        teams = directory.team_names(directory.memberships.get(user.pk, ()))
        changes.append(StaffChange(person=user, people_import=record, kind=Kind.LEFT, before=teams[:200], after=""))
    StaffChange.objects.bulk_create(changes, batch_size=BATCH)
