"""Read-only queries about people and teams, shaped for the pages that show them."""

from django.db.models import Count, Prefetch, Q

from accounts.models import Team, TeamMembership
from core.generations import Generation
from core.person_generation import kept_for_person

# Moves on when a team, who is in it or who leads it changes, and with what teams are
# given to do together (a scheduled case discussion, a recommended lesson: their apps
# follow those): every workspace shows its person's teams.
teams_generation = Generation("teams-generation")


def teams_of_member(user):
    """Teams the user belongs to, with their director and member count."""
    return (
        # Filtered through a subquery: filtering on the membership join itself would
        # leave only the user's own row for Count to see.
        Team.objects.filter(pk__in=TeamMembership.objects.filter(user=user).values("team"))
        .select_related("region", "director")
        .annotate(member_count=Count("memberships", distinct=True))
        .order_by("name")
    )


def teams_led_by(user):
    """Teams the user directs, each with its members, in a fixed number of queries."""
    members = TeamMembership.objects.select_related("user").order_by("user__display_name", "user__username")
    return (
        Team.objects.filter(director=user)
        .select_related("region")
        .prefetch_related(Prefetch("memberships", queryset=members))
        .order_by("name")
    )


def led_teams_of(user):
    """The teams the person leads, read once per request: the lesson or case page, its
    plan button and its team panels all ask. Kept on the request's user object, which
    lives as long as the request, and between requests under the teams generation."""
    if not user.is_authenticated:
        return []
    if not hasattr(user, "_led_teams_read"):
        user._led_teams_read = kept_for_person(
            user.pk, "led-teams", lambda: list(user.led_teams.all()), versions=[teams_generation.current()]
        )
    return user._led_teams_read


def with_their_directors(person_ids):
    """The people and the directors of their teams: whose workspace shows their plan."""
    person_ids = set(person_ids)
    if not person_ids:
        return person_ids
    directors = Team.objects.filter(memberships__user_id__in=person_ids, director__isnull=False)
    return person_ids | set(directors.values_list("director_id", flat=True))


def directs(director, person_id):
    """Whether `director` leads a team that the person (by id) belongs to."""
    if not director.is_authenticated:
        return False
    return Team.objects.filter(director=director, memberships__user_id=person_id).exists()


def in_teams_of(user, led_teams, team_field="team"):
    """A filter for rows whose `team_field` is a team the user belongs to or leads;
    `led_teams` are the teams the caller already loaded, so leading costs no query."""
    return Q(**{f"{team_field}__memberships__user": user}) | Q(
        **{f"{team_field}_id__in": [team.pk for team in led_teams]}
    )
