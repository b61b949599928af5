from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Team, User
from accounts.selectors import teams_led_by


class SelfAssessmentForm(forms.Form):
    """One question per competency: which level description sounds like you? Choices
    carry each level's description for that competency, so people answer from
    behaviour, not from a number."""

    def __init__(self, *args, competencies, levels, initial_levels, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        self.levels_by_id = {level.pk: level for level in levels}
        for competency in competencies:
            described = {
                description.level_id: description.description for description in competency.level_descriptions.all()
            }
            choices = [
                (level.pk, f"{level.number} · {level.display_name}: {described.get(level.pk, level.definition)}")
                for level in levels
            ]
            self.fields[f"competency_{competency.pk}"] = forms.TypedChoiceField(
                label=competency.display_name,
                choices=choices,
                coerce=int,
                required=False,
                widget=forms.RadioSelect,
                initial=initial_levels.get(competency.pk),
                help_text=competency.description,
            )

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"competency_{competency.pk}") for competency in self.competencies):
            raise forms.ValidationError(_("Choose a level for at least one competency."))
        return cleaned

    def chosen_levels(self):
        return {
            competency: self.levels_by_id[self.cleaned_data[f"competency_{competency.pk}"]]
            for competency in self.competencies
            if self.cleaned_data.get(f"competency_{competency.pk}")
        }


class AssignForm(forms.Form):
    """Assign a page to a team the director leads, or to one of its members."""

    recipient = forms.ChoiceField(label=_("Assign to"))
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    note = forms.CharField(
        label=_("Why (optional)"),
        max_length=200,
        required=False,
        help_text=_("One sentence the team sees with the assignment."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        teams = Team.objects.select_related("region").order_by("name") if actor.is_superuser else teams_led_by(actor)
        self.teams = {str(team.pk): team for team in teams}
        members = (
            User.objects.filter(team_memberships__team__in=list(self.teams.values()), is_active=True)
            .distinct()
            .order_by("display_name", "username")
        )
        self.people = {str(person.pk): person for person in members}
        self.fields["recipient"].choices = [
            (_("Whole team"), [(f"team:{pk}", team.name) for pk, team in self.teams.items()]),
            (_("One person"), [(f"person:{pk}", person.get_display_name()) for pk, person in self.people.items()]),
        ]
        self.fields["due_on"].initial = timezone.localdate() + timedelta(days=14)

    def clean_recipient(self):
        kind, _colon, pk = self.cleaned_data["recipient"].partition(":")
        chosen = (self.teams if kind == "team" else self.people).get(pk)
        if chosen is None:
            raise forms.ValidationError(_("Choose one of your teams or one of their members."))
        return {"team": chosen} if kind == "team" else {"person": chosen}
