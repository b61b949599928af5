"""Queries behind the case exchange: the listing with its facets, a case's page, the
related cases other pages show and the topics on a person's team agenda. Each runs a
fixed number of queries, however many cases, comments or teams exist."""

from django.core.cache import cache
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import TeamMembership
from accounts.selectors import in_teams_of, led_teams_of, teams_generation
from cases.models import CaseStudyPage, CaseStudyTag, TeamDiscussion
from competencies.profiles import competency_model_generation
from competencies.selectors import competency_choices
from core.engagement import with_totals
from core.facets import (
    Facet,
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
    tag_matches_then_competency_matches,
)
from core.taxonomy import Outcome, SalesStage, industry_choices

CASES_PER_PAGE = 12
TOPICS_SHOWN = 5
TAG_FACET_CACHE_KEY = "cases:tag-facet"
LIBRARY_CACHE_KEY = "cases:library"
SORTS = {
    "newest": ("-first_published_at", "-pk"),
    "helpful": (Coalesce("engagement__helpful_count", 0).desc(), "-first_published_at", "-pk"),
    "discussed": (Coalesce("engagement__comment_count", 0).desc(), "-first_published_at", "-pk"),
}
DEFAULT_SORT = "newest"


def forget_case_cache():
    cache.delete(TAG_FACET_CACHE_KEY)


# --- the listing ---------------------------------------------------------------------


def case_library(params):
    """Live cases filtered by GET parameters. A value we do not know (a typo, an old
    link, junk) is ignored rather than answered with an error."""
    facets = [
        Facet("industry", _("Industry"), industry_choices()),
        Facet("stage", _("Sales stage"), list(SalesStage.choices)),
        Facet("competency", _("Competency"), competency_choices()),
        Facet(
            "tag",
            _("Tag"),
            tag_facet_options(popular_tags(CaseStudyTag, TAG_FACET_CACHE_KEY), str(params.get("tag", ""))),
        ),
        Facet("outcome", _("Outcome"), list(Outcome.choices)),
    ]
    # Cases live only under the one case exchange (max_count = 1), so no tree-path
    # filter: on SQLite a path prefix cannot use an index and would scan every page.
    cases = apply_facets(CaseStudyPage.objects.live(), facets, params, _narrowed)
    sort = chosen_sort(params, SORTS, DEFAULT_SORT)
    page = page_of_ids(
        cases,
        sorts=SORTS,
        sort=sort,
        facets=facets,
        cache_key=LIBRARY_CACHE_KEY,
        page_number=params.get("page"),
        per_page=CASES_PER_PAGE,
        volatile_sorts={"helpful", "discussed"},
    )
    page.object_list = case_cards(list(page.object_list))
    sorts = [("newest", _("Newest")), ("helpful", _("Most helpful")), ("discussed", _("Most discussed"))]
    return listing(page=page, facets=facets, sort=sort, sorts=sorts, default_sort=DEFAULT_SORT)


def _narrowed(cases, name, value):
    # Sub-selects rather than joins, so a case never appears twice.
    if name == "tag":
        return cases.filter(pk__in=CaseStudyTag.objects.filter(tag__slug=value).values("content_object_id"))
    if name == "competency":
        through = CaseStudyPage.competencies.through
        return cases.filter(pk__in=through.objects.filter(competency__code=value).values("casestudypage_id"))
    if name == "stage":
        return cases.filter(sales_stage=value)
    if name == "outcome":
        return cases.filter(outcome=value)
    return cases.filter(industry_id=int(value))


def case_cards(case_ids):
    """Cards for the cases, in the given order: industry, region, competencies and tags
    drawn and kept until the next publish, engagement totals added fresh."""
    cards = kept_cards(
        "cases:case-cards",
        case_ids,
        _cases_for_cards,
        "cases/includes/case_card_content.html",
        versions=[competency_model_generation.current()],
    )
    return with_totals(cards)


def _cases_for_cards(case_ids):
    by_id = {
        case.pk: case
        for case in with_obsolete_flag(CaseStudyPage.objects.filter(pk__in=case_ids))
        .select_related("industry", "region")
        .prefetch_related("competencies", "tags")
    }
    return [by_id[pk] for pk in case_ids if pk in by_id]


# --- one case ------------------------------------------------------------------------


def case_detail(case, *, user, preview=False):
    """What the case page shows besides the body: the case's own facts (kept until it
    is published again, except in a preview) and what the reader's teams do with it."""
    content = kept_until_published(
        f"cases:content:{case.pk}",
        lambda: _case_content(case),
        versions=[competency_model_generation.current()],
        preview=preview,
    )
    led = led_teams_of(user)
    discussions = _discussions_seen_by(case, user, led)
    scheduled = {discussion.team_id: discussion for discussion in discussions}
    for team in led:
        team.scheduled_discussion = scheduled.get(team.pk)
    return {
        **content,
        "related_groups": lazy_related_content(
            competency_ids=[competency.pk for competency in content["case_competencies"]],
            tag_ids=[tag.pk for tag in content["case_tags"]],
            exclude_ids=[case.pk],
        ),
        "led_teams": led,
        "discussions": discussions,
        "scheduled_by_team": scheduled,
        "today": timezone.localdate(),
    }


def _case_content(case):
    return {
        "case_competencies": list(case.competencies.all()),
        "case_tags": list(case.tags.all()),
        "case_products": list(case.products.all()),
        "profile": _profile(case),
        "index_url": case.get_parent().url,
    }


def _profile(case):
    """The customer profile as (label, value) pairs, leaving out what is not known."""
    facts = [
        (_("Customer"), case.customer),
        (_("Industry"), case.industry.name if case.industry_id else ""),
        (_("Segment"), case.get_segment_display()),
        (_("Size"), case.get_size_display()),
        (_("Region"), case.region.name if case.region_id else ""),
        (_("Sales stage"), case.get_sales_stage_display()),
        (_("Outcome"), case.get_outcome_display()),
    ]
    return [(label, value) for label, value in facts if value]


def _discussions_seen_by(case, user, led_teams):
    """This case's discussions for teams the person belongs to or leads, kept between
    visits until a team or its discussions change."""
    if not user.is_authenticated:
        return []
    return kept_for_person(
        user.pk,
        f"cases:discussions-of:{case.pk}",
        lambda: list(
            TeamDiscussion.objects.filter(in_teams_of(user, led_teams), case_id=case.pk)
            .select_related("team", "assigned_by")
            .defer("assigned_by__password")
            .distinct()
            .order_by("discuss_on", "pk")
        ),
        versions=[teams_generation.current()],
    )


def upcoming_discussions_for(user, limit=TOPICS_SHOWN):
    """Cases on the agenda of the person's teams from today on, soonest first."""
    if not user.is_authenticated:
        return []
    # Membership as a subquery, not a join: a join needs DISTINCT, which PostgreSQL
    # then computes over every selected column, the case's whole body included.
    return list(
        TeamDiscussion.objects.filter(
            Q(team__in=TeamMembership.objects.filter(user=user).values("team")) | Q(team__director=user),
            case__live=True,
            discuss_on__gte=timezone.localdate(),
        )
        .select_related("team", "case")
        # What the agenda shows: the day, the note, the team's name and the case's title
        # and address, not a whole page row for each.
        .only("discuss_on", "note", "team__name", "case__title", "case__url_path")
        .order_by("discuss_on", "pk")[:limit]
    )


def related_cases(**criteria):
    return tag_matches_then_competency_matches(
        CaseStudyPage.objects.live(),
        tagged=CaseStudyTag,
        competency_links=CaseStudyPage.competencies.through,
        page_field="casestudypage_id",
        **criteria,
    )
