"""Help when nothing matches: a close spelling that finds something, and each word of
a longer query on its own."""

import difflib
from collections import Counter
from functools import lru_cache

from django.core.cache import cache
from taggit.models import Tag
from wagtail.contrib.search_promotions.models import Query

from core.search.query import parse_query
from core.search.segmentation import dictionary_terms, normalise, query_words, tokenizer_build
from home.search.content import MAX_RESULTS, count_matches, searchable_pages

# difflib similarity a "did you mean" needs. Half, because a one-character slip in a
# two-character Chinese word (客护 for 客户) scores exactly that; the suggestion is only
# offered when it finds something.
SPELLING_CUTOFF = 0.5
VOCABULARY_TITLES = 2000
# The vocabulary is a spelling aid: a title published since may wait this long to join
# it. Keyed on the content generation, it was thrown away by every publish and rebuilt
# by the next search that found nothing (about 110 ms on a large site).
VOCABULARY_CACHE_SECONDS = 600
VOCABULARY_CACHE_KEY = "search:vocabulary"


def vocabulary():
    """{word: weight} of what a query could have meant: words of recent titles (weighted
    by how often they occur), the dictionaries, synonyms, tags, and searches that found
    something. Cached for VOCABULARY_CACHE_SECONDS."""
    words = cache.get(VOCABULARY_CACHE_KEY)
    if words is None:
        words = Counter()
        # The newest pages by first publication, which Wagtail indexes: ordering by the
        # latest publication sorted every live page of a large site on each rebuild.
        titles = searchable_pages().order_by("-first_published_at").values_list("title", flat=True)
        build = tokenizer_build()
        for title in titles[:VOCABULARY_TITLES]:
            words.update(_title_words(title, build))
        known = [normalise(term) for term in dictionary_terms()]
        known += [normalise(name) for name in Tag.objects.values_list("name", flat=True)[:VOCABULARY_TITLES]]
        answered = Query.get_most_popular().filter(unanswered__isnull=True)
        known += list(answered.values_list("query_string", flat=True)[:200])
        words.update(word for word in known if word)
        words = dict(words)
        cache.set(VOCABULARY_CACHE_KEY, words, VOCABULARY_CACHE_SECONDS)
    return words


@lru_cache(maxsize=2 * VOCABULARY_TITLES)
def _title_words(title, tokenizer_build):
    """Segmenting the titles is most of a rebuild's time; titles seldom change, so each
    process keeps what it segmented with its current tokenizer, and a rebuild (when the
    vocabulary expires, or the cache server was emptied) segments only new titles."""
    return tuple(word for word in query_words(title) if len(word) > 1)


def closest(text, known):
    """The known word most like `text`: most similar first, then the one that starts
    the same way (a slip is more often late in a word), then the most common."""
    candidates = difflib.get_close_matches(text, known, n=10, cutoff=SPELLING_CUTOFF)
    if not candidates:
        return ""

    def likeness(word):
        ratio = round(difflib.SequenceMatcher(None, text, word).ratio(), 2)
        same_start = next(
            (i for i, (a, b) in enumerate(zip(text, word, strict=False)) if a != b), min(len(text), len(word))
        )
        return ratio, same_start, known[word]

    return max(candidates, key=likeness)


def did_you_mean(query, parsed):
    """A close spelling that would find something (客护 → 客户), or "" if none. A
    query of several words has each corrected on its own first: the known word closest
    to the whole query drops the others (客护 联络人 → 联络人, not 客户 联络人)."""
    known, typed = vocabulary(), normalise(query)

    def whole():
        return closest(typed, known)

    def word_by_word():
        return " ".join(closest(word, known) or word for word in parsed.words)

    # Each candidate is worked out only if the one before it found nothing.
    for candidate in (word_by_word, whole) if len(parsed.words) > 1 else (whole, word_by_word):
        spelling = candidate()
        new = spelling and spelling != typed and spelling.split() != parsed.words
        if new and count_matches(parse_query(spelling), limit=1):
            return spelling
    return ""


def related_searches(parsed):
    """When all the words together find nothing, each word alone might: offered as
    (word, results, whether there are more than MAX_RESULTS)."""
    if len(parsed.words) < 2:
        return []
    related = []
    for word in parsed.words:
        count = count_matches(parse_query(word))
        if count:
            related.append((word, count, count == MAX_RESULTS))
    return related
