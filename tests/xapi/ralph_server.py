"""Runs ralph's LRS (its own FastAPI app, unchanged) on the file-system backend, which
needs no database server. Run by .venv-lrs's Python, never imported by the suite.

One setting differs from `ralph runserver -b fs`: the backend appends statements to its
file. Out of the box (ralph 5.1.0) it creates the file on the first POST and answers
500 to every later one ("already exists and overwrite is not allowed"), which makes it
an LRS that stores one batch in its life. The database backends it offers
(Elasticsearch, MongoDB, ClickHouse) have no server on this machine.

Usage: python ralph_server.py HOST PORT DATA_FOLDER
"""

import os
import sys

host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = folder

import uvicorn  # noqa: E402
from ralph.backends.data.base import BaseOperationType  # noqa: E402
from ralph.backends.lrs.fs import FSLRSBackend  # noqa: E402

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

uvicorn.run("ralph.api:app", host=host, port=port, log_level="info")
