"""Thin views over capture.services and capture.selectors: the contributor's guided
form (with autosave), their submissions, and directors' recommendations.

Nothing typed is lost to an expired session: a form posted while signed out is kept in
the session, the person signs in again and finds their text back in the form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.utils import ErrorDict
from django.http import Http404, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from capture.forms import ExperienceForm, RecommendForm
from capture.frame import CONTEXT, REQUIRED_FIELDS, STEPS, TAKEAWAY
from capture.models import Experience, ExperienceLessonPage
from capture.selectors import editable_experience, my_contributions, popular_tag_names, submission
from capture.services import (
    can_view,
    missing_for_submission,
    recommend,
    record_reading,
    save_draft,
    submit,
    withdraw_recommendation,
)

PENDING_KEY = "capture-pending-form"
# What makes a new experience worth a draft of its own.
SUBSTANCE = ("title", *REQUIRED_FIELDS)


def _keep_for_after_login(request, path=None):
    """Remember what a signed-out person posted, for the form to show after sign-in."""
    request.session[PENDING_KEY] = {"path": path or request.path, "data": request.POST.urlencode()}


def _pending_data(request):
    pending = request.session.get(PENDING_KEY)
    if pending and pending.get("path") == request.path and request.user.is_authenticated:
        del request.session[PENDING_KEY]
        return QueryDict(pending["data"])
    return None


def _own_editable(request, experience_id):
    experience = editable_experience(experience_id)
    if experience is None:
        raise Http404
    if experience.author_id != request.user.pk:
        raise PermissionDenied
    return experience


def share(request):
    """Start a new experience."""
    return _experience_form(request, experience=None)


def edit(request, experience_id):
    if not request.user.is_authenticated:
        return _sign_in_again(request)
    experience = _own_editable(request, experience_id)
    if not experience.is_editable:
        messages.info(request, _("This experience is with the reviewers; you can change it if they ask for changes."))
        return redirect("capture:detail", experience_id=experience.pk)
    return _experience_form(request, experience=experience)


def _sign_in_again(request):
    if request.method == "POST":
        _keep_for_after_login(request)
        messages.warning(request, _("Your session had expired. Sign in again: your text is kept."))
    return redirect_to_login(request.get_full_path())


def _experience_form(request, *, experience):
    if not request.user.is_authenticated:
        return _sign_in_again(request)
    data = request.POST if request.method == "POST" else _pending_data(request)
    form = ExperienceForm(data, instance=experience)
    if data is None:
        if experience and request.GET.get("check"):
            # Mark what a submission still lacks on the unbound form, beside each field.
            form._errors = ErrorDict(
                {name: form.error_class([message]) for name, message in missing_for_submission(experience).items()}
            )
        return _render_form(request, form, experience)
    if not form.is_valid():
        messages.error(request, _("Some answers need a look before they can be saved; they are marked below."))
        return _render_form(request, form, experience, status=400 if request.method == "POST" else 200)
    try:
        experience = save_draft(user=request.user, form=form)
    except ValidationError as error:
        # The same form sent twice: the first copy submitted it, so this one finds it
        # with the reviewers. Land where the first did.
        messages.info(request, " ".join(error.messages))
        return redirect("capture:mine")
    if request.POST.get("action") == "submit":
        try:
            submit(user=request.user, experience=experience)
        except ValidationError:
            messages.error(
                request,
                _("Saved as a draft. To submit, fill in the problem, the actions you took and the lesson."),
            )
            return redirect(reverse("capture:edit", args=[experience.pk]) + "?check=1")
        messages.success(request, _("Thank you! Your experience is with the editors for review."))
        return redirect("capture:mine")
    if request.method == "POST":
        messages.success(request, _("Draft saved."))
    else:
        messages.success(request, _("Welcome back: what you typed before signing in is saved as a draft."))
    return redirect("capture:edit", experience_id=experience.pk)


def _render_form(request, form, experience, status=200):
    return render(
        request,
        "capture/experience_form.html",
        {
            "form": form,
            "experience": experience,
            "steps": STEPS,
            "takeaway": TAKEAWAY,
            "context_section": CONTEXT,
            "required_fields": REQUIRED_FIELDS,
            "tag_suggestions": popular_tag_names(),
            "autosave_url": reverse("capture:autosave", args=[experience.pk])
            if experience
            else reverse("capture:autosave_new"),
            "breadcrumbs": [
                (_("My contributions"), reverse("capture:mine")),
                (_("Edit experience") if experience else _("Share an experience"), None),
            ],
        },
        status=status,
    )


@require_POST
def autosave(request, experience_id=None):
    """Save a draft in the background. Answers JSON the form's script understands."""
    if not request.user.is_authenticated:
        _keep_for_after_login(request, path=_form_path(experience_id))
        return JsonResponse(
            {"error": "signed_out", "login_url": reverse("accounts:login") + "?next=" + _form_path(experience_id)},
            status=401,
        )
    experience = _own_editable(request, experience_id) if experience_id else None
    if experience is not None and not experience.is_editable:
        return JsonResponse(
            {"error": "not_editable", "detail_url": reverse("capture:detail", args=[experience.pk])}, status=409
        )
    form = ExperienceForm(request.POST, instance=experience)
    if not form.is_valid():
        errors = {**form.errors.get_json_data(), **{key: list(value) for key, value in form.row_errors().items()}}
        return JsonResponse({"error": "invalid", "errors": errors}, status=400)
    if experience is None and not any((form.cleaned_data.get(name) or "").strip() for name in SUBSTANCE):
        # Nothing a colleague could read yet: no "untitled experience" draft from a stray tick.
        return JsonResponse({"error": "empty"}, status=400)
    experience = save_draft(user=request.user, form=form)
    return JsonResponse(
        {
            "id": experience.pk,
            "edit_url": reverse("capture:edit", args=[experience.pk]),
            "autosave_url": reverse("capture:autosave", args=[experience.pk]),
            "saved_at": time_format(timezone.localtime(experience.updated_at), "H:i"),
            "rows": _saved_row_ids(form),
        }
    )


def _saved_row_ids(form):
    """{formset prefix: [row id or "", ...]} by form position. The script writes them
    into the rows, so the next save updates these rows instead of adding copies."""
    rows = {}
    for prefix, formset in form.formsets.items():
        deleted = set(formset.deleted_forms)
        rows[prefix] = ["" if row in deleted or row.instance.pk is None else row.instance.pk for row in formset.forms]
    return rows


def _form_path(experience_id):
    return reverse("capture:edit", args=[experience_id]) if experience_id else reverse("capture:share")


@login_required
def mine(request):
    page, published_count = my_contributions(request.user, request.GET.get("page"))
    return render(
        request,
        "capture/my_contributions.html",
        {
            "contributions": page,
            "published_count": published_count,
            "breadcrumbs": [(_("My contributions"), None)],
        },
    )


@login_required
def detail(request, experience_id):
    experience = submission(experience_id)
    if experience is None:
        raise Http404
    if not can_view(request.user, experience):
        raise PermissionDenied
    record_reading(reader=request.user, experience=experience)
    return render(
        request,
        "capture/experience_detail.html",
        {
            "experience": experience,
            "steps": STEPS,
            "takeaway": TAKEAWAY,
            "is_author": experience.author_id == request.user.pk,
            "breadcrumbs": [(_("My contributions"), reverse("capture:mine")), (experience.display_title, None)],
        },
    )


@login_required
@require_POST
def delete_draft(request, experience_id):
    experience = _own_editable(request, experience_id)
    if experience.state != Experience.State.DRAFT:
        messages.error(request, _("Only a draft that was never submitted can be deleted."))
        return redirect("capture:mine")
    experience.delete()
    messages.success(request, _("Draft deleted."))
    return redirect("capture:mine")


@login_required
@require_POST
def recommend_lesson(request, lesson_id):
    lesson = get_object_or_404(ExperienceLessonPage.objects.live(), pk=lesson_id)
    teams = request.user.led_teams.all()
    form = RecommendForm(request.POST, teams=teams)
    if not teams.exists():
        raise PermissionDenied
    if not form.is_valid():
        messages.error(request, " ".join(" ".join(errors) for errors in form.errors.values()))
        return redirect(lesson.url + "#recommend")
    team = form.cleaned_data["team"]
    if request.POST.get("action") == "withdraw":
        withdraw_recommendation(director=request.user, lesson=lesson, team=team)
        messages.success(request, _("Recommendation to %(team)s withdrawn.") % {"team": team.name})
    else:
        recommend(director=request.user, lesson=lesson, team=team, note=form.cleaned_data["note"])
        messages.success(request, _("Recommended to %(team)s.") % {"team": team.name})
    return redirect(lesson.url + "#recommend")
