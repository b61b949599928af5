from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.admin_views import URL_NAME, SignInSecurityView
from accounts.viewsets import OrganisationViewSetGroup


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationViewSetGroup()


@hooks.register("register_admin_urls")
def register_sign_in_security_url():
    return [path("sign-in-security/", SignInSecurityView.as_view(), name=URL_NAME)]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_sign_in_security_menu_item():
    return SuperuserMenuItem(_("Sign-in security"), reverse(URL_NAME), icon_name="lock", order=610)


@hooks.register("register_log_actions")
def register_account_log_actions(actions):
    actions.register_action("accounts.unlock", _("Unlock sign-in"), _("Unlocked the account after wrong passwords"))
    actions.register_action(
        "accounts.unlock_address", _("Unlock an address"), _("Unlocked sign-ins from an address after wrong passwords")
    )
    actions.register_action("accounts.two_factor_on", _("Two-step sign-in on"), _("Turned two-step sign-in on"))
    actions.register_action("accounts.two_factor_off", _("Two-step sign-in off"), _("Turned two-step sign-in off"))
    actions.register_action(
        "accounts.two_factor_reset", _("Two-step sign-in reset"), _("Reset two-step sign-in for a lost phone")
    )
