"""Rebuilding the whole search index on every core.

Reading pages and cutting their text into words is nearly all of a rebuild's time, and
one process uses one core. Here worker processes each prepare a batch of objects (read,
segment, build the index rows) while this process writes the rows they hand back, in
the order of the objects' ids, inside the rebuild's own transaction.

The workers are forked before this process opens a database connection or a
transaction, so each opens its own and none shares a socket or a lock with another.
They read committed data only: a rebuild inside a transaction that holds uncommitted
pages (a test's) prepares in this process instead.
"""

import multiprocessing
import os
from multiprocessing.util import Finalize

from django.apps import apps
from django.db import connections
from modelsearch.backends import get_search_backend

from core.search.segmentation import tokenizer

# Objects per task: large enough that a worker's connection and query per batch cost
# little, small enough that every worker has work until the end.
BATCH_SIZE = 500


def default_workers():
    return os.cpu_count() or 1


def prepared_batch(backend, model, pks):
    """The index rows of the objects `pks` of `model`, in id order."""
    objects = model.get_indexed_objects().filter(pk__in=pks).order_by("pk")
    return backend.get_index_for_model(model).prepared_rows(model, objects)


# A worker's own state, set once when it starts (`_start_worker`): the search backend,
# and the connections it found open, kept referenced so nothing ever closes them here.
_worker_backend = None
_inherited_connections = []


def _start_worker(backend_name):
    """Set aside every server connection this worker inherited, untouched. This process
    closed its own before forking, but one opened in another context (a greenlet, as
    Playwright's tests run in) is still there; closing it here would end the parent's
    session on the server, using it would interleave two processes on one socket.
    SQLite's are files: an in-memory test database is only reachable through the one
    the worker inherited, a copy of the parent's at the fork."""
    global _worker_backend
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None and connection.vendor != "sqlite":
            _inherited_connections.append(connection.connection)
            connection.connection = None
    _worker_backend = get_search_backend(backend_name)
    # The worker's own connection serves every batch it prepares and is closed when the
    # pool ends, rather than dropped without a goodbye.
    Finalize(None, connections.close_all, exitpriority=10)


def _prepare_in_worker(task):
    model_label, pks = task
    return prepared_batch(_worker_backend, apps.get_model(model_label), pks)


def _batches(pks):
    return [pks[start : start + BATCH_SIZE] for start in range(0, len(pks), BATCH_SIZE)]


class Preparer:
    """Prepares batches of objects for the index, on `workers` processes when there is
    more than one and the data is committed, otherwise in this process. Use it as a
    context manager, opened before the rebuild's transaction."""

    def __init__(self, backend_name, *, workers):
        self.backend_name = backend_name
        self.workers = workers
        self.pool = None

    def __enter__(self):
        if self.workers > 1 and not any(connection.in_atomic_block for connection in connections.all()):
            # Load the dictionary once, here, so every worker shares it instead of each
            # reading it; then fork with nothing open.
            tokenizer()
            connections.close_all()
            self.pool = multiprocessing.get_context("fork").Pool(
                self.workers, initializer=_start_worker, initargs=(self.backend_name,)
            )
        return self

    def __exit__(self, *exc_info):
        if self.pool is None:
            return
        if exc_info[0] is None:
            self.pool.close()
        else:
            self.pool.terminate()
        self.pool.join()

    def prepared(self, backend, model):
        """The index rows of every indexed `model` object, batch by batch, in id order."""
        pks = list(model.get_indexed_objects().order_by("pk").values_list("pk", flat=True))
        if self.pool is None:
            for batch in _batches(pks):
                yield prepared_batch(backend, model, batch)
            return
        tasks = [(model._meta.label, batch) for batch in _batches(pks)]
        yield from self.pool.imap(_prepare_in_worker, tasks)
