from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from accounts.models import User

# Fields of ours that administrators maintain in Wagtail's user admin.
ADMIN_USER_FIELDS = ("display_name", "employee_number", "region")


class AdminUserCreationForm(UserCreationForm):
    class Meta(UserCreationForm.Meta):
        fields = UserCreationForm.Meta.fields | set(ADMIN_USER_FIELDS)


class AdminUserEditForm(UserEditForm):
    class Meta(UserEditForm.Meta):
        fields = UserEditForm.Meta.fields | set(ADMIN_USER_FIELDS)


class ProfileForm(forms.ModelForm):
    """What a person may change about themselves; the rest is the administrators'."""

    class Meta:
        model = User
        fields = ["display_name", "email"]
        labels = {"email": _("E-mail")}
