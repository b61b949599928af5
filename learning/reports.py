"""The admin report of enrolments and completions per course, exportable to CSV and
Excel through Wagtail's report export."""

import datetime

from django.db.models import Count, DecimalField, F, Q
from django.db.models.functions import Cast, NullIf
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.permission_policies import ModelPermissionPolicy

from core.reports import SafeExportReportView
from learning.models import CoursePage, Enrolment


class CourseEnrolmentReportView(SafeExportReportView):
    page_title = _("Course enrolments")
    header_icon = "doc-full-inverse"
    index_url_name = "course_enrolment_report"
    index_results_url_name = "course_enrolment_report_results"
    permission_policy = ModelPermissionPolicy(Enrolment)
    permission_required = "view"
    columns = [
        Column("title", label=_("Course")),
        Column("enrolled", label=_("Enrolled")),
        Column("in_progress", label=_("In progress")),
        Column("completed", label=_("Completed")),
        Column("completion_rate", label=_("Completion rate (%)")),
    ]
    list_export = ["title", "enrolled", "in_progress", "completed", "completion_rate"]
    export_headings = {
        "title": _("Course"),
        "enrolled": _("Enrolled"),
        "in_progress": _("In progress"),
        "completed": _("Completed"),
        "completion_rate": _("Completion rate (%)"),
    }

    def get_filename(self):
        return f"course-enrolments-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        enrolled = Count("enrolments", distinct=True)
        completed = Count("enrolments", filter=Q(enrolments__completed_at__isnull=False), distinct=True)
        return (
            CoursePage.objects.annotate(enrolled=enrolled, completed=completed)
            .annotate(
                in_progress=F("enrolled") - F("completed"),
                # NULL, shown empty, for a course nobody has enrolled in yet.
                completion_rate=Cast(
                    100.0 * F("completed") / NullIf(F("enrolled"), 0),
                    output_field=DecimalField(max_digits=5, decimal_places=1),
                ),
            )
            .order_by("-enrolled", "title")
        )
