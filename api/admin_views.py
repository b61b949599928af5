"""Settings → API tokens: Wagtail's token screens, with the scopes each token holds."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.log_actions import log
from wagtail.models import APIToken
from wagtail.users.utils import user_can_manage_token
from wagtail.users.views import api_tokens

from api.forms import NewTokenForm, TokenEditForm
from api.models import Scope, TokenScopes

SCOPE_LABELS = dict(Scope.choices)


class IndexView(api_tokens.IndexView):
    @cached_property
    def columns(self):
        columns = super().columns
        return [*columns[:2], Column("scopes", label=_("May read"), accessor=scope_labels), *columns[2:]]

    def get_queryset(self):
        return super().get_queryset().select_related("academy_scopes")


def scope_labels(token):
    scopes = getattr(token, "academy_scopes", None)
    chosen = scopes.scopes if scopes else []
    return "、".join(str(SCOPE_LABELS[scope]) for scope in chosen if scope in SCOPE_LABELS) or "—"


class CreateView(api_tokens.CreateView):
    @transaction.atomic
    def form_valid(self, form):
        owner = form.cleaned_data["user"]
        if not user_can_manage_token(self.request.user, owner, "wagtailcore.add_apitoken"):
            raise PermissionDenied
        self.object, plaintext = APIToken.create_token(user=owner, name=form.cleaned_data["name"])
        TokenScopes.objects.create(token=self.object, scopes=form.cleaned_data["scopes"])
        log(self.object, "wagtail.apitoken.create", user=self.request.user)
        return TemplateResponse(
            self.request, "wagtailusers/api_tokens/created.html", self.get_created_context(plaintext)
        )


class ScopedAPITokenViewSet(api_tokens.APITokenViewSet):
    index_view_class = IndexView
    add_view_class = CreateView
    form_fields = ["name", "scopes"]  # the edit screen; scopes is the form's own field

    def get_form_class(self, for_update=False):
        return TokenEditForm if for_update else NewTokenForm
