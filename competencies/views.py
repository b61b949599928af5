from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Page

from accounts.models import User
from accounts.selectors import directs
from competencies.charts import radar_data
from competencies.forms import AssignForm, SelfAssessmentForm
from competencies.models import Competency, CompetencyLevelDescription, ProficiencyLevel
from competencies.plans import offers_for_gap, plannable
from competencies.profiles import profile_of
from competencies.selectors import own_view_level_ids, plan_item_of, plan_of
from competencies.services import (
    add_to_plan,
    assign,
    drop_item,
    mark_done,
    may_assign_to_person,
    move_item,
    record_self_assessment,
    remind,
    suggest_plan,
)
from core.clean_input import is_site_path


def _may_see_profile(viewer, person):
    return viewer.pk == person.pk or viewer.is_superuser or directs(viewer, person.pk)


def _profile_page(request, person):
    profile = profile_of(person, with_evidence=True)
    own = request.user.pk == person.pk
    levels = list(ProficiencyLevel.objects.all())
    title = (
        _("My competency profile") if own else _("%(name)s’s competency profile") % {"name": person.get_display_name()}
    )
    context = {
        "profile": profile,
        "person": person,
        "own": own,
        "gap_offers": [] if own else _offers_to_assign(request.user, person, profile),
        "chart": radar_data(profile, top_level=len(levels), own=own),
        "levels": levels,
        "title": title,
        "breadcrumbs": [(title, None)],
    }
    return render(request, "competencies/profile.html", context)


def _offers_to_assign(viewer, person, profile):
    """[(gap, [page])]: for a director looking at a member, what could be assigned for
    each gap, so assigning starts from the gap and not from the library."""
    if not may_assign_to_person(viewer, person):
        return []
    offers = [(standing, offers_for_gap(user=person, standing=standing)) for standing in profile.gaps]
    pages = Page.objects.live().in_bulk([offer.page_id for _standing, chosen in offers for offer in chosen])
    return [
        (standing, [pages[offer.page_id] for offer in chosen if offer.page_id in pages]) for standing, chosen in offers
    ]


@login_required
def my_profile(request):
    return _profile_page(request, request.user)


@login_required
def person_profile(request, user_id):
    person = get_object_or_404(User.objects.filter(is_active=True), pk=user_id)
    if not _may_see_profile(request.user, person):
        # Members never see each other's levels; a 404 does not confirm who exists.
        raise Http404
    if person.pk == request.user.pk:
        return redirect("competencies:profile")
    return _profile_page(request, person)


@login_required
@require_http_methods(["GET", "POST"])
def self_assessment(request):
    levels = list(ProficiencyLevel.objects.all())
    competencies = list(
        Competency.objects.prefetch_related(
            Prefetch("level_descriptions", queryset=CompetencyLevelDescription.objects.order_by("level__number"))
        )
    )
    form = SelfAssessmentForm(
        request.POST if request.method == "POST" else None,
        competencies=competencies,
        levels=levels,
        initial_levels=own_view_level_ids(request.user),
    )
    if request.method == "POST":
        if form.is_valid():
            record_self_assessment(user=request.user, levels=form.chosen_levels())
            messages.success(request, _("Your self-assessment is saved. It appears beside your measured levels."))
            return redirect("competencies:profile")
        messages.error(request, _("Please correct the errors below."))
    title = _("Self-assessment")
    context = {
        "form": form,
        "title": title,
        "breadcrumbs": [(_("My competency profile"), reverse("competencies:profile")), (title, None)],
    }
    return render(request, "competencies/self_assessment.html", context)


@login_required
def my_plan(request):
    title = _("My learning plan")
    profile = profile_of(request.user)
    context = {
        "plan": plan_of(request.user),
        "profile": profile,
        "title": title,
        "breadcrumbs": [(_("My competency profile"), reverse("competencies:profile")), (title, None)],
    }
    return render(request, "competencies/plan.html", context)


@login_required
@require_POST
def remind_person(request, user_id):
    person = get_object_or_404(User.objects.filter(is_active=True), pk=user_id)
    if not _may_see_profile(request.user, person) or person.pk == request.user.pk:
        raise Http404
    name = person.get_display_name()
    if remind(actor=request.user, person=person):
        messages.success(request, _("%(name)s is reminded of their assigned learning.") % {"name": name})
    else:
        messages.info(
            request, _("%(name)s has no assigned learning open, or was reminded today already.") % {"name": name}
        )
    return _back(request, fallback="team_dashboards:list")


def _back(request, fallback="competencies:plan"):
    target = request.POST.get("next", "")
    if is_site_path(request, target):
        return HttpResponseRedirect(target)
    return redirect(fallback)


@login_required
@require_POST
def suggest(request):
    created = suggest_plan(user=request.user)
    if created:
        messages.success(
            request, _("%(count)s items for your gaps were added to your plan.") % {"count": len(created)}
        )
    else:
        messages.warning(
            request,
            _("Nothing new to add: your plan already covers your gaps, or no learning is tagged for them yet."),
        )
    return redirect("competencies:plan")


@login_required
@require_POST
def add(request):
    page = Page.objects.filter(pk=_int(request.POST.get("page"))).first()
    if page is None:
        raise Http404
    try:
        add_to_plan(user=request.user, page=page)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is in your learning plan.") % {"title": page.title})
    return _back(request)


def _own_item(request, item_id):
    item = plan_item_of(request.user, item_id)
    if item is None:
        raise Http404
    return item


@login_required
@require_POST
def drop(request, item_id):
    item = _own_item(request, item_id)
    try:
        drop_item(user=request.user, item=item)
    except PermissionDenied as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("“%(title)s” was taken out of your plan.") % {"title": item.page.title})
    return _back(request)


@login_required
@require_POST
def move(request, item_id):
    offset = -1 if request.POST.get("direction") == "up" else 1
    move_item(user=request.user, item=_own_item(request, item_id), offset=offset)
    return _back(request)


@login_required
@require_POST
def done(request, item_id):
    item = _own_item(request, item_id)
    try:
        mark_done(user=request.user, item=item)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("“%(title)s” is done.") % {"title": item.page.title})
    return _back(request)


@login_required
@require_http_methods(["GET", "POST"])
def assign_learning(request, page_id):
    page = get_object_or_404(Page.objects.live(), pk=page_id)
    if not plannable(page):
        raise Http404
    form = AssignForm(
        request.POST if request.method == "POST" else None,
        actor=request.user,
        initial={"recipient": request.GET.get("recipient", "")},
    )
    if not (form.teams or form.people):
        raise PermissionDenied
    if request.method == "POST":
        if form.is_valid():
            try:
                assignment = assign(
                    actor=request.user,
                    page=page,
                    due_on=form.cleaned_data["due_on"],
                    note=form.cleaned_data["note"],
                    **form.cleaned_data["recipient"],
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                recipient = assignment.team or assignment.person
                messages.success(
                    request,
                    _("“%(title)s” is assigned to %(recipient)s.") % {"title": page.title, "recipient": recipient},
                )
                return redirect(page.url)
        messages.error(request, _("Please correct the errors below."))
    title = _("Assign learning")
    context = {"form": form, "page_to_assign": page, "title": title, "breadcrumbs": [(title, None)]}
    return render(request, "competencies/assign.html", context)


def _add_errors(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
