"""A page's children are found from an index, however much lies below them; a page asks
for view restrictions only on a site that has some."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from core.tree import children_of

pytestmark = pytest.mark.django_db


def test_children_are_the_pages_one_level_down_in_tree_order(home_page):
    sections = [home_page.add_child(instance=Page(title=f"栏目{n}", slug=f"section-{n}")) for n in range(3)]
    for n in range(4):
        sections[1].add_child(instance=Page(title=f"内容{n}", slug=f"content-{n}"))
    assert list(children_of(Page.objects.all(), home_page).order_by("path")) == sections
    assert [page.title for page in children_of(Page.objects.all(), sections[1]).order_by("path")] == [
        "内容0",
        "内容1",
        "内容2",
        "内容3",
    ]
    assert not children_of(Page.objects.all(), sections[0]).exists()


def test_finding_children_reads_only_them_from_the_depth_and_path_index(home_page):
    # The home page's children, the main menu: with Wagtail's path index alone the
    # range held every page of the site.
    sql, params = children_of(Page.objects.all(), home_page).query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "core_page_depth_path (depth=? AND path>? AND path<?)" in plan
        else:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'core_page_depth_path'")
            assert "(depth, path)" in cursor.fetchone()[0]


def test_pages_read_no_view_restrictions_until_one_exists(learner_client, lesson_library, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    client = Client()  # a visitor; learner_client is the `client` fixture signed in
    learner_client.get(lesson_library.url)
    with CaptureQueriesContext(connection) as again:
        assert learner_client.get(lesson_library.url).status_code == 200
    assert not [query for query in again.captured_queries if "pageviewrestriction" in query["sql"]]
    assert client.get(lesson_library.url).status_code == 200  # now in the visitors' page cache

    restriction = PageViewRestriction.objects.create(page=lesson_library, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(lesson_library.url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert learner_client.get(lesson_library.url).status_code == 200

    restriction.delete()
    assert client.get(lesson_library.url).status_code == 200
