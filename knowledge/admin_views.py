"""The editors' upkeep screens in the admin: the report of lessons and cases due for
review (with those that keep failing and those whose owner left), a page's review
(confirm it, or mark it obsolete), flagging everything under a tag, and handing an
owner's content to a colleague."""

import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView
from taggit.models import Tag
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from core.freshness import (
    Status,
    can_steward,
    confirm_current,
    default_review_date,
    due_for_review,
    flag_tag_for_review,
    freshness_of,
    hand_over,
    mark_obsolete,
    reviewed_kinds,
    status_of,
)
from core.models import PageStewardship
from core.reports import SafeExportReportView
from knowledge.models import FieldNote, KnowledgeSettings
from knowledge.selectors import failing_pages, outcome_summary


class StatusFilter(django_filters.ChoiceFilter):
    def filter(self, queryset, value):
        today = timezone.localdate()
        current = Q(obsolete_at__isnull=True)
        if value == Status.OVERDUE:
            return due_for_review(queryset, today).filter(review_by__lt=today)
        if value == Status.DUE:
            return due_for_review(queryset, today).filter(review_by__gte=today)
        if value == "attention":
            return due_for_review(queryset, today)
        if value == Status.OBSOLETE:
            return queryset.filter(obsolete_at__isnull=False)
        if value == "failing":
            return queryset.filter(page__in=failing_pages(KnowledgeSettings.load()))
        if value == "notes":
            open_notes = FieldNote.objects.filter(state=FieldNote.State.OPEN).values("page")
            return queryset.filter(page__in=open_notes)
        if value == "owner_left":
            return queryset.filter(Q(owner__isnull=True) | Q(owner__is_active=False), current)
        return queryset


class UpkeepFilterSet(WagtailFilterSet):
    status = StatusFilter(
        label=gettext_lazy("Show"),
        choices=[
            ("attention", gettext_lazy("Due or overdue")),
            (Status.OVERDUE, gettext_lazy("Review overdue")),
            (Status.DUE, gettext_lazy("Review due soon")),
            ("failing", gettext_lazy("Keeps failing when applied")),
            ("notes", gettext_lazy("Has open counter-experiences")),
            ("owner_left", gettext_lazy("Owner has left")),
            (Status.OBSOLETE, gettext_lazy("Obsolete")),
        ],
        empty_label=gettext_lazy("All"),
    )

    class Meta:
        model = PageStewardship
        fields = []


class StewardPolicy(ModelPermissionPolicy):
    """The report's permission is core's `steward_content`, not a model action."""

    def _get_permission_codename(self, action):
        return action if action == "steward_content" else super()._get_permission_codename(action)


class UpkeepReportView(SafeExportReportView):
    page_title = gettext_lazy("Content reviews")
    header_icon = "calendar"
    index_url_name = "knowledge_upkeep_report"
    index_results_url_name = "knowledge_upkeep_report_results"
    permission_policy = StewardPolicy(PageStewardship)
    permission_required = "steward_content"
    filterset_class = UpkeepFilterSet
    is_searchable = True
    search_fields = ["page__title"]
    columns = [
        TitleColumn(
            "title",
            label=gettext_lazy("Lesson or case"),
            accessor="page.title",
            get_url=lambda row: reverse("knowledge_review_page", args=[row.page_id]),
        ),
        Column("status_label", label=gettext_lazy("Status")),
        Column("review_by_label", label=gettext_lazy("Review by")),
        Column("owner_label", label=gettext_lazy("Owner")),
        Column("review_reason", label=gettext_lazy("Why it needs a review")),
        Column("open_notes", label=gettext_lazy("Open counter-experiences")),
    ]
    list_export = ["page_title", "status_label", "review_by", "owner_label", "review_reason", "open_notes"]
    export_headings = {
        "page_title": gettext_lazy("Lesson or case"),
        "status_label": gettext_lazy("Status"),
        "review_by": gettext_lazy("Review by"),
        "owner_label": gettext_lazy("Owner"),
        "review_reason": gettext_lazy("Why it needs a review"),
        "open_notes": gettext_lazy("Open counter-experiences"),
    }

    @property
    def header_buttons(self):
        return [
            HeaderButton(_("Flag a tag for review"), url=reverse("knowledge_flag_tag"), icon_name="tag"),
            HeaderButton(_("Hand content over"), url=reverse("knowledge_hand_over"), icon_name="user"),
        ]

    def get_filename(self):
        return f"content-reviews-{datetime.date.today():%Y-%m-%d}"

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        open_notes = (
            FieldNote.objects.filter(page=OuterRef("page"), state=FieldNote.State.OPEN)
            .order_by()
            .values("page")
            .annotate(n=Count("pk"))
            .values("n")
        )
        kinds = [ContentType.objects.get_for_model(kind) for kind in reviewed_kinds()]
        return (
            PageStewardship.objects.filter(page__content_type__in=kinds)
            .select_related("page", "owner")
            .annotate(open_notes=Coalesce(Subquery(open_notes), 0))
            .order_by(F("obsolete_at").asc(nulls_first=True), F("review_by").asc(nulls_last=True), "page__title")
        )

    def decorate_paginated_queryset(self, object_list):
        today = timezone.localdate()
        for row in object_list:
            _describe(row, today)
        return object_list

    def to_row_dict(self, item):
        # The export reads every row, not one page of them: each is described here.
        return super().to_row_dict(_describe(item, timezone.localdate()))


def _describe(row, today):
    """What the report shows of a row besides its fields, in words."""
    row.page_title = row.page.title
    row.status_label = str(Status.LABELS[status_of(row, today)])
    row.review_by_label = f"{row.review_by:%Y-%m-%d}" if row.review_by else "—"
    if row.owner is None:
        row.owner_label = _("No owner")
    elif not row.owner.is_active:
        row.owner_label = _("%(name)s (has left)") % {"name": row.owner.get_display_name()}
    else:
        row.owner_label = row.owner.get_display_name()
    return row


class StewardMixin(WagtailAdminTemplateMixin):
    header_icon = "calendar"

    def dispatch(self, request, *args, **kwargs):
        if not can_steward(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(UpkeepReportView.index_url_name), "label": UpkeepReportView.page_title},
            {"url": "", "label": self.page_title},
        ]


class ConfirmForm(forms.Form):
    review_by = forms.DateField(label=gettext_lazy("Next review by"), widget=forms.DateInput(attrs={"type": "date"}))


class ObsoleteForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Why it is obsolete"),
        max_length=300,
        help_text=gettext_lazy("Readers see this above the content, for example what replaced it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewPageView(StewardMixin, TemplateView):
    template_name = "knowledge/admin/review_page.html"
    page_title = gettext_lazy("Review content")

    def dispatch(self, request, *args, **kwargs):
        from wagtail.models import Page

        self.page = Page.objects.filter(pk=kwargs["page_id"]).first()
        if self.page is None or not getattr(self.page.specific_class, "has_review_date", False):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.page.title

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        confirm = ConfirmForm(request.POST if action == "confirm" else None, prefix="confirm")
        obsolete = ObsoleteForm(request.POST if action == "obsolete" else None, prefix="obsolete")
        form = confirm if action == "confirm" else obsolete
        if form.is_valid():
            try:
                if action == "confirm":
                    confirm_current(user=request.user, page=self.page, review_by=form.cleaned_data["review_by"])
                    messages.success(request, _("Confirmed as current."))
                else:
                    mark_obsolete(user=request.user, page=self.page, note=form.cleaned_data["note"])
                    messages.success(request, _("Marked obsolete: readers see why, and search ranks it last."))
                return redirect(UpkeepReportView.index_url_name)
            except ValidationError as error:
                form.add_error(None, error)
        return self.render_to_response(self.get_context_data(confirm_form=confirm, obsolete_form=obsolete), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        months = KnowledgeSettings.load().review_months_for(self.page)
        context.setdefault(
            "confirm_form", ConfirmForm(prefix="confirm", initial={"review_by": default_review_date(months)})
        )
        freshness = freshness_of(self.page)
        context.setdefault(
            "obsolete_form",
            ObsoleteForm(prefix="obsolete", initial={"note": getattr(freshness.stewardship, "obsolete_note", "")}),
        )
        context.update(
            page=self.page,
            freshness=freshness,
            summary=outcome_summary(self.page.pk),
            open_notes=FieldNote.objects.filter(page=self.page, state=FieldNote.State.OPEN).count(),
        )
        return context


class FlagTagForm(forms.Form):
    tag = forms.CharField(
        label=gettext_lazy("Tag"), max_length=100, widget=forms.TextInput(attrs={"list": "tag-names"})
    )
    reason = forms.CharField(
        label=gettext_lazy("What changed"),
        max_length=200,
        help_text=gettext_lazy("For example: the new tariffs of 1 January change the figures."),
    )
    review_by = forms.DateField(
        label=gettext_lazy("Review by"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: at once."),
    )

    def clean_tag(self):
        name = self.cleaned_data["tag"].strip()
        tag = Tag.objects.filter(name__iexact=name).first()
        if tag is None:
            raise ValidationError(_("No lesson or case carries the tag “%(name)s”.") % {"name": name})
        return tag


class FlagTagView(StewardMixin, FormView):
    template_name = "knowledge/admin/flag_tag.html"
    form_class = FlagTagForm
    page_title = gettext_lazy("Flag a tag for review")

    def form_valid(self, form):
        try:
            flagged = flag_tag_for_review(
                user=self.request.user,
                tag=form.cleaned_data["tag"],
                reason=form.cleaned_data["reason"],
                review_by=form.cleaned_data["review_by"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(count)s lessons and cases tagged “%(tag)s” are now due for review.")
            % {"count": flagged, "tag": form.cleaned_data["tag"].name},
        )
        return redirect(reverse(UpkeepReportView.index_url_name) + "?status=attention")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["tag_names"] = list(Tag.objects.order_by("name").values_list("name", flat=True)[:300])
        return context


class HandOverForm(forms.Form):
    from_user = forms.ModelChoiceField(label=gettext_lazy("Content owned by"), queryset=None)
    to_user = forms.ModelChoiceField(label=gettext_lazy("Hand it to"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.order_by("display_name", "username")
        owners = users.filter(pk__in=PageStewardship.objects.exclude(owner=None).values("owner"))
        self.fields["from_user"].queryset = owners
        self.fields["to_user"].queryset = users.filter(is_active=True)
        self.fields["from_user"].label_from_instance = _owner_label
        self.fields["to_user"].label_from_instance = _owner_label


def _owner_label(user):
    name = user.get_display_name()
    return name if user.is_active else _("%(name)s (has left)") % {"name": name}


class HandOverView(StewardMixin, FormView):
    template_name = "knowledge/admin/hand_over.html"
    form_class = HandOverForm
    page_title = gettext_lazy("Hand content over")

    def form_valid(self, form):
        try:
            moved = hand_over(
                user=self.request.user, from_user=form.cleaned_data["from_user"], to_user=form.cleaned_data["to_user"]
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(count)s lessons and cases now belong to %(name)s.")
            % {"count": moved, "name": form.cleaned_data["to_user"].get_display_name()},
        )
        return redirect(UpkeepReportView.index_url_name)
