"""The person generation: what is kept of one person's own learning (their workspace)
moves on when any of it changes, and with every change they make through the site."""

from django.utils import timezone
from django.utils.translation import get_language

from core.generations import PersonGeneration
from core.related import related_generation

# A person's own learning: their plan, grade, levels, enrolments, progress, attempts and
# applications. The apps that own those rows follow them (each app's ready()).
person_generation = PersonGeneration("person-generation")


class MoveOnAfterOwnWritesMiddleware:
    """Whatever a signed-in person changes through the site (a form, a lesson's progress
    report, a quiz answer) moves their own number on, however the change was written:
    the page they go to next is drawn from what they just did."""

    UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if request.method in self.UNSAFE and response.status_code < 400 and user is not None and user.is_authenticated:
            person_generation.move_on([user.pk])
        return response


# The backstop for a change that tells no generation (a name edited in the admin).
PERSON_KEPT_SECONDS = 5 * 60


def kept_for_person(person_id, name, compute, *, versions=(), today=None, seconds=PERSON_KEPT_SECONDS):
    """`compute()` for one person, kept under their number, the language, the day and
    what is published, and `versions`: the numbers of whatever else it reads (the
    competency model, the teams)."""
    today = today or timezone.localdate()
    parts = (name, get_language(), today.isoformat(), related_generation(), *versions)
    return person_generation.keep(person_id, ":".join(str(part) for part in parts), compute, seconds=seconds)
