"""Signed-in pages are not kept by browsers or proxies; no page may use the camera,
microphone, location or payments."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_not_stored(learner_client, home_page):
    for url in ("/", reverse("accounts:profile"), reverse("core:notifications")):
        response = learner_client.get(url)
        assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_public_pages_for_visitors_may_be_cached(client, home_page):
    assert "no-store" not in client.get("/").get("Cache-Control", "")


def test_no_page_may_use_camera_microphone_location_or_payments(client, learner_client, home_page):
    for response in (client.get("/"), learner_client.get("/"), client.get("/no-such-page/")):
        policy = response["Permissions-Policy"]
        assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy


def test_site_pages_run_only_our_own_scripts_and_the_admin_allows_wagtails_inline_ones(client, admin_user, home_page):
    site_policy = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self';" in site_policy + ";" and "unsafe-inline'" not in site_policy.split("script-src")[1]
    assert "frame-ancestors 'none'" in site_policy and "object-src 'none'" in site_policy
    client.force_login(admin_user)
    admin_policy = client.get("/admin/")["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin_policy and "frame-ancestors 'self'" in admin_policy
