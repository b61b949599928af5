"""Admin → Reports → Learning records: whether statements reach the LRS, what waits,
what it refused and why; and sending the refused ones again once the cause is fixed."""

import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views import View
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.permission_policies import ModelPermissionPolicy

from core.reports import SafeExportReportView
from xapi.models import OutboxStatement
from xapi.services import enabled, retry_rejected

ERROR_SHOWN = 160


class OutboxFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(
        label=gettext_lazy("State"), choices=OutboxStatement.State.choices, empty_label=gettext_lazy("All")
    )

    class Meta:
        model = OutboxStatement
        fields = []


def describe(row):
    """Who did what to what, read from the statement as it was sent."""
    statement = row.statement if isinstance(row.statement, dict) else {}
    actor = statement.get("actor") or {}
    account = actor.get("account") or {}
    row.person = " · ".join(part for part in (actor.get("name"), account.get("name")) if part) or "—"
    names = ((statement.get("object") or {}).get("definition") or {}).get("name") or {}
    row.activity = names.get("zh-CN") or next(iter(names.values()), "") or "—"
    display = (statement.get("verb") or {}).get("display") or {}
    row.action = display.get("zh-CN" if get_language().startswith("zh") else "en-US") or row.verb
    row.error_shown = Truncator(row.last_error).chars(ERROR_SHOWN)
    return row


class LearningRecordsReportView(SafeExportReportView):
    page_title = gettext_lazy("Learning records (xAPI)")
    header_icon = "upload"
    template_name = "xapi/admin/report.html"
    index_url_name = "xapi_learning_records"
    index_results_url_name = "xapi_learning_records_results"
    permission_policy = ModelPermissionPolicy(OutboxStatement)
    permission_required = "view"
    filterset_class = OutboxFilterSet
    columns = [
        DateColumn("created_at", label=gettext_lazy("Recorded")),
        Column("person", label=gettext_lazy("Person")),
        Column("action", label=gettext_lazy("Did")),
        Column("activity", label=gettext_lazy("What")),
        Column("state_label", label=gettext_lazy("State")),
        Column("attempts", label=gettext_lazy("Tries")),
        Column("error_shown", label=gettext_lazy("Last answer from the LRS")),
    ]
    list_export = ["id", "created_at", "person", "verb", "activity", "state", "attempts", "sent_at", "last_error"]

    def get_filename(self):
        return f"learning-records-{datetime.date.today():%Y-%m-%d}"

    def get_base_queryset(self):
        return OutboxStatement.objects.order_by("-created_at")

    def decorate_paginated_queryset(self, object_list):
        for row in object_list:
            describe(row)
            row.state_label = row.get_state_display()
        return object_list

    def to_row_dict(self, item):
        return super().to_row_dict(describe(item))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        counts = dict(OutboxStatement.objects.order_by().values_list("state").annotate(n=Count("pk")))
        oldest = OutboxStatement.objects.filter(state=OutboxStatement.State.WAITING).aggregate(at=Min("created_at"))
        context.update(
            lrs_configured=enabled(),
            waiting=counts.get(OutboxStatement.State.WAITING, 0),
            sent=counts.get(OutboxStatement.State.SENT, 0),
            rejected=counts.get(OutboxStatement.State.REJECTED, 0),
            oldest_waiting=oldest["at"],
            waiting_a_while=oldest["at"] is not None
            and timezone.now() - oldest["at"] >= datetime.timedelta(minutes=1),
            now=timezone.now(),
        )
        return context


class RetryRejectedView(View):
    """Puts the statements the LRS refused back in the queue, for after the cause (the
    LRS's settings, an upgrade) is fixed. POST only."""

    http_method_names = ["post"]

    def post(self, request):
        if not request.user.has_perm("xapi.change_outboxstatement"):
            raise PermissionDenied
        count = retry_rejected()
        if count:
            message = ngettext(
                "%(count)s refused statement will be sent again.",
                "%(count)s refused statements will be sent again.",
                count,
            )
            messages.success(request, message % {"count": count})
        else:
            messages.info(request, _("No statement was refused."))
        return redirect(LearningRecordsReportView.index_url_name)
