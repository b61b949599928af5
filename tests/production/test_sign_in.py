"""Signing in under production settings: lockouts hold across app servers, and the
administrator cannot reach the admin without two-step sign-in."""

import re
from base64 import b32decode

import pytest
from django_otp.oath import totp

from accounts.demo import DEMO_PASSWORD
from tests.production.admin import signed_in
from tests.production.client import SiteClient

pytestmark = pytest.mark.production_stack


def test_wrong_passwords_on_one_app_server_lock_the_account_on_the_other(stack):
    guesser = SiteClient(stack.urls[0], address="203.0.113.7")
    guesser.get("/accounts/login/")
    statuses = [
        guesser.post("/accounts/login/", {"username": "target-of-guessing", "password": f"guess{n}"}).status_code
        for n in range(10)
    ]
    assert statuses[:9] == [200] * 9 and statuses[9] == 429
    elsewhere = SiteClient(stack.urls[1], address="198.51.100.20")
    elsewhere.get("/accounts/login/")
    response = elsewhere.post("/accounts/login/", {"username": "target-of-guessing", "password": "x"})
    assert response.status_code == 429 and "登录失败次数过多" in response.text
    # The guesser's address is locked for every account, the rest of the world is not.
    assert guesser.post("/accounts/login/", {"username": "learner", "password": DEMO_PASSWORD}).status_code == 429
    assert signed_in(stack.urls[1], "learner").get("/accounts/profile/").status_code == 200


def test_the_administrator_sets_up_two_step_sign_in_before_reaching_the_admin(stack):
    admin = signed_in(stack.urls[0], "admin")
    held = admin.get("/admin/")
    assert held.status_code == 302 and "/accounts/two-step/setup/" in held.headers["Location"]
    setup = admin.get("/accounts/two-step/setup/?next=/admin/").text
    secret = re.search(r'class="two-factor__secret">([A-Z2-7 ]+)<', setup).group(1).replace(" ", "")
    key = b32decode(secret + "=" * (-len(secret) % 8))
    response = admin.post("/accounts/two-step/setup/?next=/admin/", {"code": f"{totp(key):06d}", "next": "/admin/"})
    assert response.status_code == 200 and len(re.findall(r"<li><code>", response.text)) == 10
    assert admin.get("/admin/").status_code == 200
    # On the other app server too: the second step lives in the shared session.
    assert admin.on(stack.urls[1]).get("/admin/").status_code == 200
