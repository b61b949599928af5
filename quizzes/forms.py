"""Reading a learner's answers from a posted quiz page, and the assessors' forms.

Answers are read leniently: a choice that is not part of the question, a number that
is not a number, or a missing field is treated as no answer, never as an error, so a
half-finished page always saves what it can.
"""

from decimal import Decimal
from types import SimpleNamespace

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from accounts.forms import PersonField
from competencies.models import Competency, ProficiencyLevel
from core.audit import record
from quizzes.models import QuestionCategory
from quizzes.question_io import validate_question
from quizzes.scoring import plain_number

SHORT_ANSWER_MAX = 500
ESSAY_MAX = 20000


def _int(value):
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
        choice = _int(data.get(name))
        return {"choice": choice} if choice in ids else None
    if kind == "multiple":
        chosen = sorted({pk for pk in (_int(value) for value in data.getlist(name)) if pk in ids})
        return {"choices": chosen} if chosen else None
    if kind == "true_false":
        value = data.get(name)
        return {"answer": value == "true"} if value in ("true", "false") else None
    if kind == "ordering":
        positions = {}
        for pk in ids:
            chosen = _int(data.get(f"{name}-{pk}"))
            if chosen is not None and 1 <= chosen <= len(ids):
                positions[str(pk)] = chosen
        if not positions:
            return None
        if len(positions) == len(ids) and len(set(positions.values())) == len(ids):
            return {"order": [int(pk) for pk, _position in sorted(positions.items(), key=lambda item: item[1])]}
        return {"positions": positions}
    limit = SHORT_ANSWER_MAX if kind == "short_answer" else ESSAY_MAX
    text = (data.get(name) or "").strip()[:limit]
    return {"text": text} if text else None


def read_responses(answers, data):
    """{position: response} for the given attempt answers; unanswered ones become None,
    so clearing an answer is saved too."""
    return {answer.position: read_response(answer.snapshot, answer.position, data) for answer in answers}


class GradeForm(forms.Form):
    score = forms.DecimalField(label=_("Points"), min_value=Decimal(0), decimal_places=2, max_digits=5)
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
        help_text=_("CSV (UTF-8), Excel (.xlsx) or Moodle GIFT (.txt / .gift), at most 5 MB."),
    )
    category = forms.ModelChoiceField(
        label=_("Default category"),
        queryset=QuestionCategory.objects.all(),
        required=False,
        help_text=_("For rows or GIFT questions that name no category."),
    )
    competency = forms.ModelChoiceField(
        label=_("Default competency"),
        queryset=Competency.objects.all(),
        required=False,
        help_text=_("For questions that name no competency (GIFT files from Moodle usually don't)."),
    )
    level = forms.ModelChoiceField(label=_("Default level"), queryset=ProficiencyLevel.objects.all(), required=False)

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        return upload


class QuestionAdminForm(WagtailAdminModelForm):
    """The admin's question form refuses what imports refuse: a single-choice question
    with two right answers, a short-answer question with no accepted answer…"""

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
            rows.append((data.get("ORDER") or 0, data["text"], bool(data.get("is_correct"))))
        draft = SimpleNamespace(
            kind=cleaned.get("kind"),
            choices=[(text, correct) for _order, text, correct in sorted(rows, key=lambda row: row[0])],
            correct_is_true=cleaned.get("correct_is_true"),
        )
        for problem in validate_question(draft):
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

    def save(self, commit=True):
        certificate = super().save(commit=commit)
        if commit and "revoked_at" in self.changed_data:
            action = "quizzes.certificate_revoke" if certificate.revoked_at else "quizzes.certificate_restore"
            record(certificate, action, actor=self.for_user, data={"reason": certificate.revocation_reason})
        return certificate
