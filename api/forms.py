"""Choosing a token's scopes where Wagtail's token forms choose its name and owner."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.models import APIToken
from wagtail.users.views.api_tokens import APITokenForm

from api.models import Scope, TokenScopes


def scopes_field():
    return forms.MultipleChoiceField(
        label=_("May read"),
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Completions and certificates: the token owner's own, their teams' if they lead any, everyone's "
            "if they may read everyone's records."
        ),
    )


class NewTokenForm(APITokenForm):
    scopes = scopes_field()


class TokenEditForm(WagtailAdminModelForm):
    """Renaming a token and changing what it may read; its secret never changes."""

    scopes = scopes_field()

    class Meta:
        model = APIToken
        fields = ["name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["scopes"].initial = TokenScopes.granted_to(self.instance)

    def save(self, commit=True):
        token = super().save(commit=commit)
        if commit:
            TokenScopes.objects.update_or_create(token=token, defaults={"scopes": self.cleaned_data["scopes"]})
        return token
