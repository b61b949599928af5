"""The ranking rule of `core.search.ranking`, worked out in Python from each page's
indexed words: what either database must answer. A test that compares each database
with this compares the two databases with each other."""

import re
from itertools import pairwise

from django.db import connection
from modelsearch.query import And, Or, Phrase, PlainText
from wagtail.models import Page
from wagtail.search.models import IndexEntry

from core.models import PageEngagement, PageStewardship
from core.search.backends import content_type_ids, segmented_plan
from core.search.ranking import HEADING, LITERAL, NEAR, NEAR_SPAN, leaves

TOKEN = re.compile(r"[^\W_]+")


def indexed_columns(models):
    """{object id: (heading words, body words)} as the index holds them."""
    if connection.vendor == "postgresql":
        fields = ("object_id", "title_text", "body_text")
    else:
        fields = ("object_id", "title", "body")
    entries = IndexEntry.objects.filter(content_type_id__in=content_type_ids(models)).values_list(*fields)
    return {object_id: (TOKEN.findall(title or ""), TOKEN.findall(body or "")) for object_id, title, body in entries}


def _has(columns, query):
    query = leaves(query)
    if isinstance(query, PlainText):
        return any(query.query_string in column for column in columns)
    if isinstance(query, Phrase):
        words = query.query_string.split()
        return any(column[start : start + len(words)] == words for column in columns for start in range(len(column)))
    if isinstance(query, And):
        return all(_has(columns, sub) for sub in query.subqueries)
    if isinstance(query, Or):
        return any(_has(columns, sub) for sub in query.subqueries)
    raise TypeError(query)


def _near(columns, first, second):
    for column in columns:
        firsts = [i for i, word in enumerate(column) if word == first]
        seconds = [i for i, word in enumerate(column) if word == second]
        if any(0 < abs(i - j) <= NEAR_SPAN for i in firsts for j in seconds):
            return True
    return False


def expected_order(plan, models):
    """Object ids matching `plan`, in the order the rule gives."""
    plan = segmented_plan(plan)
    helpful = dict(PageEngagement.objects.values_list("page_id", "helpful_count"))
    obsolete = set(PageStewardship.objects.filter(obsolete_at__isnull=False).values_list("page_id", flat=True))
    published = dict(Page.objects.values_list("pk", "last_published_at"))
    scored = []
    for object_id, (heading, body) in indexed_columns(models).items():
        columns = [heading, body]
        if not _has(columns, plan.match):
            continue
        score = 0
        for group in plan.ranked_groups:
            score += HEADING * _has([heading], group.match)
            score += LITERAL * (group.has_alternatives and _has(columns, group.literal))
        tokens = [leaves(group.literal) for group in plan.ranked_groups]
        for first, second in pairwise(tokens):
            if isinstance(first, PlainText) and isinstance(second, PlainText):
                a, b = first.query_string, second.query_string
                score += NEAR * (a != b and _near(columns, a, b))
        when = published.get(int(object_id))
        scored.append((object_id, score, helpful.get(int(object_id), 0), when, int(object_id) in obsolete))
    # Current before obsolete, then best score, most helpful, newest publication (never
    # published last), newest page.
    scored.sort(
        key=lambda row: (
            row[4],
            -row[1],
            -row[2],
            row[3] is None,
            -(row[3].timestamp() if row[3] else 0),
            -int(row[0]),
        )
    )
    return [int(row[0]) for row in scored]
