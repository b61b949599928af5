"""Thin views over knowledge's services and selectors. A refused form is shown again
with what was typed and the reason beside the field; nothing typed is lost."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from taggit.models import Tag

from competencies.models import Competency
from core.audit import record_export
from core.clean_input import is_site_path
from core.freshness import can_steward, freshness_of
from core.models import Industry
from core.spreadsheets import workbook_bytes
from knowledge import credit, reuse, selectors, services
from knowledge.digests import user_for_unsubscribe
from knowledge.forms import AnswerForm, ApplicationForm, FieldNoteForm, OutcomeForm, PreferencesForm, QuestionForm
from knowledge.models import Application, ExpertQuestion, FieldNote, Follow, KnowledgePreferences


def _page_or_404(page_id):
    page = services.knowledge_page(page_id)
    if page is None:
        raise Http404
    return page


def _apply_errors(form, error):
    """Put a service's refusal beside the field it concerns."""
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _back(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_site_path(request, target) else fallback


# --- applying and reporting --------------------------------------------------------------


@login_required
def apply(request, page_id):
    page = _page_or_404(page_id)
    form = ApplicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application, created = services.record_application(user=request.user, page=page, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            if created:
                messages.success(
                    request,
                    _("Noted. On %(date)s we will ask you how it went with %(account)s.")
                    % {"date": application.follow_up_on.strftime("%Y-%m-%d"), "account": application.account},
                )
            else:
                messages.info(
                    request, _("You are already applying it with %(account)s.") % {"account": application.account}
                )
            return redirect(f"{page.url}#applying")
    return render(request, "knowledge/apply.html", {"page": page, "form": form}, status=400 if form.errors else 200)


@login_required
def report_outcome(request, application_id):
    application = get_object_or_404(Application.objects.select_related("page"), pk=application_id)
    if application.user_id != request.user.pk:
        raise Http404
    initial = {"result": application.result, "result_note": application.result_note}
    form = OutcomeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_outcome(
                user=request.user,
                application=application,
                result=form.cleaned_data["result"],
                note=form.cleaned_data["result_note"],
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Thank you: colleagues now see how it went."))
            return redirect(_back(request, application.page.url or "/"))
    return render(
        request,
        "knowledge/report_outcome.html",
        {"application": application, "form": form, "next": _back(request, "")},
        status=400 if form.errors else 200,
    )


@login_required
def outcomes(request, page_id):
    """Everything readers reported about a page: outcomes and counter-experiences.
    Editors fold a counter-experience into the page from here."""
    page = _page_or_404(page_id)
    return render(
        request,
        "knowledge/outcomes.html",
        {
            "page": page,
            "summary": selectors.outcome_summary(page.pk),
            "reported": selectors.reported_outcomes(page, limit=200),
            "notes": selectors.field_notes(page, limit=200),
            "freshness": freshness_of(page),
            "can_steward": can_steward(request.user),
            "breadcrumbs": [(page.title, page.url), (_("Outcomes and counter-experiences"), None)],
        },
    )


@login_required
def add_field_note(request, page_id):
    page = _page_or_404(page_id)
    form = FieldNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_field_note(user=request.user, page=page, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Thank you: your note is on the lesson, and editors will look at it."))
            return redirect(f"{page.url}#field-notes")
    return render(
        request, "knowledge/field_note.html", {"page": page, "form": form}, status=400 if form.errors else 200
    )


@login_required
@require_POST
def handle_field_note(request, note_id):
    note = get_object_or_404(FieldNote.objects.select_related("page"), pk=note_id)
    back = reverse("knowledge:outcomes", args=[note.page_id])
    edit = reverse("wagtailadmin_pages:edit", args=[note.page_id])
    try:
        if request.POST.get("action") == "promote":
            services.promote_field_note(user=request.user, note=note)
            messages.success(request, _("Added to a new draft of the page: check it and publish."))
            return redirect(edit)
        services.dismiss_field_note(user=request.user, note=note)
        messages.success(request, _("Kept as a note on the page."))
    except ValidationError as error:
        note.refresh_from_db()
        if note.state == FieldNote.State.PROMOTED:
            # Sent twice (a double click): the draft the first made is where to go.
            return redirect(edit)
        messages.error(request, " ".join(error.messages))
    return redirect(back)


# --- following -----------------------------------------------------------------------------

FOLLOWABLE = {
    "tag": lambda pk: Tag.objects.filter(pk=pk).first(),
    "competency": lambda pk: Competency.objects.filter(pk=pk).first(),
    "industry": lambda pk: Industry.objects.filter(pk=pk).first(),
    "colleague": lambda pk: get_user_model().objects.filter(pk=pk, is_active=True).first(),
}


@login_required
@require_POST
def toggle_follow(request):
    kind = request.POST.get("kind", "")
    try:
        target = FOLLOWABLE[kind](int(request.POST.get("target", "")))
    except (KeyError, ValueError):
        target = None
    back = _back(request, reverse("knowledge:following"))
    if target is None:
        messages.error(request, _("That is no longer there to follow."))
        return redirect(back)
    try:
        if request.POST.get("action") == "unfollow":
            services.unfollow(user=request.user, kind=kind, target=target)
            messages.success(request, _("You no longer follow %(name)s.") % {"name": _target_name(kind, target)})
        else:
            services.follow(user=request.user, kind=kind, target=target)
            messages.success(
                request,
                _("You follow %(name)s: what is new shows on your workspace, and in your digest if you choose one.")
                % {"name": _target_name(kind, target)},
            )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(back)


def _target_name(kind, target):
    return Follow(**{kind: target}).target_name


@login_required
def following(request):
    preferences = selectors.preferences_of(request.user)
    form = PreferencesForm(
        request.POST or None,
        initial={"digest": preferences.digest, "listed_as_expert": preferences.listed_as_expert},
    )
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=request.user, **form.cleaned_data)
        messages.success(request, _("Your choices are saved."))
        return redirect("knowledge:following")
    follows = selectors.follows_of(request.user)
    followed = {
        kind: {getattr(item, f"{kind}_id") for item in follows if item.kind == kind} for kind in Follow.TARGETS
    }
    competencies, tags = selectors.topic_choices()
    industries = list(Industry.objects.all())
    for kind, targets in (("competency", competencies), ("industry", industries), ("tag", tags)):
        for target in targets:
            target.is_followed = target.pk in followed[kind]
    return render(
        request,
        "knowledge/following.html",
        {
            "form": form,
            "follows": follows,
            "competencies": competencies,
            "industries": industries,
            "tags": tags,
            "new_items": selectors.new_in_follows(request.user),
        },
        status=400 if form.errors else 200,
    )


@csrf_exempt
def unsubscribe(request, token):
    """From a digest e-mail: no sign-in needed. Opening the link unsubscribes (a mail
    client's one-click POST does the same); the page offers to undo it. The CSRF check
    is off because the mail client posting has no cookie; the signed token is the check."""
    user_id = user_for_unsubscribe(token)
    user = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    if user is None:
        return render(request, "knowledge/unsubscribe.html", {"invalid": True}, status=400)
    frequency = request.POST.get("frequency")
    if request.method == "POST" and request.POST.get("action") == "resubscribe":
        if frequency not in (KnowledgePreferences.Frequency.DAILY, KnowledgePreferences.Frequency.WEEKLY):
            frequency = KnowledgePreferences.Frequency.WEEKLY
        services.set_digest(user=user, digest=frequency)
        return render(request, "knowledge/unsubscribe.html", {"token": token, "resubscribed": frequency})
    previous = selectors.preferences_of(user).digest
    services.unsubscribe(user=user)
    if request.method == "POST":
        return HttpResponse(status=204)
    if previous == KnowledgePreferences.Frequency.OFF:
        previous = KnowledgePreferences.Frequency.WEEKLY
    return render(request, "knowledge/unsubscribe.html", {"token": token, "previous": previous})


# --- experts ------------------------------------------------------------------------------


def _topic(request):
    competency = tag = None
    code = request.GET.get("competency", "")
    if code:
        competency = Competency.objects.filter(code=code).first()
    slug = request.GET.get("tag", "")
    if slug and competency is None:
        tag = Tag.objects.filter(slug=slug).first()
    return competency, tag


@login_required
def experts(request):
    competency, tag = _topic(request)
    competencies, tags = selectors.topic_choices()
    found = selectors.experts(competency=competency, tag=tag)
    following_ids = set(
        Follow.objects.filter(user=request.user, colleague__in=[expert.user for expert in found]).values_list(
            "colleague_id", flat=True
        )
    )
    return render(
        request,
        "knowledge/experts.html",
        {
            "experts": found,
            "competency": competency,
            "tag": tag,
            "competencies": competencies,
            "tags": tags,
            "following_ids": following_ids,
            "weights": selectors.Expert.WEIGHTS,
            "listed": selectors.preferences_of(request.user).listed_as_expert,
        },
    )


@login_required
def ask(request, user_id):
    expert = get_object_or_404(selectors.listed_experts().exclude(pk=request.user.pk), pk=user_id)
    form = QuestionForm(request.POST or None, initial={"topic": request.GET.get("topic", "")[:80]})
    if request.method == "POST" and form.is_valid():
        try:
            services.ask_expert(user=request.user, expert=expert, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(
                request,
                _("Sent to %(name)s. You will be told when they answer.") % {"name": expert.get_display_name()},
            )
            return redirect("knowledge:questions")
    return render(request, "knowledge/ask.html", {"expert": expert, "form": form}, status=400 if form.errors else 200)


@login_required
def questions(request):
    received, asked = selectors.questions_for(request.user)
    return render(request, "knowledge/questions.html", {"received": received, "asked": asked, "form": AnswerForm()})


@login_required
def answer(request, question_id):
    question = get_object_or_404(ExpertQuestion.objects.select_related("asker"), pk=question_id)
    if question.expert_id != request.user.pk:
        raise Http404
    form = AnswerForm(request.POST or None, initial={"answer": question.answer})
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_question(user=request.user, question=question, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Your answer is sent."))
            return redirect(f"{reverse('knowledge:questions')}#question-{question.pk}")
    return render(
        request, "knowledge/answer.html", {"question": question, "form": form}, status=400 if form.errors else 200
    )


# --- credit and reuse --------------------------------------------------------------------


@login_required
def rankings(request):
    period = request.GET.get("period", credit.DEFAULT_PERIOD)
    if period not in credit.PERIODS:
        period = credit.DEFAULT_PERIOD
    return render(
        request,
        "knowledge/rankings.html",
        {
            "rankings": credit.rankings(period=period),
            "mine": credit.credit_in_period(request.user, period=period),
            "rules": credit.RULES,
            "periods": [(key, label) for key, (label, _days) in credit.PERIODS.items()],
            "period": period,
        },
    )


@login_required
def reuse_figures(request):
    if not reuse.can_see_reuse(request.user):
        raise PermissionDenied
    figures = reuse.reuse_figures(request.user)
    if request.GET.get("format") == "xlsx":
        record_export(request, what=_("Reuse figures"), export_format="xlsx")
        response = HttpResponse(
            workbook_bytes(reuse.workbook(figures)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="reuse-figures.xlsx"'
        return response
    return render(
        request,
        "knowledge/reuse.html",
        {"figures": figures, "chart": reuse.chart_data(figures)},
    )
