"""Keeping lessons and cases true as products, tariffs and policies change: every page
that opts in with `has_review_date = True` has an owner and a review-by date; editors
confirm it, flag it (one page, or everything under a tag at once) or retire it as
obsolete. Obsolete pages stay readable, marked, and rank last in search.

Core knows pages, users and tags only; how long a kind of page stays trusted is the
caller's to say (knowledge's settings)."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import TaggedItemBase
from wagtail.models import Page

from core.generations import Generation
from core.models import PageStewardship
from core.related import forget_related_content
from core.search.rank_keys import refresh_rank_keys
from core.text import clean_text

# How close a review-by date is before the report lists the page as due.
DUE_WITHIN = timedelta(days=30)
REASON_MAX_LENGTH = 200
OBSOLETE_NOTE_MAX_LENGTH = 300


class Status:
    CURRENT = "current"
    DUE = "due"
    OVERDUE = "overdue"
    OBSOLETE = "obsolete"

    LABELS = {
        CURRENT: gettext_lazy("Current"),
        DUE: gettext_lazy("Review due soon"),
        OVERDUE: gettext_lazy("Review overdue"),
        OBSOLETE: gettext_lazy("Obsolete"),
    }


def status_of(stewardship, today=None):
    if stewardship is None:
        return Status.CURRENT
    if stewardship.obsolete_at is not None:
        return Status.OBSOLETE
    if stewardship.review_by is None:
        return Status.CURRENT
    today = today or timezone.localdate()
    if stewardship.review_by < today:
        return Status.OVERDUE
    if stewardship.review_by <= today + DUE_WITHIN:
        return Status.DUE
    return Status.CURRENT


@dataclass
class Freshness:
    """What a page's readers are told about how current it is."""

    status: str
    stewardship: object

    @property
    def label(self):
        return Status.LABELS[self.status]

    @property
    def is_obsolete(self):
        return self.status == Status.OBSOLETE


# Moves on whenever a page's stewardship is saved: a review, a new owner or review date,
# a page marked obsolete or current.
stewardship_generation = Generation("stewardship-generation")
STEWARDSHIP_KEPT_SECONDS = 10 * 60


def freshness_of(page):
    """The page's stewardship, kept until it changes (every lesson and case page asks),
    and its status worked out against today on each visit."""
    stewardship = stewardship_generation.keep(
        f"freshness:{page.pk}",
        lambda: (
            PageStewardship.objects.filter(page_id=page.pk).select_related("owner").defer("owner__password").first()
        ),
        seconds=STEWARDSHIP_KEPT_SECONDS,
    )
    return Freshness(status=status_of(stewardship), stewardship=stewardship)


def due_for_review(stewardships=None, today=None):
    """The stewardships (all, by default) of current pages whose review date has come
    or comes within DUE_WITHIN: what the report, the dashboards and the workspace count."""
    stewardships = PageStewardship.objects.all() if stewardships is None else stewardships
    today = today or timezone.localdate()
    return stewardships.filter(obsolete_at__isnull=True, review_by__lte=today + DUE_WITHIN)


def with_obsolete_flag(pages):
    """The pages, each with `is_obsolete`, in the same query: listings mark them."""
    obsolete = PageStewardship.objects.filter(page_id=OuterRef("pk"), obsolete_at__isnull=False)
    return pages.annotate(is_obsolete=Exists(obsolete))


def can_steward(user):
    return user.is_authenticated and user.is_active and user.has_perm("core.steward_content")


def _require_steward(user):
    if not can_steward(user):
        raise PermissionDenied


def reviewed_kinds():
    """Page models whose pages have an owner and a review date."""
    return [
        model for model in apps.get_models() if issubclass(model, Page) and getattr(model, "has_review_date", False)
    ]


def start_stewardship(*, page, owner, review_by):
    """Give a newly published page its owner and first review date; a page that has
    them already keeps them (republishing is not a review)."""
    stewardship, _created = PageStewardship.objects.get_or_create(
        page_id=page.pk, defaults={"owner": owner, "review_by": review_by}
    )
    return stewardship


def _locked(page_id):
    PageStewardship.objects.get_or_create(page_id=page_id)
    return PageStewardship.objects.select_for_update().get(page_id=page_id)


@transaction.atomic
def confirm_current(*, user, page, review_by):
    """An editor read the page and it still holds: the next review is due on
    `review_by`, and an obsolete page becomes current again."""
    _require_steward(user)
    if review_by <= timezone.localdate():
        raise ValidationError(_("Choose a review date in the future."))
    stewardship = _locked(page.pk)
    if stewardship.obsolete_at is not None:
        # Search ranks it among current pages again: cached results must not keep it last.
        forget_related_content()
    stewardship.review_by = review_by
    stewardship.review_reason = ""
    stewardship.reviewed_at = timezone.now()
    stewardship.reviewed_by = user
    stewardship.obsolete_at = None
    stewardship.obsolete_note = ""
    stewardship.save()
    refresh_rank_keys([page.pk])
    return stewardship


@transaction.atomic
def mark_obsolete(*, user, page, note):
    _require_steward(user)
    note = clean_text(
        note,
        limit=OBSOLETE_NOTE_MAX_LENGTH,
        required_message=_("Say why it is obsolete: readers see it above the content."),
    )
    stewardship = _locked(page.pk)
    if stewardship.obsolete_at is None:
        stewardship.obsolete_at = timezone.now()
        # Search ranks it last from now on, and cached results and pages say so.
        forget_related_content()
    stewardship.obsolete_note = note
    stewardship.save()
    refresh_rank_keys([page.pk])
    return stewardship


def pages_tagged(tag):
    """Ids of the reviewed pages carrying this tag, whatever app tags them."""
    kinds = tuple(reviewed_kinds())
    page_ids = set()
    for through in apps.get_models():
        if not issubclass(through, TaggedItemBase):
            continue
        # Generic tagged items point at no model in particular: not a page kind's tags.
        target = getattr(through._meta.get_field("content_object"), "related_model", None)
        if isinstance(target, type) and issubclass(target, kinds):
            page_ids.update(through.objects.filter(tag=tag).values_list("content_object_id", flat=True))
    return page_ids


@transaction.atomic
def flag_tag_for_review(*, user, tag, reason, review_by=None):
    """Everything under a tag needs a fresh look (a new tariff makes it stale): each
    current page gets the reason and a review date no later than `review_by` (today
    when not given), which puts it on the owners' and editors' due list. Obsolete pages
    are left alone. Returns how many pages were flagged."""
    _require_steward(user)
    reason = clean_text(
        reason, limit=REASON_MAX_LENGTH, required_message=_("Say what changed, so owners know what to check.")
    )
    review_by = review_by or timezone.localdate()
    page_ids = pages_tagged(tag)
    existing = set(PageStewardship.objects.filter(page_id__in=page_ids).values_list("page_id", flat=True))
    PageStewardship.objects.bulk_create(
        [PageStewardship(page_id=page_id) for page_id in page_ids - existing], ignore_conflicts=True
    )
    current = PageStewardship.objects.filter(page_id__in=page_ids, obsolete_at__isnull=True)
    flagged = current.count()
    current.filter(Q(review_by__gt=review_by) | Q(review_by__isnull=True)).update(review_by=review_by)
    current.update(review_reason=reason)
    # Bulk writes send no signal.
    stewardship_generation.move_on()
    return flagged


@transaction.atomic
def hand_over(*, user, from_user, to_user):
    """An owner leaves or changes job: everything they own goes to a colleague.
    Returns how many pages changed hands."""
    _require_steward(user)
    if from_user.pk == to_user.pk:
        raise ValidationError(_("Choose a different person to take the content over."))
    if not to_user.is_active:
        raise ValidationError(_("%(name)s can no longer sign in; choose someone who can.") % {"name": to_user})
    return transfer_stewardship(from_user=from_user, to_user=to_user)


def transfer_stewardship(*, from_user, to_user):
    """Everything `from_user` looks after goes to `to_user`; the caller has checked
    that it may (an editor's hand-over, HR's import of a leaver)."""
    moved = PageStewardship.objects.filter(owner=from_user).update(owner=to_user)
    # A bulk update sends no signal.
    stewardship_generation.move_on()
    return moved


def default_review_date(months, today=None):
    today = today or timezone.localdate()
    month_index = today.month - 1 + months
    year, month = today.year + month_index // 12, month_index % 12 + 1
    # The last day of a shorter month when the day does not exist there (31 → 30).
    for day in (today.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")
