"""What people do with cases besides reading and commenting: a director puts a case on
their team's agenda (团队学习) or takes it off again."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import TeamDiscussion
from core.locks import take_turns
from core.notifications import notify

LATEST_SCHEDULE_DAYS = 366


def _require_director_of(director, team):
    if not director.is_authenticated or team.director_id != director.pk:
        raise PermissionDenied


@transaction.atomic
def schedule_discussion(*, director, case, team, discuss_on, note=""):
    """Put the case on the team's agenda for `discuss_on`; scheduling it again moves the
    date. Every member is told."""
    _require_director_of(director, team)
    today = timezone.localdate()
    if discuss_on < today:
        raise ValidationError(_("Choose today or a later day for the discussion."))
    if (discuss_on - today).days > LATEST_SCHEDULE_DAYS:
        raise ValidationError(_("Choose a day within the next year."))
    note = (note or "").strip()[:200]
    # The director's concurrent requests (a double click, two tabs) take turns, so the
    # second finds the first's row and sees that nothing changed.
    take_turns(director)
    discussion = TeamDiscussion.objects.filter(team=team, case=case).first()
    created = discussion is None
    if created:
        discussion = TeamDiscussion(team=team, case=case)
    elif discussion.discuss_on == discuss_on and discussion.note == note:
        return discussion
    discussion.discuss_on, discussion.note, discussion.assigned_by = discuss_on, note, director
    discussion.save()
    message = (
        _("%(name)s put “%(title)s” on %(team)s's agenda for %(date)s.")
        if created
        else _("%(name)s moved the discussion of “%(title)s” for %(team)s to %(date)s.")
    ) % {
        "name": director.get_display_name(),
        "title": case.title,
        "team": team.name,
        "date": date_format(discuss_on, "SHORT_DATE_FORMAT"),
    }
    _tell_members(
        team, director, message, case.url or "", email_subject=_("Team discussion: %(title)s") % {"title": case.title}
    )
    return discussion


@transaction.atomic
def cancel_discussion(*, director, case, team):
    _require_director_of(director, team)
    deleted, _rows = TeamDiscussion.objects.filter(team=team, case=case).delete()
    if deleted:
        message = _("%(name)s took “%(title)s” off %(team)s's agenda.") % {
            "name": director.get_display_name(),
            "title": case.title,
            "team": team.name,
        }
        _tell_members(team, director, message, case.url or "")
    return bool(deleted)


def _tell_members(team, director, message, url, email_subject=""):
    """Each member is told in the site; a new or moved date is emailed too, since it goes
    in their calendar."""
    for member in User.objects.filter(team_memberships__team=team, is_active=True).exclude(pk=director.pk):
        notify(recipient=member, message=message, url=url, email_subject=email_subject)
