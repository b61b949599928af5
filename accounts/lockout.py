"""What django-axes needs from us: who is asking (behind our proxies) and the page a
locked-out person sees instead of a bare 403."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from core.audit import record


def client_address(request):
    """The address of the person, not of the load balancer in front of us. Only the
    entries our own proxies appended are trusted: anything further left is whatever
    the client chose to send."""
    hops = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if hops and len(forwarded) >= hops:
        return forwarded[-hops]
    return request.META.get("REMOTE_ADDR")


def lockout_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request, response=None, credentials=None):
    """The sign-in page again, with the name kept and why it will not work for now."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username[:150]})
    context = {
        "form": form,
        "next": request.POST.get("next") or request.GET.get("next", ""),
        "lockout_message": _(
            "Too many unsuccessful sign-ins. This account, or the network you are on, cannot sign in for "
            "%(minutes)d minutes. If you need to sooner, ask an administrator to unlock it."
        )
        % {"minutes": lockout_minutes()},
        "breadcrumbs": [(_("Sign in"), None)],
    }
    return render(request, "accounts/login.html", context, status=429)


def _recent_attempts():
    from axes.models import AccessAttempt

    return AccessAttempt.objects.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)


def locked(field):
    """[(username or address, failures, last attempt)] for what is locked out now."""
    rows = (
        _recent_attempts()
        .exclude(**{f"{field}__isnull": True})
        .values(field)
        .annotate(failures=Sum("failures_since_start"), last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )
    return [(row[field], row["failures"], row["last_attempt"]) for row in rows[:200]]


@transaction.atomic
def unlock(*, actor, username=None, address=None):
    if not actor.is_superuser:
        raise PermissionDenied
    from axes.utils import reset

    if username:
        reset(username=username)
        person = get_user_model().objects.filter(username=username).first()
        if person is not None:
            record(person, "accounts.unlock", actor=actor)
    if address:
        reset(ip=address)
        record(actor, "accounts.unlock_address", actor=actor, data={"address": address})
