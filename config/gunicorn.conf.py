"""gunicorn settings for the app servers: `gunicorn -c config/gunicorn.conf.py config.wsgi`.

Command-line options (`--bind`, `--workers`) and gunicorn's own environment variables
(`WEB_CONCURRENCY`, `GUNICORN_CMD_ARGS`) override these. The README's "Deploying for
many users" says how many workers to run and why.
"""

import gc
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Sync workers close the connection after each response; threads let one worker keep
# connections from the proxy alive and wait on the database for one request while
# another renders.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Longer than the proxy's pause between a person's requests, so the proxy never reuses a
# connection the app server is closing at that moment.
keepalive = 75
# Load Django (and below, jieba's 65 MB dictionary) once in the master, so the workers
# share it instead of each building its own on the first search.
preload_app = True
# A worker that has served this many requests is replaced, so slow leaks cannot grow.
# Not fewer: a busy worker serves about 50 requests a second, and each replacement
# closes the connections it keeps alive (a request sent on one at that moment is reset)
# and starts a process that compiles every template again.
max_requests = 50_000
max_requests_jitter = 5_000
timeout = 60
graceful_timeout = 30
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"


def when_ready(server):
    """Runs in the master once the app is loaded, before any worker is forked."""
    from django.core.cache import caches
    from django.db import connections

    from core.search.segmentation import tokenizer

    tokenizer()
    # The workers must each open their own connections, never share the master's.
    connections.close_all()
    caches.close_all()
    # Objects that exist now are shared by every worker; keep the garbage collector from
    # touching them, which would copy their memory into each worker.
    gc.freeze()
