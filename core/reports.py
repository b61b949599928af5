"""Admin reports: the base view every report builds on, and registering one in a call
(its two URLs and its entry in the Reports menu, shown only to people who hold the
view's permission)."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.reports import ReportView

from core.audit import record_export
from core.spreadsheets import csv_safe


class SafeExportReportView(ReportView):
    """Wagtail's ReportView, whose CSV export keeps text that looks like a formula as
    text; its xlsx export already does."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return csv_safe(value) if export_format == self.FORMAT_CSV else value

    def as_spreadsheet(self, queryset, spreadsheet_format):
        record_export(self.request, what=self.page_title, export_format=spreadsheet_format)
        return super().as_spreadsheet(queryset, spreadsheet_format)


class ReportMenuItem(MenuItem):
    def __init__(self, *args, view_class, **kwargs):
        super().__init__(*args, **kwargs)
        self.view_class = view_class

    def is_shown(self, request):
        view = self.view_class
        return view.permission_policy.user_has_permission(request.user, view.permission_required)


def register_report(view_class, *, url_path, label, icon_name, order):
    """`url_path` like "reports/course-enrolments/"; URL names come from the view's
    `index_url_name` and `index_results_url_name`."""

    @hooks.register("register_admin_urls")
    def report_urls():
        return [
            path(url_path, view_class.as_view(), name=view_class.index_url_name),
            path(f"{url_path}results/", view_class.as_view(results_only=True), name=view_class.index_results_url_name),
        ]

    @hooks.register("register_reports_menu_item")
    def report_menu_item():
        url = reverse(view_class.index_url_name)
        return ReportMenuItem(label, url, icon_name=icon_name, order=order, view_class=view_class)
