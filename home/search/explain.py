"""Why a page ranks where it does: the results of a search as people see them, each
with the words it matched, where, and the points each earned (`core.search.ranking`),
and for any other page, which words it lacks."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.search.backends import ranked_signals
from core.search.query import parse_query
from core.search.ranking import RankPlan
from home.search.content import MAX_RESULTS, TYPE_LABELS, searchable_pages

EXPLAINED_RESULTS = 20

IN_HEADING = _("title or tag")
IN_TEXT = _("text")
MISSING = _("not found")


@dataclass
class WordMatch:
    word: str
    where: str
    as_typed: bool = True


@dataclass
class Explained:
    page: object
    position: int | None
    score: int = 0
    parts: list = field(default_factory=list)
    words: list = field(default_factory=list)
    helpful: int = 0
    published: object = None


@dataclass
class Explanation:
    query: str
    words: list
    results: list = field(default_factory=list)
    page: Explained | None = None


def _explained(plan, row, page, position):
    words = [
        WordMatch(group.word, IN_HEADING if in_heading else IN_TEXT, as_typed)
        for group, in_heading, as_typed in zip(plan.ranked_groups, row.heading, row.literal, strict=False)
    ]
    return Explained(
        page=page,
        position=position,
        score=row.score,
        parts=row.parts(plan),
        words=words,
        helpful=row.helpful,
        published=page.last_published_at,
    )


def _visible_ranking(plan):
    """(the plan as searched, the matches people are shown, best first)."""
    searched, rows = ranked_signals(plan, models=TYPE_LABELS, limit=MAX_RESULTS)
    visible = set(searchable_pages().filter(pk__in=[int(row.object_id) for row in rows]).values_list("pk", flat=True))
    return searched, [row for row in rows if int(row.object_id) in visible]


def _page_alone(plan, page):
    """A page outside the listing: its signals if it matches, else which words it has."""
    searched, rows = ranked_signals(plan, models=TYPE_LABELS, limit=1, object_id=page.pk)
    if rows:
        return _explained(searched, rows[0], page, position=None)
    words = []
    for group in plan.groups:
        _searched, found = ranked_signals(RankPlan(groups=(group,)), models=TYPE_LABELS, limit=1, object_id=page.pk)
        where = MISSING if not found else IN_HEADING if found[0].heading[0] else IN_TEXT
        words.append(WordMatch(group.word, where))
    return Explained(page=page, position=None, words=words)


def explain(query, *, page_id=None):
    parsed = parse_query(query)
    explanation = Explanation(query=query, words=parsed.words)
    plan = parsed.rank_plan
    if plan is None:
        return explanation
    searched, ranking = _visible_ranking(plan)
    shown = ranking[:EXPLAINED_RESULTS]
    pages = Page.objects.filter(pk__in=[int(row.object_id) for row in shown]).specific().in_bulk()
    for position, row in enumerate(shown, 1):
        page = pages.get(int(row.object_id))
        if page is not None:
            explanation.results.append(_explained(searched, row, page, position))
    if page_id is not None:
        page = Page.objects.filter(pk=page_id).specific().first()
        if page is not None:
            positions = {int(row.object_id): position for position, row in enumerate(ranking, 1)}
            explained = _page_alone(plan, page)
            explained.position = positions.get(page.pk)
            explanation.page = explained
    return explanation
