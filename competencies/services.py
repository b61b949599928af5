"""What changes a person's competency record: evidence entering the ledger (content
apps and the self-assessment form call `record_evidence`; competencies imports none of
them), their learning plan, and the learning directors assign."""

from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.models import User
from accounts.selectors import directs, with_their_directors
from competencies import records
from competencies.models import Assignment, Evidence, PlanItem
from competencies.plans import DAYS_PER_GAP, completes_itself, offers_for_gap, plannable
from competencies.profiles import profile_of
from competencies.selectors import own_view_level_ids
from core.locks import take_turns
from core.models import Notification
from core.notifications import notify
from core.person_generation import person_generation


@transaction.atomic
def record_evidence(
    *, user, competency, source, level=None, score=None, reference="", page=None, recorded_by=None, recorded_at=None
):
    """Append one piece of evidence about `user`'s mastery of `competency`.

    `source` is an `Evidence.Source`; give a proficiency `level`, a `score` in percent,
    or both. Assessor ratings must name the assessor who gave them.
    """
    evidence = _new_evidence(
        user=user,
        competency_id=competency.pk,
        source=source,
        level=level,
        score=score,
        reference=reference,
        page=page,
        recorded_by=recorded_by,
        recorded_at=recorded_at,
    )
    evidence.save()
    records.level_change(evidence=evidence)
    return evidence


@transaction.atomic
def record_evidence_for_each(*, user, source, readings, reference="", page=None, recorded_at=None):
    """Append evidence about several competencies at once, as a scored quiz gives:
    `readings` is a list of (competency id, score in percent, ProficiencyLevel or None).
    One insert for all of them, where `record_evidence` in a loop took one each."""
    recorded_at = recorded_at or timezone.now()
    # One insert, no signals: the person's kept workspace is told here.
    person_generation.move_on([user.pk])
    created = Evidence.objects.bulk_create(
        [
            _new_evidence(
                user=user,
                competency_id=competency_id,
                source=source,
                level=level,
                score=score,
                reference=reference,
                page=page,
                recorded_at=recorded_at,
            )
            for competency_id, score, level in readings
        ]
    )
    for evidence in created:
        records.level_change(evidence=evidence)
    return created


def _new_evidence(
    *, user, competency_id, source, level=None, score=None, reference="", page=None, recorded_by=None, recorded_at=None
):
    if source not in Evidence.Source.values:
        raise ValidationError(_("Unknown evidence source: %(source)s") % {"source": source})
    if level is None and score is None:
        raise ValidationError(_("Evidence needs a level or a score."))
    if score is not None:
        score = _percent(score)
    if source == Evidence.Source.ASSESSOR and recorded_by is None:
        raise ValidationError(_("An assessor rating must name the assessor."))
    if source == Evidence.Source.SELF and recorded_by is not None and recorded_by != user:
        raise ValidationError(_("Only the person themselves can record a self-assessment."))
    return Evidence(
        user=user,
        competency_id=competency_id,
        source=source,
        level=level,
        score=score,
        reference=reference[:200],
        page=page,
        recorded_by=recorded_by,
        recorded_at=recorded_at or timezone.now(),
    )


def _percent(score):
    try:
        value = Decimal(str(score)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError(_("A score must be a number from 0 to 100.")) from error
    if not Decimal(0) <= value <= Decimal(100):
        raise ValidationError(_("A score must be a number from 0 to 100."))
    return value


# --- self-assessment -------------------------------------------------------------------


@transaction.atomic
def record_self_assessment(*, user, levels):
    """Record the person's own view of their level, `levels` being {Competency:
    ProficiencyLevel}. Only competencies whose answer changed get a new entry, so saving
    the form twice does not pad the ledger. Returns how many were recorded."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to assess yourself."))
    # Sent twice at once, the second waits here and then finds nothing changed.
    take_turns(user)
    latest = own_view_level_ids(user)
    changed = [(competency, level) for competency, level in levels.items() if latest.get(competency.pk) != level.pk]
    for competency, level in changed:
        record_evidence(
            user=user,
            competency=competency,
            source=Evidence.Source.SELF,
            level=level,
            reference=_("Self-assessment"),
            recorded_by=user,
        )
    return len(changed)


# --- learning plans --------------------------------------------------------------------


def _plans_changed(person_ids):
    """Bulk writes of plan items send no signal: the people whose plans changed, and the
    directors whose team figures count them, are told here."""
    person_generation.move_on(with_their_directors(person_ids))


def _require_own(user, item):
    if not user.is_authenticated or item.user_id != user.pk:
        raise PermissionDenied(_("This is not your plan."))


def _visible_items(user):
    return PlanItem.objects.select_for_update().filter(user=user, dropped_at__isnull=True).order_by("position", "pk")


def _next_position(user):
    last = PlanItem.objects.filter(user=user).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


@transaction.atomic
def suggest_plan(*, user, now=None):
    """Add learning for each of the person's gaps, largest gap first, each gap's items
    due two weeks after the previous gap's. Pages already in the plan (done, dropped or pending) are
    not added again. Returns the new items."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to plan your learning."))
    # A second click waits for the first and then finds its items already planned.
    take_turns(user)
    now = now or timezone.now()
    today = timezone.localdate(now)
    profile = profile_of(user, now=now)
    planned = list(PlanItem.objects.filter(user=user).values_list("page_id", "position"))
    taken = {page_id for page_id, _position in planned}
    position = max((position for _page_id, position in planned), default=-1) + 1
    created = []
    planned_gaps = 0
    for standing in profile.gaps:
        offers = [offer for offer in offers_for_gap(user=user, standing=standing) if offer.page_id not in taken]
        if not offers:
            continue
        planned_gaps += 1
        due_on = today + timedelta(days=DAYS_PER_GAP * planned_gaps)
        for offer in offers:
            taken.add(offer.page_id)
            created.append(
                PlanItem(
                    user=user,
                    page_id=offer.page_id,
                    origin=PlanItem.Origin.SUGGESTED,
                    competency=standing.competency,
                    position=position,
                    due_on=due_on,
                )
            )
            position += 1
    _plans_changed([user.pk])
    return PlanItem.objects.bulk_create(created)


@transaction.atomic
def add_to_plan(*, user, page, due_on=None):
    """The person adds a page to their own plan; a dropped item comes back."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to plan your learning."))
    if not page.live or not plannable(page):
        raise ValidationError(_("This page cannot be added to a learning plan."))
    take_turns(user)
    item, created = PlanItem.objects.get_or_create(
        user=user,
        page=page,
        defaults={"origin": PlanItem.Origin.CHOSEN, "position": _next_position(user), "due_on": due_on},
    )
    if not created and item.dropped_at is not None:
        item.dropped_at = None
        item.origin = item.origin if item.assignment_id else PlanItem.Origin.CHOSEN
        item.position = _next_position(user)
        item.save(update_fields=["dropped_at", "origin", "position"])
    return item


@transaction.atomic
def drop_item(*, user, item):
    """Take an item out of the plan. Learning a director assigned stays."""
    _require_own(user, item)
    if item.origin == PlanItem.Origin.ASSIGNED:
        raise PermissionDenied(_("Your director assigned this; ask them if it no longer fits."))
    item.dropped_at = timezone.now()
    item.save(update_fields=["dropped_at"])


@transaction.atomic
def move_item(*, user, item, offset):
    """Move an item up (offset -1) or down (+1) among the plan's visible items."""
    _require_own(user, item)
    # Moves of one person's items run one after another: locking the items alone, in
    # position order, deadlocked two concurrent moves on PostgreSQL (each saw the other's
    # new positions half-way through its scan).
    take_turns(user)
    items = list(_visible_items(user))
    index = next((number for number, other in enumerate(items) if other.pk == item.pk), None)
    if index is None:
        raise ValidationError(_("This item is no longer in your plan."))
    target = min(max(index + offset, 0), len(items) - 1)
    items.insert(target, items.pop(index))
    for position, other in enumerate(items):
        other.position = position
    PlanItem.objects.bulk_update(items, ["position"])
    person_generation.move_on([user.pk])


@transaction.atomic
def mark_done(*, user, item, now=None):
    """The learner ticks off reading a case or a lesson. Courses and quizzes complete
    themselves when finished or passed, so a tick cannot stand in for them."""
    _require_own(user, item)
    if completes_itself(item.page):
        raise ValidationError(_("This completes itself when you finish it."))
    if item.completed_at is None:
        item.completed_at = now or timezone.now()
        item.save(update_fields=["completed_at"])
        records.items_completed(items=[item], page=item.page)
    return item


@transaction.atomic
def complete_plan_items(*, user, page, now=None):
    """Content apps call this when the person finished `page` (a course completed, a
    quiz passed). Returns how many plan items it completed."""
    items = list(PlanItem.objects.select_for_update().filter(user=user, page=page, completed_at__isnull=True))
    now = now or timezone.now()
    for item in items:
        item.completed_at = now
    PlanItem.objects.bulk_update(items, ["completed_at"])
    if items:
        _plans_changed([user.pk])
    records.items_completed(items=items, page=page)
    return len(items)


# --- reminders -------------------------------------------------------------------------

# The plan section a reminder opens; it also marks the day's reminder for the throttle.
REMINDER_ANCHOR = "#assigned-heading"


@transaction.atomic
def remind(*, actor, person, now=None):
    """A director nudges one member about the learning assigned to them and not done
    yet. At most one reminder per person a day, whoever sends it; returns whether one
    was sent (False when already reminded today or nothing is open)."""
    if not may_assign_to_person(actor, person):
        raise PermissionDenied(_("You can remind only members of teams you lead."))
    now = now or timezone.now()
    take_turns(person)
    plan_url = reverse("competencies:plan") + REMINDER_ANCHOR
    start_of_day = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    if Notification.objects.filter(recipient=person, url=plan_url, created_at__gte=start_of_day).exists():
        return False
    open_items = PlanItem.objects.filter(
        user=person, origin=PlanItem.Origin.ASSIGNED, completed_at__isnull=True, dropped_at__isnull=True
    )
    count = open_items.count()
    if not count:
        return False
    overdue = open_items.filter(due_on__lt=timezone.localdate(now)).count()
    message = ngettext(
        "%(director)s reminds you of %(count)s piece of assigned learning (%(overdue)s overdue).",
        "%(director)s reminds you of %(count)s pieces of assigned learning (%(overdue)s overdue).",
        count,
    ) % {"director": actor.get_display_name(), "count": count, "overdue": overdue}
    notify(recipient=person, message=message, url=plan_url, email_subject=message)
    return True


# --- assignments -----------------------------------------------------------------------

ASSIGNMENT_HORIZON_DAYS = 366


def may_assign_to_team(actor, team):
    return actor.is_authenticated and (actor.is_superuser or team.director_id == actor.pk)


def may_assign_to_person(actor, person):
    return actor.is_authenticated and (actor.is_superuser or directs(actor, person.pk))


@transaction.atomic
def assign(*, actor, page, due_on, team=None, person=None, note="", today=None):
    """A director assigns learning to their team or one of its members, with a due
    date; every member finds it in their plan, marked as assigned. Returns the
    Assignment."""
    if (team is None) == (person is None):
        raise ValidationError(_("Choose a team or one person."))
    if team is not None and not may_assign_to_team(actor, team):
        raise PermissionDenied(_("You can assign learning only to teams you lead."))
    if person is not None and not may_assign_to_person(actor, person):
        raise PermissionDenied(_("You can assign learning only to members of teams you lead."))
    if not page.live or not plannable(page):
        raise ValidationError(_("This page cannot be assigned."))
    today = today or timezone.localdate()
    if due_on < today:
        raise ValidationError({"due_on": _("The due date has passed. Choose today or a later day.")})
    if due_on > today + timedelta(days=ASSIGNMENT_HORIZON_DAYS):
        raise ValidationError({"due_on": _("Choose a due date within a year.")})
    note = note[:200]
    # The director's simultaneous sends (a double click, two tabs) take turns, so the
    # later one finds the first one's assignment.
    take_turns(actor)
    assignment = Assignment.objects.filter(page=page, team=team, person=person).order_by("-created_at").first()
    if assignment is not None and (assignment.due_on, assignment.note) == (due_on, note):
        return assignment
    if assignment is None:
        assignment = Assignment.objects.create(
            page=page, team=team, person=person, due_on=due_on, note=note, assigned_by=actor
        )
    else:
        # Assigning the same learning again to the same people moves its due date or
        # changes why: one row on the dashboard, not a second one that halves the rate.
        assignment.due_on, assignment.note, assignment.assigned_by = due_on, note, actor
        assignment.save(update_fields=["due_on", "note", "assigned_by"])
    members = [person] if person else list(User.objects.filter(team_memberships__team=team, is_active=True))
    existing = {item.user_id: item for item in PlanItem.objects.filter(page=page, user__in=members)}
    positions = dict(
        PlanItem.objects.filter(user__in=members)
        .values("user_id")
        .annotate(last=Max("position"))
        .values_list("user_id", "last")
    )
    fresh, updated = [], []
    for member in members:
        item = existing.get(member.pk)
        if item is None:
            last = positions.get(member.pk)
            fresh.append(
                PlanItem(
                    user=member,
                    page=page,
                    origin=PlanItem.Origin.ASSIGNED,
                    assignment=assignment,
                    due_on=due_on,
                    position=0 if last is None else last + 1,
                )
            )
        else:
            item.origin, item.assignment, item.due_on, item.dropped_at = (
                PlanItem.Origin.ASSIGNED,
                assignment,
                due_on,
                None,
            )
            updated.append(item)
    PlanItem.objects.bulk_create(fresh)
    PlanItem.objects.bulk_update(updated, ["origin", "assignment", "due_on", "dropped_at"])
    _plans_changed([item.user_id for item in [*fresh, *updated]])
    records.items_assigned(items=[*fresh, *updated], page=page, director=actor, due_on=due_on)
    message = _("%(director)s assigned you “%(title)s”, due %(date)s.") % {
        "director": actor.get_display_name(),
        "title": page.title,
        "date": date_format(due_on, "SHORT_DATE_FORMAT"),
    }
    for member in members:
        if member.pk != actor.pk:
            notify(recipient=member, message=message, url=reverse("competencies:plan"))
    return assignment
