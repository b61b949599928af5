from django.contrib.auth.models import Permission
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.viewsets import ORGANISATION_MENU_HOOK
from hr import admin_views
from hr.admin_views import URL_NAMES
from hr.services import can_import


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("people-import/", admin_views.PeopleImportView.as_view(), name=URL_NAMES["upload"]),
        path("people-import/template/", admin_views.PeopleImportTemplateView.as_view(), name=URL_NAMES["template"]),
        path("people-import/history/", admin_views.StaffHistoryView.as_view(), name=URL_NAMES["history"]),
        path("people-import/<str:pk>/", admin_views.PeopleImportRecordView.as_view(), name=URL_NAMES["record"]),
        path(
            "people-import/<str:pk>/confirm/", admin_views.PeopleImportConfirmView.as_view(), name=URL_NAMES["confirm"]
        ),
        path("people-import/<str:pk>/cancel/", admin_views.PeopleImportCancelView.as_view(), name=URL_NAMES["cancel"]),
        path(
            "people-import/<str:pk>/problems/",
            admin_views.PeopleImportProblemsView.as_view(),
            name=URL_NAMES["problems"],
        ),
    ]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return can_import(request.user)


@hooks.register(ORGANISATION_MENU_HOOK)
def register_import_menu_item():
    return ImportMenuItem(_("Import people from HR"), reverse(URL_NAMES["upload"]), icon_name="upload", order=300)


@hooks.register("register_permissions")
def register_import_permission():
    # So an administrator can let an HR group import without making them superusers.
    return Permission.objects.filter(content_type__app_label="hr", codename="add_peopleimport")
