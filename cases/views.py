"""The one thing a case page posts besides comments: a director scheduling (or
cancelling) the case as a topic for their team."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.forms import DISCUSSION_DRAFT_KEY, TeamDiscussionForm
from cases.models import CaseStudyPage
from cases.services import cancel_discussion, schedule_discussion
from core.tree import public_pages


@login_required
@require_POST
def team_discussion(request, case_id):
    case = get_object_or_404(public_pages(CaseStudyPage.objects.live()), pk=case_id)
    teams = request.user.led_teams.all()
    if not teams.exists():
        raise PermissionDenied
    back = redirect(f"{case.get_url(request)}#team-discussion")
    cancelling = request.POST.get("action") == "cancel"
    form = TeamDiscussionForm(request.POST, teams=teams)
    if cancelling:
        # Only the team matters when taking a case off the agenda.
        form.fields["discuss_on"].required = False
    try:
        if not form.is_valid():
            raise ValidationError(
                [f"{form.fields[name].label}: {error}" for name, errors in form.errors.items() for error in errors]
            )
        team = form.cleaned_data["team"]
        if cancelling:
            cancel_discussion(director=request.user, case=case, team=team)
            messages.success(request, _("Taken off %(team)s's agenda.") % {"team": team.name})
            return back
        discussion = schedule_discussion(
            director=request.user,
            case=case,
            team=team,
            discuss_on=form.cleaned_data["discuss_on"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        request.session[DISCUSSION_DRAFT_KEY.format(case_id=case.pk)] = {
            name: request.POST.get(name, "")[:200] for name in ("team", "discuss_on", "note")
        }
        messages.error(request, " ".join(error.messages))
        return back
    messages.success(
        request,
        _("On %(team)s's agenda for %(date)s; the members are told.")
        % {"team": team.name, "date": date_format(discussion.discuss_on, "SHORT_DATE_FORMAT")},
    )
    return back
