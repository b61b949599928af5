"""Admin views for the question bank: importing a file (upload, preview, confirm,
progress), exporting the bank, and the blank Excel template."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from competencies.models import Competency, ProficiencyLevel
from core.audit import record_export
from core.text import is_id
from quizzes import importing
from quizzes.exchange import EXPORTS, ImportFileError, export
from quizzes.exchange.neutral import KIND_LABELS, shown_weight
from quizzes.exchange.table import COLUMNS, blank_template, column_help
from quizzes.forms import QuestionImportConfirmForm, QuestionImportForm
from quizzes.models import QuestionCategory, QuestionImport
from quizzes.selectors import questions_for_export


class ImportStepMixin(WagtailAdminTemplateMixin):
    header_icon = "upload"
    index_url_name = None
    url_names = None

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Questions")},
            {"url": "", "label": self.get_page_title()},
        ]

    def url(self, step, record=None):
        return reverse(self.url_names[step], args=[record.pk] if record else [])

    def get_record(self):
        if not is_id(self.kwargs["pk"]):
            raise Http404
        return importing.own_import(user=self.request.user, pk=int(self.kwargs["pk"]))


class QuestionImportView(ImportStepMixin, FormView):
    template_name = "quizzes/admin/import_questions.html"
    form_class = QuestionImportForm
    page_title = gettext_lazy("Import questions")

    def dispatch(self, request, *args, **kwargs):
        if not importing.can_import(request.user):
            raise importing.PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = COLUMNS
        context["column_help"] = column_help(list(Competency.objects.all()[:1]))
        context["template_url"] = self.url("template")
        return context

    def form_valid(self, form):
        defaults = {key: form.cleaned_data[key] for key in ("category", "competency", "level")}
        try:
            record = importing.start_import(
                user=self.request.user, upload=form.cleaned_data["file"], defaults=defaults
            )
        except (ImportFileError, ValidationError) as error:
            form.add_error("file", error.messages[0] if isinstance(error, ValidationError) else str(error))
            return self.form_invalid(form)
        return redirect(self.url("preview", record))


class QuestionImportPreviewView(ImportStepMixin, TemplateView):
    template_name = "quizzes/admin/import_preview.html"
    page_title = gettext_lazy("Check the import")

    def dispatch(self, request, *args, **kwargs):
        self.record = self.get_record()
        if self.record.state != QuestionImport.State.PREVIEW:
            return redirect(self.url("status", self.record))
        try:
            self.planned = importing.plan(self.record)
        except ImportFileError as error:
            messages.error(request, str(error))
            return redirect(self.url("upload"))
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        blocked = [entry for entry in self.planned if entry.item.blocked]
        duplicates = [entry for entry in self.planned if entry.duplicate or entry.duplicate_in_file]
        context.update(
            {
                "record": self.record,
                "rows": [_preview_row(entry) for entry in self.planned],
                "blocked_count": len(blocked),
                "duplicate_count": len(duplicates),
                "importable_count": len(self.planned) - len(blocked),
                "warning_count": sum(1 for entry in self.planned if entry.item.notes),
                "form": form or QuestionImportConfirmForm(show_duplicates=bool(duplicates), show_skip=bool(blocked)),
                "cancel_url": self.url("cancel", self.record),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        has_duplicates = any(entry.duplicate or entry.duplicate_in_file for entry in self.planned)
        has_blocked = any(entry.item.blocked for entry in self.planned)
        form = QuestionImportConfirmForm(request.POST, show_duplicates=has_duplicates, show_skip=has_blocked)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            importing.confirm_import(
                user=request.user,
                record=self.record,
                duplicates=form.cleaned_data.get("duplicates") or QuestionImport.Duplicates.SKIP,
                skip_blocked=bool(form.cleaned_data.get("skip_blocked")),
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
            return self.render_to_response(self.get_context_data(form=form))
        return redirect(self.url("status", self.record))


def _preview_row(entry):
    item = entry.item
    return {
        "line": item.line,
        "kind": KIND_LABELS.get(item.kind, item.kind or "—"),
        "name": item.name,
        "text": item.text,
        "html": item.text_format == "html",
        "category": item.category,
        "competency": entry.competency,
        "level": entry.level,
        "points": item.points,
        "key": _key(item),
        "notes": item.notes,
        "blocked": item.blocked,
        "duplicate": entry.duplicate,
        "duplicate_in_file": entry.duplicate_in_file,
    }


def _key(item):
    """The answer key as the editor should check it: every answer with its grade."""
    if item.kind == "true_false":
        return [(_("True") if item.correct_is_true else _("False"), "100")]
    rows = []
    for answer in item.answers:
        text = answer.text
        if item.kind == "matching":
            text = f"{answer.text} → {answer.match}"
        elif item.kind == "numerical" and answer.tolerance:
            text = f"{answer.text} ± {shown_weight(answer.tolerance)}"
        rows.append((text, "" if item.kind in ("matching", "ordering") else shown_weight(answer.weight)))
    return rows


class QuestionImportCancelView(ImportStepMixin, View):
    def get(self, request, pk):
        # Cancelling changes state, so only a POST does it; a followed link lands on
        # the preview with its cancel button.
        return redirect(self.url("preview", self.get_record()))

    def post(self, request, pk):
        importing.cancel_import(user=request.user, record=self.get_record())
        messages.info(request, _("Import cancelled: nothing was imported."))
        return redirect(self.url("upload"))


class QuestionImportStatusView(ImportStepMixin, TemplateView):
    template_name = "quizzes/admin/import_status.html"
    page_title = gettext_lazy("Import progress")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.get_record()
        done, total = importing.progress(record)
        running = record.state in (QuestionImport.State.QUEUED, QuestionImport.State.RUNNING)
        context.update(
            {
                "record": record,
                "done": done,
                "total": total,
                "percent": int(100 * done / total) if total else 0,
                "running": running,
                "bank_url": reverse(self.index_url_name),
                "upload_url": self.url("upload"),
            }
        )
        return context


class QuestionTemplateView(View):
    """The blank Excel template: headers, drop-downs and an instruction sheet."""

    def get(self, request):
        if not importing.can_import(request.user):
            raise importing.PermissionDenied
        body = blank_template(
            list(Competency.objects.all()), list(ProficiencyLevel.objects.values_list("number", flat=True))
        )
        response = HttpResponse(body, content_type=EXPORTS["xlsx"][0])
        response["Content-Disposition"] = 'attachment; filename="question-template.xlsx"'
        return response


class QuestionExportView(View):
    """The bank (or one category) as CSV, Excel, GIFT or Moodle XML; the files re-import
    as they are."""

    def get(self, request):
        if not request.user.has_perm("quizzes.view_question"):
            raise importing.PermissionDenied
        export_format = request.GET.get("format", "csv")
        if export_format not in EXPORTS:
            export_format = "csv"
        category_id = request.GET.get("category")
        category = QuestionCategory.objects.filter(pk=int(category_id)).first() if is_id(category_id or "") else None
        body, content_type, suffix = export(questions_for_export(category), export_format)
        record_export(request, what=category or _("Question bank"), export_format=export_format)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="questions-{datetime.date.today():%Y-%m-%d}.{suffix}"'
        return response
