"""Thin views over quizzes.services and quizzes.selectors: taking a quiz, results,
assessors' grading and sign-offs, certificates and their public verification,
practice and the mistake book."""

import random

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Team
from accounts.selectors import directs, teams_generation
from competencies.profiles import competency_model_generation
from core.person_generation import kept_for_person
from quizzes import practice
from quizzes.certification import (
    certification_overview,
    certification_scheme_generation,
    decide_sign_off,
    may_decide,
    open_certifications,
)
from quizzes.forms import GradeForm, SignOffForm, as_int, read_responses
from quizzes.models import AttemptAnswer, QuizPage, SignOff
from quizzes.selectors import (
    answers_on_page,
    attempt_page,
    attempt_result,
    attempt_with_quiz,
    certificate_by_code,
    grading_queue,
    mistake_book_for,
    my_certification,
    practice_overview,
    presented,
    quiz_page_for,
    review_row,
    sign_off_queue,
)
from quizzes.services import (
    can_grade,
    close_if_overdue,
    finish_attempt,
    grade_answer,
    save_answers,
    start_attempt,
    submit_attempt,
)


def _error_text(error):
    return " ".join(error.messages)


@login_required
@require_POST
def start(request, quiz_id):
    quiz = quiz_page_for(quiz_id)
    if quiz is None:
        raise Http404
    try:
        attempt = start_attempt(user=request.user, quiz=quiz)
    except ValidationError as error:
        messages.error(request, _error_text(error))
        return redirect(quiz.url)
    return redirect("quizzes:take", attempt_id=attempt.pk)


def _attempt(attempt_id):
    attempt = attempt_with_quiz(attempt_id)
    if attempt is None:
        raise Http404
    return attempt


def _own_attempt(request, attempt_id):
    attempt = _attempt(attempt_id)
    if attempt.user_id != request.user.pk:
        raise PermissionDenied
    attempt.user = request.user
    return close_if_overdue(attempt=attempt)


def _page_number(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return 1


@login_required
def take(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    if not attempt.in_progress:
        return redirect("quizzes:result", attempt_id=attempt.pk)
    if request.method == "POST":
        return _save_page(request, attempt)
    context = attempt_page(attempt, _page_number(request.GET.get("page")))
    context["breadcrumbs"] = [
        (attempt.quiz.title, attempt.quiz.url),
        (_("Attempt %(number)s") % {"number": attempt.number}, None),
    ]
    return render(request, "quizzes/take.html", context)


def _posted_answers(attempt, request):
    answers = list(AttemptAnswer.objects.filter(attempt=attempt).only("position", "snapshot"))
    return _posted_on_page(attempt, answers, request)


def _posted_on_page(attempt, answers, request):
    """(page number, {position: response}) of the page the learner sent."""
    page_number, _count, shown = answers_on_page(attempt.quiz, answers, _page_number(request.POST.get("page")))
    return page_number, read_responses(shown, request.POST)


def _save_page(request, attempt):
    if "page" not in request.POST:
        # The "submit anyway" confirmation carries no answers: keep the saved ones.
        attempt = submit_attempt(user=request.user, attempt=attempt)
        messages.success(request, _("Your answers are submitted."))
        return redirect("quizzes:result", attempt_id=attempt.pk)
    action = request.POST.get("action", "save")
    if action == "finish":
        # Unless confirmed, the answers are saved first and the learner asked: one who
        # goes back to answer loses nothing.
        finishing = finish_attempt(
            user=request.user,
            attempt=attempt,
            read_responses=lambda answers: _posted_on_page(attempt, answers, request)[1],
            confirmed=request.POST.get("confirm") == "1",
        )
        if finishing.unanswered:
            context = {
                "attempt": finishing.attempt,
                "quiz": attempt.quiz,
                "unanswered": finishing.unanswered,
                "paged": attempt.quiz.navigation == QuizPage.Navigation.PAGED,
                # The take page makes an out-of-range number valid.
                "page_number": _page_number(request.POST.get("page")),
                "breadcrumbs": [(attempt.quiz.title, attempt.quiz.url), (_("Submit"), None)],
            }
            return render(request, "quizzes/confirm_submit.html", context)
        if finishing.in_time:
            messages.success(request, _("Your answers are submitted."))
        else:
            messages.warning(request, _("Time is up. Your attempt was submitted with the answers saved in time."))
        return redirect("quizzes:result", attempt_id=attempt.pk)
    page_number, responses = _posted_answers(attempt, request)
    if not save_answers(user=request.user, attempt=attempt, responses=responses):
        messages.warning(request, _("Time is up. Your attempt was submitted with the answers saved in time."))
        return redirect("quizzes:result", attempt_id=attempt.pk)
    if action == "next":
        page_number += 1
    elif action == "previous":
        page_number -= 1
    elif action.startswith("goto-"):
        page_number = _page_number(action[5:])
    else:
        messages.success(request, _("Your answers are saved."))
    return redirect(f"{reverse('quizzes:take', args=[attempt.pk])}?page={max(1, page_number)}")


@login_required
@require_POST
def autosave(request, attempt_id):
    attempt = _own_attempt(request, attempt_id)
    result_url = reverse("quizzes:result", args=[attempt.pk])
    if not attempt.in_progress:
        return JsonResponse({"saved": False, "closed": True, "result_url": result_url}, status=409)
    _page, responses = _posted_answers(attempt, request)
    if not save_answers(user=request.user, attempt=attempt, responses=responses):
        return JsonResponse({"saved": False, "closed": True, "result_url": result_url}, status=409)
    return JsonResponse({"saved": True})


def _may_see_result(user, attempt):
    if user.pk == attempt.user_id or user.is_superuser or can_grade(user):
        return True
    return directs(user, attempt.user_id)


@login_required
def result(request, attempt_id):
    attempt = _attempt(attempt_id)
    if not _may_see_result(request.user, attempt):
        raise PermissionDenied
    if attempt.user_id == request.user.pk:
        attempt.user = request.user
    attempt = close_if_overdue(attempt=attempt)
    if attempt.in_progress:
        if attempt.user_id == request.user.pk:
            return redirect("quizzes:take", attempt_id=attempt.pk)
        raise Http404
    context = attempt_result(attempt)
    context["breadcrumbs"] = [(attempt.quiz.title, attempt.quiz.url), (_("Result"), None)]
    return render(request, "quizzes/result.html", context)


def _require_grader(user):
    if not can_grade(user):
        raise PermissionDenied


@login_required
def grading(request):
    _require_grader(request.user)
    waiting = list(grading_queue().exclude(attempt__user=request.user)[:100])
    sign_offs = list(sign_off_queue(request.user)[:100])
    context = {"waiting": waiting, "sign_offs": sign_offs, "breadcrumbs": [(_("Assessor's desk"), None)]}
    return render(request, "quizzes/grading.html", context)


@login_required
def grade(request, answer_id):
    _require_grader(request.user)
    answer = get_object_or_404(
        AttemptAnswer.objects.select_related("attempt__quiz", "attempt__user"), pk=answer_id, kind="essay"
    )
    if answer.attempt.user_id == request.user.pk:
        raise PermissionDenied
    form = GradeForm(request.POST or None, max_points=answer.points)
    if request.method == "POST" and form.is_valid():
        try:
            grade_answer(
                grader=request.user,
                answer=answer,
                score=form.cleaned_data["score"],
                feedback=form.cleaned_data["feedback"],
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Grade saved."))
            following = grading_queue().exclude(attempt__user=request.user).first()
            return redirect("quizzes:grade", answer_id=following.pk) if following else redirect("quizzes:grading")
    context = {
        "answer": answer,
        "form": form,
        "breadcrumbs": [(_("Assessor's desk"), reverse("quizzes:grading")), (_("Grade an answer"), None)],
    }
    return render(request, "quizzes/grade.html", context)


@login_required
def sign_offs(request):
    queue = list(sign_off_queue(request.user)[:200])
    if not queue and not (can_grade(request.user) or Team.objects.filter(director=request.user).exists()):
        raise PermissionDenied
    context = {"sign_offs": queue, "breadcrumbs": [(_("Sign-offs"), None)]}
    return render(request, "quizzes/sign_offs.html", context)


@login_required
def sign_off(request, sign_off_id):
    item = get_object_or_404(SignOff.objects.select_related("user", "certification__grade"), pk=sign_off_id)
    if not may_decide(request.user, item):
        raise PermissionDenied
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decide_sign_off(
                decider=request.user,
                sign_off=item,
                approve=form.cleaned_data["decision"] == "approve",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("quizzes:sign_offs")
    certifications = [each for each in open_certifications() if each.pk == item.certification_id]
    overview = certification_overview(item.user, certifications=certifications)
    context = {
        "item": item,
        "progress": overview[0] if overview else None,
        "form": form,
        "breadcrumbs": [(_("Sign-offs"), reverse("quizzes:sign_offs")), (item.user.get_full_name(), None)],
    }
    return render(request, "quizzes/sign_off.html", context)


@login_required
def my_certificates(request):
    # Kept between visits until the person's grade, levels, attempts, certificates or
    # sign-offs change (the person generation), or the scheme, their teams or the model.
    context = kept_for_person(
        request.user.pk,
        "my-certification",
        lambda: my_certification(request.user),
        versions=[
            certification_scheme_generation.current(),
            teams_generation.current(),
            competency_model_generation.current(),
        ],
    )
    context["breadcrumbs"] = [(_("My certification"), None)]
    return render(request, "quizzes/my_certification.html", context)


@login_required
def certificate(request, code):
    item = certificate_by_code(code)
    if item is None:
        raise Http404
    if item.user_id != request.user.pk and not request.user.has_perm("quizzes.view_certificate"):
        raise Http404
    context = {
        "certificate": item,
        "verify_url": request.build_absolute_uri(reverse("quizzes:verify", args=[item.code])),
        "breadcrumbs": [(_("My certification"), reverse("quizzes:my_certificates")), (item.certification.name, None)],
    }
    return render(request, "quizzes/certificate.html", context)


def verify(request, code=None):
    """Public: anyone holding a code can confirm what it certifies."""
    if code is None and request.GET.get("code"):
        return redirect("quizzes:verify", code=request.GET["code"].strip().replace("/", "")[:20] or "-")
    item = certificate_by_code(code) if code else None
    context = {
        "code": code or "",
        "certificate": item,
        "status": item.status() if item else None,
        "breadcrumbs": [(_("Verify a certificate"), None)],
    }
    return render(request, "quizzes/verify.html", context, status=404 if code and item is None else 200)


def serve_practice(request, page):
    """A practice page: GET asks the next question, POST answers it and shows the key."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    mistakes_only = request.GET.get("mode") == "mistakes"
    context = {"page": page, "self": page, "mistakes_only": mistakes_only}
    if request.method == "POST":
        answer, mistake = practice.answer_practice(
            user=request.user,
            page=page,
            question_id=as_int(request.POST.get("question")),
            mistake_id=as_int(request.POST.get("mistake")),
            token=request.POST.get("token", ""),
            data=request.POST,
        )
        mistakes_only = request.POST.get("mode") == "mistakes"
        context["mistakes_only"] = mistakes_only
        if answer is not None:
            row = review_row(practice.practice_review(answer), QuizPage.Review.FULL)
            context.update({"answered": row, "answer": answer, "mistake": mistake})
        else:
            question = practice.practice_questions(page.competency).get(pk=as_int(request.POST.get("question")))
            context.update(_practice_question(question, mistake, token=request.POST.get("token", "")))
            context["no_answer"] = True
    else:
        question, mistake = practice.next_question(user=request.user, page=page, mistakes_only=mistakes_only)
        if question is not None:
            context.update(_practice_question(question, mistake, token=practice.new_token()))
    context.update(practice_overview(request.user, page))
    return render(request, "quizzes/practice_page.html", context)


def _practice_question(question, mistake, *, token):
    shown = AttemptAnswer(position=1, kind=question.kind, points=question.points, snapshot=question.snapshot())
    order = [choice["id"] for choice in shown.snapshot["choices"]]
    random.shuffle(order)
    shown.snapshot["display_order"] = order
    shown.snapshot["match_order"] = random.sample(order, len(order))
    return {"question": question, "shown": presented(shown), "mistake": mistake, "token": token}


@login_required
def mistake_book(request):
    context = mistake_book_for(request.user)
    context["breadcrumbs"] = [(_("My mistake book"), None)]
    return render(request, "quizzes/mistake_book.html", context)
