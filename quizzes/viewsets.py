from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.widgets.button import Button, HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet, SnippetViewSetGroup

from core.choosers import PrivateRowsSnippetViewSet
from quizzes.admin_views import (
    QuestionExportView,
    QuestionImportCancelView,
    QuestionImportPreviewView,
    QuestionImportStatusView,
    QuestionImportView,
    QuestionTemplateView,
)
from quizzes.forms import CertificateAdminForm, QuestionAdminForm, QuizOverrideForm
from quizzes.models import Certificate, Certification, Question, QuestionCategory, QuizOverride


class QuestionIndexView(IndexView):
    import_url_name = None
    export_url_name = None

    @cached_property
    def header_buttons(self):
        # Beside "Add": an editor moving a bank from Moodle or Excel looks for it there,
        # not in the "more" menu.
        buttons = list(super().header_buttons)
        if self.request.user.has_perm("quizzes.add_question"):
            buttons.append(HeaderButton(_("Import questions"), url=reverse(self.import_url_name), icon_name="upload"))
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        export = reverse(self.export_url_name)
        buttons += [
            Button(_("Export as CSV"), url=f"{export}?format=csv", icon_name="download", priority=60),
            Button(_("Export as Excel"), url=f"{export}?format=xlsx", icon_name="download", priority=61),
            Button(_("Export as GIFT (Moodle)"), url=f"{export}?format=gift", icon_name="download", priority=62),
            Button(_("Export as Moodle XML"), url=f"{export}?format=xml", icon_name="download", priority=63),
        ]
        return buttons


class QuestionViewSet(PrivateRowsSnippetViewSet):
    model = Question
    icon = "help"
    menu_label = _("Questions")
    index_view_class = QuestionIndexView
    edit_handler = ObjectList(Question.panels, base_form_class=QuestionAdminForm)
    list_display = ["__str__", "kind", "competency", "level", "points", "category"]
    list_filter = ["kind", "category", "competency", "level"]
    search_fields = ["text"]
    ordering = ["category__name", "competency__sort_order", "level__number", "pk"]

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            import_url_name=self.get_url_name("import"),
            export_url_name=self.get_url_name("export"),
            **kwargs,
        )

    def get_urlpatterns(self):
        step_kwargs = {
            "index_url_name": self.get_url_name("list"),
            "breadcrumbs_items": self.breadcrumbs_items,
            "url_names": {
                step: self.get_url_name(f"import_{step}") if step != "upload" else self.get_url_name("import")
                for step in ("upload", "preview", "cancel", "status", "template")
            },
        }
        return super().get_urlpatterns() + [
            path("import/", QuestionImportView.as_view(**step_kwargs), name="import"),
            path("import/<str:pk>/", QuestionImportPreviewView.as_view(**step_kwargs), name="import_preview"),
            path("import/<str:pk>/cancel/", QuestionImportCancelView.as_view(**step_kwargs), name="import_cancel"),
            path("import/<str:pk>/progress/", QuestionImportStatusView.as_view(**step_kwargs), name="import_status"),
            path("import-template/", QuestionTemplateView.as_view(), name="import_template"),
            path("export/", QuestionExportView.as_view(), name="export"),
        ]


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = _("Question categories")
    list_display = ["name", "description"]


class CertificationViewSet(SnippetViewSet):
    model = Certification
    icon = "success"
    menu_label = _("Certifications")
    list_display = ["name", "grade", "validity_months", "is_active"]
    list_filter = ["grade", "is_active"]


class CertificateViewSet(PrivateRowsSnippetViewSet):
    """Issued by the system, never by hand (no role holds "add"); here they are found
    and, if need be, revoked."""

    model = Certificate
    edit_handler = ObjectList(Certificate.panels, base_form_class=CertificateAdminForm)
    icon = "doc-full"
    menu_label = _("Certificates")
    list_display = ["code", "holder_name", "certification", "issued_at", "expires_at", "revoked_at"]
    list_filter = ["certification", "issued_at", "expires_at"]
    search_fields = ["code", "holder_name", "user__display_name", "user__username"]
    ordering = ["-issued_at"]
    inspect_view_enabled = True


class QuizOverrideViewSet(PrivateRowsSnippetViewSet):
    model = QuizOverride
    icon = "time"
    menu_label = _("Accommodations")
    edit_handler = ObjectList(QuizOverride.panels, base_form_class=QuizOverrideForm)
    list_display = ["user", "quiz", "time_limit_minutes", "max_attempts", "reason"]
    search_fields = ["user__display_name", "user__username", "reason"]


class AssessmentViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Assessment")
    menu_icon = "help"
    menu_order = 310
    items = (
        QuestionViewSet,
        QuestionCategoryViewSet,
        CertificationViewSet,
        CertificateViewSet,
        QuizOverrideViewSet,
    )
