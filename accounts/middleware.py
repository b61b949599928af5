"""Holds a signed-in person at the second step of sign-in until it is done."""

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from accounts import two_factor

# Remembered per session, so a person without an authenticator costs no query per page.
CHECKED_SESSION_KEY = "two_factor_checked_for"


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified() and not self._exempt(request.path_info):
            step = self._pending_step(request, user)
            if step:
                return redirect(f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _pending_step(request, user):
        if request.session.get(CHECKED_SESSION_KEY) == user.pk:
            return None
        if two_factor.is_on(user):
            return "accounts:two_factor_verify"
        if two_factor.is_required(user):
            return "accounts:two_factor_setup"
        request.session[CHECKED_SESSION_KEY] = user.pk
        return None

    @staticmethod
    def _exempt(path):
        exempt = (
            reverse("accounts:two_factor_verify"),
            reverse("accounts:two_factor_setup"),
            reverse("accounts:logout"),
            reverse("set_language"),
            reverse("javascript-catalog"),
            settings.STATIC_URL,
            "/healthz",
            "/readyz",
        )
        return path.startswith(exempt)
