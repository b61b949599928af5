"""Related content across apps: a lesson shows courses and cases that share its
competencies and tags, a case shows lessons, and so on. Each content app registers a
`register_related_content` Wagtail hook: a function taking keyword arguments
`competency_ids`, `tag_ids`, `exclude_ids` and `limit`, and returning a
`RelatedGroup` (or None). core never imports the apps that register."""

from dataclasses import dataclass, field

from wagtail import hooks

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


def tag_matches_then_competency_matches(queryset, *, by_tag, by_competency, exclude_ids, limit):
    """Up to `limit` pages of `queryset`: those in `by_tag` (a subquery of ids) first,
    topped up from `by_competency`. Two bounded queries at most."""
    # Newest by id: the page table's publication date would make the database sort
    # every match, where the id order lets it stop after `limit`.
    queryset = queryset.exclude(pk__in=list(exclude_ids)).order_by("-pk")
    found = list(queryset.filter(pk__in=by_tag)[:limit]) if by_tag is not None else []
    if len(found) < limit and by_competency is not None:
        seen = [page.pk for page in found]
        found += list(queryset.filter(pk__in=by_competency).exclude(pk__in=seen)[: limit - len(found)])
    return found
