"""Site-wide views: the health check, engagement with pages (helpful votes, comments)
and the person's notifications."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.engagement import (
    COMMENT_DRAFT_KEY,
    add_comment,
    engageable_page,
    mark_helpful,
    remove_comment,
    withdraw_helpful,
)
from core.models import Comment
from core.notifications import mark_all_read, recent_notifications


@never_cache
def health_check(request):
    """Answers load balancers and is the floor that `make bench` measures pages against:
    the same middleware stack, one database connection check, no queries."""
    connection.ensure_connection()
    return HttpResponse("ok", content_type="text/plain")


def _page_or_404(page_id):
    page = engageable_page(page_id)
    if page is None:
        raise Http404
    return page


def _back_to(page, request, anchor="engagement"):
    return redirect(f"{page.get_url(request)}#{anchor}")


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
    try:
        posted = add_comment(user=request.user, page=page, body=body)
    except ValidationError as error:
        # The page shows the text again under the message, so nothing typed is lost.
        request.session[COMMENT_DRAFT_KEY.format(page_id=page.pk)] = body[:10_000]
        messages.error(request, " ".join(error.messages))
        return _back_to(page, request, anchor="comment-form")
    request.session.pop(COMMENT_DRAFT_KEY.format(page_id=page.pk), None)
    messages.success(request, _("Your comment is posted."))
    return _back_to(page, request, anchor=f"comment-{posted.pk}")


@login_required
@require_POST
def remove(request, comment_id):
    comment = get_object_or_404(Comment.objects.select_related("page"), pk=comment_id)
    remove_comment(user=request.user, comment=comment)
    messages.success(request, _("The comment is removed."))
    return _back_to(comment.page, request)


@login_required
def notifications(request):
    items = recent_notifications(request.user)
    mark_all_read(user=request.user)
    return render(
        request,
        "core/notifications.html",
        {"notifications": items, "breadcrumbs": [(_("Notifications"), None)]},
    )
