"""Word segmentation for the search index and for queries.

Chinese has no spaces, so neither SQLite's FTS5 nor PostgreSQL's text search can find
客户 inside 为什么客户无缘无故就丢了. We cut text into words with jieba before it reaches
either database and join the words with spaces; both databases then see the same clean
tokens, which is what makes their results agree.

The dictionary is jieba's own, plus the telecom and sales terms in `dictionary.txt`,
plus the terms editors add in the admin (`core.SearchTerm`). Terms are matched in lower
case so "IPTV", "iptv" and "ＩＰＴＶ" are one word.
"""

import logging
import re
import threading
import time
import unicodedata
from pathlib import Path

import jieba
import snowballstemmer
from django.core.cache import cache
from django.db import connection

DICTIONARY_FILE = Path(__file__).with_name("dictionary.txt")
DICTIONARY_VERSION_KEY = "search:dictionary-version"
# How often a process asks the cache whether the dictionary changed. Indexing calls the
# tokenizer thousands of times a second; one cache round trip per call would dominate.
VERSION_CHECK_SECONDS = 1.0

# Words too common to help: they would make every AND query stricter without making
# it more precise. Kept short on purpose; 不 and 没 change meaning and stay.
STOP_WORDS = frozenset(
    [
        "的",
        "了",
        "地",
        "得",
        "着",
        "过",
        "是",
        "在",
        "和",
        "与",
        "及",
        "或",
        "就",
        "都",
        "也",
        "还",
        "把",
        "被",
        "让",
        "给",
        "很",
        "吗",
        "呢",
        "啊",
        "吧",
        "呀",
        "么",
        "之",
        "其",
        "这",
        "那",
        "这个",
        "那个",
        "一个",
        "有",
        "我",
        "你",
        "他",
        "她",
        "它",
        "我们",
        "你们",
        "他们",
        "什么",
        "怎么",
        "为什么",
        "如何",
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "be",
        "by",
        "with",
        "at",
        "as",
    ]
)

# A token is a run of letters, digits or 汉字; anything else separates tokens. Splitting
# on it ourselves, rather than leaving it to each database's tokenizer, keeps SQLite and
# PostgreSQL from disagreeing about "4.5" or "e-mail", and strips FTS operators and emoji.
WORD = re.compile(r"[^\W_]+")
# English words are indexed with their stem too, and queries ask for either, so
# "warehouse" finds "warehouses" and "selling" finds "sell". Short words and acronyms
# (IPTV, VPN, 5G) are left alone: stemming them only merges unrelated words.
ENGLISH_WORD = re.compile(r"[a-z]{4,}")
_stemmer = snowballstemmer.stemmer("english")

jieba.setLogLevel(logging.WARNING)

_lock = threading.Lock()
_tokenizer = None
_loaded_version = None
_version_checked_at = float("-inf")
# How many times this process has built its tokenizer (see tokenizer_build()).
_builds = 0


def normalise(text):
    """Full-width letters and digits folded to ASCII, then lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def dictionary_terms():
    """Every term the tokenizer keeps whole beyond jieba's own: the shipped file, then
    the editors' terms and synonyms, as written."""
    return [*_dictionary_file_terms(), *_editor_terms()]


def _dictionary_file_terms():
    for line in DICTIONARY_FILE.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            yield line.split()[0]


def _editor_terms():
    # Imported here: the backend loads this module while apps are still being set up.
    from core.models import SearchTerm, SynonymGroup

    # Pages can be indexed before core's tables exist (a first `migrate`).
    if SearchTerm._meta.db_table not in connection.introspection.table_names():
        return
    yield from SearchTerm.objects.values_list("term", flat=True)
    # Synonyms are words too: 集团客户 must stay whole to be swapped for 集客.
    for group in SynonymGroup.objects.all():
        yield from group.term_list()


def dictionary_version():
    return cache.get(DICTIONARY_VERSION_KEY, 0)


def dictionary_changed():
    """Tell every process to reload the dictionary: this one at once, others within
    VERSION_CHECK_SECONDS."""
    global _version_checked_at
    try:
        cache.incr(DICTIONARY_VERSION_KEY)
    except ValueError:
        cache.set(DICTIONARY_VERSION_KEY, 1, timeout=None)
    _version_checked_at = float("-inf")


def _build_tokenizer():
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for term in dictionary_terms():
        # No frequency given: jieba works out one high enough to keep the term whole.
        tokenizer.add_word(normalise(term).strip())
    return tokenizer


def tokenizer():
    """The shared jieba tokenizer, rebuilt when an editor has changed the dictionary."""
    global _tokenizer, _loaded_version, _version_checked_at, _builds
    now = time.monotonic()
    if _tokenizer is not None and now - _version_checked_at < VERSION_CHECK_SECONDS:
        return _tokenizer
    version = dictionary_version()
    with _lock:
        if _tokenizer is None or version != _loaded_version:
            _tokenizer = _build_tokenizer()
            _loaded_version = version
            _builds += 1
        _version_checked_at = now
    return _tokenizer


def tokenizer_build():
    """A number that changes whenever this process rebuilds its tokenizer, for keeping
    what it segmented: text cut by an earlier tokenizer may be cut differently now. (The
    dictionary's version starts again at 0 when the cache server is emptied, so it
    cannot tell two tokenizers apart.)"""
    tokenizer()
    return _builds


def _words(pieces):
    for piece in pieces:
        yield from WORD.findall(piece)


def stem(word):
    """The English stem of `word`, or None when it has none of its own (Chinese, an
    acronym, a short word, or a word that is its own stem)."""
    if not ENGLISH_WORD.fullmatch(word):
        return None
    stemmed = _stemmer.stemWord(word)
    return stemmed if stemmed != word else None


def index_token(word):
    """The token to look for a query word by: an English word by its stem, which the
    index holds beside every form of it."""
    return stem(word) or word


def index_words(text):
    """Every word of the text for the index: jieba's search mode also emits the shorter
    words inside long ones (集团客户 gives 集团, 客户 and 集团客户), so a query for
    any of them finds it; an English word is followed by its stem."""
    words = []
    for word in _words(tokenizer().cut_for_search(normalise(text))):
        if word in STOP_WORDS:
            continue
        words.append(word)
        stemmed = stem(word)
        if stemmed:
            words.append(stemmed)
    return words


def index_text(text):
    return " ".join(index_words(text))


def query_words(text):
    """The words to look for, in order, without repeats or stop words (the index has
    none of those either)."""
    words = dict.fromkeys(_words(tokenizer().cut(normalise(text))))
    return [word for word in words if word not in STOP_WORDS]


def compound_parts(word):
    """The shorter dictionary words that spell out `word` (客户流失 → 客户, 流失), or []
    when it is not such a compound. A page can say 客户 … 流失 without the compound,
    or have been indexed before an editor added it to the dictionary."""
    pieces = {piece for piece in tokenizer().cut_for_search(word) if piece != word and len(piece) > 1}
    parts, position = [], 0
    while position < len(word):
        match = max((piece for piece in pieces if word.startswith(piece, position)), key=len, default=None)
        if match is None:
            return []
        parts.append(match)
        position += len(match)
    return parts if len(parts) > 1 else []
