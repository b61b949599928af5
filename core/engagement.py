"""Helpful votes and comments on any page that opts in with `accepts_engagement = True`
(lessons from experience, cases…). One mechanism for every app: core knows pages, never
the apps that define them."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.models import Comment, HelpfulVote, PageEngagement

COMMENT_MAX_LENGTH = 2000
COMMENTS_SHOWN = 100
# Session key for a refused comment's text, which the panel puts back in the box.
COMMENT_DRAFT_KEY = "comment-draft-{page_id}"


def engageable_page(page_id):
    """The live, public page with this id that accepts votes and comments, or None."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        return None
    page = Page.objects.live().public().filter(pk=page_id).first()
    if page is None or not getattr(page.specific_class, "accepts_engagement", False):
        return None
    return page


def _require_member(user):
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied


def _bump(page, **changes):
    PageEngagement.objects.get_or_create(page=page)
    PageEngagement.objects.filter(page=page).update(**{field: F(field) + change for field, change in changes.items()})


@transaction.atomic
def mark_helpful(*, user, page):
    """Count the person's vote once, however often they press the button. True when
    the vote is new."""
    _require_member(user)
    try:
        with transaction.atomic():
            HelpfulVote.objects.create(page=page, user=user)
    except IntegrityError:
        return False
    _bump(page, helpful_count=1)
    return True


@transaction.atomic
def withdraw_helpful(*, user, page):
    _require_member(user)
    deleted, _rows = HelpfulVote.objects.filter(page=page, user=user).delete()
    if deleted:
        _bump(page, helpful_count=-1)
    return bool(deleted)


def clean_comment(body):
    body = (body or "").strip()
    if not body:
        raise ValidationError(_("Write something before posting."))
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            _("A comment can be at most %(limit)s characters; this one has %(count)s.")
            % {"limit": COMMENT_MAX_LENGTH, "count": len(body)}
        )
    return body


@transaction.atomic
def add_comment(*, user, page, body):
    _require_member(user)
    comment = Comment.objects.create(page=page, author=user, body=clean_comment(body))
    _bump(page, comment_count=1)
    return comment


def may_remove(user, comment):
    return user.is_authenticated and (comment.author_id == user.pk or user.has_perm("core.moderate_comment"))


@transaction.atomic
def remove_comment(*, user, comment):
    """Authors remove their own comments; editors remove anyone's."""
    if not may_remove(user, comment):
        raise PermissionDenied
    if comment.removed_at is not None:
        return comment
    comment.removed_at = timezone.now()
    comment.removed_by = user
    comment.save(update_fields=["removed_at", "removed_by"])
    _bump(comment.page, comment_count=-1)
    return comment


@dataclass
class Engagement:
    page_id: int
    helpful_count: int
    comment_count: int
    voted: bool
    comments: list


def engagement_for(page, user):
    """What the engagement panel under a page shows, in three queries."""
    totals = PageEngagement.objects.filter(page_id=page.pk).values("helpful_count", "comment_count").first() or {}
    voted = user.is_authenticated and HelpfulVote.objects.filter(page_id=page.pk, user=user).exists()
    visible = Comment.objects.filter(page_id=page.pk, removed_at__isnull=True).select_related("author")
    comments = list(visible.order_by("-created_at", "-pk")[:COMMENTS_SHOWN])[::-1]
    return Engagement(
        page_id=page.pk,
        helpful_count=totals.get("helpful_count", 0),
        comment_count=totals.get("comment_count", 0),
        voted=bool(voted),
        comments=comments,
    )
