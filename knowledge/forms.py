"""The forms readers fill in about lessons and cases. Limits come from the models, so
the browser refuses what the server would; the services check the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.taxonomy import SalesStage
from knowledge.models import Application, ExpertQuestion, FieldNote, KnowledgePreferences, Result


def _limit(model, name):
    return model._meta.get_field(name).max_length


class ApplicationForm(forms.Form):
    account = forms.CharField(
        label=_("Account"),
        max_length=_limit(Application, "account"),
        help_text=_("The customer you are trying it on, as your team calls it."),
    )
    stage = forms.ChoiceField(label=_("Sales stage"), choices=[("", _("Choose…")), *SalesStage.choices])
    note = forms.CharField(
        label=_("What you are trying (optional)"), required=False, max_length=_limit(Application, "note")
    )


class OutcomeForm(forms.Form):
    result = forms.ChoiceField(label=_("How did it go?"), choices=Result.choices, widget=forms.RadioSelect)
    result_note = forms.CharField(
        label=_("Why, in a line"),
        max_length=_limit(Application, "result_note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What made the difference: colleagues read this before they try it."),
    )


class FieldNoteForm(forms.Form):
    condition = forms.CharField(
        label=_("When it does not work"),
        max_length=_limit(FieldNote, "condition"),
        help_text=_("For example: state-owned enterprises, tenders, customers under contract."),
    )
    what_happened = forms.CharField(
        label=_("What happened instead"),
        max_length=FieldNote._meta.get_field("what_happened").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    advice = forms.CharField(
        label=_("What to do in that case (optional)"),
        required=False,
        max_length=FieldNote._meta.get_field("advice").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuestionForm(forms.Form):
    topic = forms.CharField(label=_("About (optional)"), required=False, max_length=_limit(ExpertQuestion, "topic"))
    question = forms.CharField(
        label=_("Your question"),
        max_length=ExpertQuestion._meta.get_field("question").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Say what the customer situation is and what you have tried. Never name the customer."),
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("Your answer"),
        max_length=ExpertQuestion._meta.get_field("answer").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class PreferencesForm(forms.Form):
    digest = forms.ChoiceField(
        label=_("E-mail me what is new in what I follow"),
        choices=KnowledgePreferences.Frequency.choices,
        widget=forms.RadioSelect,
    )
    listed_as_expert = forms.BooleanField(
        label=_("List me in the expert directory"),
        required=False,
        help_text=_("Colleagues find you by what you have shared and can ask you a question."),
    )
