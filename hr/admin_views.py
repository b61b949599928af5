"""Admin pages for importing people from HR: upload, progress, preview, result."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from competencies.models import JobGrade
from core.audit import record_export
from hr import services
from hr.forms import PeopleImportForm
from hr.models import PeopleImport, StaffChange
from hr.spreadsheets import column_help, problems_workbook, template_workbook

URL_NAMES = {
    "upload": "hr_import",
    "record": "hr_import_record",
    "confirm": "hr_import_confirm",
    "cancel": "hr_import_cancel",
    "problems": "hr_import_problems",
    "template": "hr_import_template",
    "history": "hr_import_history",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PROBLEMS_SHOWN = 200
CHANGES_PER_PAGE = 50
# The preview's sections, in the order a person reads them.
PREVIEW_KINDS = (
    StaffChange.Kind.JOINED,
    StaffChange.Kind.MOVED,
    StaffChange.Kind.GRADE,
    StaffChange.Kind.UPDATED,
    StaffChange.Kind.RETURNED,
    StaffChange.Kind.LEFT,
)


def url(step, record=None):
    return reverse(URL_NAMES[step], args=[record.pk] if record else [])


class ImportAccessMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    page_title = gettext_lazy("Import people from HR")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not services.can_import(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_record(self):
        try:
            return services.own_import(user=self.request.user, pk=self.kwargs["pk"])
        except PeopleImport.DoesNotExist as missing:
            raise Http404 from missing


class PeopleImportView(ImportAccessMixin, FormView):
    """The upload form, what the file should hold, and the imports so far."""

    template_name = "hr/admin/upload.html"
    form_class = PeopleImportForm

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["column_help"] = column_help(JobGrade.objects.all())
        context["template_url"] = url("template")
        context["history_url"] = url("history")
        context["imports"] = [
            (record, url("record", record))
            for record in PeopleImport.objects.select_related("created_by").defer("upload", "rows", "samples")[:20]
        ]
        return context

    def form_valid(self, form):
        try:
            record = services.start_import(
                user=self.request.user,
                upload=form.cleaned_data["file"],
                create_missing=form.cleaned_data["create_missing"],
                full_roster=form.cleaned_data["full_roster"],
            )
        except ValidationError as error:
            form.add_error("file", error.messages[0])
            return self.form_invalid(form)
        return redirect(url("record", record))


class PeopleImportRecordView(ImportAccessMixin, TemplateView):
    """One import, as far as it has got: checking, the preview, importing, the result."""

    template_name = "hr/admin/record.html"

    def get_page_subtitle(self):
        return self.record.original_name

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": url("upload"), "label": _("Import people from HR")},
            {"url": "", "label": self.record.original_name},
        ]

    def get(self, request, *args, **kwargs):
        self.record = self.get_record()
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.record
        working = record.state in (
            PeopleImport.State.CHECKING,
            PeopleImport.State.QUEUED,
            PeopleImport.State.RUNNING,
        )
        context.update(
            record=record,
            working=working,
            upload_url=url("upload"),
            confirm_url=url("confirm", record),
            cancel_url=url("cancel", record),
            problems_url=url("problems", record),
            problems=record.problems[:PROBLEMS_SHOWN],
            more_problems=max(0, len(record.problems) - PROBLEMS_SHOWN),
            sections=self._sections(record),
            summary=self._summary(record),
        )
        if working:
            context["progress"] = services.progress(record)
        if record.state == PeopleImport.State.DONE:
            context["changes"] = self._changes(record)
        return context

    def _summary(self, record):
        counts = record.counts
        labels = (
            ("joined", _("new people")),
            ("moved", _("move team")),
            ("grade", _("change job grade")),
            ("updated", _("other details change")),
            ("returned", _("return")),
            ("left", _("leave")),
            ("unchanged", _("unchanged")),
            ("already_gone", _("listed as leavers, already gone")),
            ("new_regions", _("new regions")),
            ("new_teams", _("new teams")),
            ("directors", _("teams get a new director")),
        )
        shown = [(label, counts.get(key, 0)) for key, label in labels if counts.get(key)]
        return shown or [(_("unchanged"), 0)]

    def _sections(self, record):
        labels = dict(StaffChange.Kind.choices)
        return [
            (labels[kind], record.counts.get(kind, 0), record.samples.get(kind, []))
            for kind in PREVIEW_KINDS
            if record.samples.get(kind)
        ]

    def _changes(self, record):
        changes = record.changes.select_related("person").order_by("pk")
        kind = self.request.GET.get("kind", "")
        if kind in StaffChange.Kind.values:
            changes = changes.filter(kind=kind)
        page = Paginator(changes, CHANGES_PER_PAGE).get_page(self.request.GET.get("page"))
        return {"page": page, "kind": kind, "kinds": StaffChange.Kind.choices}


class StaffHistoryView(ImportAccessMixin, TemplateView):
    """One person's history from HR's lists: joined, moved, grade changed, left…,
    found by employee number, username or name."""

    template_name = "hr/admin/history.html"
    page_title = gettext_lazy("Staff history")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:60]
        changes = StaffChange.objects.none()
        if query:
            changes = (
                StaffChange.objects.filter(
                    Q(person__employee_number=query)
                    | Q(person__username=query)
                    | Q(person__legal_name__icontains=query)
                    | Q(person__display_name__icontains=query)
                )
                .select_related("person", "people_import")
                .order_by("person__employee_number", "-created_at", "-pk")
            )
        page = Paginator(changes, CHANGES_PER_PAGE).get_page(self.request.GET.get("page"))
        context.update(query=query, page=page, upload_url=url("upload"))
        return context


class PeopleImportConfirmView(ImportAccessMixin, View):
    def post(self, request, pk):
        record = self.get_record()
        try:
            services.confirm_import(user=request.user, record=record)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        return redirect(url("record", record))


class PeopleImportCancelView(ImportAccessMixin, View):
    def post(self, request, pk):
        services.cancel_import(user=request.user, record=self.get_record())
        messages.success(request, _("Import cancelled: nothing was changed."))
        return redirect(url("upload"))


class PeopleImportProblemsView(ImportAccessMixin, View):
    def get(self, request, pk):
        record = self.get_record()
        if not record.problems:
            raise Http404
        record_export(
            request,
            what=_("Problems of the staff list %(name)s") % {"name": record.original_name},
            export_format="xlsx",
        )
        response = HttpResponse(problems_workbook(record.problems), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="staff-list-problems-{record.pk}.xlsx"'
        return response


class PeopleImportTemplateView(ImportAccessMixin, View):
    def get(self, request):
        response = HttpResponse(template_workbook(JobGrade.objects.all()), content_type=XLSX)
        response["Content-Disposition"] = 'attachment; filename="staff-list-template.xlsx"'
        return response
