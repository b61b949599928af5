"""How search ranks: one rule that SQLite and PostgreSQL evaluate alike.

Neither database's own relevance function is used. FTS5's bm25 and PostgreSQL's
ts_rank disagree with each other, and modelsearch combined them in ways that put the
best matches of a multi-word query last. Instead each database answers the same yes/no
questions about every match, and the score is their weighted sum in whole numbers, so
both order results the same way and an editor can be shown why a page ranks where it
does (`Signals.parts`):

- HEADING for each word of the query found in the title or a tag, in any of its forms;
- LITERAL for each word found as typed (or its English stem), not only through a
  synonym or the parts of a compound scattered apart (a word that has no other form
  scores nothing here: every match has it as typed);
- NEAR for each two consecutive words of the query found within NEAR_SPAN words of
  each other in one field, which is how a phrase outranks its words far apart.

Pages with equal scores: more helpful votes first, then the most recently published,
then the newest. Pages marked obsolete come after every current one. Both databases
read that order from the number each index entry stores (`core.search.rank_keys`).

Each backend renders the plan in its own syntax (`sqlite_backend`, `postgres_backend`);
this module holds what is common: the plan, the weights, the SQL around the signals,
and reading the rows back.
"""

from dataclasses import dataclass
from functools import cached_property
from itertools import combinations, pairwise

from django.db import connection
from django.utils.translation import gettext as _
from modelsearch.query import And, Or, Phrase, PlainText

from core.search.rank_keys import OBSOLETE_BIT, decode

HEADING = 4
LITERAL = 2
NEAR = 1
NEAR_SPAN = 3
# A longer query must match all its words but is ranked on its first few: each signal
# is one more question asked of every match.
MAX_RANKED_WORDS = 6


@dataclass(frozen=True)
class Group:
    """One word of the query: `match` finds it in any form, `literal` only as typed."""

    word: str
    match: object
    literal: object

    @property
    def has_alternatives(self):
        """Whether the word can match other than as typed (a synonym, its parts)."""
        return shape(self.literal) != shape(self.match)


@dataclass(frozen=True)
class RankPlan:
    """What a query asks of the index: every group must match; the signals rank."""

    groups: tuple
    # The last word may be the start of a longer one (the header box's suggestions).
    prefix: bool = False

    @property
    def match(self):
        queries = [group.match for group in self.groups]
        return queries[0] if len(queries) == 1 else And(queries)

    @property
    def ranked_groups(self):
        return self.groups[:MAX_RANKED_WORDS]

    @property
    def pairs(self):
        """Consecutive single words of the query, whose closeness is a signal."""
        tokens = [single_token(group.literal) for group in self.ranked_groups]
        return [(a, b) for a, b in pairwise(tokens) if a and b and a != b]


def single_token(query):
    if isinstance(query, PlainText) and len(query.query_string.split()) == 1:
        return query.query_string
    return None


def rankable(query):
    """Whether the query is words, phrases, and ANDs and ORs of them: what the ranking
    handles. Anything else (match everything, NOT, boosts) is left to modelsearch."""
    if isinstance(query, (PlainText, Phrase)):
        return True
    if isinstance(query, (And, Or)):
        return all(rankable(sub) for sub in query.subqueries)
    return False


def plan_for(query, *, prefix=False):
    """A plan for a backend query built elsewhere (Wagtail's admin search, already
    segmented): each word of an AND is a group, taken literally. None when the query
    is not `rankable`."""
    if not rankable(query):
        return None
    if isinstance(query, PlainText) and query.operator == "and":
        groups = [PlainText(word) for word in query.query_string.split()]
    elif isinstance(query, And):
        groups = list(query.subqueries)
    else:
        groups = [query]
    return RankPlan(
        groups=tuple(Group(word=_label(group), match=group, literal=group) for group in groups), prefix=prefix
    )


def _label(query):
    if isinstance(query, (PlainText, Phrase)):
        return query.query_string
    return " / ".join(_label(sub) for sub in getattr(query, "subqueries", ()))


def leaves(query):
    """The query as a tree of And / Or over single words and phrases, which is all
    either backend has to render."""
    if isinstance(query, PlainText):
        words = [PlainText(word) for word in query.query_string.split()]
        if len(words) == 1:
            return words[0]
        return And(words) if query.operator == "and" else Or(words)
    if isinstance(query, (And, Or)):
        return type(query)([leaves(sub) for sub in query.subqueries])
    return query


def shape(query):
    """The query as nested tuples, equal for queries that ask the same: modelsearch's
    query objects compare by identity, so two equal queries built apart never did."""
    query = leaves(query)
    if isinstance(query, (PlainText, Phrase)):
        return (type(query).__name__, query.query_string)
    return (type(query).__name__, tuple(shape(sub) for sub in query.subqueries))


def render(query, *, word, combine, prefix=False):
    """The query in a backend's syntax: `word(query, prefix)` for each word or phrase,
    `combine(is_and, parts)` for each AND / OR. Only the last word of the query may be
    a prefix."""
    query = leaves(query)
    if isinstance(query, (PlainText, Phrase)):
        return word(query, prefix)
    subqueries = list(query.subqueries)
    parts = [render(sub, word=word, combine=combine) for sub in subqueries[:-1]]
    parts.append(render(subqueries[-1], word=word, combine=combine, prefix=prefix))
    return combine(isinstance(query, And), parts)


@dataclass
class Signals:
    """One match and the answers that rank it."""

    object_id: str
    heading: tuple
    literal: tuple
    near: tuple
    helpful: int
    published: object
    demoted: bool
    # The standing among equal scores as the index entry stores it (its rank_key).
    standing_key: object = None

    @cached_property
    def score(self):
        return HEADING * sum(self.heading) + LITERAL * sum(self.literal) + NEAR * sum(self.near)

    def parts(self, plan):
        """(what was found, points) for each signal that scored, for the explain view."""
        found = []
        for group, in_heading, as_typed in zip(plan.ranked_groups, self.heading, self.literal, strict=False):
            if in_heading:
                found.append((_("“%(word)s” in the title or a tag") % {"word": group.word}, HEADING))
            if as_typed:
                found.append((_("“%(word)s” as typed") % {"word": group.word}, LITERAL))
        for (first, second), close in zip(plan.pairs, self.near, strict=False):
            if close:
                found.append((_("“%(first)s” near “%(second)s”") % {"first": first, "second": second}, NEAR))
        return found


class RankedSearch:
    """The ranking query for one plan. A backend subclass says how its database asks
    whether a page matches (`match_sql`) and each yes/no question (`heading_sql`,
    `literal_sql`, `near_sql`), and how an entry's text object id becomes a page id (`page_id_sql`)."""

    # Beyond these, the matches that score more than a bar are too many combinations of
    # answers to ask for in one query (`ways_to_beat`).
    MOST_SIGNALS_COMBINED = 10
    MOST_WAYS = 16

    def __init__(self, plan, *, content_type_ids, columns=("title", "body"), heading="title"):
        self.plan = plan
        self.content_type_ids = list(content_type_ids)
        # The index columns a match may be in, and the one that is the heading.
        self.columns = columns
        self.heading = heading

    def from_sql(self):
        raise NotImplementedError

    def match_sql(self, query):
        raise NotImplementedError

    def match_in_order_sql(self, query):
        """`match_sql` for matches read one after another in order of standing, each
        checked as it is read: the same unless a backend checks a row faster another way."""
        return self.match_sql(query)

    def heading_sql(self, query):
        raise NotImplementedError

    def literal_sql(self, query):
        raise NotImplementedError

    def near_sql(self, first, second):
        raise NotImplementedError

    def page_id_sql(self):
        """The index entry's object id as a number, to join the page table."""
        raise NotImplementedError

    def weighted_signals(self):
        """[(SQL, parameters, weight)] of each yes/no question, in column order."""
        signals = []
        for group in self.plan.ranked_groups:
            signals.append((*self.heading_sql(group.match), HEADING))
            signals.append((*self._literal(group), LITERAL))
        for first, second in self.plan.pairs:
            signals.append((*self.near_sql(first, second), NEAR))
        return signals

    def ways_to_beat(self, signals, score):
        """The smallest sets of `signals` ((SQL, parameters, weight) each, as
        `weighted_signals` gives them) whose weights add up to more than `score`: a
        match must answer yes to all of one of them to beat it. None when there are too
        many to ask the database for."""
        if len(signals) > self.MOST_SIGNALS_COMBINED:
            return None
        ways = []
        for size in range(1, len(signals) + 1):
            for way in combinations(range(len(signals)), size):
                if sum(signals[index][2] for index in way) <= score:
                    continue
                if any(set(smaller) <= set(way) for smaller in ways):
                    continue
                ways.append(way)
                if len(ways) > self.MOST_WAYS:
                    return None
        return [[signals[index] for index in way] for way in ways]

    def _literal(self, group):
        # A word with no synonym and no parts is found as typed by every match: the
        # signal would tell them nothing apart, and an explanation would list it for each.
        if not group.has_alternatives:
            return "FALSE", []
        return self.literal_sql(group.literal)

    def _match_where(self, condition=("", []), match=None):
        """(conditions, parameters) of a match of the plan (or of `match`, its SQL and
        parameters), which also meets `condition` (SQL, parameters) if one is given."""
        match_sql, params = match or self.match_sql(self.plan.match)
        where = [match_sql, f"e.content_type_id IN ({', '.join(['%s'] * len(self.content_type_ids))})"]
        params = params + self.content_type_ids
        if condition[0]:
            where.append(condition[0])
            params += condition[1]
        return where, params

    def _page_join(self):
        from wagtail.models import Page

        return f"JOIN {Page._meta.db_table} p ON p.id = {self.page_id_sql()}"

    def live_page_ids_sql(self, *, limit=None):
        """(SQL, parameters) for the ids of live pages that match, unranked and at
        most `limit` of them: to ask whether anything matches, or how many, without
        scoring every match. The database stops at the limit."""
        where, params = self._match_where()
        sql = f"SELECT p.id FROM {self.from_sql()} {self._page_join()} WHERE {' AND '.join(where)} AND p.live"
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        return sql, params

    def standing_sql(self):
        """(the columns saying how a match stands among equal scores, the order of equal
        scores): its entry's rank_key, then the newest object."""
        columns = ["e.rank_key AS rank_key", f"e.rank_key >> {OBSOLETE_BIT} AS demoted"]
        return columns, "rank_key, LENGTH(object_id) DESC, object_id DESC"

    def query(self, *, limit=None, object_id=None, ranked=True, condition=("", [])):
        """(SQL, parameters) of the matches with their signals: best first, or with
        `ranked` False in the order of their standing alone. `condition`: (SQL,
        parameters) that a match must also meet."""
        signals = self.weighted_signals()
        selected = [f"CASE WHEN {sql} THEN 1 ELSE 0 END AS s{index}" for index, (sql, _p, _w) in enumerate(signals)]
        params = [param for _sql, signal_params, _weight in signals for param in signal_params]
        standing_columns, standing_order = self.standing_sql()
        selected += standing_columns
        match = None if ranked else self.match_in_order_sql(self.plan.match)
        where, match_params = self._match_where(condition, match)
        params += match_params
        if object_id is not None:
            where.append("e.object_id = %s")
            params.append(str(object_id))
        score = " + ".join(f"{weight} * s{index}" for index, (_sql, _p, weight) in enumerate(signals)) or "0"
        order = f"demoted, {score} DESC, {standing_order}" if ranked else standing_order
        sql = (
            f"SELECT * FROM (SELECT e.object_id, {', '.join(selected)} FROM {self.from_sql()} "
            f"WHERE {' AND '.join(where)}) ranked ORDER BY {order}"
        )
        if limit is not None:
            sql += " LIMIT %s"
            params.append(limit)
        return sql, params

    def rows(self, *, limit=None, object_id=None):
        return self.fetch(*self.query(limit=limit, object_id=object_id))

    def fetch(self, sql, params):
        groups = len(self.plan.ranked_groups)
        signals = 1 + 2 * groups + len(self.plan.pairs)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [self._read(row, groups, signals) for row in cursor.fetchall()]

    def _read(self, row, groups, signals):
        flags = [bool(value) for value in row[1:signals]]
        obsolete, helpful, published = decode(row[signals])
        return Signals(
            object_id=row[0],
            heading=tuple(flags[0 : 2 * groups : 2]),
            literal=tuple(flags[1 : 2 * groups : 2]),
            near=tuple(flags[2 * groups :]),
            helpful=helpful,
            published=published,
            demoted=obsolete,
            standing_key=row[signals],
        )
