"""Pages for signed-out visitors come from the cache (core.page_cache), and only those
that are the same for everyone."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import Page, PageViewRestriction

from tests.conftest import EN, ZH

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60


def queries_to_serve(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_a_second_visitor_gets_the_page_without_rendering_it(home_page):
    first_count, first = queries_to_serve(Client(), "/", **ZH)
    again_count, again = queries_to_serve(Client(), "/", **ZH)
    assert first_count > 0
    assert again_count == 0
    assert again == first
    assert "csrfmiddlewaretoken" not in again


def test_a_publish_shows_at_once(client, home_page):
    client.get("/")
    home_page.hero_heading = "让每一位客户经理都能学到最好的一线经验"
    home_page.save_revision().publish()
    assert "让每一位客户经理都能学到最好的一线经验" in client.get("/").content.decode()


def test_each_language_is_kept_apart(client, home_page):
    assert '<html lang="zh-hans">' in client.get("/", **ZH).content.decode()
    assert '<html lang="en">' in client.get("/", **EN).content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"}, **ZH)
    assert '<html lang="en">' in client.get("/", **ZH).content.decode()


def test_signed_in_people_never_get_the_visitors_page(client, learner_client, home_page):
    client.get("/")
    html = learner_client.get("/").content.decode()
    assert "你好，陈晓" in html
    assert "登录开始学习" not in html


def test_a_page_with_a_form_of_its_own_is_rendered_for_each_visitor(home_page):
    private = home_page.add_child(instance=Page(title="内部资料", slug="internal"))
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="内部")
    queries_to_serve(Client(), private.url)
    again_count, html = queries_to_serve(Client(), private.url)
    assert again_count > 0
    assert "csrfmiddlewaretoken" in html


def test_search_is_not_cached(client, home_page):
    client.get(reverse("search"), {"q": "客户"})
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("search"), {"q": "客户"})
    assert len(queries) > 0


def test_the_language_switch_needs_no_token(home_page):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert '<html lang="en">' in browser.get("/").content.decode()


def test_a_request_reads_the_content_generation_from_the_cache_once(learner_client, home_page, monkeypatch):
    """The page cache, the menu and the dashboard's cached listings each key on the
    generation; every read was a round trip to Redis."""
    from django.core.cache import cache

    from core.related import GENERATION_KEY

    reads = []
    read = cache.get_or_set
    monkeypatch.setattr(cache, "get_or_set", lambda key, *args, **kwargs: reads.append(key) or read(key, *args))
    learner_client.get("/")
    assert reads.count(GENERATION_KEY) == 1
    # The next request reads it again: another app server may have published since.
    home_page.hero_heading = "让每一位客户经理都能学到最好的一线经验"
    home_page.save_revision().publish()
    assert "让每一位客户经理都能学到最好的一线经验" in Client().get("/").content.decode()
    assert reads.count(GENERATION_KEY) == 2
