"""The live server's HTTP server, for a test database in SQLite's memory.

Such a database exists only within its process, on connections to one shared cache,
and Django hands every request thread of the live server the test's own connection.
Two requests at the same moment then run their transactions on that one connection, or
on two connections to one cache, and one fails ("no such savepoint", "database table is
locked"): a page reloaded while its player still sent a viewing record was a 500 in CI.
Real servers give each request its own connection to a database that waits for locks;
here the requests take turns instead, from the view's first query to its response.
What is streamed after (a video, a courseware file) reads no rows, so it does not hold
the turn: a player buffering a video never stalls the page's other requests.
"""

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connection


class OneViewAtATimeWSGIServer(ThreadedWSGIServer):
    def set_app(self, application):
        if connection.vendor != "sqlite":
            # Each thread opens its own connection (PostgreSQL): leave them concurrent,
            # as the races the tests look for need.
            return super().set_app(application)
        turn = threading.Lock()

        def application_taking_turns(environ, start_response):
            with turn:
                return application(environ, start_response)

        return super().set_app(application_taking_turns)
