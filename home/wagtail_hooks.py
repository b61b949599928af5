from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.menu import MENU_HOOK, MenuItem
from core.reports import register_report
from home.reports import SearchTermsView

register_report(
    SearchTermsView,
    url_path="reports/searches/",
    label=_("What people search for"),
    icon_name="search",
    order=150,
)


@hooks.register(MENU_HOOK)
def my_team_menu_item(request):
    # Directors hold view_team through their role; the dashboard itself checks leadership.
    if request.user.is_authenticated and request.user.has_perm("accounts.view_team"):
        return MenuItem(label=_("My team"), url=reverse("team_dashboards:list"), order=920, requires_login=True)
    return None
