"""Queries behind the knowledge pages: what a lesson's readers did with it, what a
person has to report, who knows what. Each runs a fixed number of queries, however
many lessons, people or applications exist."""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from taggit.models import Tag

from capture.models import ExperienceLessonPage
from cases.models import CaseStudyPage
from competencies.models import Competency
from core.generations import Generation
from core.person_generation import kept_for_person
from core.related import kept_until_published, related_generation
from core.tree import public_pages
from knowledge.models import Application, ExpertQuestion, FieldNote, Follow, KnowledgePreferences, Result
from quizzes.models import Certificate

BAD_RESULTS = (Result.LOST, Result.STALLED)
EXPERTS_SHOWN = 24
# Enough ranked people kept to fill the directory when some have opted out.
EXPERT_CANDIDATES = 200
EXPERTS_CACHE_SECONDS = 10 * 60
NOTES_SHOWN = 20


# --- outcomes -----------------------------------------------------------------------------


@dataclass
class OutcomeSummary:
    """How often a page was applied and how it went, as counts per result."""

    applied: int = 0
    counts: dict = field(default_factory=dict)

    @property
    def reported(self):
        return sum(self.counts.values())

    @property
    def won(self):
        return self.counts.get(Result.WON, 0)

    @property
    def bad(self):
        return sum(self.counts.get(result, 0) for result in BAD_RESULTS)

    @property
    def pending(self):
        return self.applied - self.reported

    def rows(self):
        """(result, label, count) for each result, in a fixed order, zero included."""
        return [(value, label, self.counts.get(value, 0)) for value, label in Result.choices]


def outcome_summaries(page_ids):
    """{page id: OutcomeSummary} for these pages, in one query."""
    summaries = {page_id: OutcomeSummary() for page_id in page_ids}
    rows = Application.objects.filter(page_id__in=list(page_ids)).values("page_id", "result").annotate(n=Count("pk"))
    for row in rows:
        summary = summaries[row["page_id"]]
        summary.applied += row["n"]
        if row["result"]:
            summary.counts[row["result"]] = row["n"]
    return summaries


# Moves on whenever someone applies a lesson or case, reports how it went, or adds a
# field note or has one handled: what every lesson and case page shows beside itself.
field_use_generation = Generation("knowledge-field-use-generation")
FIELD_USE_KEPT_SECONDS = 10 * 60


def outcome_summary(page_id):
    return field_use_generation.keep(
        f"knowledge:outcomes:{page_id}", lambda: outcome_summaries([page_id])[page_id], seconds=FIELD_USE_KEPT_SECONDS
    )


def _fails(bad, considered, upkeep):
    """Whether enough outcomes are in (wins and bad ones; "did not fit" says nothing of
    the lesson) and most of them went badly."""
    return considered >= upkeep.failing_after_outcomes and bad * 100 >= upkeep.failing_share_percent * considered


def failing(summary, upkeep):
    return _fails(summary.bad, summary.won + summary.bad, upkeep)


def is_failing(page_id, upkeep):
    return failing(outcome_summary(page_id), upkeep)


def failing_pages(upkeep):
    """Ids of pages whose reported outcomes flag them: one query."""
    rows = (
        Application.objects.exclude(result="")
        .exclude(result=Result.NOT_APPLICABLE)
        .values("page_id")
        .annotate(
            considered=Count("pk"),
            bad=Count("pk", filter=Q(result__in=BAD_RESULTS)),
        )
        .filter(considered__gte=upkeep.failing_after_outcomes)
    )
    return [row["page_id"] for row in rows if _fails(row["bad"], row["considered"], upkeep)]


def my_applications(user, page):
    return list(Application.objects.filter(user=user, page=page).order_by("-created_at"))


def outcomes_due(user, today=None):
    """The person's applications whose follow-up day has come and that they have not
    reported on: what the workspace asks them about."""
    if not user.is_authenticated:
        return []
    today = today or timezone.localdate()
    return list(
        Application.objects.filter(user=user, follow_up_on__lte=today, reported_at__isnull=True)
        .select_related("page")
        .order_by("follow_up_on", "pk")
    )


def reported_outcomes(page, limit=NOTES_SHOWN):
    """The latest outcomes reported for a page, with who reported them."""
    return list(
        Application.objects.filter(page=page)
        .exclude(result="")
        .select_related("user")
        .order_by("-reported_at", "-pk")[:limit]
    )


def field_notes(page, limit=NOTES_SHOWN):
    return field_use_generation.keep(
        f"knowledge:field-notes:{page.pk}:{limit}",
        lambda: list(
            FieldNote.objects.filter(page=page)
            .exclude(state=FieldNote.State.DISMISSED)
            .select_related("author")
            .defer("author__password")
            .order_by("-created_at", "-pk")[:limit]
        ),
        seconds=FIELD_USE_KEPT_SECONDS,
    )


# --- follows ------------------------------------------------------------------------------


def follows_of(user):
    return list(Follow.objects.filter(user=user).select_related("tag", "competency", "industry", "colleague"))


def follow_options(user, page, *, preview=False):
    """What a reader of `page` may follow from it: its tags and its author (kept until
    the page is published again, except in a preview), each with whether they follow
    it already. One query."""
    tags, author = kept_until_published(
        f"knowledge:follow-targets:{page.pk}", lambda: _follow_targets(page.specific), preview=preview
    )
    if preview:
        followed_tags, follows_author = _followed_among(user, tags, author)
    else:
        # Kept between visits until the person follows or stops following something.
        followed_tags, follows_author = kept_for_person(
            user.pk, f"knowledge:followed-on:{page.pk}", lambda: _followed_among(user, tags, author)
        )
    for tag in tags:
        tag.is_followed = tag.pk in followed_tags
    if author is not None and author.pk == user.pk:
        author = None
    return {"tags": tags, "author": author, "follows_author": follows_author}


def _followed_among(user, tags, author):
    """(ids of the tags the person follows, whether they follow the author)."""
    followed = Follow.objects.filter(user=user).filter(
        Q(tag__in=tags) | Q(colleague=author) if author is not None else Q(tag__in=tags)
    )
    followed_tags, follows_author = set(), False
    for tag_id, colleague_id in followed.values_list("tag_id", "colleague_id"):
        if tag_id:
            followed_tags.add(tag_id)
        if colleague_id:
            follows_author = True
    return followed_tags, follows_author


def _follow_targets(page):
    user_model = get_user_model()
    author_id = getattr(page, "contributor_id", None) or page.owner_id
    author = user_model.objects.only(*user_model.NAME_FIELDS).filter(pk=author_id).first() if author_id else None
    return (list(page.tags.all()) if hasattr(page, "tags") else []), author


def preferences_of(user):
    return KnowledgePreferences.objects.filter(user=user).first() or KnowledgePreferences(user=user)


# --- experts ------------------------------------------------------------------------------


def listed_experts():
    """People who may be listed: active, and not opted out."""
    opted_out = KnowledgePreferences.objects.filter(user=OuterRef("pk"), listed_as_expert=False)
    return get_user_model().objects.filter(is_active=True).exclude(Exists(opted_out))


@dataclass
class Expert:
    user: object
    lessons: int = 0
    cases: int = 0
    helpful: int = 0
    wins: int = 0
    certified: bool = False

    # How each kind of evidence weighs: shown beside the directory.
    WEIGHTS = {"lessons": 3, "cases": 3, "helpful": 1, "wins": 2, "certified": 5}

    @property
    def score(self):
        return (
            self.WEIGHTS["lessons"] * self.lessons
            + self.WEIGHTS["cases"] * self.cases
            + self.WEIGHTS["helpful"] * self.helpful
            + self.WEIGHTS["wins"] * self.wins
            + (self.WEIGHTS["certified"] if self.certified else 0)
        )


def _topic_filter(model, competency, tag):
    # Wagtail orders pages by tree path, which would split every group below.
    pages = model.objects.live().order_by()
    if competency is not None:
        pages = pages.filter(competencies=competency)
    if tag is not None:
        pages = pages.filter(tags=tag)
    return pages


def experts(*, competency=None, tag=None, limit=EXPERTS_SHOWN):
    """Who knows about a competency or tag (or anything, with neither), best first:
    from the lessons and cases they published, the helpful votes and won outcomes
    those earned, and a valid certificate covering the competency.

    The evidence is summed over every lesson and case, so the ranking is kept for
    EXPERTS_CACHE_SECONDS under the content generation (a publish shows at once, a new
    vote within minutes); who may be listed is read fresh, so an opt-out counts at once."""
    key = f"knowledge:experts:{related_generation()}:{getattr(competency, 'pk', '')}:{getattr(tag, 'pk', '')}"
    ranked = cache.get(key)
    if ranked is None:
        ranked = _ranked_evidence(competency, tag)[:EXPERT_CANDIDATES]
        cache.set(key, ranked, EXPERTS_CACHE_SECONDS)
    users = listed_experts().filter(pk__in=[user_id for user_id, _counts in ranked]).select_related("region")
    users = {user.pk: user for user in users}
    return [Expert(user=users[user_id], **counts) for user_id, counts in ranked if user_id in users][:limit]


def _ranked_evidence(competency, tag):
    """[(user id, evidence counts)] best first: four grouped queries."""
    found = {}

    def entry(user_id):
        return found.setdefault(user_id, Expert(user=None))

    lessons = _topic_filter(ExperienceLessonPage, competency, tag).exclude(contributor=None)
    for row in lessons.values("contributor").annotate(
        n=Count("pk", distinct=True), helpful=Coalesce(Sum("engagement__helpful_count"), 0)
    ):
        entry(row["contributor"]).lessons = row["n"]
        entry(row["contributor"]).helpful += row["helpful"]
    cases = _topic_filter(CaseStudyPage, competency, tag).exclude(owner=None)
    for row in cases.values("owner").annotate(
        n=Count("pk", distinct=True), helpful=Coalesce(Sum("engagement__helpful_count"), 0)
    ):
        entry(row["owner"]).cases = row["n"]
        entry(row["owner"]).helpful += row["helpful"]
    won = Application.objects.filter(result=Result.WON, page__in=lessons.values("pk"))
    for row in won.values("page__experiencelessonpage__contributor").annotate(n=Count("pk")):
        entry(row["page__experiencelessonpage__contributor"]).wins = row["n"]
    if tag is None:
        now = timezone.now()
        certificates = Certificate.objects.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )
        if competency is not None:
            certificates = certificates.filter(certification__required_levels__competency=competency)
        for user_id in certificates.values_list("user", flat=True).distinct():
            entry(user_id).certified = True
    ranked = sorted((item for item in found.items() if item[1].score), key=lambda item: (-item[1].score, item[0]))
    return [
        (
            user_id,
            {
                "lessons": expert.lessons,
                "cases": expert.cases,
                "helpful": expert.helpful,
                "wins": expert.wins,
                "certified": expert.certified,
            },
        )
        for user_id, expert in ranked
    ]


def topic_choices():
    """Competencies and the tags used on published lessons and cases, for the
    directory's filter; the tags are kept under the content generation."""
    competencies = list(Competency.objects.order_by("kind", "sort_order", "name"))
    key = f"knowledge:topic-tags:{related_generation()}"
    tags = cache.get(key)
    if tags is None:
        tags = list(
            Tag.objects.filter(
                Q(capture_experiencelessontag_items__isnull=False) | Q(cases_casestudytag_items__isnull=False)
            )
            .distinct()
            .order_by("name")[:200]
        )
        cache.set(key, tags, EXPERTS_CACHE_SECONDS)
    return competencies, tags


def questions_for(user):
    """Questions the person was asked, and those they asked, newest first."""
    received = list(ExpertQuestion.objects.filter(expert=user).select_related("asker")[:50])
    asked = list(ExpertQuestion.objects.filter(asker=user).select_related("expert")[:50])
    return received, asked


NEW_IN_FOLLOWS_DAYS = 30
NEW_IN_FOLLOWS_SHOWN = 6


def new_in_follows(user, *, limit=NEW_IN_FOLLOWS_SHOWN, days=NEW_IN_FOLLOWS_DAYS):
    """The newest lessons and cases of the last `days` in what the person follows,
    their own left out: three queries, however much they follow."""
    if not user.is_authenticated:
        return []
    targets = {kind: [] for kind in Follow.TARGETS}
    for follow in Follow.objects.filter(user=user).values(*(f"{kind}_id" for kind in Follow.TARGETS)):
        for kind in Follow.TARGETS:
            if follow[f"{kind}_id"]:
                targets[kind].append(follow[f"{kind}_id"])
    if not any(targets.values()):
        return []
    # What is new changes only when something is published: kept under the content
    # generation and what the person follows, so following something shows at once.
    followed = hashlib.md5(repr(sorted(targets.items())).encode(), usedforsecurity=False).hexdigest()
    key = f"knowledge:new-in-follows:{related_generation()}:{user.pk}:{limit}:{followed}"
    found = cache.get(key)
    if found is None:
        found = _new_about(user, targets, limit=limit, days=days)
        cache.set(key, found, EXPERTS_CACHE_SECONDS)
    return found


def _new_about(user, targets, *, limit, days):
    since = timezone.now() - timedelta(days=days)
    found = []
    for model, author in ((ExperienceLessonPage, "contributor"), (CaseStudyPage, "owner")):
        about = (
            Q(tags__in=targets["tag"])
            | Q(competencies__in=targets["competency"])
            | Q(industry__in=targets["industry"])
            | Q(**{f"{author}__in": targets["colleague"]})
        )
        found += list(
            public_pages(model.objects.live())
            .filter(about, first_published_at__gte=since)
            .exclude(**{author: user})
            .distinct()
            .order_by("-first_published_at")
            .only("pk", "title", "url_path", "first_published_at")[:limit]
        )
    return sorted(found, key=lambda page: page.first_published_at, reverse=True)[:limit]
