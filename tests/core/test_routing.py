"""Each process remembers which Wagtail Site answers a host and which page an address
leads to (core.routing); publishing, unpublishing, moving, deleting and an
administrator's change to the sites show at the next request."""

import pytest
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.views import serve

from core.related import related_generation
from core.routing import RememberedRoutingMiddleware
from core.views import health_check, readiness_check

pytestmark = pytest.mark.django_db


def queries_to_serve(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, [query["sql"] for query in queries]


def routed(path, view=serve):
    """A request for `path` as the middleware leaves it for `view`."""
    request = RequestFactory().get(path)
    RememberedRoutingMiddleware(lambda request: None).process_view(request, view, (), {})
    return request


@pytest.fixture
def course_page(home_page):
    from learning.models import CourseIndexPage

    library = home_page.add_child(instance=CourseIndexPage(title="课程", slug="courses"))
    library.save_revision().publish()
    section = library.add_child(instance=Page(title="大客户销售", slug="key-accounts"))
    section.save_revision().publish()
    return section


def test_a_page_is_found_again_without_walking_the_tree(learner_client, course_page):
    first, walked = queries_to_serve(learner_client, "/courses/key-accounts/")
    again, remembered = queries_to_serve(learner_client, "/courses/key-accounts/")
    assert first.status_code == again.status_code == 200
    assert again.content == first.content
    assert [sql for sql in remembered if '"wagtailcore_site"' in sql] == []
    # The site's root, the home page, the library and the page: each read on the way.
    assert len(walked) - len(remembered) >= 4


def test_an_unpublished_page_is_gone_at_once(client, course_page):
    assert client.get("/courses/key-accounts/").status_code == 200
    course_page.unpublish()
    assert client.get("/courses/key-accounts/").status_code == 404


def test_a_page_moved_elsewhere_is_found_at_its_new_address(client, home_page, course_page):
    assert client.get("/courses/key-accounts/").status_code == 200
    course_page.move(home_page, pos="last-child")
    moved = client.get("/courses/key-accounts/", follow=True)
    assert moved.redirect_chain == [("/key-accounts/", 301)]  # Wagtail's redirect for a moved page
    assert "大客户销售" in moved.content.decode()


def test_another_page_published_at_a_remembered_address_is_the_one_served(client, home_page, course_page):
    assert client.get("/courses/key-accounts/").status_code == 200
    course_page.delete()
    replacement = Page.objects.get(slug="courses").add_child(instance=Page(title="大客户经营", slug="key-accounts"))
    replacement.save_revision().publish()
    assert "大客户经营" in client.get("/courses/key-accounts/").content.decode()


def test_a_new_root_page_for_the_site_is_served_at_once(client, home_page):
    landing = home_page.add_child(instance=Page(title="年度冲刺专题", slug="sprint"))
    landing.save_revision().publish()
    assert "年度冲刺专题" not in client.get("/").content.decode()
    site = Site.objects.get(is_default_site=True)
    site.root_page = landing
    site.save()
    assert "年度冲刺专题" in client.get("/").content.decode()


def test_a_deleted_site_is_not_remembered(client, home_page):
    client.get("/")
    Site.objects.all().delete()
    assert client.get("/").status_code == 404


def test_each_request_gets_a_site_and_a_page_of_its_own(client, course_page):
    client.get("/courses/key-accounts/")  # remembered from here on
    first, second = routed("/courses/key-accounts/"), routed("/courses/key-accounts/")
    assert first._wagtail_site == second._wagtail_site == Site.objects.get(is_default_site=True)
    assert first._wagtail_site is not second._wagtail_site
    assert first._wagtail_route_for_request.page == course_page
    assert first._wagtail_route_for_request.page is not second._wagtail_route_for_request.page
    first._wagtail_site.site_name = "改过的名字"
    first._wagtail_route_for_request.page.title = "改过的标题"
    third = routed("/courses/key-accounts/")
    assert third._wagtail_site.site_name != "改过的名字"
    assert third._wagtail_route_for_request.page.title == "大客户销售"


def test_the_health_checks_ask_neither_the_database_nor_the_cache(client, course_page, django_assert_num_queries):
    assert not hasattr(routed("/healthz", view=health_check), "_wagtail_site")
    assert not hasattr(routed("/readyz", view=readiness_check), "_wagtail_site")
    with django_assert_num_queries(0):
        assert client.get("/healthz").status_code == 200


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_publish_moves_the_generation_on_again_when_it_commits(home_page):
    """Another app server may read the old content between the publish and its commit,
    and remember it under the generation the publish moved on to; the commit moves on
    again."""
    page = home_page.add_child(instance=Page(title="草稿", slug="draft"))
    with transaction.atomic():
        page.save_revision().publish()
        during = related_generation()
    assert related_generation() > during


def test_a_site_found_while_another_thread_forgets_every_site_is_still_answered(home_page):
    """Another request's thread may drop the remembered sites (the content generation
    moved on, or too many hosts) between this one remembering its site and reading it
    back; the request must still get its site, not a KeyError and a 500."""
    from core import routing

    remembered = routing._remembered.current(related_generation())

    class ForgottenByAnotherThread(dict):
        def __setitem__(self, key, value):
            super().__setitem__(key, value)
            remembered.sites = {}

    remembered.sites = ForgottenByAnotherThread()
    site = Site.objects.get(is_default_site=True)
    values = routing.site_values_for(remembered, site.hostname, site.port)
    assert values is not None
    assert values[routing.SITE_FIELDS.index("id")] == site.pk
