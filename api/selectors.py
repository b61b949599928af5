"""Whose records a token may read, and the records, newest change last so a client
can page through them and come back for what changed since."""

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from accounts.models import TeamMembership
from learning.models import Enrolment
from quizzes.models import Certificate


def people_visible_to(user):
    """The token owner's own records and those of the teams they lead; everyone's with
    "Can read everyone's completions and certificates through the API" (an HR or
    analytics system's account), as superusers have."""
    people = get_user_model().objects.all()
    if user.has_perm("api.read_everyone"):
        return people
    led = TeamMembership.objects.filter(team__director=user).values("user")
    return people.filter(Q(pk=user.pk) | Q(pk__in=led))


def _person(queryset, employee_number):
    return queryset.filter(user__employee_number=employee_number) if employee_number else queryset


def completions(*, user, since=None, person=None, course=None):
    queryset = (
        Enrolment.objects.filter(completed_at__isnull=False, user__in=people_visible_to(user))
        .select_related("user", "course")
        .order_by("completed_at", "pk")
    )
    if since:
        queryset = queryset.filter(completed_at__gte=since)
    if course:
        queryset = queryset.filter(course_id=course)
    return _person(queryset, person)


def certificates(*, user, changed_since=None, person=None, status=None, now=None):
    now = now or timezone.now()
    queryset = (
        Certificate.objects.filter(user__in=people_visible_to(user))
        .select_related("user", "certification__grade")
        .order_by("issued_at", "pk")
    )
    if changed_since:
        queryset = queryset.filter(
            Q(issued_at__gte=changed_since)
            | Q(revoked_at__gte=changed_since)
            | Q(expires_at__gte=changed_since, expires_at__lte=now)
        )
    if status == Certificate.Status.REVOKED:
        queryset = queryset.filter(revoked_at__isnull=False)
    elif status == Certificate.Status.EXPIRED:
        queryset = queryset.filter(revoked_at__isnull=True, expires_at__lte=now)
    elif status == Certificate.Status.VALID:
        queryset = queryset.filter(Q(expires_at__isnull=True) | Q(expires_at__gt=now), revoked_at__isnull=True)
    return _person(queryset, person)
