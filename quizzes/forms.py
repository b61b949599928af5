"""Reading a learner's answers from a posted quiz page, and the assessors' forms.

Answers are read leniently: a choice that is not part of the question, a number that
is not a number, or a missing field is treated as no answer, never as an error, so a
half-finished page always saves what it can.
"""

from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.forms import PersonField
from competencies.models import Competency, ProficiencyLevel
from core.audit import record
from quizzes import records
from quizzes.exchange.neutral import Answer, Item, validate
from quizzes.models import QuestionCategory, QuestionImport
from quizzes.scoring import plain_number

SHORT_ANSWER_MAX = 500
NUMBER_MAX = 60
ESSAY_MAX = 20000


def as_int(value):
    """An int from form data, or None for anything else."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def read_response(snapshot, position, data):
    """The response to one question from POST data, or None when nothing was given."""
    name = f"q{position}"
    kind = snapshot["kind"]
    ids = {choice["id"] for choice in snapshot["choices"]}
    if kind == "single":
        choice = as_int(data.get(name))
        return {"choice": choice} if choice in ids else None
    if kind == "multiple":
        chosen = sorted({pk for pk in (as_int(value) for value in data.getlist(name)) if pk in ids})
        return {"choices": chosen} if chosen else None
    if kind == "true_false":
        value = data.get(name)
        return {"answer": value == "true"} if value in ("true", "false") else None
    if kind == "matching":
        items = [choice["id"] for choice in snapshot["choices"] if choice["text"]]
        matches = {}
        for pk in items:
            chosen = as_int(data.get(f"{name}-{pk}"))
            if chosen in ids:
                matches[str(pk)] = chosen
        return {"matches": matches} if matches else None
    if kind == "description":
        return None
    if kind == "ordering":
        positions = {}
        for pk in ids:
            chosen = as_int(data.get(f"{name}-{pk}"))
            if chosen is not None and 1 <= chosen <= len(ids):
                positions[str(pk)] = chosen
        if not positions:
            return None
        if len(positions) == len(ids) and len(set(positions.values())) == len(ids):
            return {"order": [int(pk) for pk, _position in sorted(positions.items(), key=lambda item: item[1])]}
        return {"positions": positions}
    limit = {"short_answer": SHORT_ANSWER_MAX, "numerical": NUMBER_MAX}.get(kind, ESSAY_MAX)
    text = (data.get(name) or "").strip()[:limit]
    return {"text": text} if text else None


def read_responses(answers, data):
    """{position: response} for the given attempt answers; unanswered ones become None,
    so clearing an answer is saved too."""
    return {answer.position: read_response(answer.snapshot, answer.position, data) for answer in answers}


class GradeForm(forms.Form):
    score = forms.DecimalField(
        label=pgettext_lazy("score given by an assessor", "Points"),
        min_value=Decimal(0),
        decimal_places=2,
        max_digits=5,
    )
    feedback = forms.CharField(
        label=_("Feedback for the learner"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, max_points, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["score"].max_value = max_points
        self.fields["score"].widget.attrs.update({"max": str(max_points), "step": "0.5", "min": "0"})
        self.fields["score"].validators.append(MaxValueValidator(max_points))
        self.fields["score"].help_text = _("From 0 to %(points)s.") % {"points": plain_number(max_points)}


class SignOffForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Sign off")), ("decline", _("Decline"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note to the candidate"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Required when declining: say what to work on."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == "decline" and not (cleaned.get("note") or "").strip():
            self.add_error("note", _("Say why, so the candidate knows what to work on."))
        return cleaned


class QuestionImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("Moodle XML (.xml), Moodle GIFT (.gift / .txt), Excel (.xlsx) or CSV, at most 5 MB."),
    )
    category = forms.ModelChoiceField(
        label=_("Default category"),
        queryset=QuestionCategory.objects.all(),
        required=False,
        help_text=_("For questions the file puts on no shelf."),
    )
    competency = forms.ModelChoiceField(
        label=_("Default competency"),
        queryset=Competency.objects.all(),
        required=False,
        help_text=_("For questions that name no competency (files from Moodle never do)."),
    )
    level = forms.ModelChoiceField(label=_("Default level"), queryset=ProficiencyLevel.objects.all(), required=False)


class QuestionImportConfirmForm(forms.Form):
    duplicates = forms.ChoiceField(
        label=_("Questions already in the bank"),
        choices=QuestionImport.Duplicates.choices,
        initial=QuestionImport.Duplicates.SKIP,
        widget=forms.RadioSelect,
    )
    skip_blocked = forms.BooleanField(
        label=_("Skip the questions that cannot be imported, and import the rest"),
        required=False,
        help_text=_("Otherwise cancel, fix the file and upload it again."),
    )

    def __init__(self, *args, show_duplicates, show_skip, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_duplicates:
            del self.fields["duplicates"]
        if not show_skip:
            del self.fields["skip_blocked"]
        else:
            self.fields["skip_blocked"].required = True
            self.fields["skip_blocked"].error_messages["required"] = _(
                "Tick this to skip the questions marked “cannot be imported”, or cancel the import."
            )


class QuestionAdminForm(WagtailAdminModelForm):
    """The admin's question form refuses what imports refuse: a single-choice question
    with no answer at 100 %, grades of a multiple-answer question not adding up…"""

    def clean(self):
        cleaned = super().clean()
        rows = []
        formset = self.formsets.get("choices")
        # Formsets are cleaned after the form; the choices are needed now.
        if formset is not None:
            formset.is_valid()
        for form in formset.forms if formset is not None else []:
            data = getattr(form, "cleaned_data", None)
            if not data or data.get("DELETE") or not data.get("text"):
                continue
            rows.append(
                (
                    data.get("ORDER") or 0,
                    Answer(
                        text=data["text"],
                        weight=data.get("weight") or 0,
                        tolerance=data.get("tolerance"),
                        match=data.get("match") or "",
                    ),
                )
            )
        draft = Item(
            kind=cleaned.get("kind") or "",
            text=cleaned.get("text") or "",
            answers=[answer for _order, answer in sorted(rows, key=lambda row: row[0])],
            correct_is_true=cleaned.get("correct_is_true"),
            points=cleaned.get("points"),
        )
        for problem in validate(draft):
            self.add_error(None, problem)
        return cleaned


class QuizOverrideForm(WagtailAdminModelForm):
    user = PersonField(label=_("Person"))

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("time_limit_minutes") and not cleaned.get("max_attempts"):
            raise forms.ValidationError(_("Give more time, more attempts, or both."))
        return cleaned


class CertificateAdminForm(WagtailAdminModelForm):
    """Revoking needs a reason the holder can read, and revoking or restoring is
    recorded in the audit log with who did it."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("revoked_at") and not (cleaned.get("revocation_reason") or "").strip():
            self.add_error("revocation_reason", _("Say why the certificate is revoked; its holder sees this."))
        return cleaned

    @transaction.atomic
    def save(self, commit=True):
        certificate = super().save(commit=commit)
        if commit and "revoked_at" in self.changed_data:
            action = "quizzes.certificate_revoke" if certificate.revoked_at else "quizzes.certificate_restore"
            record(certificate, action, actor=self.for_user, data={"reason": certificate.revocation_reason})
            if certificate.revoked_at:
                records.certificate_revoked(certificate=certificate, by=self.for_user)
        return certificate
