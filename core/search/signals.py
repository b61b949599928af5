"""When editors change the dictionary or the synonyms, every process reloads them and
the pages whose words they cut differently are indexed again, in the background."""

from django.db import transaction
from modelsearch import index
from modelsearch.tasks import insert_or_update_object_task

from core.search.query import forget_synonyms
from core.search.segmentation import dictionary_changed, query_words
from core.search.tasks import reindex_pages_with_words


def _terms_of(instance):
    term_list = getattr(instance, "term_list", None)
    return term_list() if term_list else [instance.term]


def search_words_edited(sender, instance, raw=False, **kwargs):
    if raw:
        # Loading a fixture or restoring a backup: the pages come with their index (or
        # `update_index` rebuilds it), so only tell the processes. Cutting each term
        # here would rebuild the tokenizer once per row.
        dictionary_changed()
        forget_synonyms()
        return
    # Cut with the dictionary as it was, to find the pages indexed with that cut.
    earlier_cuts = [words for words in map(query_words, _terms_of(instance)) if words]
    dictionary_changed()
    forget_synonyms()
    for words in earlier_cuts:
        transaction.on_commit(lambda words=words: reindex_pages_with_words.enqueue(words))


def page_published_with_its_relations(sender, instance, **kwargs):
    """Index a page again once publishing has saved its tags and other child rows.
    Wagtail's own indexing starts from the page's post_save, before those rows exist;
    where tasks run at once (development, tests) a new tag was never indexed."""
    if instance.specific_class in index.get_indexed_models():
        insert_or_update_object_task.enqueue(instance._meta.app_label, instance._meta.model_name, str(instance.pk))
