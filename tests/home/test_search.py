import pytest
from django.urls import reverse

from tests.conftest import EN

pytestmark = pytest.mark.django_db


def test_empty_search_invites_a_query(client, home_page):
    html = client.get(reverse("search")).content.decode()
    assert "您想找什么？" in html
    assert "找到" not in html


def test_search_finds_published_pages_by_title(client, home_page):
    home_page.title = "Sales Academy"
    home_page.save_revision().publish()
    response = client.get(reverse("search"), {"q": "academy"}, **EN)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 result for “academy”" in html
    assert 'href="/"' in html


def test_search_without_results_says_so_and_keeps_the_query(client, home_page):
    html = client.get(reverse("search"), {"q": "zzzz-nothing"}, **EN).content.decode()
    assert "Nothing matches “zzzz-nothing” yet." in html
    assert 'value="zzzz-nothing"' in html


@pytest.mark.parametrize("page_number", ["abc", "-1", "99999", "1.5", ""])
def test_junk_page_numbers_never_break_search(client, home_page, page_number):
    response = client.get(reverse("search"), {"q": "效能", "page": page_number})
    assert response.status_code == 200


def test_search_escapes_the_query(client, home_page):
    html = client.get(reverse("search"), {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_overlong_queries_are_cut_not_rejected(client, home_page):
    response = client.get(reverse("search"), {"q": "客" * 5000})
    assert response.status_code == 200
    assert response.context["search_query"] == "客" * 200
