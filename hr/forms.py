from django import forms
from django.utils.translation import gettext_lazy as _

from hr.models import PeopleImport


class PeopleImportForm(forms.Form):
    file = forms.FileField(
        label=_("Staff list"),
        help_text=_("HR's export as Excel (.xlsx) or CSV (UTF-8 or GB18030), at most 20 MB and 100,000 people."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}),
    )
    create_missing = forms.BooleanField(
        label=PeopleImport._meta.get_field("create_missing").verbose_name,
        help_text=PeopleImport._meta.get_field("create_missing").help_text,
        required=False,
    )
    full_roster = forms.BooleanField(
        label=PeopleImport._meta.get_field("full_roster").verbose_name,
        help_text=PeopleImport._meta.get_field("full_roster").help_text,
        required=False,
    )
