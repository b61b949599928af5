"""What can go into a learning plan. Content apps offer their pages for a competency
gap through the `register_plan_content` Wagtail hook, so competencies imports none of
them and a new kind of content joins plans by registering.

A provider is a function taking keyword arguments `user`, `competency_id`,
`above_level` (the level the person has reached), `up_to_level` (the level required)
and `limit`, and returning up to `limit` `PlanOffer`s the person has not finished yet.
It must run a fixed number of queries.
"""

from dataclasses import dataclass

from wagtail import hooks

PLAN_CONTENT_HOOK = "register_plan_content"
OFFERS_PER_KIND = 2
ITEMS_PER_GAP = 4
DAYS_PER_GAP = 14


@dataclass(frozen=True)
class PlanOffer:
    page_id: int
    # Orders a gap's items: read and practise first, check with a quiz last.
    sequence: int
    # A quiz measures the competency: the first thing to do where nothing measured it yet.
    measures: bool = False


def offers_for_gap(*, user, standing):
    """Up to ITEMS_PER_GAP offers for one gap, one of each kind before a second of any,
    then in sequence order. A competency nothing has measured yet gets one quiz that
    measures it, if there is one: training starts from a known level, and a learner who
    is already there is spared the courses."""
    per_kind = []
    for provider in hooks.get_hooks(PLAN_CONTENT_HOOK):
        offers = provider(
            user=user,
            competency_id=standing.competency.pk,
            above_level=standing.reached,
            up_to_level=standing.required,
            limit=OFFERS_PER_KIND,
        )
        if offers:
            per_kind.append(list(offers))
    if not standing.assessed:
        measuring = [offer for offers in per_kind for offer in offers if offer.measures]
        if measuring:
            return measuring[:1]
    chosen = []
    for round_number in range(OFFERS_PER_KIND):
        for offers in sorted(per_kind, key=lambda offers: offers[0].sequence):
            if round_number < len(offers) and len(chosen) < ITEMS_PER_GAP:
                chosen.append(offers[round_number])
    return sorted(chosen, key=lambda offer: offer.sequence)


def completes_itself(page):
    """Whether the content app marks this page's plan item done (a course completed, a
    quiz passed); the learner ticks off the others."""
    return bool(getattr(page.specific_class, "completes_plan_item", False))


def kind_of(page):
    model = page.specific_class
    return model._meta.verbose_name if model else ""


def plannable(page):
    return bool(getattr(page.specific_class, "plannable", False))
