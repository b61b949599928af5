"""Making one person's simultaneous requests take turns."""

from django.contrib.auth import get_user_model


def take_turns(user):
    """Hold the person's row until the current transaction ends, so their concurrent
    requests (a double click, a retry, two tabs) run one after another and each later
    one sees what the first wrote. PostgreSQL waits on the row lock; SQLite lets one
    writer in at a time anyway."""
    list(get_user_model().objects.select_for_update().filter(pk=user.pk).values_list("pk", flat=True))
