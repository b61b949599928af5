"""The contributor's guided form, the editors' review decision and a director's
recommendation."""

from django import forms
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet, ClusterForm
from taggit.forms import TagField
from wagtail.admin.widgets import AdminTagWidget

from capture.anonymise import parse_replacements
from capture.models import Experience
from competencies.models import Competency
from core.models import Industry, Product

TEXTAREA_ROWS = {
    "noticed": 3,
    "customer_need": 3,
    "goal": 2,
    "actions": 5,
    "decision": 3,
    "outcome_details": 2,
    "lesson": 4,
    "dos": 3,
    "donts": 3,
    "pitfalls": 3,
    "boundaries": 2,
}
ROW_TEXTAREA = forms.Textarea(attrs={"rows": 2})
MAX_ROWS = 8


# Django's own words ("ManagementForm data is missing or has been tampered with") mean
# nothing to an account manager; this is what happened and what to do.
ROW_ERRORS = {
    "missing_management_form": _(
        "The causes and options on this page could not be read; it may be out of date. Your text is kept: "
        "copy anything you need, then reload the page."
    ),
    "too_many_forms": _("Add at most %(num)d rows here."),
}


class RowsFormSet(BaseChildFormSet):
    """Cause and option rows where a row with no words is no row: a blank row the page
    offers is not saved, and a row its author emptied is removed. Every row carries its
    position, so "unchanged" alone cannot tell a blank row apart."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Django builds up to a thousand rows past max_num before refusing a page that
        # claims more (seconds of work per request); the page offers max_num at most.
        self.absolute_max = self.max_num
        self.unreadable_row_ids = self.is_bound and self._blank_unreadable_row_ids()

    def _blank_unreadable_row_ids(self):
        """A saved row sent back with an id that is no number, or with none, comes from
        a broken or tampered page; modelcluster would fail reading it. Such ids are
        blanked so the rows can be built, and `clean` refuses the form with the message
        to reload, keeping the text. (A well-formed id of no row of this experience, as
        from a row deleted in another tab, is read as a new row, as before.)"""
        pk_name = self.model._meta.pk.name
        # Only rows that will be built: the page's count of saved rows is what it sent,
        # and may be any number; the total is capped.
        saved_rows = min(self.initial_form_count(), self.total_form_count())
        keys = [f"{self.add_prefix(index)}-{pk_name}" for index in range(saved_rows)]
        unreadable = [key for key in keys if not _is_row_id(self.data.get(key))]
        if unreadable:
            self.data = self.data.copy()
            for key in unreadable:
                self.data[key] = ""
        return bool(unreadable)

    def clean(self):
        super().clean()
        if self.unreadable_row_ids:
            raise forms.ValidationError(self.error_messages["missing_management_form"])

    def _should_delete_form(self, form):
        return super()._should_delete_form(form) or self._is_blank(form)

    @staticmethod
    def _is_blank(form):
        # What was sent, not what was cleaned: a row refused for its length is not blank.
        text_fields = [name for name, field in form.fields.items() if isinstance(field, forms.CharField)]
        return not any(str(form[name].value() or "").strip() for name in text_fields)


def _is_row_id(value):
    """Blank (a row added on the page) or a whole number in ASCII digits."""
    return value == "" or (isinstance(value, str) and value.isascii() and value.isdigit())


class ExperienceForm(ClusterForm):
    """Every field optional, so a draft always saves; `services.missing_for_submission`
    says what a submission needs."""

    class Meta:
        model = Experience
        fields = [
            "title",
            *Experience.TEXT_FIELDS,
            "outcome",
            "industry",
            "sales_stage",
            "buying_role",
            "competencies",
            "products",
            "tags",
        ]
        formsets = {
            "causes": {
                "fields": ["cause", "evidence"],
                "formset": RowsFormSet,
                "extra": 1,
                "max_num": MAX_ROWS,
                "widgets": {
                    "cause": ROW_TEXTAREA,
                    "evidence": ROW_TEXTAREA,
                },
            },
            "options": {
                "fields": ["option", "pros", "cons", "chosen"],
                "formset": RowsFormSet,
                "extra": 1,
                "max_num": MAX_ROWS,
                "widgets": {
                    "option": ROW_TEXTAREA,
                    "pros": ROW_TEXTAREA,
                    "cons": ROW_TEXTAREA,
                },
            },
        }
        widgets = {
            **{name: forms.Textarea(attrs={"rows": rows}) for name, rows in TEXTAREA_ROWS.items()},
            "competencies": forms.CheckboxSelectMultiple,
            "products": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "tags": _("Separate tags with commas, e.g. 客户流失, 竞争对手降价."),
            "rule_of_thumb": _("A line a colleague can remember, e.g. 先找使用者，再见决策者。"),
            "boundaries": _(
                "When would this advice be wrong? For example: a customer under a central purchasing contract."
            ),
            "pitfalls": _("What went wrong on the way, so others can avoid it."),
            "problem": _("For example: 客户联络人总是不帮我们联系公司负责人。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competencies"].queryset = Competency.objects.order_by("kind", "sort_order", "name")
        self.fields["products"].queryset = Product.objects.all()
        self.fields["industry"].queryset = Industry.objects.all()
        self.fields["industry"].empty_label = _("Choose an industry")
        self.fields["problem"].widget.attrs["maxlength"] = 300
        for formset in self.formsets.values():
            formset.error_messages = {**formset.error_messages, **ROW_ERRORS}

    def row_errors(self):
        """{rows prefix: [message, ...]}: what is wrong with the cause and option rows,
        as a whole (a count the page did not send as it should) or row by row."""
        errors = {}
        for prefix, formset in self.formsets.items():
            if not formset.is_valid():
                row_messages = [message for row in formset.errors for messages in row.values() for message in messages]
                errors[prefix] = [*formset.non_form_errors(), *row_messages]
        return errors


class ReviewForm(forms.Form):
    """An editor's decision on a submission."""

    APPROVE = "approve"
    REQUEST_CHANGES = "request_changes"
    REJECT = "reject"

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (APPROVE, _("Approve and publish as a lesson")),
            (REQUEST_CHANGES, _("Ask the contributor for changes")),
            (REJECT, _("Reject the submission")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the contributor"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when you ask for changes or reject: say what to change, or why."),
    )
    title = forms.CharField(
        label=_("Lesson title"),
        required=False,
        max_length=120,
        help_text=_("A title a colleague would search for, e.g. 客户联络人不引荐决策者，怎么办？"),
    )
    tags = TagField(
        label=_("Lesson tags"),
        required=False,
        widget=AdminTagWidget,
        help_text=_("Existing tags are suggested as you type; near-duplicates are merged automatically."),
    )
    replacements = forms.CharField(
        label=_("Anonymise names"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: original => replacement, e.g. 华东某银行 => 某股份制银行. Applied to every section of "
            "the lesson."
        ),
    )

    def clean_replacements(self):
        return parse_replacements(self.cleaned_data["replacements"])

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision == self.APPROVE and not (cleaned.get("title") or "").strip():
            self.add_error("title", _("Give the lesson a title."))
        if decision in (self.REQUEST_CHANGES, self.REJECT) and not (cleaned.get("comment") or "").strip():
            self.add_error(
                "comment",
                _("Tell the contributor what to change.")
                if decision == self.REQUEST_CHANGES
                else _("Give the contributor a reason."),
            )
        return cleaned


class RecommendForm(forms.Form):
    team = forms.ModelChoiceField(label=_("Team"), queryset=None, empty_label=None)
    note = forms.CharField(
        label=_("Why read it (optional)"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. read before next week's renewal visits")}),
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
