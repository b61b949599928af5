from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("People and teams")
    default = True
    role_permissions = {
        "director": ["accounts.view_team"],
        "editor": ["wagtailadmin.access_admin"],
    }

    def ready(self):
        from django.core import checks
        from django_otp.plugins.otp_static.models import StaticDevice
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from accounts.permission_cache import follow_permission_changes
        from accounts.selectors import teams_generation
        from accounts.sso import check_role_rules
        from core.person_generation import person_generation

        follow_permission_changes(self.get_model("User"))
        teams_generation.follow(self.get_model("Team"), self.get_model("TeamMembership"))
        # The profile keeps whether two-step sign-in is on.
        person_generation.follow(TOTPDevice)
        person_generation.follow(StaticDevice)
        post_migrate.connect(_sync_roles_after_migrate, sender=self)
        checks.register(check_role_rules)


def _sync_roles_after_migrate(sender, verbosity=1, using="default", **kwargs):
    from accounts.roles import sync_role_groups

    if using == "default":
        sync_role_groups(verbosity=verbosity)


class WagtailUsersConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that include our user fields."""

    user_viewset = "accounts.viewsets.UserViewSet"
