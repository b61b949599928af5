"""The editors' review screen: the submission as the contributor wrote it, and one
form to approve (publishing the lesson), ask for changes or reject."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from capture.forms import ReviewForm
from capture.frame import CONTEXT, STEPS, TAKEAWAY
from capture.selectors import submission
from capture.services import approve, can_review, record_reading, reject, request_changes


class ReviewView(WagtailAdminTemplateMixin, FormView):
    template_name = "capture/admin/review.html"
    form_class = ReviewForm
    page_title = gettext_lazy("Review a shared experience")
    header_icon = "tasks"
    index_url_name = None
    edit_url_name = None

    def dispatch(self, request, *args, **kwargs):
        if not can_review(request.user):
            raise PermissionDenied
        self.experience = submission(kwargs["pk"])
        if self.experience is None:
            raise Http404
        if request.method == "GET":
            record_reading(reader=request.user, experience=self.experience)
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.experience.display_title

    def get_header_title(self):
        return f"{self.page_title}: {self.experience.display_title}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(self.index_url_name), "label": _("Shared experiences")},
            {"url": "", "label": self.page_title},
        ]

    def get_initial(self):
        return {
            "title": self.experience.title or self.experience.problem[:120],
            "tags": list(self.experience.tags.all()),
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            experience=self.experience,
            steps=STEPS,
            takeaway=TAKEAWAY,
            context_section=CONTEXT,
            edit_url=reverse(self.edit_url_name, args=[self.experience.pk]),
            can_decide=self.experience.state == self.experience.State.SUBMITTED,
        )
        return context

    def form_valid(self, form):
        decision = form.cleaned_data["decision"]
        data = form.cleaned_data
        try:
            if decision == ReviewForm.APPROVE:
                lesson = approve(
                    reviewer=self.request.user,
                    experience=self.experience,
                    title=data["title"],
                    tags=data["tags"],
                    replacements=data["replacements"],
                    comment=data["comment"],
                )
                messages.success(
                    self.request,
                    _("Approved. The lesson “%(title)s” is %(state)s.")
                    % {"title": lesson.title, "state": _("published") if lesson.live else _("in its workflow")},
                )
                return redirect("wagtailadmin_pages:edit", lesson.pk)
            if decision == ReviewForm.REQUEST_CHANGES:
                request_changes(reviewer=self.request.user, experience=self.experience, comment=data["comment"])
                messages.success(self.request, _("The contributor is asked for changes."))
            else:
                reject(reviewer=self.request.user, experience=self.experience, reason=data["comment"])
                messages.success(self.request, _("The submission is rejected; the contributor is told why."))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return redirect(self.index_url_name)
