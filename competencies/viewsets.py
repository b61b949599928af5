from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts.forms import PersonField
from competencies.models import Competency, JobGrade, PersonGrade, ProficiencyLevel
from core.choosers import PrivateRowsSnippetViewSet


class PersonGradeForm(WagtailAdminModelForm):
    user = PersonField(label=_("Person"))


class CompetencyViewSet(SnippetViewSet):
    model = Competency
    icon = "pick"
    menu_label = _("Competencies")
    list_display = ["name", "kind", "sort_order"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    ordering = ["kind", "sort_order", "name"]


class ProficiencyLevelViewSet(SnippetViewSet):
    model = ProficiencyLevel
    icon = "list-ol"
    menu_label = _("Proficiency levels")
    list_display = ["number", "name"]
    ordering = ["number"]


class JobGradeViewSet(SnippetViewSet):
    model = JobGrade
    icon = "user"
    menu_label = _("Job grades")
    list_display = ["name", "rank"]
    ordering = ["rank"]


class PersonGradeViewSet(PrivateRowsSnippetViewSet):
    model = PersonGrade
    icon = "group"
    menu_label = _("People's job grades")
    edit_handler = ObjectList(PersonGrade.panels, base_form_class=PersonGradeForm)
    list_display = ["user", "grade", "since"]
    list_filter = ["grade"]
    search_fields = ["user__display_name", "user__username"]
    ordering = ["user__display_name"]


class CompetencyModelViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Competency model")
    menu_icon = "pick"
    menu_order = 300
    items = (CompetencyViewSet, ProficiencyLevelViewSet, JobGradeViewSet, PersonGradeViewSet)
