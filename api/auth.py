"""Bearer tokens with scopes, on Wagtail's token authentication."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from wagtail.api.v3.auth import BearerTokenAuth

from api.models import Scope, TokenScopes


class ScopedTokenAuth(BearerTokenAuth):
    """A valid, unrevoked token of an active person that holds `scope`. Without a
    token, or with a bad one: 401. With a token that lacks the scope: 403."""

    def __init__(self, scope):
        super().__init__()
        self.scope = scope

    def authenticate(self, request, token):
        api_token = super().authenticate(request, token)
        if api_token is None:
            return None
        if self.scope not in TokenScopes.granted_to(api_token):
            raise HttpError(403, _("This token may not read %(scope)s.") % {"scope": self.scope})
        return api_token


class PublicPagesAuth(ScopedTokenAuth):
    """Pages are read as a signed-out visitor reads them (live and public), whoever
    owns the token: an editor's token must not list their drafts."""

    def __init__(self):
        super().__init__(Scope.PAGES)

    def authenticate(self, request, token):
        api_token = super().authenticate(request, token)
        if api_token is not None:
            request.user = AnonymousUser()
        return api_token
