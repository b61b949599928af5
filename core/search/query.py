"""From what a person typed to what the index is asked: words, then each word with
the synonyms editors gave it."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.core.cache import cache
from modelsearch.query import And, Or, Phrase, PlainText

from core.search.ranking import Group, RankPlan
from core.search.segmentation import compound_parts, normalise, query_words

SYNONYMS_CACHE_KEY = "search:synonyms"
# Longer input is cut here: no one types more into a search box, and every extra word
# makes the query costlier.
MAX_QUERY_LENGTH = 100


def clean_query(raw):
    """The query as shown back to the person: trimmed, single-spaced, bounded, and
    None when nothing is left."""
    text = " ".join((raw or "").split())[:MAX_QUERY_LENGTH].strip()
    return text or None


def synonym_table():
    """Each known word, normalised, mapped to the other words of its synonym groups."""
    table = cache.get(SYNONYMS_CACHE_KEY)
    if table is None:
        from core.models import SynonymGroup

        table = {}
        for group in SynonymGroup.objects.all():
            words = [normalise(word) for word in group.term_list()]
            for word in words:
                table.setdefault(word, []).extend(other for other in words if other != word)
        table = {word: list(dict.fromkeys(others)) for word, others in table.items()}
        cache.set(SYNONYMS_CACHE_KEY, table, timeout=None)
    return table


def forget_synonyms():
    cache.delete(SYNONYMS_CACHE_KEY)


def form_query(text):
    """The backend query for one form of a word: a single word, or a phrase for a term
    of several words ("decision maker"). The backend looks each word up as the index
    holds it (`core.search.backends.segmented`)."""
    tokens = query_words(text)
    if not tokens:
        return None
    return PlainText(tokens[0]) if len(tokens) == 1 else Phrase(" ".join(tokens))


@lru_cache(maxsize=4)
def _multi_word_terms(terms):
    """Each synonym term of several words as the words a query would have, longest
    first. Kept per set of terms: cutting them is the same for every search."""
    return tuple(sorted((query_words(term) for term in terms), key=len, reverse=True))


def join_terms(words, table):
    """The query's words with each run that spells a synonym term of several words
    ("decision", "maker") joined into that term, so its synonyms apply."""
    terms = _multi_word_terms(tuple(sorted(term for term in table if " " in term)))
    joined, position = [], 0
    while position < len(words):
        term = next((t for t in terms if len(t) > 1 and words[position : position + len(t)] == t), None)
        joined.append(" ".join(term) if term else words[position])
        position += len(term) if term else 1
    return joined


def _one_of(queries):
    queries = [query for query in queries if query is not None]
    return queries[0] if len(queries) == 1 else Or(queries)


@dataclass
class ParsedQuery:
    """A query's words, what each may be replaced with, and the search backend query
    (None when no word is left, as for "？？？" or a row of emoji).

    Every word must match, each in one of its forms: itself, a synonym, or all the
    parts of a compound (each part with its own synonyms)."""

    words: list = field(default_factory=list)
    synonyms: dict = field(default_factory=dict)
    parts: dict = field(default_factory=dict)

    def _alternatives(self, word):
        return [word, *self.synonyms.get(word, ())]

    def _either(self, word):
        return _one_of(form_query(form) for form in self._alternatives(word))

    def _word_query(self, word):
        forms = [form_query(form) for form in self._alternatives(word)]
        if self.parts.get(word):
            forms.append(And([self._either(part) for part in self.parts[word]]))
        return _one_of(forms)

    @property
    def backend_query(self):
        if not self.words:
            return None
        queries = [self._word_query(word) for word in self.words]
        return queries[0] if len(queries) == 1 else And(queries)

    @property
    def rank_plan(self):
        """What ranking weighs (`core.search.ranking`): each word with every form that
        matches it, and the word as typed."""
        if not self.words:
            return None
        groups = tuple(Group(word=word, match=self._word_query(word), literal=form_query(word)) for word in self.words)
        return RankPlan(groups=groups)

    @property
    def highlight_words(self):
        """Every word worth marking in a result, longest first so 集团客户 is marked
        whole rather than as 集团 and 客户."""
        words = set()
        for word in self.words:
            for part in (word, *self.parts.get(word, ())):
                words.update(self._alternatives(part))
        return sorted(words, key=len, reverse=True)


def parse_query(text):
    words = query_words(text or "")
    if not words:
        return ParsedQuery()
    table = synonym_table()
    words = join_terms(words, table)
    parts = {word: compound_parts(word) for word in words if " " not in word}
    known = {*words, *(part for word_parts in parts.values() for part in word_parts)}
    return ParsedQuery(
        words=words,
        synonyms={word: table[word] for word in known if word in table},
        parts={word: word_parts for word, word_parts in parts.items() if word_parts},
    )
