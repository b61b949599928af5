"""What search looks through: the content page types, published and public."""

from django.db.models.expressions import RawSQL
from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from capture.models import ExperienceLessonPage
from cases.models import CaseStudyPage
from core.id_lists import id_list
from core.search.backends import live_page_ids_sql, ranked_page_ids
from core.tree import public_pages, restricts_any_page
from learning.models import CoursePage, LessonPage
from quizzes.models import QuizPage

# The searched page types, in the order the type facet lists them.
CONTENT_TYPES = [
    (ExperienceLessonPage, pgettext_lazy("search type", "Field lessons")),
    (CaseStudyPage, pgettext_lazy("search type", "Cases")),
    (CoursePage, pgettext_lazy("search type", "Courses")),
    (LessonPage, pgettext_lazy("search type", "Course lessons")),
    (QuizPage, pgettext_lazy("search type", "Quizzes")),
]
TYPE_LABELS = dict(CONTENT_TYPES)
# Results beyond the most relevant thousand are never shown, counted or faceted: nobody
# reads that far, and it keeps a search for 客户 as quick as one for 5G专网.
MAX_RESULTS = 1000


def searchable_pages(*, restricted=None):
    """Published, public pages of the searched types. Drafts and pages behind a login
    or password never appear. (`restricted`: see `core.tree.public_pages`.)"""
    return public_pages(Page.objects.live(), restricted=restricted).type(*TYPE_LABELS)


def matching_ids(parsed, *, limit=MAX_RESULTS):
    """Ids of the published, public pages matching the query, best first, at most
    `limit` of them."""
    if parsed.rank_plan is None:
        return []
    ranked = ranked_page_ids(parsed.rank_plan, models=TYPE_LABELS, limit=limit)
    visible = set(searchable_pages().filter(pk__in=id_list(ranked)).values_list("pk", flat=True))
    return [pk for pk in ranked if pk in visible]


def count_matches(parsed, *, limit=MAX_RESULTS):
    """How many published, public pages match the query, counted up to `limit`.
    Nothing is ranked: a count or a yes/no needs no order, and ranking every match of
    a common word is most of a search's time."""
    if parsed.rank_plan is None:
        return 0
    restricted = restricts_any_page()
    # Where some pages are private, the first `limit` matches may all be among them.
    found = live_page_ids_sql(parsed.rank_plan, models=TYPE_LABELS, limit=None if restricted else limit)
    if found is None:
        return 0
    return searchable_pages(restricted=restricted).filter(pk__in=RawSQL(*found))[:limit].count()
