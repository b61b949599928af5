"""Admin views for the question bank: importing a file and exporting the bank."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.audit import record_export
from quizzes.forms import QuestionImportForm
from quizzes.gift import export_gift
from quizzes.importing import import_questions
from quizzes.models import QuestionCategory
from quizzes.question_io import (
    COLUMNS,
    Defaults,
    ImportFileError,
    export_rows,
    questions_for_export,
    write_csv,
    write_xlsx,
)


class QuestionImportView(WagtailAdminTemplateMixin, FormView):
    template_name = "quizzes/admin/import_questions.html"
    form_class = QuestionImportForm
    page_title = gettext_lazy("Import questions")
    header_icon = "upload"
    index_url_name = None
    export_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("quizzes.add_question"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Questions")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["columns"] = COLUMNS
        context["template_url"] = reverse(self.export_url_name) + "?format=xlsx"
        return context

    def form_valid(self, form):
        defaults = Defaults(
            category=form.cleaned_data["category"],
            competency=form.cleaned_data["competency"],
            level=form.cleaned_data["level"],
        )
        try:
            created, errors = import_questions(
                user=self.request.user, upload=form.cleaned_data["file"], defaults=defaults
            )
        except ImportFileError as error:
            form.add_error("file", str(error))
            return self.form_invalid(form)
        if errors:
            messages.error(
                self.request, _("Nothing was imported: fix the rows listed below and upload the file again.")
            )
            return self.render_to_response(self.get_context_data(form=form, row_errors=errors))
        messages.success(self.request, _("%(count)s questions imported.") % {"count": len(created)})
        return redirect(self.index_url_name)


class QuestionExportView(View):
    """The bank (or one category) as CSV, Excel or GIFT; the files re-import as they are."""

    formats = {
        "csv": ("text/csv; charset=utf-8", "csv"),
        "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
        "gift": ("text/plain; charset=utf-8", "gift.txt"),
    }

    def get(self, request):
        if not request.user.has_perm("quizzes.view_question"):
            raise PermissionDenied
        export_format = request.GET.get("format", "csv")
        if export_format not in self.formats:
            export_format = "csv"
        category = QuestionCategory.objects.filter(pk=_int(request.GET.get("category"))).first()
        questions = questions_for_export(category)
        if export_format == "gift":
            body = export_gift(questions).encode("utf-8")
        else:
            rows = export_rows(questions)
            body = write_xlsx(rows) if export_format == "xlsx" else write_csv(rows)
        content_type, suffix = self.formats[export_format]
        record_export(request, what=category or _("Question bank"), export_format=export_format)
        response = HttpResponse(body, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="questions-{datetime.date.today():%Y-%m-%d}.{suffix}"'
        return response


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
