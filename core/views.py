"""Site-wide views: the health checks, engagement with pages (helpful votes, comments)
and the person's notifications."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from core.engagement import (
    COMMENT_DRAFT_KEY,
    COMMENT_MAX_LENGTH,
    COMMENTS_PAGE_PARAM,
    REPORT_DETAILS_MAX_LENGTH,
    add_comment,
    delete_own_comment,
    edit_comment,
    edit_window,
    engageable_page,
    hide_comment,
    mark_helpful,
    may_edit,
    may_report,
    reply_target,
    report_comment,
    thread_page_number,
    withdraw_helpful,
)
from core.health import readiness
from core.models import Comment, CommentReport
from core.notifications import mark_all_read, recent_notifications
from core.routing import needs_no_site


@needs_no_site
@never_cache
def health_check(request):
    """Liveness, for load balancers, and the floor that `make bench` measures pages
    against: the same middleware stack, one database connection check, no queries."""
    connection.ensure_connection()
    return HttpResponse("ok", content_type="text/plain")


@needs_no_site
@never_cache
def readiness_check(request):
    """Readiness, for monitoring: the database, the shared cache and the task queue,
    each named with what is wrong. 503 when any of them fails."""
    results, took = readiness()
    ready = all(result.ok for result in results)
    body = {
        "status": "ready" if ready else "not ready",
        "checks": {result.part: {"ok": result.ok, "detail": result.detail} for result in results},
        "failing": [result.part for result in results if not result.ok],
        "seconds": round(took, 3),
    }
    return JsonResponse(body, status=200 if ready else 503, json_dumps_params={"ensure_ascii": False})


@csrf_exempt
@require_POST
def switch_language(request):
    """Django's set_language, minus the CSRF check. The switch is on every page, and
    its token was the one part of a signed-out visitor's page that differed between
    visitors, which kept those pages out of the cache (core.page_cache). A forged
    switch could only change someone's display language."""
    return set_language(request)


def error_check(request):
    """Raises on purpose, for an operator checking that the error page and the error
    e-mails work. Only when ERROR_CHECK_TOKEN is set and given; otherwise a 404."""
    expected = settings.ERROR_CHECK_TOKEN
    if not expected or not constant_time_compare(request.GET.get("token", ""), expected):
        raise Http404
    raise RuntimeError("Error check requested through /healthz/error")


def not_found(request):
    raise Http404


def _page_or_404(page_id):
    page = engageable_page(page_id)
    if page is None:
        raise Http404
    return page


def _back_to(page, request, anchor="engagement"):
    return redirect(f"{page.get_url(request)}#{anchor}")


def _back_to_comment(request, comment):
    """The page of the discussion that shows the comment, scrolled to it."""
    page_number = thread_page_number(comment)
    query = f"?{COMMENTS_PAGE_PARAM}={page_number}" if page_number > 1 else ""
    anchor = f"comment-{comment.pk}" if comment.is_visible else f"comment-{comment.parent_id or comment.pk}"
    return redirect(f"{comment.page.get_url(request)}{query}#{anchor}")


def _comment_or_404(comment_id):
    comment = Comment.objects.select_related("page", "author").filter(pk=comment_id).first()
    if comment is None or engageable_page(comment.page_id) is None:
        raise Http404
    return comment


@login_required
@require_POST
def helpful(request, page_id):
    page = _page_or_404(page_id)
    if request.POST.get("action") == "withdraw":
        withdraw_helpful(user=request.user, page=page)
        messages.success(request, _("Your helpful vote is withdrawn."))
    elif mark_helpful(user=request.user, page=page):
        messages.success(request, _("Thanks: you marked this helpful."))
    else:
        messages.info(request, _("You have already marked this helpful."))
    return _back_to(page, request)


@login_required
@require_POST
def comment(request, page_id):
    page = _page_or_404(page_id)
    body = request.POST.get("body", "")
    parent_id = request.POST.get("parent", "")
    try:
        parent = reply_target(page, parent_id)
        posted = add_comment(user=request.user, page=page, body=body, parent=parent)
    except ValidationError as error:
        # The page shows the text again in the box it came from, so nothing typed is lost:
        # all of it, however long (Django's DATA_UPLOAD_MAX_MEMORY_SIZE bounds a form).
        # The error goes beside the box, which the page focuses: a message at the top
        # of a long case would be out of sight.
        request.session[COMMENT_DRAFT_KEY.format(page_id=page.pk)] = {
            "body": body,
            "parent": parent_id,
            "error": " ".join(error.messages),
        }
        anchor = f"reply-{parent_id}" if parent_id.isdigit() else "comment-form"
        return _back_to(page, request, anchor=anchor)
    request.session.pop(COMMENT_DRAFT_KEY.format(page_id=page.pk), None)
    messages.success(request, _("Your reply is posted.") if parent else _("Your comment is posted."))
    return _back_to_comment(request, posted)


@login_required
def edit(request, comment_id):
    comment = _comment_or_404(comment_id)
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    body = comment.body
    status = 200
    if not may_edit(request.user, comment):
        messages.info(
            request,
            _("A comment can only be changed in the first %(minutes)s minutes after posting.")
            % {"minutes": int(edit_window().total_seconds() // 60)},
        )
        return _back_to_comment(request, comment)
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            edit_comment(user=request.user, comment=comment, body=body)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(request, _("Your comment is updated."))
            return _back_to_comment(request, comment)
    return render(
        request,
        "core/comment_edit.html",
        {
            "comment": comment,
            "body": body,
            "comment_max_length": COMMENT_MAX_LENGTH,
            "breadcrumbs": [(comment.page.title, comment.page.get_url(request)), (_("Edit your comment"), None)],
        },
        status=status,
    )


@login_required
@require_POST
def delete(request, comment_id):
    comment = _comment_or_404(comment_id)
    if comment.author_id != request.user.pk:
        raise PermissionDenied
    if comment.deleted_at is None and not may_edit(request.user, comment):
        messages.error(request, _("This comment can no longer be deleted. Report it if it should go."))
        return _back_to_comment(request, comment)
    delete_own_comment(user=request.user, comment=comment)
    messages.success(request, _("Your comment is deleted."))
    return _back_to(comment.page, request, anchor="comments")


@login_required
def report(request, comment_id):
    comment = _comment_or_404(comment_id)
    if not may_report(request.user, comment):
        raise PermissionDenied
    form = {"reason": "", "details": ""}
    status = 200
    if request.method == "POST":
        form = {"reason": request.POST.get("reason", ""), "details": request.POST.get("details", "")}
        try:
            is_new = report_comment(user=request.user, comment=comment, **form)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(
                request,
                _("Thank you. A moderator will look at this comment.")
                if is_new
                else _("You have already reported this comment; a moderator will look at it."),
            )
            return _back_to_comment(request, comment)
    return render(
        request,
        "core/comment_report.html",
        {
            "comment": comment,
            "form": form,
            "reasons": CommentReport.Reason.choices,
            "details_max_length": REPORT_DETAILS_MAX_LENGTH,
            "breadcrumbs": [(comment.page.title, comment.page.get_url(request)), (_("Report a comment"), None)],
        },
        status=status,
    )


@login_required
@require_POST
def hide(request, comment_id):
    comment = _comment_or_404(comment_id)
    hide_comment(user=request.user, comment=comment, reason=request.POST.get("reason", ""))
    messages.success(request, _("The comment is hidden. You can restore it under Comments in the admin."))
    return _back_to(comment.page, request, anchor="comments")


@login_required
def notifications(request):
    """The person's notifications. Reading the list changes nothing: link previews and
    browsers that fetch pages ahead would otherwise mark them read unseen. Marking all
    read is the page's own button, a POST."""
    if request.method == "POST":
        if mark_all_read(user=request.user):
            messages.success(request, _("All notifications are marked as read."))
        return redirect("core:notifications")
    items = recent_notifications(request.user)
    return render(
        request,
        "core/notifications.html",
        {
            "notifications": items,
            "has_unread": any(item.read_at is None for item in items),
            "breadcrumbs": [(_("Notifications"), None)],
        },
    )
