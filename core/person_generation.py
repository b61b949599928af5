"""The person generation: what is kept of one person's own learning (their workspace)
moves on when any of it changes, and with every change they make through the site."""

from core.generations import PersonGeneration

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
