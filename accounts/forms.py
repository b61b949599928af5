from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from accounts.models import User

# Fields of ours that administrators maintain in Wagtail's user admin.
ADMIN_USER_FIELDS = ("display_name", "employee_number", "region")


class OptionalWesternNameMixin:
    """Chinese names do not split into first and last name; display_name is the name
    people see, so Wagtail's required first/last name fields become optional."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            if name in self.fields:
                self.fields[name].required = False


class AdminUserCreationForm(OptionalWesternNameMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(ADMIN_USER_FIELDS)


class AdminUserEditForm(OptionalWesternNameMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(ADMIN_USER_FIELDS)


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves; the rest is the administrators'."""

    class Meta:
        model = User
        fields = ["display_name", "email"]
        labels = {"email": _("E-mail")}
