"""The editors' "why does this rank here" view, reached from the search report."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import AdminPageChooser
from wagtail.models import Page

from core.search.query import MAX_QUERY_LENGTH, clean_query
from core.search.ranking import HEADING, LITERAL, NEAR
from core.text import is_id
from home.reports import SearchTermsView
from home.search.content import TYPE_LABELS
from home.search.explain import explain


class ExplainForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Search"), max_length=MAX_QUERY_LENGTH, strip=True)
    page = forms.ModelChoiceField(
        label=gettext_lazy("A page that should be found"),
        queryset=Page.objects.all(),
        required=False,
        widget=AdminPageChooser(target_models=list(TYPE_LABELS)),
        help_text=gettext_lazy("Optional: see which words it lacks, or where it ranks."),
    )


class SearchExplainView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "home/admin/search_explain.html"
    page_title = gettext_lazy("Why results rank as they do")
    header_icon = "search"

    def dispatch(self, request, *args, **kwargs):
        report = SearchTermsView
        if not report.permission_policy.user_has_permission(request.user, report.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(SearchTermsView.index_url_name), "label": _("What people search for")},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(heading_points=HEADING, literal_points=LITERAL, near_points=NEAR)
        data = self.request.GET.copy()
        # The chooser only ever sends a page id; anything else is a hand-edited address,
        # which Wagtail's chooser widget cannot even redisplay.
        if not is_id(data.get("page", "")):
            data.pop("page", None)
        form = ExplainForm(data or None)
        context["form"] = form
        context["media"] = form.media
        if form.is_valid() and clean_query(form.cleaned_data["q"]):
            page = form.cleaned_data["page"]
            context["explanation"] = explain(clean_query(form.cleaned_data["q"]), page_id=page.pk if page else None)
        return context
