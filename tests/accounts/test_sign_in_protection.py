"""Wrong passwords lock an account and an address for a while; staff can add a code
from an authenticator app to their sign-in, and administrators must in production."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from accounts.models import User
from tests.conftest import EN
from tests.factories import EditorFactory, LearnerFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def sign_in(client, username, password, address="10.0.0.1", **extra):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def current_code(device):
    # A wrong code makes the device wait before it accepts the next one; a person
    # takes longer than that to retype, a test does not.
    type(device).objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@override_settings(AXES_FAILURE_LIMIT=5)
def test_wrong_passwords_lock_the_account_even_for_the_right_one(client, learner, password):
    for _attempt in range(4):
        assert sign_in(client, "chenxiao", "guess").status_code == 200
    assert sign_in(client, "chenxiao", "guess").status_code == 429
    response = sign_in(client, "chenxiao", password, **EN)
    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many unsuccessful sign-ins" in html and "15 minutes" in html
    assert 'value="chenxiao"' in html
    assert "_auth_user_id" not in client.session
    # From another address too: the account itself is locked.
    assert sign_in(client, "chenxiao", password, address="10.9.9.9").status_code == 429
    # Someone else at the first address is not blocked by another person's few mistakes.
    LearnerFactory(username="wujing")
    assert sign_in(Client(), "wujing", password, address="10.0.0.2").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=5)
def test_one_address_trying_many_accounts_is_locked(client, password):
    for number in range(5):
        sign_in(client, f"nobody{number}", "guess", address="10.0.0.7")
    LearnerFactory(username="liuyang")
    response = sign_in(client, "liuyang", password, address="10.0.0.7")
    assert response.status_code == 429 and "登录失败次数过多" in response.content.decode()
    assert sign_in(Client(), "liuyang", password, address="10.0.0.8").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, TRUSTED_PROXY_COUNT=1)
def test_behind_the_load_balancer_the_person_s_address_counts_not_the_balancer_s(client, learner, password):
    # The client made up the first entry; the balancer appended the real one.
    for _attempt in range(3):
        sign_in(client, "x", "guess", address="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 172.16.0.5")
    LearnerFactory(username="colleague")
    assert sign_in(Client(), "colleague", password, HTTP_X_FORWARDED_FOR="1.2.3.4, 172.16.0.6").status_code == 302
    assert sign_in(Client(), "colleague", password, HTTP_X_FORWARDED_FOR="9.9.9.9, 172.16.0.5").status_code == 429


@override_settings(AXES_FAILURE_LIMIT=3)
def test_an_administrator_unlocks_an_account_and_it_is_recorded(client, learner, password, admin_client):
    for _attempt in range(3):
        sign_in(client, "chenxiao", "guess")
    page = admin_client.get(reverse("accounts_sign_in_security")).content.decode()
    assert "chenxiao" in page and "10.0.0.1" in page
    admin_client.post(reverse("accounts_sign_in_security"), {"action": "unlock_account", "username": "chenxiao"})
    admin_client.post(reverse("accounts_sign_in_security"), {"action": "unlock_address", "address": "10.0.0.1"})
    assert sign_in(client, "chenxiao", password).status_code == 302
    assert ModelLogEntry.objects.filter(action="accounts.unlock", object_id=str(learner.pk)).exists()
    assert ModelLogEntry.objects.get(action="accounts.unlock_address").data == {"address": "10.0.0.1"}


def test_only_superusers_reach_the_sign_in_security_screen(client, editor):
    client.force_login(editor)
    response = client.get(reverse("accounts_sign_in_security"))
    assert response.status_code == 302 and "sign-in-security" not in response["Location"]
    assert client.post(reverse("accounts_sign_in_security"), {"action": "unlock_address", "address": "1.1.1.1"})


def test_the_admin_sign_in_is_the_site_sign_in(client):
    response = client.get("/admin/login/?next=/admin/pages/")
    assert response.status_code == 302 and response["Location"] == f"{LOGIN}?next=/admin/pages/"
    assert client.get("/admin/")["Location"].startswith(LOGIN)


def test_wagtails_page_sign_in_is_the_site_sign_in(client):
    """Wagtail serves a bare sign-in form of its own for restricted pages; it would
    skip the lockout message and look like another product."""
    response = client.get("/_util/login/?next=/cases/")
    assert response.status_code == 302 and response["Location"] == f"{LOGIN}?next=/cases/"


def set_up_two_factor(client, user):
    client.force_login(user)
    page = client.get(reverse("accounts:two_factor_setup")).content.decode()
    assert "<svg" in page
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    secret = re.search(r'class="two-factor__secret">([A-Z2-7 ]+)<', page).group(1)
    assert len(secret.replace(" ", "")) >= 32
    response = client.post(reverse("accounts:two_factor_setup"), {"code": current_code(device)})
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    device.refresh_from_db()
    return device, codes


def test_an_editor_turns_on_two_step_sign_in_and_then_needs_a_code(client, password):
    editor = EditorFactory(username="bianji")
    profile = (client.force_login(editor), client.get(reverse("accounts:profile")))[1].content.decode()
    assert "开启两步登录" in profile
    wrong = client.post(reverse("accounts:two_factor_setup"), {"code": "000000"})
    assert "验证码无效" in wrong.content.decode()
    device, codes = set_up_two_factor(client, editor)
    assert device.confirmed
    client.post(reverse("accounts:logout"))

    response = sign_in(client, "bianji", password)
    assert response.status_code == 302
    # The password alone reaches nothing: every page sends them to the second step.
    held = client.get("/admin/pages/")
    assert held["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.get("/learning/")["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert "验证码无效" in client.post(reverse("accounts:two_factor_verify"), {"code": "123456"}).content.decode()
    StaticDevice.objects.filter(user=editor).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0], "next": "/admin/pages/"})
    assert response["Location"] == "/admin/pages/"
    assert client.get("/admin/pages/").status_code == 200
    # A backup code works once.
    client.post(reverse("accounts:logout"))
    sign_in(client, "bianji", password)
    assert "验证码无效" in client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]}).content.decode()
    assert ModelLogEntry.objects.filter(action="accounts.two_factor_on", object_id=str(editor.pk)).exists()


def test_learners_are_not_offered_two_step_sign_in(learner_client):
    assert "两步登录" not in learner_client.get(reverse("accounts:profile")).content.decode()
    assert learner_client.get(reverse("accounts:two_factor_setup")).status_code == 404


@override_settings(TWO_FACTOR_REQUIRED_FOR_ADMINS=True)
def test_where_required_an_administrator_sets_it_up_before_anything_else(client, password):
    admin = UserFactory(username="root", is_superuser=True)
    assert sign_in(client, "root", password).status_code == 302
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("accounts:two_factor_setup"))
    assert "管理员必须使用两步登录" in client.get(response["Location"]).content.decode()
    device, _codes = set_up_two_factor(client, admin)
    assert client.get("/admin/").status_code == 200
    # And cannot switch it off themselves.
    client.post(reverse("accounts:two_factor_off"), {"code": current_code(device)})
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_an_administrator_resets_two_step_sign_in_for_a_lost_phone(client, admin_client, password):
    editor = EditorFactory(username="bianji")
    set_up_two_factor(client, editor)
    admin_client.post(reverse("accounts_sign_in_security"), {"action": "reset_two_factor", "username": "bianji"})
    assert not TOTPDevice.objects.filter(user=editor).exists()
    client.post(reverse("accounts:logout"))
    sign_in(client, "bianji", password)
    assert client.get("/admin/pages/").status_code == 200
    entry = ModelLogEntry.objects.get(action="accounts.two_factor_reset", object_id=str(editor.pk))
    assert entry.user.username == "admin"
    unknown = admin_client.post(reverse("accounts_sign_in_security"), {"action": "reset_two_factor", "username": "zz"})
    assert "没有人" in unknown.content.decode() and 'value="zz"' in unknown.content.decode()


def test_turning_it_off_needs_a_current_code(client):
    editor = EditorFactory(username="bianji")
    device, _codes = set_up_two_factor(client, editor)
    client.post(reverse("accounts:two_factor_off"), {"code": "000000"})
    assert TOTPDevice.objects.filter(user=editor).exists()
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    client.post(reverse("accounts:two_factor_off"), {"code": current_code(device)})
    assert not User.objects.get(pk=editor.pk).totpdevice_set.exists()
