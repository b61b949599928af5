"""Helpful votes and discussion on any page that opts in with `accepts_engagement = True`
(lessons from experience, cases…). One mechanism for every app: core knows pages, never
the apps that define them.

Discussion is one level deep: comments, and replies under them. Authors edit or delete
their own words for a short while after posting; readers report a comment to
moderators, who hide it (and can restore it) in the admin or on the page."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.generations import Generation
from core.locks import take_turns
from core.models import Comment, CommentReport, HelpfulVote, PageEngagement
from core.notifications import notify
from core.person_generation import kept_for_person, person_generation
from core.search.rank_keys import refresh_rank_keys
from core.tree import public_pages

COMMENT_MAX_LENGTH = 2000
REPORT_DETAILS_MAX_LENGTH = 300
THREADS_PER_PAGE = 30
# The query parameter that pages through a long discussion.
COMMENTS_PAGE_PARAM = "comments"
# Session key for a refused comment's text (and the comment it replied to), which the
# panel puts back in the right box, so nothing typed is lost.
COMMENT_DRAFT_KEY = "comment-draft-{page_id}"
VISIBLE = Q(hidden_at__isnull=True, deleted_at__isnull=True)
DUPLICATE_WINDOW = timedelta(minutes=2)


def edit_window():
    """How long after posting an author may still edit or delete a comment: long enough
    to fix a typo, short enough that replies never lose what they answered."""
    return timedelta(minutes=settings.COMMENT_EDIT_MINUTES)


def engageable_page(page_id):
    """The live, public page with this id that accepts votes and comments, or None."""
    try:
        page_id = int(page_id)
    except (TypeError, ValueError):
        return None
    page = public_pages(Page.objects.live()).filter(pk=page_id).first()
    if page is None or not getattr(page.specific_class, "accepts_engagement", False):
        return None
    return page


def _require_member(user):
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied


def _bump(page_id, **changes):
    PageEngagement.objects.get_or_create(page_id=page_id)
    PageEngagement.objects.filter(page_id=page_id).update(
        **{field: F(field) + change for field, change in changes.items()}
    )
    if "helpful_count" in changes:
        # Helpful votes order equal search matches.
        refresh_rank_keys([page_id])


# --- helpful votes -------------------------------------------------------------------


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
    _bump(page.pk, helpful_count=1)
    return True


@transaction.atomic
def withdraw_helpful(*, user, page):
    _require_member(user)
    deleted, _rows = HelpfulVote.objects.filter(page=page, user=user).delete()
    if deleted:
        _bump(page.pk, helpful_count=-1)
    return bool(deleted)


# --- who may do what with a comment --------------------------------------------------


def can_moderate(user):
    return user.is_authenticated and user.has_perm("core.moderate_comment")


def may_edit(user, comment, now=None):
    """The author, within the edit window, of a comment still shown."""
    if not user.is_authenticated or comment.author_id != user.pk or not comment.is_visible:
        return False
    return (now or timezone.now()) - comment.created_at <= edit_window()


def may_report(user, comment):
    return user.is_authenticated and comment.author_id != user.pk and comment.is_visible


# --- posting and changing comments ---------------------------------------------------


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


def reply_target(page, parent_id):
    """The thread a reply joins: the visible comment on this page with that id, or its
    own parent when it is itself a reply. None when there is nothing to reply to."""
    if parent_id in (None, ""):
        return None
    try:
        parent_id = int(parent_id)
    except (TypeError, ValueError):
        raise ValidationError(_("The comment you replied to no longer exists.")) from None
    parent = Comment.objects.filter(VISIBLE, pk=parent_id, page_id=page.pk).first()
    if parent is None:
        raise ValidationError(_("The comment you replied to has been removed; post yours as a new comment."))
    if parent.parent_id is not None:
        return Comment.objects.get(pk=parent.parent_id)
    return parent


@transaction.atomic
def add_comment(*, user, page, body, parent=None):
    """Post a comment. The same words from the same person on the same thread again
    within DUPLICATE_WINDOW are the same post (a double click, a retried request, two
    tabs): the first comment is returned and nothing is added."""
    _require_member(user)
    body = clean_comment(body)
    take_turns(user)
    earlier = (
        Comment.objects.filter(page=page, author=user, body=body, parent=parent, deleted_at__isnull=True)
        .filter(created_at__gte=timezone.now() - DUPLICATE_WINDOW)
        .first()
    )
    if earlier is not None:
        return earlier
    comment = Comment.objects.create(page=page, author=user, body=body, parent=parent)
    _bump(page.pk, comment_count=1)
    if parent is not None and parent.author_id != user.pk:
        notify(
            recipient=parent.author,
            message=_("%(name)s replied to your comment on “%(title)s”.")
            % {"name": user.get_display_name(), "title": page.title},
            url=f"{page.url}#comment-{comment.pk}",
        )
    return comment


@transaction.atomic
def edit_comment(*, user, comment, body):
    if not may_edit(user, comment):
        raise PermissionDenied
    comment.body = clean_comment(body)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


@transaction.atomic
def delete_own_comment(*, user, comment):
    """An author takes back their comment within the edit window. Replies stay, under a
    note that the comment was deleted."""
    locked = Comment.objects.select_for_update().get(pk=comment.pk)
    if locked.deleted_at is not None and locked.author_id == user.pk:
        # The same delete sent twice: it is gone already, and counted once.
        return locked
    if not may_edit(user, locked):
        raise PermissionDenied
    locked.deleted_at = timezone.now()
    locked.save(update_fields=["deleted_at"])
    _bump(locked.page_id, comment_count=-1)
    return locked


@transaction.atomic
def report_comment(*, user, comment, reason, details=""):
    """Tell moderators about a comment. True when the report is new; reporting the
    same comment again changes nothing."""
    _require_member(user)
    if not may_report(user, comment):
        raise PermissionDenied
    if reason not in CommentReport.Reason.values:
        raise ValidationError(_("Choose why this comment should be looked at."))
    details = (details or "").strip()
    if len(details) > REPORT_DETAILS_MAX_LENGTH:
        raise ValidationError(_("Details can be at most %(limit)s characters.") % {"limit": REPORT_DETAILS_MAX_LENGTH})
    try:
        with transaction.atomic():
            CommentReport.objects.create(comment=comment, reporter=user, reason=reason, details=details)
    except IntegrityError:
        return False
    return True


# --- moderation ----------------------------------------------------------------------


@transaction.atomic
def hide_comment(*, user, comment, reason=""):
    """A moderator takes a comment out of view, which settles its open reports. The
    author is told why."""
    if not can_moderate(user):
        raise PermissionDenied
    comment = Comment.objects.select_for_update().select_related("page", "author").get(pk=comment.pk)
    if comment.hidden_at is not None:
        return comment
    was_visible = comment.is_visible
    comment.hidden_at = timezone.now()
    comment.hidden_by = user
    comment.hidden_reason = (reason or "").strip()[:200]
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    _resolve_reports(comment)
    if was_visible:
        _bump(comment.page_id, comment_count=-1)
    if comment.author_id != user.pk:
        message = _("Your comment on “%(title)s” was hidden by a moderator.") % {"title": comment.page.title}
        if comment.hidden_reason:
            message = f"{message} {_('Reason')}: {comment.hidden_reason}"
        notify(recipient=comment.author, message=message, url=comment.page.url or "")
    return comment


@transaction.atomic
def restore_comment(*, user, comment):
    if not can_moderate(user):
        raise PermissionDenied
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.hidden_at is None:
        return comment
    comment.hidden_at = None
    comment.hidden_by = None
    comment.hidden_reason = ""
    comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
    if comment.is_visible:
        _bump(comment.page_id, comment_count=1)
    return comment


@transaction.atomic
def dismiss_reports(*, user, comment):
    """The moderator read the reports and the comment stays."""
    if not can_moderate(user):
        raise PermissionDenied
    return _resolve_reports(comment)


def _resolve_reports(comment):
    return CommentReport.objects.filter(comment=comment, resolved_at__isnull=True).update(resolved_at=timezone.now())


def with_totals(pages):
    """The pages, each given `helpful_count` and `comment_count`, in one query."""
    totals = {
        row["page_id"]: row
        for row in PageEngagement.objects.filter(page_id__in=[page.pk for page in pages]).values(
            "page_id", "helpful_count", "comment_count"
        )
    }
    for page in pages:
        page.helpful_count = totals.get(page.pk, {}).get("helpful_count", 0)
        page.comment_count = totals.get(page.pk, {}).get("comment_count", 0)
    return pages


# --- what a page shows -----------------------------------------------------------------


@dataclass
class Engagement:
    page_id: int
    helpful_count: int
    comment_count: int
    voted: bool
    threads: object  # a Paginator page of top-level comments, each with `.shown_replies`


def _with_authors(comments):
    """What drawing a comment reads: not who hid it or why, and of its author only the
    names (a whole user row is some twenty columns, forty times on a page)."""
    names = (*get_user_model().NAME_FIELDS, "legal_name")
    drawn = ("page", "author", "parent", "body", "created_at", "edited_at", "deleted_at", "hidden_at")
    return comments.select_related("author").only(*drawn, *(f"author__{name}" for name in names))


def _threads(page_id):
    """Top-level comments a reader sees: visible ones, and removed ones that still have
    visible replies (shown as a note, so the replies keep their context)."""
    visible_reply = Comment.objects.filter(VISIBLE, parent_id=OuterRef("pk"))
    return Comment.objects.filter(page_id=page_id, parent__isnull=True).filter(VISIBLE | Exists(visible_reply))


def thread_page_number(comment):
    """Which page of the discussion shows this comment's thread."""
    top = comment.parent or comment
    earlier = (
        _threads(top.page_id)
        .filter(Q(created_at__lt=top.created_at) | Q(created_at=top.created_at, pk__lt=top.pk))
        .count()
    )
    return earlier // THREADS_PER_PAGE + 1


def engagement_for(page, user, thread_page=1):
    """What the engagement panel under a page shows, in five queries however long the
    discussion: totals, the reader's own marks (their vote and reports on this page),
    one page of threads (count and rows) and their replies. A discussion that fits on
    one page is read whole in one query instead of three; a page nobody has discussed
    or voted on asks nothing past its totals. The threads and replies are kept until a
    comment changes, and the reader's marks until they change them, so a reader
    coming back asks only for the totals."""
    totals = _totals(page.pk)
    # Every visible comment is counted, and a removed one is shown only above visible
    # replies: no visible comment, no thread.
    comment_count = totals.get("comment_count", 0)
    top_level, replies, number, thread_count = discussion_generation.keep(
        f"discussion:{page.pk}:{thread_page}:{comment_count}",
        lambda: _discussion_page(page.pk, thread_page, comment_count),
        seconds=DISCUSSION_KEPT_SECONDS,
    )
    threads = Paginator(range(thread_count), THREADS_PER_PAGE).page(number)
    shown = top_level + [reply for thread in replies.values() for reply in thread]
    voted, reported = NO_MARKS
    if user.is_authenticated and (totals.get("helpful_count") or shown):
        voted, reported = _readers_marks(page.pk, user)
    now = timezone.now()
    moderator = can_moderate(user)
    for comment in shown:
        comment.shown_replies = replies.get(comment.pk, [])
        comment.can_edit = may_edit(user, comment, now)
        comment.can_report = may_report(user, comment) and comment.pk not in reported
        comment.reported_by_me = comment.pk in reported
        comment.can_hide = moderator and comment.is_visible
    threads.object_list = top_level
    return Engagement(
        page_id=page.pk,
        helpful_count=totals.get("helpful_count", 0),
        comment_count=comment_count,
        voted=voted,
        threads=threads,
    )


# Moves on with every comment saved or deleted (a post, an edit, a deletion, a
# moderator's hide or restore) and every author renamed. The reader's own reports and
# what they may do are read on every visit.
discussion_generation = Generation("discussion-generation")
# A backstop for changes made around the ORM (an author renamed in bulk).
DISCUSSION_KEPT_SECONDS = 10 * 60


def follow_discussion_changes():
    discussion_generation.follow(Comment)
    person_generation.follow(HelpfulVote, people=_voter)
    person_generation.follow(CommentReport, people=_reporter)
    post_save.connect(_names_may_have_changed, sender=get_user_model(), dispatch_uid="discussion-author-names")


def _voter(vote):
    return [vote.user_id]


def _reporter(report):
    return [report.reporter_id]


def _names_may_have_changed(sender, instance, update_fields=None, **kwargs):
    # Comments show their authors' names; a sign-in saves only the last login.
    names = {*sender.NAME_FIELDS, "legal_name"}
    if update_fields is None or names & set(update_fields):
        discussion_generation.move_on()


def _discussion_page(page_id, thread_page, comment_count):
    """(threads, {thread id: visible replies}, page number, thread count) of one page
    of a discussion."""
    discussion = _whole_discussion(page_id) if 0 < comment_count <= THREADS_PER_PAGE else None
    if discussion is not None:
        top_level, replies = discussion
        return top_level, replies, 1, len(top_level)
    shown_threads = _with_authors(_threads(page_id)).order_by("created_at", "pk") if comment_count else []
    threads = Paginator(shown_threads, THREADS_PER_PAGE).get_page(thread_page)
    top_level = list(threads.object_list)
    return top_level, _replies_to(top_level), threads.number, threads.paginator.count


def _totals(page_id):
    totals = list(PageEngagement.objects.filter(page_id=page_id).values("helpful_count", "comment_count")[:1])
    return totals[0] if totals else {}


# (voted, ids of the comments reported) of a reader who has done neither.
NO_MARKS = (False, frozenset())


def _readers_marks(page_id, user):
    """(whether the reader found the page helpful, the ids of its comments they have
    reported). Only the reader changes these, so they are kept between the reader's
    visits (core.person_generation: their own writes, and any vote or report saved,
    move their number on)."""
    return kept_for_person(
        user.pk,
        f"engagement:marks:{page_id}",
        lambda: (
            HelpfulVote.objects.filter(page_id=page_id, user=user).exists(),
            frozenset(
                CommentReport.objects.filter(reporter=user, comment__page_id=page_id).values_list(
                    "comment_id", flat=True
                )
            ),
        ),
    )


# A discussion of up to THREADS_PER_PAGE visible comments is read whole; comments its
# authors deleted or moderators hid are read with it, up to this many rows in all.
WHOLE_DISCUSSION_ROWS = THREADS_PER_PAGE * 4


def _whole_discussion(page_id):
    """(threads, {thread id: visible replies}) of a short discussion from one query, as
    _threads and _replies_to would give them; None if it has more rows than a short one
    may."""
    in_order = _with_authors(Comment.objects.filter(page_id=page_id)).order_by("created_at", "pk")
    rows = list(in_order[: WHOLE_DISCUSSION_ROWS + 1])
    if len(rows) > WHOLE_DISCUSSION_ROWS:
        return None
    replies = {}
    for comment in rows:
        if comment.parent_id is not None and comment.is_visible:
            replies.setdefault(comment.parent_id, []).append(comment)
    threads = [
        comment for comment in rows if comment.parent_id is None and (comment.is_visible or comment.pk in replies)
    ]
    return threads, replies


def _replies_to(threads):
    replies = {}
    for reply in _with_authors(
        Comment.objects.filter(VISIBLE, parent_id__in=[comment.pk for comment in threads])
    ).order_by("created_at", "pk"):
        replies.setdefault(reply.parent_id, []).append(reply)
    return replies
