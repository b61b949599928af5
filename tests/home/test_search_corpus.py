"""The fixed query set against the fixed corpus. CI runs this file on SQLite and on
PostgreSQL; the same expectations on both are what "the same results" means."""

import pytest

from home.search.results import search
from tests.home.conftest import found_keys, fresh_pages
from tests.home.search_corpus import DOCUMENTS, QUERIES

pytestmark = [pytest.mark.django_db, pytest.mark.search_index]


@pytest.fixture
def corpus(db, shared_corpus):
    return fresh_pages(shared_corpus[1])


@pytest.mark.parametrize(("query", "expected", "exercises"), QUERIES, ids=[query for query, _e, _x in QUERIES])
def test_query_finds_exactly_the_expected_pages(corpus, corpus_titles, query, expected, exercises):
    outcome = search(query=query, params={})
    assert found_keys(corpus_titles, outcome) == expected, exercises
    assert outcome.total == len(expected)


def test_every_document_is_found_by_its_own_title(corpus, corpus_titles):
    for key, _kind, title, _text in DOCUMENTS:
        assert key in found_keys(corpus_titles, search(query=title, params={})), title


def test_a_title_word_ranks_above_a_body_mention(corpus, corpus_titles):
    # 联络人 is in the title of "contact" and only in the text of "decider".
    outcome = search(query="联络人", params={})
    assert corpus_titles[outcome.results[0].page.pk] == "contact"
