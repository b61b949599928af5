"""Background work that keeps the index in step with the dictionary."""

from django_tasks import task
from modelsearch import index
from modelsearch.query import And, PlainText
from wagtail.models import Page

REINDEX_BATCH = 200


@task()
def reindex_pages_with_words(words):
    """Index again every page whose text holds all these words, as the dictionary cut
    them before an editor's change, so the new cut reaches pages written earlier."""
    query = And([PlainText(word) for word in words])
    page_ids = list(Page.objects.search(query, order_by_relevance=False).get_queryset().values_list("pk", flat=True))
    for start in range(0, len(page_ids), REINDEX_BATCH):
        for page in Page.objects.filter(pk__in=page_ids[start : start + REINDEX_BATCH]).specific():
            index.insert_or_update_object(page)
    return len(page_ids)
