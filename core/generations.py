"""A number in the cache that moves on whenever certain rows change, for keys of what is
derived from those rows: a reader builds its key with the current number, so the first
read after a change misses and computes afresh, and old entries simply expire.

For data that many pages read and few changes touch: the published content
(core.related), the competency model, who may do what."""

import contextlib
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

_MISSING = object()


def kept(key, compute, *, seconds):
    """`compute()`, kept in the cache under `key` for `seconds`; None is kept too (a page
    with no stewardship, a page in nobody's plan)."""
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, seconds)
    return value


class Generation:
    def __init__(self, key, *, on_move=None):
        self.key = key
        # Called as the number moves on: for a reader that holds the number (a request
        # that read it once) and must read it again.
        self.on_move = on_move

    def current(self):
        # A number no earlier generation had: after the cache is emptied, what anyone
        # keeps under an old number never looks current again. While the cache server
        # is unreachable every read gets a new one, so nothing computed then is trusted
        # later.
        return cache.get_or_set(self.key, time.time_ns, None)

    def keep(self, name, compute, *, seconds):
        """`compute()`, kept under `name` and the current number for `seconds`: the
        first read after a change computes afresh. `name` carries whatever else the
        value depends on (a person, the language, the shape of what is kept)."""
        return kept(f"{name}:{self.current()}", compute, seconds=seconds)

    def move_on(self, **signal_arguments):
        self._increment()
        # A request on another connection may read the old rows before this commit and
        # store what it derived under the new number; once more after the commit drops
        # that.
        if transaction.get_connection().in_atomic_block:
            transaction.on_commit(self._increment)

    def follow(self, *models, relations=()):
        """Move on whenever a row of `models` is saved or deleted, or a many-to-many
        `relations` (their `through` models) changes."""
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(self.move_on, sender=model, weak=False, dispatch_uid=f"{self.key}:{signal}:{model}")
        for relation in relations:
            m2m_changed.connect(self.move_on, sender=relation, weak=False, dispatch_uid=f"{self.key}:m2m:{relation}")

    def _increment(self):
        if self.on_move is not None:
            self.on_move()
        # Gone (evicted, or the cache emptied): the next read starts a new number.
        with contextlib.suppress(ValueError):
            cache.incr(self.key)


class PersonGeneration:
    """A number per person that moves on whenever one of that person's rows changes,
    for what is derived from their own rows (their plan, progress, levels): one
    learner's progress leaves everyone else's kept pages alone, where a Generation
    would move on for all.

    Saves and deletes of followed models move their owners on. A bulk write sends no
    signal, so the service that makes it moves the people it touched (`move_on`);
    the signed-in person's own successful writes move them on too
    (core.person_generation), and `keep` takes a lifetime as the backstop."""

    def __init__(self, key):
        self.key = key

    def current(self, person_id):
        return cache.get_or_set(f"{self.key}:{person_id}", time.time_ns, None)

    def keep(self, person_id, name, compute, *, seconds):
        """`compute()`, kept under `name`, the person and their current number."""
        return kept(f"{name}:{person_id}:{self.current(person_id)}", compute, seconds=seconds)

    def move_on(self, person_ids):
        # A forgotten number is followed by a new one (current() starts from the
        # clock), which no earlier generation had: one round trip for a whole team.
        keys = [f"{self.key}:{person_id}" for person_id in set(person_ids) if person_id]
        if not keys:
            return
        cache.delete_many(keys)
        if transaction.get_connection().in_atomic_block:
            # As Generation.move_on: a reader may keep the old rows under the new
            # number before this commit.
            transaction.on_commit(lambda: cache.delete_many(keys))

    def follow(self, model, *, people=lambda row: [row.user_id]):
        """Move on `people(row)` (person ids) whenever a row of `model` is saved or
        deleted."""

        def moved(instance, **signal_arguments):
            self.move_on(people(instance))

        # Two apps may follow one model for different people (a vote moves on the voter
        # and the voted page's author): one connection each.
        follower = f"{people.__module__}.{people.__qualname__}"
        for signal in (post_save, post_delete):
            signal.connect(moved, sender=model, weak=False, dispatch_uid=f"{self.key}:{signal}:{model}:{follower}")
