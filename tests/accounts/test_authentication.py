from urllib.parse import unquote

import pytest
from django.urls import reverse

from tests.conftest import EN

pytestmark = pytest.mark.django_db


def test_login_page_renders_with_labelled_fields(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert "<h1>登录</h1>" in html
    assert 'for="id_username"' in html
    assert 'for="id_password"' in html


def test_person_signs_in_and_lands_where_they_were_going(client, learner, password):
    response = client.post(
        reverse("accounts:login"), {"username": "chenxiao", "password": password, "next": "/search/?q=客户"}
    )
    assert response.status_code == 302
    assert unquote(response["Location"]) == "/search/?q=客户"
    assert "陈晓" in client.get("/").content.decode()


def test_login_refuses_offsite_redirects(client, learner, password):
    response = client.post(
        reverse("accounts:login"), {"username": "chenxiao", "password": password, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_wrong_password_explains_and_keeps_the_username(client, learner):
    response = client.post(reverse("accounts:login"), {"username": "chenxiao", "password": "nope"}, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please enter a correct username and password" in html
    assert 'value="chenxiao"' in html


def test_logout_requires_post_and_signs_out(learner_client):
    assert learner_client.get(reverse("accounts:logout")).status_code == 405
    response = learner_client.post(reverse("accounts:logout"), follow=True)
    html = response.content.decode()
    assert "你已退出登录。" in html
    assert "登录开始学习" in html


def test_logout_is_protected_by_csrf(learner, client):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    csrf_client.force_login(learner)
    assert csrf_client.post(reverse("accounts:logout")).status_code == 403


def test_password_change_works_and_keeps_the_session(learner_client, password):
    response = learner_client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "集团客户-2026-new", "new_password2": "集团客户-2026-new"},
        follow=True,
    )
    assert "密码已修改。" in response.content.decode()
    assert response.wsgi_request.user.is_authenticated
    assert response.wsgi_request.user.check_password("集团客户-2026-new")


def test_password_change_errors_are_clear(learner_client, password):
    response = learner_client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": "abc", "new_password2": "abd"},
        **EN,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "The two password fields didn’t match." in html


def test_account_pages_send_anonymous_visitors_to_login(client):
    for name in ("accounts:profile", "accounts:password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login") + "?next=")


def test_passwords_are_reset_by_people_not_by_wagtails_email_form(client):
    assert "Ask your director or an administrator" in client.get(reverse("accounts:login"), **EN).content.decode()
    assert client.get("/admin/password_reset/").status_code == 404
    assert "password_reset" not in client.get(reverse("wagtailadmin_login")).content.decode()
