"""Credit for contribution, never for minutes: points for what helped colleagues, by
rules anyone can read on the rankings page. Nothing here looks at time spent on pages.

Each rule counts one kind of event per person in a period, in one grouped query; the
rankings add them up per person, team and region."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import TeamMembership
from capture.models import Experience, ExperienceEvent, ExperienceLessonPage
from core.generations import Generation
from core.models import HelpfulVote, PageStewardship
from core.related import related_generation
from knowledge.models import Application, ExpertQuestion, Result

PERIODS = {
    "90": (_("Last 90 days"), 90),
    "365": (_("Last 12 months"), 365),
    "all": (_("All time"), None),
}
DEFAULT_PERIOD = "365"
RANKED_SHOWN = 20


@dataclass(frozen=True)
class Rule:
    key: str
    label: object
    points: int


RULES = (
    Rule("lessons", _("A lesson of yours is published"), 10),
    Rule("helpful", _("Someone marks your lesson helpful"), 2),
    Rule("wins", _("Someone applies your lesson and wins the deal"), 5),
    Rule("answers", _("You answer a colleague's question"), 3),
    Rule("reviews", _("You review a colleague's experience or confirm a lesson is current"), 2),
)
POINTS = {rule.key: rule.points for rule in RULES}


def since_for(period, today=None):
    """Where a period starts: at midnight, so that a day's counts hold all day and the
    board and a person's own figure count from the same moment."""
    days = PERIODS.get(period, PERIODS[DEFAULT_PERIOD])[1]
    if days is None:
        return None
    start = (today or timezone.localdate()) - timedelta(days=days)
    return timezone.make_aware(datetime.combine(start, time.min))


def _counted(queryset, user_field, date_field, since, users):
    # No ordering: an ordered queryset (Wagtail orders pages by path) would group by it too.
    queryset = queryset.order_by()
    if since is not None:
        queryset = queryset.filter(**{f"{date_field}__gte": since})
    if users is not None:
        queryset = queryset.filter(**{f"{user_field}__in": users})
    return dict(queryset.exclude(**{user_field: None}).values_list(user_field).annotate(n=Count("pk")))


def event_counts(*, since=None, users=None):
    """{rule key: {user id: count}}: five grouped queries, for everyone or for `users`."""
    decided = [Experience.State.APPROVED, Experience.State.REJECTED, Experience.State.CHANGES_REQUESTED]
    return {
        "lessons": _counted(ExperienceLessonPage.objects.live(), "contributor", "first_published_at", since, users),
        "helpful": _counted(
            HelpfulVote.objects.exclude(page__experiencelessonpage__contributor=None),
            "page__experiencelessonpage__contributor",
            "created_at",
            since,
            users,
        ),
        "wins": _counted(
            Application.objects.filter(result=Result.WON),
            "page__experiencelessonpage__contributor",
            "reported_at",
            since,
            users,
        ),
        "answers": _counted(ExpertQuestion.objects.exclude(answered_at=None), "expert", "answered_at", since, users),
        "reviews": _merge(
            _counted(
                ExperienceEvent.objects.filter(state__in=decided).exclude(actor=None),
                "actor",
                "created_at",
                since,
                users,
            ),
            _counted(PageStewardship.objects.exclude(reviewed_at=None), "reviewed_by", "reviewed_at", since, users),
        ),
    }


def _merge(first, second):
    merged = dict(first)
    for key, value in second.items():
        merged[key] = merged.get(key, 0) + value
    return merged


@dataclass
class Credit:
    """One person's (or team's, or region's) points, rule by rule."""

    who: object
    counts: dict = field(default_factory=dict)

    @property
    def points(self):
        return sum(POINTS[key] * count for key, count in self.counts.items())

    def lines(self):
        """(rule, count, points) for each rule that earned something."""
        return [
            (rule, self.counts.get(rule.key, 0), rule.points * self.counts.get(rule.key, 0))
            for rule in RULES
            if self.counts.get(rule.key)
        ]

    def add(self, counts):
        for key, count in counts.items():
            self.counts[key] = self.counts.get(key, 0) + count


def credit_of(user, *, since=None):
    counts = event_counts(since=since, users=[user.pk])
    return Credit(who=user, counts={key: per_user.get(user.pk, 0) for key, per_user in counts.items()})


# Moves on with every vote, application, question, review and stewardship confirmation
# anywhere (knowledge.apps follows their models); a lesson published or withdrawn moves
# the content generation, which the key holds too.
credit_generation = Generation("knowledge-credit-generation")
CREDIT_KEPT_SECONDS = 24 * 60 * 60


def credit_in_period(user, *, period=DEFAULT_PERIOD):
    """A person's points in a period as their profile and the rankings page show them,
    kept for the day until something that earns points is recorded: six counting
    queries on every profile visit became none on most."""
    today = timezone.localdate()
    since = since_for(period, today)
    name = f"knowledge:credit:{user.pk}:{period}:{today.isoformat()}:{related_generation()}"
    counts = credit_generation.keep(name, lambda: credit_of(user, since=since).counts, seconds=CREDIT_KEPT_SECONDS)
    return Credit(who=user, counts=dict(counts))


def _per_user(counts):
    people = {}
    for key, per_user in counts.items():
        for user_id, count in per_user.items():
            people.setdefault(user_id, {})[key] = count
    return people


@dataclass
class Rankings:
    people: list
    teams: list
    regions: list


RANKINGS_CACHE_SECONDS = 10 * 60


def rankings(*, period=DEFAULT_PERIOD, limit=RANKED_SHOWN):
    """The contributors, teams and regions with the most points in the period. The
    counts run over every contribution there is, so they are kept for
    RANKINGS_CACHE_SECONDS (a board, not a ledger); the people and their teams are
    read fresh, so someone who left drops off at once."""
    key = f"knowledge:credit-counts:{period}"
    per_user = cache.get(key)
    if per_user is None:
        per_user = _per_user(event_counts(since=since_for(period)))
        cache.set(key, per_user, RANKINGS_CACHE_SECONDS)
    users = {
        user.pk: user
        for user in get_user_model().objects.filter(pk__in=per_user, is_active=True).select_related("region")
    }
    people = [Credit(who=users[user_id], counts=counts) for user_id, counts in per_user.items() if user_id in users]
    teams, regions = {}, {}
    for membership in TeamMembership.objects.filter(user__in=users).select_related("team__region"):
        team = teams.setdefault(membership.team_id, Credit(who=membership.team))
        team.add(per_user[membership.user_id])
    for person in people:
        if person.who.region_id:
            region = regions.setdefault(person.who.region_id, Credit(who=person.who.region))
            region.add(person.counts)

    def best(credits):
        ranked = sorted(
            (credit for credit in credits if credit.points), key=lambda credit: (-credit.points, str(credit.who))
        )
        return ranked[:limit]

    return Rankings(people=best(people), teams=best(teams.values()), regions=best(regions.values()))
