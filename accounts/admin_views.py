"""Administrators' screen for sign-in trouble: who is locked out after wrong passwords
(unlock them), and resetting two-step sign-in for someone who lost their phone."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts import lockout, two_factor
from accounts.models import User

URL_NAME = "accounts_sign_in_security"


class SignInSecurityView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "accounts/admin/sign_in_security.html"
    page_title = gettext_lazy("Sign-in security")
    header_icon = "lock"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            locked_accounts=lockout.locked("username"),
            locked_addresses=lockout.locked("ip_address"),
            failure_limit=settings.AXES_FAILURE_LIMIT,
            lockout_minutes=lockout.lockout_minutes(),
            **{"reset_username": "", **kwargs},
        )

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "unlock_account":
            lockout.unlock(actor=request.user, username=request.POST.get("username", "")[:150])
            messages.success(request, _("The account can sign in again."))
        elif action == "unlock_address":
            lockout.unlock(actor=request.user, address=request.POST.get("address", "")[:45])
            messages.success(request, _("Sign-ins from this address are allowed again."))
        elif action == "reset_two_factor":
            username = request.POST.get("username", "").strip()[:150]
            person = User.objects.filter(username=username).first() if username else None
            if person is None or not two_factor.is_on(person):
                messages.error(request, _("Nobody with this username has two-step sign-in on."))
                return self.render_to_response(self.get_context_data(reset_username=username))
            two_factor.turn_off(actor=request.user, user=person)
            messages.success(
                request,
                _("Two-step sign-in is reset for %(name)s. They sign in with their password and set it up again.")
                % {"name": person.get_display_name()},
            )
        return redirect(URL_NAME)
