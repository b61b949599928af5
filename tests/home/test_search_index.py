"""The index follows the content: publishing, unpublishing, moving and deleting show in
search at once, editors' dictionary and synonym changes reach pages written earlier,
and `update_index` rebuilds it all."""

import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from modelsearch.query import PlainText
from wagtail.models import Page, PageViewRestriction
from wagtail.search.models import IndexEntry

from core.models import SearchTerm, SynonymGroup
from core.search import rebuild
from home.search.results import search
from tests.home.conftest import make_page, publish_corpus

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


def titles(query):
    return {result.page.title for result in search(query=query, params={}).results}


def test_publishing_adds_a_page_and_unpublishing_removes_it(sections):
    page = make_page(sections, "case", "物联网卡批量开户", "给物流公司开通物联网卡", "iot")
    assert titles("物联网卡") == {"物联网卡批量开户"}
    page.title = "物联网卡续费提醒"
    page.save_revision().publish()
    assert titles("续费") == {"物联网卡续费提醒"}
    assert titles("开户") == set()
    page.unpublish()
    assert titles("物联网卡") == set()


def test_moving_a_page_under_a_private_section_hides_it(client, sections, home_page):
    page = make_page(sections, "case", "物联网卡批量开户", "物联网卡", "iot")
    private = sections["case"].copy(update_attrs={"title": "内部案例", "slug": "internal"})
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    suggest = reverse("search_suggestions")
    assert "物联网卡批量开户" in str(client.get(suggest, {"q": "物联网"}).json())
    page.move(private, pos="last-child")
    assert titles("物联网卡") == set()
    assert "物联网卡批量开户" not in str(client.get(suggest, {"q": "物联网"}).json())


def test_deleting_a_page_removes_it_from_the_index(sections):
    page = make_page(sections, "case", "物联网卡批量开户", "物联网卡", "iot")
    page_id = page.pk
    page.delete()
    assert titles("物联网卡") == set()
    assert not Page.objects.filter(pk=page_id).exists()
    assert not Page.objects.search(PlainText("物联网卡")).get_queryset().filter(pk=page_id).exists()


def indexed_words(page):
    """The words the index holds for the page, as the database stores them."""
    entry = IndexEntry.objects.get(object_id=str(page.pk), content_type__model=page._meta.model_name)
    text = (
        f"{entry.title_text} {entry.body_text}" if connection.vendor == "postgresql" else f"{entry.title} {entry.body}"
    )
    return set(text.split())


def test_a_dictionary_term_reaches_pages_indexed_before_it(sections, django_capture_on_commit_callbacks):
    page = make_page(sections, "case", "停用专线的信号", "客户提出停用专线前的三个月", "stop")
    # Before: jieba cuts 停用专线 into 停用 / 专线.
    assert {"停用", "专线"} <= indexed_words(page)
    assert "停用专线" not in indexed_words(page)
    with django_capture_on_commit_callbacks(execute=True):
        SearchTerm.objects.create(term="停用专线")
    assert "停用专线" in indexed_words(page)


def test_a_synonym_editors_add_applies_to_the_next_search(sections, django_capture_on_commit_callbacks):
    make_page(sections, "case", "机房断电", "客户机房停机两天", "outage")
    assert titles("宕机") == set()
    with django_capture_on_commit_callbacks(execute=True):
        SynonymGroup.objects.create(terms="停机, 宕机")
    assert titles("宕机") == {"机房断电"}


def test_update_index_rebuilds_the_segmented_index(sections):
    make_page(sections, "case", "智慧校园预算", "学校的信息化预算", "school")
    call_command("update_index", stdout=None, verbosity=0)
    assert titles("信息化 预算") == {"智慧校园预算"}


def test_editors_manage_synonyms_in_the_admin_and_mistakes_keep_their_input(client, editor):
    client.force_login(editor)
    add_url = reverse("wagtailsnippets_core_synonymgroup:add")
    response = client.post(add_url, {"terms": "只有一个词", "note": "说明"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "至少输入两个词" in html
    assert "只有一个词" in html and "说明" in html
    response = client.post(add_url, {"terms": "宕机，停机、 断网", "note": ""})
    assert response.status_code == 302
    assert SynonymGroup.objects.filter(terms="宕机, 停机, 断网").exists()


def test_editors_add_dictionary_terms_and_symbols_alone_are_refused(client, editor):
    client.force_login(editor)
    add_url = reverse("wagtailsnippets_core_searchterm:add")
    response = client.post(add_url, {"term": "？？", "note": ""})
    assert "至少要有一个字母、数字或汉字" in response.content.decode()
    assert client.post(add_url, {"term": "云专线", "note": ""}).status_code == 302


def test_learners_cannot_edit_search_words(client, learner):
    client.force_login(learner)
    response = client.get(reverse("wagtailsnippets_core_synonymgroup:list"))
    assert response.status_code in (302, 403)


# Committed for real: the worker checks its database connection between tasks, and
# would close one held open by a test's transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_with_the_production_queue_publishing_leaves_indexing_to_the_worker(sections):
    make_page(sections, "case", "物联网卡批量开户", "给物流公司开通物联网卡", "iot")
    # The editor's request ends here; the page is not searchable until the worker runs.
    assert titles("物联网卡") == set()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert titles("物联网卡") == {"物联网卡批量开户"}


def index_entries():
    columns = ["content_type_id", "object_id", "title", "autocomplete", "body"]
    if connection.vendor == "postgresql":
        columns += ["title_text", "body_text"]
    return sorted(IndexEntry.objects.values_list(*columns))


# Committed for real: the rebuild's worker processes read the pages through their own
# database connections.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rebuild_on_several_processes_writes_the_index_publishing_wrote(sections, tmp_path, monkeypatch):
    publish_corpus(sections)
    published = index_entries()
    IndexEntry.objects.all().delete()
    assert titles("高层拜访") == set()

    preparers = tmp_path / "pids"
    prepare = rebuild.prepared_batch

    def recorded(*args):
        with preparers.open("a") as record:
            record.write(f"{os.getpid()}\n")
        return prepare(*args)

    monkeypatch.setattr(rebuild, "prepared_batch", recorded)
    call_command("update_index", "--workers=2", stdout=StringIO())

    assert set(published) <= set(index_entries())
    assert titles("高层拜访") == {"察觉流失的早期信号"}
    pids = set(preparers.read_text().split())
    assert pids and str(os.getpid()) not in pids
