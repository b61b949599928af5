from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import TeamDiscussion

# Session key for a refused scheduling form, which the case page fills back in.
DISCUSSION_DRAFT_KEY = "case-discussion-draft-{case_id}"


class TeamDiscussionForm(forms.Form):
    """A director's choice of team, day and preparation note for a case."""

    team = forms.ModelChoiceField(label=_("Team"), queryset=None, empty_label=None)
    discuss_on = forms.DateField(label=_("Discussion date"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=_("What to prepare (optional)"),
        required=False,
        max_length=TeamDiscussion._meta.get_field("note").max_length,
    )

    def __init__(self, *args, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams
