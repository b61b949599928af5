"""A page's children are found from an index, however much lies below them."""

import pytest
from django.db import connection
from wagtail.models import Page

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
