"""Settings → API tokens: an administrator makes a token for an integration, choosing
what it may read; sees it once; later changes its scopes or revokes it."""

import re

import pytest
from django.urls import reverse
from wagtail.models import APIToken

from api.models import TokenScopes
from tests.factories import EditorFactory, UserFactory

INDEX = reverse("wagtailusers_api_tokens:index")
ADD = reverse("wagtailusers_api_tokens:add")


@pytest.fixture
def administrator(client, db):
    admin = UserFactory(username="root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    return admin


@pytest.fixture
def integration(db):
    return UserFactory(username="hr-sync", display_name="HR 同步账号")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_token_is_made_with_its_scopes_and_shown_once(client, administrator, integration, language):
    client.cookies["django_language"] = language
    form = client.get(ADD).content.decode()
    assert "completions:read" in form
    answer = client.post(
        ADD, {"name": "HR 系统", "user": integration.pk, "scopes": ["completions:read", "certificates:read"]}
    )
    secret = re.search(r'value="(wagtail_[^"]+)"', answer.content.decode()).group(1)
    token = APIToken.objects.get(user=integration)
    assert TokenScopes.objects.get(token=token).scopes == ["completions:read", "certificates:read"]
    assert secret not in client.get(INDEX).content.decode()  # never shown again
    listing = client.get(INDEX).content.decode()
    assert "HR 系统" in listing
    assert ("课程完成记录" if language == "zh-hans" else "Course completions") in listing
    api = client.get("/api/v1/certificates/", headers={"Authorization": f"Bearer {secret}"})
    assert api.status_code == 200
    assert client.get("/api/v1/pages/", headers={"Authorization": f"Bearer {secret}"}).status_code == 403


def test_a_token_without_scopes_is_refused_and_the_form_keeps_what_was_typed(client, administrator, integration):
    answer = client.post(ADD, {"name": "数据平台", "user": integration.pk}).content.decode()
    assert "数据平台" in answer and not APIToken.objects.exists()


def test_scopes_change_and_revoking_ends_reading(client, administrator, integration):
    token, secret = APIToken.create_token(user=integration, name="BI")
    TokenScopes.objects.create(token=token, scopes=["pages:read"])
    edit = reverse("wagtailusers_api_tokens:edit", args=[token.pk])
    assert re.search(r'value="pages:read"[^>]*checked', client.get(edit).content.decode())
    client.post(edit, {"name": "BI 看板", "scopes": ["completions:read"]})
    assert TokenScopes.objects.get(token=token).scopes == ["completions:read"]
    bearer = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/completions/", headers=bearer).status_code == 200
    client.post(reverse("wagtailusers_api_tokens:delete", args=[token.pk]))
    assert client.get("/api/v1/completions/", headers=bearer).status_code == 401


def test_editors_cannot_make_tokens(client, integration):
    client.force_login(EditorFactory())
    assert client.get(ADD).status_code in (302, 403)
    client.post(ADD, {"name": "偷偷", "user": integration.pk, "scopes": ["completions:read"]})
    assert not APIToken.objects.exists()
