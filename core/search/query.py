"""From what a person typed to what the index is asked: words, then each word with
the synonyms editors gave it."""

from dataclasses import dataclass, field

from django.core.cache import cache
from modelsearch.query import And, Or, PlainText

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
        forms = [PlainText(form) for form in self._alternatives(word)]
        return forms[0] if len(forms) == 1 else Or(forms)

    def _word_query(self, word):
        forms = [PlainText(form) for form in self._alternatives(word)]
        if self.parts.get(word):
            forms.append(And([self._either(part) for part in self.parts[word]]))
        return forms[0] if len(forms) == 1 else Or(forms)

    @property
    def backend_query(self):
        if not self.words:
            return None
        queries = [self._word_query(word) for word in self.words]
        return queries[0] if len(queries) == 1 else And(queries)

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
    parts = {word: compound_parts(word) for word in words}
    known = {*words, *(part for word_parts in parts.values() for part in word_parts)}
    return ParsedQuery(
        words=words,
        synonyms={word: table[word] for word in known if word in table},
        parts={word: word_parts for word, word_parts in parts.items() if word_parts},
    )
