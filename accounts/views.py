from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts import two_factor
from accounts.forms import ProfileForm, SignInForm
from accounts.permission_cache import permissions_generation
from accounts.profile import profile_panels
from accounts.roles import roles_of
from accounts.selectors import teams_generation, teams_led_by, teams_of_member
from accounts.sso import sso_enabled
from core.person_generation import kept_for_person


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = SignInForm
    redirect_authenticated_user = True
    extra_context = {"breadcrumbs": [(gettext_lazy("Sign in"), None)]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_enabled"] = sso_enabled()
        context["password_for_everyone"] = settings.SIGN_IN_WITH_PASSWORD == "everyone"
        return context


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, _("You have signed out."))
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    extra_context = {
        "breadcrumbs": [
            (gettext_lazy("My profile"), reverse_lazy("accounts:profile")),
            (gettext_lazy("Change password"), None),
        ]
    }

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
        messages.error(request, _("Please correct the errors below."))
    context = {
        "form": form,
        "profile_user": user,
        **kept_for_person(
            user.pk,
            "profile-facts",
            lambda: _profile_facts(user),
            versions=[teams_generation.current(), permissions_generation.current(), user.region_id],
        ),
        "extra_panels": profile_panels(request, user),
        "breadcrumbs": [(_("My profile"), None)],
    }
    return render(request, "accounts/profile.html", context)


def _profile_facts(user):
    """What the profile shows beside the person's own row: kept between visits until
    their teams, roles, region or two-step sign-in change."""
    return {
        "region": str(user.region) if user.region_id else "",
        "roles": roles_of(user),
        "member_teams": list(teams_of_member(user)),
        "led_teams": list(teams_led_by(user)),
        "two_factor": two_factor_status(user),
    }


def two_factor_status(user):
    if not two_factor.may_use(user):
        return {"offered": False}
    return {"offered": True, "on": two_factor.is_on(user), "required": two_factor.is_required(user)}
