"""The second step of signing in, and turning it on and off (accounts/two_factor.py)."""

import django_otp
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from accounts import two_factor
from accounts.forms import OneTimeCodeForm
from core.clean_input import is_site_path


def _wrong_code_message():
    return _(
        "That code did not work. Check that your phone's clock is right and type the newest code, or a backup code."
    )


def _next(request, fallback="/"):
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if is_site_path(request, target) else fallback


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    if request.user.is_verified():
        return redirect(_next(request))
    if not two_factor.is_on(request.user):
        return redirect("accounts:two_factor_setup") if two_factor.is_required(request.user) else redirect("/")
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = django_otp.match_token(request.user, form.cleaned_data["code"])
        if device is not None:
            django_otp.login(request, device)
            return redirect(_next(request))
        form.add_error("code", _wrong_code_message())
    context = {"form": form, "next": _next(request, ""), "breadcrumbs": [(_("Sign in"), None)]}
    return render(request, "accounts/two_factor_verify.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    user = request.user
    if not two_factor.may_use(user):
        raise Http404
    if two_factor.is_on(user):
        messages.info(request, _("Two-step sign-in is already on."))
        return redirect("accounts:profile")
    device = two_factor.pending_app_device(user)
    form = OneTimeCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_app(user=user, device=device, token=form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, device)
            context = {"codes": codes, "next": _next(request, ""), "breadcrumbs": _breadcrumbs()}
            return render(request, "accounts/two_factor_backup_codes.html", context)
        form.add_error("code", _wrong_code_message())
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_for_typing(device),
        "required": two_factor.is_required(user),
        "next": _next(request, ""),
        "breadcrumbs": _breadcrumbs(),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@login_required
@require_POST
def turn_off(request):
    user = request.user
    form = OneTimeCodeForm(request.POST)
    device = django_otp.match_token(user, form.cleaned_data["code"]) if form.is_valid() else None
    if device is None:
        messages.error(request, _wrong_code_message())
        return redirect("accounts:profile")
    try:
        two_factor.turn_off(actor=user, user=user)
    except PermissionDenied as refusal:
        messages.error(request, str(refusal) or _("You cannot turn two-step sign-in off."))
        return redirect("accounts:profile")
    messages.success(request, _("Two-step sign-in is off. Signing in now needs only your password."))
    return redirect("accounts:profile")


def _breadcrumbs():
    return [(_("My profile"), reverse("accounts:profile")), (_("Two-step sign-in"), None)]
