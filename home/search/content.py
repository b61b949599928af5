"""What search looks through: the content page types, published and public."""

from django.utils.translation import pgettext_lazy
from wagtail.models import Page

from capture.models import ExperienceLessonPage
from cases.models import CaseStudyPage
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


def searchable_pages():
    """Published, public pages of the searched types. Drafts and pages behind a login
    or password never appear."""
    return Page.objects.live().public().type(*TYPE_LABELS)


def matching_pages(parsed):
    """The pages matching the query, best first, as a queryset that can still be
    filtered and counted."""
    results = searchable_pages().search(parsed.backend_query)
    # The database backends build their matches as a queryset; asking for it keeps
    # facets and counts in the database instead of loading every match.
    return results.get_queryset()
