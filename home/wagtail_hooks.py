from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.menu import MENU_HOOK, MenuItem, menu_url
from core.reports import register_report
from home.admin_views import SearchExplainView
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
        return MenuItem(
            label=_("My team"), url=menu_url("team_dashboards:list"), order=940, requires_login=True, group="team"
        )
    return None


@hooks.register("register_admin_urls")
def search_explain_url():
    return [path("reports/searches/explain/", SearchExplainView.as_view(), name="search_explain")]


@hooks.register(MENU_HOOK)
def learning_map_menu_item(request):
    return MenuItem(
        label=_("Learning map"), url=menu_url("learning_map"), order=912, requires_login=True, group="mine"
    )
