"""Sessions are read from the cache on each page and kept in the database behind it."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

pytestmark = pytest.mark.django_db


def signed_in(client, learner, password):
    response = client.post(reverse("accounts:login"), {"username": learner.username, "password": password})
    assert response.status_code == 302
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def test_a_signed_in_page_reads_the_session_from_the_cache_not_the_database(client, learner, password):
    signed_in(client, learner, password)
    client.get(reverse("learning:my_learning"))
    with CaptureQueriesContext(connection) as read:
        html = client.get(reverse("learning:my_learning")).content.decode()
    assert "陈晓" in html
    assert not [query for query in read if "django_session" in query["sql"]]


def test_a_session_outlives_an_emptied_cache(client, learner, password):
    signed_in(client, learner, password)
    cache.clear()
    response = client.get(reverse("learning:my_learning"))
    assert response.status_code == 200 and "陈晓" in response.content.decode()


def test_signing_out_ends_the_session_for_whoever_still_holds_its_cookie(client, learner, password):
    cookie = signed_in(client, learner, password)
    client.post(reverse("accounts:logout"))
    stolen = Client()
    stolen.cookies[settings.SESSION_COOKIE_NAME] = cookie
    response = stolen.get(reverse("learning:my_learning"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
