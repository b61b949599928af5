from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from accounts.forms import AdminUserCreationForm, AdminUserEditForm
from accounts.models import Region, Team

# Apps above accounts add their own pages to the Organisation menu through this hook.
ORGANISATION_MENU_HOOK = "register_organisation_menu_item"


class UserViewSet(WagtailUserViewSet):
    def get_form_class(self, for_update=False):
        return AdminUserEditForm if for_update else AdminUserCreationForm


class TeamViewSet(ModelViewSet):
    model = Team
    name = "teams"
    icon = "group"
    menu_label = _("Teams")
    list_display = ["name", "region", "director"]
    list_filter = ["region"]
    search_fields = ["name"]
    ordering = ["region__name", "name"]
    add_to_admin_menu = False
    copy_view_enabled = False


class RegionViewSet(ModelViewSet):
    model = Region
    name = "regions"
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    add_to_admin_menu = False
    copy_view_enabled = False


class OrganisationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "group"
    menu_order = 900
    items = (TeamViewSet, RegionViewSet)
    submenu_hook = ORGANISATION_MENU_HOOK
