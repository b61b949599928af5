"""Related content across apps: a lesson shows courses and cases that share its
competencies and tags, a case shows lessons, and so on. Each content app registers a
`register_related_content` Wagtail hook: a function taking keyword arguments
`competency_ids`, `tag_ids`, `exclude_ids` and `limit`, and returning a
`RelatedGroup` (or None). core never imports the apps that register."""

import hashlib
from dataclasses import dataclass, field
from functools import partial

from asgiref.local import Local
from django.core.signals import request_started
from django.template.loader import render_to_string
from django.utils.translation import get_language
from wagtail import hooks
from wagtail.models import Page, PageViewRestriction, Site

from core.generations import Generation, kept

RELATED_CONTENT_HOOK = "register_related_content"
RELATED_PER_GROUP = 4


@dataclass
class RelatedGroup:
    label: str
    pages: list = field(default_factory=list)
    # Orders the groups on a page; lower first.
    order: int = 100


def related_content(*, competency_ids, tag_ids, exclude_ids=(), limit=RELATED_PER_GROUP):
    """Non-empty groups of live pages sharing a tag or a competency, most specific
    first: each provider returns tag matches before competency matches."""
    groups = []
    for provider in hooks.get_hooks(RELATED_CONTENT_HOOK):
        group = provider(
            competency_ids=list(competency_ids), tag_ids=list(tag_ids), exclude_ids=list(exclude_ids), limit=limit
        )
        if group is not None and group.pages:
            groups.append(group)
    return sorted(groups, key=lambda group: group.order)


def tag_matches_then_competency_matches(
    queryset, *, tagged, competency_links, page_field, tag_ids, competency_ids, exclude_ids, limit
):
    """Up to `limit` pages of `queryset`: those tagged (through `tagged`, a
    TaggedItemBase) with one of `tag_ids` first, topped up from those linked (through
    `competency_links`, whose `page_field` names the page) to one of `competency_ids`.
    Two bounded queries at most; a provider passes the hook's keyword arguments on."""
    # Newest by id: the page table's publication date would make the database sort
    # every match, where the id order lets it stop after `limit`.
    queryset = queryset.exclude(pk__in=list(exclude_ids)).order_by("-pk")
    found = []
    if tag_ids:
        by_tag = tagged.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        found = list(queryset.filter(pk__in=by_tag)[:limit])
    if len(found) < limit and competency_ids:
        by_competency = competency_links.objects.filter(competency_id__in=competency_ids).values(page_field)
        seen = [page.pk for page in found]
        found += list(queryset.filter(pk__in=by_competency).exclude(pk__in=seen)[: limit - len(found)])
    return found


def lazy_related_content(**kwargs):
    """`related_content` for a template, run only when the template asks: pages show it
    through includes/related_groups.html, which caches the rendered groups, so most
    visits never run the providers' queries."""
    return partial(related_content, **kwargs)


# The cached groups (includes/related_groups.html) carry this number in their key, and
# any page published, unpublished or deleted anywhere moves it on, so a cached group
# never links to a page that has gone.
GENERATION_KEY = "related-content-generation"
# A page asks for the generation several times (the page cache, the menu, cached
# listings and facets), each a round trip to the cache server; within one request it
# is read once. Outside requests (tasks, commands) it is read every time.
_this_request = Local()


def _forget_for_this_request():
    # What this request reads after its own publish must not be the old listings.
    _this_request.generation = None


content_generation = Generation(GENERATION_KEY, on_move=_forget_for_this_request)


def related_generation():
    generation = getattr(_this_request, "generation", None)
    if generation is None:
        generation = content_generation.current()
        if getattr(_this_request, "active", False):
            _this_request.generation = generation
    return generation


# What a published page shows of itself beside its body (its competencies, tags, parts)
# changes when it is published again, which moves the generation on. Names kept in
# other tables (a tag, a product) renamed show within this time.
PAGE_CONTENT_SECONDS = 10 * 60


def kept_until_published(name, compute, *, versions=(), preview=False):
    """`compute()`, kept under the content generation, the active language (labels
    are translated as they are computed) and any further `versions` the caller's
    data depends on. A preview computes afresh and keeps nothing: it shows unsaved
    changes, which must neither be kept for everyone nor hidden by what was."""
    if preview:
        return compute()
    key = ":".join(str(part) for part in (name, related_generation(), get_language(), *versions))
    return kept(key, compute, seconds=PAGE_CONTENT_SECONDS)


def first_live_url(page_type, request):
    """The address of the first live page of `page_type` (a section such as the course
    library or the competency model), or "" when there is none. Pages link to these
    sections on every visit; finding one is a scan of the page table, so the answer is
    kept until something is published, moved or deleted."""
    site = Site.find_for_request(request)
    return kept_until_published(
        f"first-live-url:{page_type._meta.label_lower}",
        lambda: _first_live_url(page_type, request),
        versions=[site.pk if site else 0],
    )


def _first_live_url(page_type, request):
    page = page_type.objects.live().first()
    return (page.get_url(request) or "") if page else ""


@dataclass
class Card:
    """A page's card in a listing, drawn: what every reader sees of it. What changes
    more often than the page is published (its helpful and comment counts, the reader's
    own progress) is added beside it on each visit."""

    pk: int
    title: str
    html: str


def kept_cards(name, page_ids, build, template_name, *, context=None, versions=()):
    """Cards for `page_ids`, in their order: `build(page_ids)` loads the pages with what
    their cards show, and `template_name` draws each one as `page` (with `context`,
    which belongs in `name` when it varies). Kept like `kept_until_published` under the
    pages they were built for.

    Building twelve cards took 7 to 10 ms and 4 to 7 queries. Kept as page objects
    they still took 1.5 to 3 ms to read back, their prefetched querysets pickled with
    whole queries, and 2 ms to draw; kept drawn, they read back in a tenth of that.
    Drawn without a request, a card links a page of another site by its full address."""
    page_ids = list(page_ids)
    if not page_ids:
        return []
    digest = hashlib.md5(",".join(map(str, page_ids)).encode(), usedforsecurity=False).hexdigest()

    def draw():
        return [
            Card(page.pk, page.title, render_to_string(template_name, {**(context or {}), "page": page}))
            for page in build(page_ids)
        ]

    return kept_until_published(f"{name}:{digest}", draw, versions=versions)


def request_boundary(signal, **kwargs):
    """Django's request_started and request_finished: remember only in between."""
    _this_request.active, _this_request.generation = signal is request_started, None


def forget_related_content(sender=None, instance=None, **kwargs):
    # A site's root page and host decide which page every address leads to
    # (core.routing), and a view restriction who may see a page, so a change to either
    # moves the generation on too.
    if instance is not None and not isinstance(instance, Page | Site | PageViewRestriction):
        return
    # Inside a transaction, another app server may read the content as it was before
    # the commit and cache it under the new generation; the generation moves on once
    # more after the commit, which drops whatever was cached in between.
    content_generation.move_on()
