"""The admin report of what people search for, with the searches that found nothing
first when asked: the list editors read to decide which lessons to commission."""

import datetime
from urllib.parse import urlencode

import django_filters
from django.db.models import F, IntegerField, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import NumberColumn, TitleColumn
from wagtail.contrib.search_promotions.models import Query
from wagtail.permission_policies import ModelPermissionPolicy

from core.reports import SafeExportReportView
from home.models import UnansweredSearch

REPORT_DAYS = 30


class SearchTermsFilterSet(WagtailFilterSet):
    unanswered = django_filters.BooleanFilter(
        label=_("Found nothing"),
        field_name="unanswered",
        lookup_expr="isnull",
        exclude=True,
        widget=django_filters.widgets.BooleanWidget,
    )

    class Meta:
        model = Query
        fields = []


class SearchTermsView(SafeExportReportView):
    page_title = _("What people search for")
    header_icon = "search"
    index_url_name = "search_terms_report"
    index_results_url_name = "search_terms_report_results"
    permission_policy = ModelPermissionPolicy(UnansweredSearch)
    permission_required = "view"
    filterset_class = SearchTermsFilterSet
    is_searchable = True
    search_fields = ["query_string"]
    columns = [
        # Each search opens the view of why its results rank as they do.
        TitleColumn(
            "query_string",
            label=_("Search"),
            get_url=lambda query: reverse("search_explain") + "?" + urlencode({"q": query.query_string}),
        ),
        NumberColumn("recent_searches", label=_("Searches in the last 30 days")),
        NumberColumn("misses", label=_("Searches without results")),
    ]
    list_export = ["query_string", "recent_searches", "misses"]
    export_headings = {
        "query_string": _("Search"),
        "recent_searches": _("Searches in the last 30 days"),
        "misses": _("Searches without results"),
    }

    def get_filename(self):
        return f"searches-{datetime.date.today():%Y-%m-%d}"

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        since = timezone.localdate() - datetime.timedelta(days=REPORT_DAYS)
        return (
            Query.objects.annotate(
                recent_searches=Coalesce(
                    Sum("daily_hits__hits", filter=Q(daily_hits__date__gte=since)),
                    Value(0),
                    output_field=IntegerField(),
                ),
                misses=Coalesce(F("unanswered__misses"), Value(0), output_field=IntegerField()),
            )
            .filter(recent_searches__gt=0)
            .order_by("-recent_searches", "query_string")
        )
