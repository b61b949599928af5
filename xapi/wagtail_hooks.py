from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from core.reports import register_report
from xapi import admin_views

register_report(
    admin_views.LearningRecordsReportView,
    url_path="reports/learning-records/",
    label=_("Learning records (xAPI)"),
    icon_name="upload",
    order=900,
)


@hooks.register("register_admin_urls")
def learning_record_urls():
    return [path("reports/learning-records/retry/", admin_views.RetryRejectedView.as_view(), name="xapi_retry")]
