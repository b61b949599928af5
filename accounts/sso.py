"""Single sign-on through the company's OpenID Connect provider (mozilla-django-oidc).

People are matched on their employee number claim, the same key HR's staff list uses,
so someone imported from HR signs in to the account the import made. A first sign-in
creates the account from the claims. Roles follow the provider's claims through rules
the operator writes (`OIDC_ROLE_RULES`); only the roles those rules name are kept in
step, so a role given by hand for something else survives. An account deactivated
here (a leaver) stays shut whatever the provider says. Administrators keep signing in
with their password (`SIGN_IN_WITH_PASSWORD`).
"""

from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Group
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from accounts.roles import ROLES

ROLE_GROUPS = {role.key: role.group_name for role in ROLES}


def sso_enabled():
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def password_sign_in_allowed(user):
    """With single sign-on on, only administrators sign in with a password, unless the
    operator lets everyone (SIGN_IN_WITH_PASSWORD=everyone)."""
    if not sso_enabled() or settings.SIGN_IN_WITH_PASSWORD == "everyone":
        return True
    return user.is_superuser


@dataclass(frozen=True)
class RoleRule:
    """`role:claim=value`: whoever's `claim` is `value` (or a list holding it) has `role`."""

    role: str
    claim: str
    value: str

    def matches(self, claims):
        found = claims.get(self.claim)
        if isinstance(found, (list, tuple)):
            return self.value in [str(item) for item in found]
        return found is not None and str(found) == self.value


@lru_cache(maxsize=4)
def parse_role_rules(text):
    """The rules of OIDC_ROLE_RULES, e.g. "director:groups=销售主任, editor:groups=教研组"."""
    rules = []
    for part in text.replace("\n", ",").split(","):
        part = part.strip()
        if not part:
            continue
        role, _colon, condition = part.partition(":")
        claim, equals, value = condition.partition("=")
        if role.strip() not in ROLE_GROUPS or not claim.strip() or not equals:
            raise ImproperlyConfigured(
                f"OIDC_ROLE_RULES: “{part}” is not role:claim=value with a role of {', '.join(ROLE_GROUPS)}."
            )
        rules.append(RoleRule(role.strip(), claim.strip(), value.strip()))
    return tuple(rules)


def check_role_rules(**kwargs):
    """`manage.py check` (and so `check --deploy` before a release) names a rule that
    cannot be read, instead of the first single sign-on failing on it."""
    try:
        parse_role_rules(settings.OIDC_ROLE_RULES)
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="accounts.E001")]
    return []


class CompanyOIDCBackend(OIDCAuthenticationBackend):
    """Accounts from the provider's claims, matched on the employee number."""

    def employee_number(self, claims):
        return str(claims.get(settings.OIDC_EMPLOYEE_NUMBER_CLAIM) or "").strip()

    def verify_claims(self, claims):
        number = self.employee_number(claims)
        if not number or len(number) > 32:
            # The callback view tells the person why.
            self.request.sso_refusal = "employee_number"
            return False
        return True

    def filter_users_by_claims(self, claims):
        number = self.employee_number(claims)
        return self.UserModel.objects.filter(employee_number=number) if number else self.UserModel.objects.none()

    def describe_user_by_claims(self, claims):
        return f"employee number {self.employee_number(claims)}"

    @transaction.atomic
    def create_user(self, claims):
        number = self.employee_number(claims)
        wanted = str(claims.get("preferred_username") or number)[:150]
        username = wanted if not self.UserModel.objects.filter(username=wanted).exists() else number
        name = str(claims.get("name") or "")[:60]
        user = self.UserModel(
            username=username,
            employee_number=number,
            legal_name=name,
            display_name=name,
            email=str(claims.get("email") or "")[:254],
        )
        user.set_unusable_password()
        user.save()
        self.apply_roles(user, claims, first_time=True)
        return user

    @transaction.atomic
    def update_user(self, user, claims):
        changed = []
        for field, value in (("legal_name", claims.get("name")), ("email", claims.get("email"))):
            value = str(value or "")[: user._meta.get_field(field).max_length]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed.append(field)
        if not user.display_name and user.legal_name:
            user.display_name = user.legal_name
            changed.append("display_name")
        if changed:
            user.save(update_fields=changed)
        if user.is_active:
            self.apply_roles(user, claims)
        return user

    def apply_roles(self, user, claims, *, first_time=False):
        """Give the roles the rules grant and take away the ones they manage but no
        longer grant; default roles for everyone who signs in this way."""
        rules = parse_role_rules(settings.OIDC_ROLE_RULES)
        granted = {rule.role for rule in rules if rule.matches(claims)} | set(settings.OIDC_DEFAULT_ROLES)
        managed = {rule.role for rule in rules}
        groups = {group.name: group for group in Group.objects.filter(name__in=ROLE_GROUPS.values())}
        user.groups.add(*[groups[ROLE_GROUPS[role]] for role in granted if ROLE_GROUPS[role] in groups])
        revoked = managed - granted
        if revoked and not first_time:
            user.groups.remove(*[groups[ROLE_GROUPS[role]] for role in revoked if ROLE_GROUPS[role] in groups])


def sign_in(request):
    """Off to the provider's sign-in page (404 while single sign-on is not set up)."""
    if not sso_enabled():
        raise Http404
    return OIDCAuthenticationRequestView.as_view()(request)


class CallbackView(OIDCAuthenticationCallbackView):
    """Back from the provider: signed in, or on the sign-in page with the reason."""

    def login_failure(self):
        user = getattr(self, "user", None)
        if user is not None and not user.is_active:
            messages.error(self.request, _("Your account has been closed. Ask your administrator if this is wrong."))
        elif self.request.GET.get("error") == "access_denied":
            messages.error(self.request, _("Sign-in through the company account was cancelled."))
        elif getattr(self.request, "sso_refusal", None) == "employee_number":
            messages.error(
                self.request,
                _("Your company account has no employee number, so it matches no one here. Ask your administrator."),
            )
        else:
            messages.error(
                self.request, _("The company account could not sign you in. Try again, or ask your administrator.")
            )
        return HttpResponseRedirect(reverse("accounts:login"))


def callback(request):
    if not sso_enabled():
        raise Http404
    return CallbackView.as_view()(request)
