"""The moderators' screen for one comment: what it says, where, who reported it and
why, and the decision (hide with a reason, restore, or keep it and dismiss reports)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.engagement import can_moderate, dismiss_reports, hide_comment, restore_comment
from core.models import Comment


class ModerationForm(forms.Form):
    HIDE, RESTORE, DISMISS = "hide", "restore", "dismiss"

    action = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        widget=forms.RadioSelect,
        choices=[
            (HIDE, gettext_lazy("Hide the comment")),
            (RESTORE, gettext_lazy("Restore the comment")),
            (DISMISS, gettext_lazy("Keep it and dismiss the reports")),
        ],
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason shown to the author"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Optional when hiding; the author is notified."),
    )

    def __init__(self, *args, comment, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = [self.HIDE] if comment.hidden_at is None else [self.RESTORE]
        if comment.open_reports:
            allowed.append(self.DISMISS)
        field = self.fields["action"]
        field.choices = [choice for choice in field.choices if choice[0] in allowed]
        field.initial = allowed[0]


class ModerateCommentView(WagtailAdminTemplateMixin, FormView):
    template_name = "core/admin/moderate_comment.html"
    form_class = ModerationForm
    page_title = gettext_lazy("Moderate a comment")
    header_icon = "comment"
    index_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        self.comment = (
            Comment.objects.select_related("page", "author", "hidden_by", "parent__author")
            .filter(pk=kwargs["pk"])
            .first()
        )
        if self.comment is None:
            raise Http404
        self.reports = list(self.comment.reports.select_related("reporter").order_by("-created_at"))
        self.comment.open_reports = sum(1 for report in self.reports if report.resolved_at is None)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": pgettext("admin menu", "Comments")},
            {"url": "", "label": self.page_title},
        ]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "comment": self.comment}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            comment=self.comment,
            reports=self.reports,
            replies=self.comment.replies.select_related("author").order_by("created_at")[:20],
            **kwargs,
        )

    def form_valid(self, form):
        action = form.cleaned_data["action"]
        if action == ModerationForm.HIDE:
            hide_comment(user=self.request.user, comment=self.comment, reason=form.cleaned_data["reason"])
            messages.success(self.request, _("The comment is hidden from readers."))
        elif action == ModerationForm.RESTORE:
            restore_comment(user=self.request.user, comment=self.comment)
            messages.success(self.request, _("The comment is shown again."))
        else:
            dismiss_reports(user=self.request.user, comment=self.comment)
            messages.success(self.request, _("The reports are dismissed; the comment stays."))
        return redirect(self.index_url_name)
