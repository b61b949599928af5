"""Running one action from several threads at the same moment, each on its own database
connection: how the concurrency tests reproduce double clicks, retries and two tabs on
PostgreSQL (SQLite serialises writers, so those tests carry the `postgresql` marker)."""

import threading

from django.db import connection


def run_together(action, times=4):
    """Call `action()` from `times` threads released at once; return what they raised."""
    barrier = threading.Barrier(times)
    errors = []

    def worker():
        try:
            barrier.wait()
            action()
        except Exception as error:  # collected and reported by the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
