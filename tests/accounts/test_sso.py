"""Single sign-on against a real OpenID Connect provider on loopback (oidc-provider-mock):
accounts made and kept up to date from claims, roles from rules, a refused sign-in, a
closed account, a role taken away at the provider, passwords for administrators only."""

from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import override_settings
from oidc_provider_mock import run_server_in_thread

from accounts.roles import DIRECTOR, EDITOR, LEARNER, roles_of
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread() as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def sso(provider):
    settings = {
        "OIDC_RP_CLIENT_ID": "academy",
        "OIDC_RP_CLIENT_SECRET": "academy-secret",
        "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{provider}/oauth2/authorize",
        "OIDC_OP_TOKEN_ENDPOINT": f"{provider}/oauth2/token",
        "OIDC_OP_USER_ENDPOINT": f"{provider}/userinfo",
        "OIDC_OP_JWKS_ENDPOINT": f"{provider}/jwks",
        "OIDC_ROLE_RULES": "director:groups=销售主任, editor:groups=教研组",
        # The mock signs with one key and names no key id; real providers name theirs.
        "OIDC_VERIFY_KID": False,
        "AUTHENTICATION_BACKENDS": [
            "axes.backends.AxesStandaloneBackend",
            "accounts.permission_cache.RememberedPermissionsBackend",
            "accounts.sso.CompanyOIDCBackend",
            "django.contrib.auth.backends.ModelBackend",
        ],
    }
    with override_settings(**settings):
        yield provider


def person_at_provider(provider, sub, **claims):
    response = requests.put(f"{provider}/users/{sub}", json=claims, timeout=10)
    assert response.status_code == 204


def sign_in_through(client, provider, sub, *, deny=False, next_path="/"):
    """What a browser does: our button, the provider's form, back to our callback."""
    start = client.get(f"/accounts/sso/?next={next_path}")
    assert start.status_code == 302 and start["Location"].startswith(provider)
    form = {"action": "deny"} if deny else {"sub": sub}
    answer = requests.post(start["Location"], data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:500]
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/accounts/sso/callback/"
    return client.get(f"{back.path}?{back.query}")


def test_a_first_sign_in_makes_the_account_from_the_claims(client, sso):
    person_at_provider(
        sso, "u-100", employee_number="E5001", name="黄蕾", email="huanglei@example.com", preferred_username="huanglei"
    )
    response = sign_in_through(client, sso, "u-100", next_path="/growth/")
    assert response.status_code == 302 and response["Location"] == "/growth/"
    user = User.objects.get(employee_number="E5001")
    assert (user.username, user.legal_name, user.display_name, user.email) == (
        "huanglei",
        "黄蕾",
        "黄蕾",
        "huanglei@example.com",
    )
    assert not user.has_usable_password()
    assert roles_of(user) == [LEARNER]
    assert client.get("/accounts/profile/").status_code == 200


def test_someone_imported_from_hr_signs_in_to_their_own_account(client, sso):
    imported = UserFactory(employee_number="E5002", display_name="小马", legal_name="马骏", email="old@example.com")
    person_at_provider(sso, "u-101", employee_number="E5002", name="马骏", email="majun@example.com")
    sign_in_through(client, sso, "u-101")
    imported.refresh_from_db()
    assert imported.email == "majun@example.com"
    assert imported.display_name == "小马"  # their own choice stays
    assert User.objects.filter(employee_number="E5002").count() == 1
    assert int(client.session["_auth_user_id"]) == imported.pk


def test_roles_follow_the_provider_and_a_removed_group_is_taken_away(client, sso):
    person_at_provider(sso, "u-102", employee_number="E5003", name="张伟", groups=["销售主任", "员工"])
    sign_in_through(client, sso, "u-102")
    user = User.objects.get(employee_number="E5003")
    assert set(roles_of(user)) == {DIRECTOR, LEARNER}

    client.logout()
    person_at_provider(sso, "u-102", employee_number="E5003", name="张伟", groups=["教研组"])
    sign_in_through(client, sso, "u-102")
    assert set(roles_of(user)) == {EDITOR, LEARNER}


def test_a_refused_sign_in_says_so_and_signs_no_one_in(client, sso):
    person_at_provider(sso, "u-103", employee_number="E5004", name="甲")
    response = sign_in_through(client, sso, "u-103", deny=True)
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/")
    assert "取消" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(employee_number="E5004").exists()


def test_claims_without_an_employee_number_are_refused(client, sso):
    person_at_provider(sso, "u-104", name="外包人员", email="contractor@example.com")
    response = sign_in_through(client, sso, "u-104")
    assert response["Location"] == "/accounts/login/"
    assert "工号" in client.get("/accounts/login/").content.decode()
    assert "_auth_user_id" not in client.session


def test_a_closed_account_stays_closed_whatever_the_provider_says(client, sso):
    UserFactory(employee_number="E5005", is_active=False)
    person_at_provider(sso, "u-105", employee_number="E5005", name="离职员工")
    response = sign_in_through(client, sso, "u-105")
    assert response["Location"] == "/accounts/login/"
    assert "停用" in client.get("/accounts/login/").content.decode()
    assert "_auth_user_id" not in client.session


def test_passwords_are_for_administrators_once_single_sign_on_is_on(client, sso):
    learner = UserFactory(username="pw-learner")
    admin = UserFactory(username="pw-admin", is_superuser=True, is_staff=True)
    page = client.get("/accounts/login/").content.decode()
    assert "/accounts/sso/" in page
    refused = client.post("/accounts/login/", {"username": learner.username, "password": PASSWORD})
    assert refused.status_code == 200
    assert "公司账号" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    allowed = client.post("/accounts/login/", {"username": admin.username, "password": PASSWORD})
    assert allowed.status_code == 302


def test_without_single_sign_on_the_routes_are_not_there(client):
    assert client.get("/accounts/sso/").status_code == 404
    assert client.get("/accounts/sso/callback/?code=x&state=y").status_code == 404
    assert "/accounts/sso/" not in client.get("/accounts/login/").content.decode()


def test_a_forged_callback_is_refused_without_an_error_page(client, sso):
    response = client.get("/accounts/sso/callback/?code=forged&state=forged")
    assert response.status_code in (302, 400)
    assert "_auth_user_id" not in client.session
