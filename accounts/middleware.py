"""Holds a signed-in person at the second step of sign-in until it is done."""

from functools import cache
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts import two_factor

# Remembered per session, so a person without an authenticator costs no query per page.
CHECKED_SESSION_KEY = "two_factor_checked_for"


def pending_step(session, user):
    """The URL name of the sign-in step `user` still owes, or None: then the session
    remembers that nothing is owed."""
    if two_factor.is_on(user):
        return "accounts:two_factor_verify"
    if two_factor.is_required(user):
        return "accounts:two_factor_setup"
    session[CHECKED_SESSION_KEY] = user.pk
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        # The session flag first: for most signed-in people it ends the work here.
        if (
            user.is_authenticated
            and request.session.get(CHECKED_SESSION_KEY) != user.pk
            and not user.is_verified()
            and not request.path_info.startswith(self._exempt_prefixes())
        ):
            step = pending_step(request.session, user)
            if step:
                return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    @cache
    def _exempt_prefixes():
        # Resolved once: the URL conf does not change while the process runs.
        return (
            reverse("accounts:two_factor_verify"),
            reverse("accounts:two_factor_setup"),
            reverse("accounts:logout"),
            reverse("set_language"),
            reverse("javascript-catalog"),
            settings.STATIC_URL,
            "/healthz",
            "/readyz",
        )
