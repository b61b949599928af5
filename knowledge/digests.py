"""The e-mail digest of new lessons and cases in what a person follows.

Built for many readers: the period's new pages are read once and indexed by what
follows them (a tag, competency, industry, colleague); subscribers are then read a
chunk at a time, with their follows, so memory stays flat however many people there
are. Each digest is claimed in the database before it is sent (`DigestDelivery`, one
row per person and period): two workers running the same digest at once send it
once, and a run repeated after a crash sends only what is still unsent."""

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from capture.models import ExperienceLessonPage
from cases.models import CaseStudyPage
from core.tree import public_pages
from knowledge.models import DigestDelivery, Follow, KnowledgePreferences

CHUNK = 500
ITEMS_SHOWN = 10
# The most new pages one digest period considers: a period that publishes more is a
# bulk import, and a digest of its newest pages says enough.
NEW_PAGES_CONSIDERED = 1000
UNSUBSCRIBE_SALT = "knowledge.digest.unsubscribe"

Frequency = KnowledgePreferences.Frequency


def period_of(frequency, today=None):
    """(first day, day after the last) of the period a digest sent today covers: the
    day before, or the whole week (Monday to Sunday) before."""
    today = today or timezone.localdate()
    if frequency == Frequency.DAILY:
        return today - timedelta(days=1), today
    this_monday = today - timedelta(days=today.weekday())
    return this_monday - timedelta(days=7), this_monday


@dataclass
class NewPage:
    pk: int
    title: str
    url: str
    kind: str
    author_id: int | None
    published_at: object


@dataclass
class NewContent:
    """The period's new pages, and for each thing one may follow the pages about it."""

    pages: dict
    by_target: dict

    def for_follows(self, follows, user_id):
        """Newest first, the pages the follows lead to, each with why it is there;
        the person's own pages are left out."""
        chosen = {}
        for follow_kind, target_id, label in follows:
            for page_id in self.by_target.get((follow_kind, target_id), ()):
                page = self.pages[page_id]
                if page.author_id == user_id:
                    continue
                chosen.setdefault(page_id, []).append(label)
        ordered = sorted(chosen, key=lambda page_id: self.pages[page_id].published_at, reverse=True)
        return [(self.pages[page_id], chosen[page_id]) for page_id in ordered]


def _published_in(model, start, end):
    return public_pages(model.objects.live()).filter(
        first_published_at__date__gte=start, first_published_at__date__lt=end
    )


def new_content(start, end):
    """The lessons and cases first published in [start, end), indexed by tag,
    competency, industry and author: a handful of queries, however many there are."""
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    pages, by_target = {}, {}

    def index(kind, target_id, page_id):
        if target_id is not None:
            by_target.setdefault((kind, target_id), []).append(page_id)

    for model, author_field, kind in (
        (ExperienceLessonPage, "contributor_id", _("Lesson")),
        (CaseStudyPage, "owner_id", _("Case")),
    ):
        rows = (
            _published_in(model, start, end)
            .order_by("-first_published_at")
            .only("pk", "title", "url_path", "first_published_at", "industry_id", author_field)[:NEW_PAGES_CONSIDERED]
        )
        page_ids = []
        for page in rows:
            page_ids.append(page.pk)
            url = page.get_url(request=None) or ""
            author_id = getattr(page, author_field)
            pages[page.pk] = NewPage(
                pk=page.pk,
                title=page.title,
                url=url if url.startswith("http") else base_url + url,
                kind=kind,
                author_id=author_id,
                published_at=page.first_published_at,
            )
            index("industry", page.industry_id, page.pk)
            index("colleague", author_id, page.pk)
        for tag_id, page_id in model.tags.through.objects.filter(content_object_id__in=page_ids).values_list(
            "tag_id", "content_object_id"
        ):
            index("tag", tag_id, page_id)
        for competency_id, page_id in model.competencies.through.objects.filter(
            **{f"{model._meta.model_name}_id__in": page_ids}
        ).values_list("competency_id", f"{model._meta.model_name}_id"):
            index("competency", competency_id, page_id)
    return NewContent(pages=pages, by_target=by_target)


def _follow_labels(user_ids):
    """{user id: [(kind, target id, label)]} for a chunk of people: one query."""
    follows = {}
    rows = Follow.objects.filter(user_id__in=user_ids).select_related("tag", "competency", "industry", "colleague")
    for follow in rows:
        kind = follow.kind
        follows.setdefault(follow.user_id, []).append((kind, getattr(follow, f"{kind}_id"), follow.target_name))
    return follows


def unsubscribe_token(user_id):
    return signing.dumps(user_id, salt=UNSUBSCRIBE_SALT, compress=True)


def user_for_unsubscribe(token):
    """The user id a digest's unsubscribe link was made for, or None if the link was
    altered. The links do not expire: an old digest must still unsubscribe."""
    try:
        return int(signing.loads(token, salt=UNSUBSCRIBE_SALT))
    except (signing.BadSignature, TypeError, ValueError):
        return None


def unsubscribe_url(user_id):
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    return base_url + reverse("knowledge:unsubscribe", args=[unsubscribe_token(user_id)])


def _message(subscriber, items, more, frequency, start, end, connection):
    user_id, email, name = subscriber
    unsubscribe = unsubscribe_url(user_id)
    context = {
        "name": name,
        "items": items,
        "more": more,
        "frequency": frequency,
        "start": start,
        "last_day": end - timedelta(days=1),
        "unsubscribe_url": unsubscribe,
        "preferences_url": settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("knowledge:following"),
    }
    subject = (
        _("New this week in what you follow: %(count)s")
        if frequency == Frequency.WEEKLY
        else _("New in what you follow: %(count)s")
    ) % {"count": len(items) + more}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("knowledge/email/digest.txt", context),
        to=[email],
        connection=connection,
        headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message.attach_alternative(render_to_string("knowledge/email/digest.html", context), "text/html")
    return message


def _subscribers(frequency, start):
    """(user id, e-mail, display name) of everyone who wants this digest and has not
    had this period's yet, streamed. A run repeated after a crash starts where the
    last one stopped."""
    sent = DigestDelivery.objects.filter(user=OuterRef("user"), frequency=frequency, period_start=start)
    rows = (
        KnowledgePreferences.objects.filter(digest=frequency, user__is_active=True)
        .exclude(user__email="")
        .exclude(Exists(sent))
        .order_by("user_id")
        .values_list("user_id", "user__email", "user__display_name", "user__first_name", "user__username")
    )
    for user_id, email, display_name, first_name, username in rows.iterator(chunk_size=CHUNK):
        yield user_id, email, display_name or first_name or username


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class DigestRun:
    frequency: str
    period_start: object
    new_pages: int = 0
    considered: int = 0
    sent: int = 0
    already_sent: int = 0
    failed: int = 0


def send_digests(frequency, today=None):
    """Send this period's digest to everyone who asked for it and follows something
    new. Safe to run twice, or twice at once."""
    start, end = period_of(frequency, today)
    run = DigestRun(frequency=frequency, period_start=start)
    content = new_content(start, end)
    run.new_pages = len(content.pages)
    if not content.pages:
        return run
    claim = uuid.uuid4()
    with translation.override(settings.LANGUAGE_CODE), get_connection() as connection:
        for chunk in _chunks(_subscribers(frequency, start), CHUNK):
            run.considered += len(chunk)
            follows = _follow_labels([user_id for user_id, _email, _name in chunk])
            digests = {}
            for subscriber in chunk:
                items = content.for_follows(follows.get(subscriber[0], ()), subscriber[0])
                if items:
                    digests[subscriber[0]] = (subscriber, items)
            if not digests:
                continue
            mine = _claim(digests, frequency, start, claim)
            run.already_sent += len(digests) - len(mine)
            for user_id in mine:
                subscriber, items = digests[user_id]
                shown = items[:ITEMS_SHOWN]
                try:
                    _message(subscriber, shown, len(items) - len(shown), frequency, start, end, connection).send()
                except Exception:  # a refused address must not stop everyone else's digest
                    DigestDelivery.objects.filter(user_id=user_id, frequency=frequency, period_start=start).delete()
                    run.failed += 1
                    continue
                run.sent += 1
    return run


def _claim(digests, frequency, start, claim):
    """Record the digests as sent before sending: the rows this run inserted are its
    to send; a row another run inserted first is left to it. Committed at once, so a
    concurrent run sees the claim."""
    with transaction.atomic():
        DigestDelivery.objects.bulk_create(
            [
                DigestDelivery(
                    user_id=user_id, frequency=frequency, period_start=start, items=min(len(items), 255), claim=claim
                )
                for user_id, (_subscriber, items) in digests.items()
            ],
            ignore_conflicts=True,
        )
    return set(
        DigestDelivery.objects.filter(
            user_id__in=list(digests), frequency=frequency, period_start=start, claim=claim
        ).values_list("user_id", flat=True)
    )
