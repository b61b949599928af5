"""The editors' review queue for shared experiences (Wagtail snippet views)."""

from functools import wraps

import django_filters
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import TitleColumn

from accounts.models import Region
from capture.admin_views import ReviewView
from capture.models import Experience
from competencies.models import Competency
from core.choosers import PrivateRowsSnippetViewSet
from core.text import is_id

DRAFT = Experience.State.DRAFT
REVIEWABLE_STATES = [choice for choice in Experience.State.choices if choice[0] != Experience.State.DRAFT]


class ExperienceFilterSet(WagtailFilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=REVIEWABLE_STATES, empty_label=_("All"))
    submitted_at = django_filters.DateFromToRangeFilter(label=_("Submitted"), widget=DateRangePickerWidget)
    region = django_filters.ModelChoiceFilter(
        label=_("Region"), field_name="author__region", queryset=Region.objects.all()
    )
    competency = django_filters.ModelChoiceFilter(
        label=_("Competency"), field_name="competencies", queryset=Competency.objects.all(), distinct=True
    )

    class Meta:
        model = Experience
        fields = []


class ExperienceViewSet(PrivateRowsSnippetViewSet):
    """Submissions reach editors here once sent; drafts stay private to their authors."""

    model = Experience
    icon = "tasks"
    menu_label = _("Shared experiences")
    menu_order = 250
    add_to_admin_menu = True
    url_prefix = "capture/experiences"

    @property
    def list_display(self):
        # The title opens the review screen: reading and deciding is the editor's job
        # here; "Edit" stays in the row's menu.
        return [
            TitleColumn(
                "display_title",
                label=_("Title"),
                get_url=lambda experience: reverse(self.get_url_name("review"), args=[experience.pk]),
            ),
            "author",
            "state",
            "submitted_at",
        ]

    filterset_class = ExperienceFilterSet
    search_fields = ["title", "problem", "lesson"]
    ordering = ["-submitted_at", "-pk"]

    def get_queryset(self, request):
        return Experience.objects.exclude(state=Experience.State.DRAFT).select_related("author")

    def get_urlpatterns(self):
        patterns = super().get_urlpatterns() + [
            path(
                "review/<int:pk>/",
                ReviewView.as_view(
                    index_url_name=self.get_url_name("list"),
                    edit_url_name=self.get_url_name("edit"),
                    breadcrumbs_items=self.breadcrumbs_items,
                ),
                name="review",
            ),
        ]
        return [
            URLPattern(pattern.pattern, _drafts_not_found(pattern.callback), pattern.default_args, pattern.name)
            for pattern in patterns
        ]


def _drafts_not_found(view):
    """Every admin view of one experience (edit, delete, history, usage, review) answers
    404 for a draft: a draft belongs to its author until it is submitted."""

    @wraps(view)
    def guarded(request, *args, **kwargs):
        pk = unquote(str(kwargs.get("pk", "")))
        if is_id(pk) and Experience.objects.filter(pk=pk, state=DRAFT).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return guarded
