import pytest
from wagtail.models import APIToken

from api.models import Scope, TokenScopes

ALL_SCOPES = [scope.value for scope in Scope]


def make_token(user, scopes=ALL_SCOPES, name="HR 系统"):
    """(APIToken, the secret as its holder sends it)."""
    token, secret = APIToken.create_token(user=user, name=name)
    TokenScopes.objects.create(token=token, scopes=list(scopes))
    return token, secret


@pytest.fixture
def bearer():
    def headers(secret):
        return {"Authorization": f"Bearer {secret}"}

    return headers
