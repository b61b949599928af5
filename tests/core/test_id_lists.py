"""A long list of ids sent as one parameter selects exactly those rows."""

import pytest
from wagtail.models import Page

from core.id_lists import id_list

pytestmark = pytest.mark.django_db


def test_an_id_list_selects_the_pages_it_names_and_no_others(home_page):
    pages = [home_page.add_child(instance=Page(title=f"页面{n}", slug=f"page-{n}")) for n in range(3)]
    wanted = [pages[0].pk, pages[2].pk, 10**12]
    assert set(Page.objects.filter(pk__in=id_list(wanted)).values_list("pk", flat=True)) == {pages[0].pk, pages[2].pk}
    assert not Page.objects.filter(pk__in=id_list([])).exists()
    assert Page.objects.filter(pk__in=id_list(range(1, 3001))).count() == Page.objects.filter(pk__lte=3000).count()
