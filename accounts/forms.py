from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from accounts.models import User
from accounts.sso import password_sign_in_allowed

# Fields of ours that administrators maintain in Wagtail's user admin.
ADMIN_USER_FIELDS = ("display_name", "legal_name", "employee_number", "region")


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


class PersonField(forms.ModelChoiceField):
    """A person typed as a username or employee number. A drop-down of every user
    would be tens of thousands of options long in a real operator's academy."""

    widget = forms.TextInput
    default_error_messages = {
        "invalid_choice": _("Nobody has this username or employee number."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Username or employee number, e.g. chenxiao or E3001."))
        super().__init__(queryset=User.objects.filter(is_active=True), **kwargs)

    def prepare_value(self, value):
        if isinstance(value, User):
            return value.username
        if isinstance(value, int | str) and str(value).isdigit():
            user = User.objects.filter(pk=value).only("username").first()
            return user.username if user else value
        return value

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        user = self.queryset.filter(username=value).first() or self.queryset.filter(employee_number=value).first()
        if user is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return user


class OneTimeCodeForm(forms.Form):
    """The six digits from an authenticator app, or a backup code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The six digits your authenticator app shows now, or one of your backup codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split()).lower()


class SignInForm(AuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if not password_sign_in_allowed(user):
            raise forms.ValidationError(
                _("Sign in with your company account: the button above the form."), code="use_sso"
            )
