"""Queries behind the capture pages: a contributor's submissions, the lesson library
and a lesson's page. Each runs a fixed number of queries, however many lessons,
votes or submissions exist."""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import in_teams_of, led_teams_of, teams_generation
from capture.models import (
    Experience,
    ExperienceEvent,
    ExperienceLessonPage,
    ExperienceLessonTag,
    TeamRecommendation,
)
from competencies.profiles import competency_model_generation
from competencies.selectors import competency_choices
from core.engagement import with_totals
from core.facets import (
    Facet,
    Listing,
    apply_facets,
    chosen_sort,
    listing,
    page_of_ids,
    popular_tags,
    tag_facet_options,
)
from core.freshness import with_obsolete_flag
from core.person_generation import kept_for_person
from core.related import (
    kept_cards,
    kept_until_published,
    lazy_related_content,
    related_generation,
    tag_matches_then_competency_matches,
)
from core.taxonomy import SalesStage, industry_choices

LESSONS_PER_PAGE = 12
CONTRIBUTIONS_PER_PAGE = 20
TAG_FACET_CACHE_KEY = "capture:lesson-tag-facet"
LIBRARY_CACHE_KEY = "capture:library"
RECOMMENDED_SHOWN = 5
# The newest lessons kept for dashboards, enough to leave out one person's own.
NEWEST_CACHED = 20
SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "helpful": (Coalesce("engagement__helpful_count", 0).desc(), "-first_published_at", "-pk"),
}
DEFAULT_SORT = "newest"


# --- a contributor's own submissions -------------------------------------------------


def my_contributions(user, page_number):
    experiences = (
        Experience.objects.filter(author=user)
        .select_related("lesson_page")
        .prefetch_related(
            Prefetch(
                "events",
                queryset=ExperienceEvent.objects.exclude(comment="").select_related("actor").order_by("-created_at"),
                to_attr="commented_events",
            )
        )
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(experiences, CONTRIBUTIONS_PER_PAGE).get_page(page_number)
    for experience in page.object_list:
        experience.latest_comment = experience.commented_events[0] if experience.commented_events else None
    published = Experience.objects.filter(author=user, state=Experience.State.APPROVED).count()
    return page, published


def submission(experience_id):
    """A submission with everything its read-only view shows, or None."""
    return (
        Experience.objects.select_related("author", "industry", "lesson_page", "reviewed_by")
        .prefetch_related(
            "causes",
            "options",
            "competencies",
            "products",
            "tags",
            Prefetch("events", ExperienceEvent.objects.select_related("actor")),
        )
        .filter(pk=experience_id)
        .first()
    )


def editable_experience(experience_id):
    return Experience.objects.filter(pk=experience_id).first()


def popular_tag_names():
    """Tag names for the form's suggestions: the most used on published lessons."""
    return [name for _slug, name in popular_tags(ExperienceLessonTag, TAG_FACET_CACHE_KEY)]


# --- the lesson library --------------------------------------------------------------


@dataclass
class LessonLibrary(Listing):
    recommended: list


def forget_library_cache():
    cache.delete(TAG_FACET_CACHE_KEY)


def lesson_library(index_page, params, *, user):
    """The library's lessons, filtered by GET parameters. A value we do not know (a
    typo, an old link, junk) is ignored rather than answered with an error."""
    competencies = competency_choices()
    industries = industry_choices()
    facets = [
        Facet(
            "tag",
            _("Tag"),
            tag_facet_options(popular_tags(ExperienceLessonTag, TAG_FACET_CACHE_KEY), str(params.get("tag", ""))),
        ),
        Facet("competency", _("Competency"), competencies),
        Facet("stage", _("Sales stage"), list(SalesStage.choices)),
        Facet("industry", _("Industry"), industries),
    ]
    # Lessons live only in the one library (max_count = 1), so no tree-path filter:
    # on SQLite a path prefix cannot use an index and would scan every page.
    lessons = apply_facets(ExperienceLessonPage.objects.live(), facets, params, _filtered)
    sort = chosen_sort(params, SORTS, DEFAULT_SORT)
    page = page_of_ids(
        lessons,
        sorts=SORTS,
        sort=sort,
        facets=facets,
        cache_key=LIBRARY_CACHE_KEY,
        page_number=params.get("page"),
        per_page=LESSONS_PER_PAGE,
        volatile_sorts={"helpful"},
    )
    page.object_list = lesson_cards(list(page.object_list))
    sorts = [("newest", _("Newest")), ("helpful", _("Most helpful"))]
    return LessonLibrary(
        **vars(listing(page=page, facets=facets, sort=sort, sorts=sorts, default_sort=DEFAULT_SORT)),
        recommended=recommended_for(user) if page.number == 1 else [],
    )


def _filtered(lessons, name, value):
    # Sub-selects rather than joins, so a lesson never appears twice.
    if name == "tag":
        matching = ExperienceLessonTag.objects.filter(tag__slug=value).values("content_object_id")
        return lessons.filter(pk__in=matching)
    if name == "competency":
        through = ExperienceLessonPage.competencies.through
        return lessons.filter(pk__in=through.objects.filter(competency__code=value).values("experiencelessonpage_id"))
    if name == "stage":
        return lessons.filter(sales_stage=value)
    return lessons.filter(industry_id=int(value))


def lesson_cards(lesson_ids):
    """Cards for the lessons, in the given order: contributor, industry, competencies
    and tags drawn and kept until the next publish, engagement totals added fresh."""
    cards = kept_cards(
        "capture:lesson-cards",
        lesson_ids,
        _lessons_for_cards,
        "capture/includes/lesson_card_content.html",
        versions=[competency_model_generation.current()],
    )
    return with_totals(cards)


def _lessons_for_cards(lesson_ids):
    lessons = with_obsolete_flag(ExperienceLessonPage.objects.filter(pk__in=lesson_ids))
    by_id = {
        lesson.pk: lesson
        for lesson in lessons.select_related("contributor", "industry")
        .defer("contributor__password")
        .prefetch_related("competencies", "tags")
    }
    return [by_id[pk] for pk in lesson_ids if pk in by_id]


NEWEST_CACHE_SECONDS = 60 * 60


def newest_lessons(*, limit, excluding_contributor=None):
    """The newest live lessons, leaving out one contributor's own.

    The page table's publication index holds every kind of page, so finding the newest
    lessons reads past every newer case and course: 20 ms with 20,000 cases. The newest
    few, with what the workspace shows of them, are cached under the content
    generation, which a publish moves on."""
    key = f"capture:newest-lessons-shown:{related_generation()}"
    newest = cache.get(key)
    if newest is None:
        newest = list(_newest_shown(ExperienceLessonPage.objects.live())[:NEWEST_CACHED])
        cache.set(key, newest, NEWEST_CACHE_SECONDS)
    excluded = getattr(excluding_contributor, "pk", None)
    chosen = [lesson for lesson in newest if lesson.contributor_id is None or lesson.contributor_id != excluded]
    chosen = chosen[:limit]
    if len(chosen) < limit and len(newest) == NEWEST_CACHED:
        # Someone wrote all of the newest themselves: ask the database after all.
        chosen = list(_newest_shown(ExperienceLessonPage.objects.live().exclude(contributor_id=excluded))[:limit])
    return chosen


def _newest_shown(lessons):
    """Newest first, with only what a list of them shows: the title, the address, the
    date and who shared it."""
    return (
        lessons.select_related("contributor")
        .only(
            "title",
            "url_path",
            "first_published_at",
            *(f"contributor__{name}" for name in User.NAME_FIELDS),
        )
        .order_by("-first_published_at", "-pk")
    )


def recommended_for(user):
    """Live lessons the person's directors recommended to their teams, newest first."""
    if not user.is_authenticated:
        return []
    to_my_teams = TeamRecommendation.objects.filter(team__memberships__user=user, lesson__live=True)
    shown = _as_shown(to_my_teams.select_related("lesson"), "lesson__title", "lesson__url_path")
    recommendations = list(shown.order_by("-created_at", "-pk")[:RECOMMENDED_SHOWN])
    seen = set()
    unique = []
    for recommendation in recommendations:
        if recommendation.lesson_id not in seen:
            seen.add(recommendation.lesson_id)
            unique.append(recommendation)
    return unique


# --- one lesson ----------------------------------------------------------------------


def lesson_detail(lesson, *, user, preview=False):
    """What the lesson page shows besides the body: the lesson's own parts (kept until
    it is published again, except in a preview) and what the reader's teams do with
    it."""
    content = kept_until_published(
        f"capture:lesson-content:{lesson.pk}",
        lambda: _lesson_content(lesson),
        versions=[competency_model_generation.current()],
        preview=preview,
    )
    experience = content["source_experience"]
    led = led_teams_of(user)
    recommendations = _recommendations_seen_by(lesson, user, led)
    return {
        **content,
        "related_groups": lazy_related_content(
            competency_ids=[competency.pk for competency in content["lesson_competencies"]],
            tag_ids=[tag.pk for tag in content["lesson_tags"]],
            exclude_ids=[lesson.pk],
        ),
        "show_submission_link": experience is not None
        and user.is_authenticated
        and (experience.author_id == user.pk or user.has_perm("capture.review_experience")),
        "led_teams": led,
        "recommendations": recommendations,
        "recommended_team_ids": {recommendation.team_id for recommendation in recommendations},
    }


def _lesson_content(lesson):
    return {
        "lesson_competencies": list(lesson.competencies.all()),
        "lesson_tags": list(lesson.tags.all()),
        "lesson_industry": lesson.industry,
        "lesson_products": list(lesson.products.all()),
        # Through the cluster, so a preview shows the rows being edited.
        "causes": list(lesson.causes.all()),
        "options": list(lesson.options.all()),
        "source_experience": Experience.objects.filter(lesson_page_id=lesson.pk).only("pk", "author_id").first(),
        "contributor_name": _contributor_name(lesson),
    }


def _contributor_name(lesson):
    if lesson.contributor_id is None:
        return ""
    return User.objects.only(*User.NAME_FIELDS).get(pk=lesson.contributor_id).get_display_name()


def _recommendations_seen_by(lesson, user, led_teams):
    """Recommendations of this lesson to teams the person belongs to or leads, kept
    between visits until a team or its recommendations change."""
    if not user.is_authenticated:
        return []
    return kept_for_person(
        user.pk,
        f"capture:recommendations-of:{lesson.pk}",
        lambda: list(
            _as_shown(TeamRecommendation.objects.filter(in_teams_of(user, led_teams), lesson_id=lesson.pk))
            .distinct()
            .order_by("-created_at", "-pk")
        ),
        versions=[teams_generation.current()],
    )


def _as_shown(recommendations, *lesson_fields):
    """With what a recommendation shows: the team's name and the director's names. Whole
    team, director and lesson rows cost more to build than the query takes to run."""
    return recommendations.select_related("team", "recommended_by").only(
        "team_id",
        "lesson_id",
        "note",
        "created_at",
        "team__name",
        *lesson_fields,
        *(f"recommended_by__{name}" for name in User.NAME_FIELDS),
    )


def related_lessons(**criteria):
    return tag_matches_then_competency_matches(
        ExperienceLessonPage.objects.live().select_related("contributor"),
        tagged=ExperienceLessonTag,
        competency_links=ExperienceLessonPage.competencies.through,
        page_field="experiencelessonpage_id",
        **criteria,
    )
