"""The live server the browser tests talk to. On SQLite, its request threads share the
test's one in-memory connection; two requests at the same moment (a page reloaded while
the player still sends its viewing record) interleaved their transactions there, and one
failed with "no such savepoint" (CI, stop 51). Every request must be answered as a
real server would."""

import threading
import urllib.request

import pytest
from django.conf import settings
from django.test import Client

from learning.models import CoursePage
from learning.services import enrol
from tests.learning.conftest import load_library

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def fetch_together(urls, cookie):
    """GET every address from its own thread, released at once; the status of each."""
    barrier = threading.Barrier(len(urls))
    statuses = []

    def fetch(url):
        barrier.wait()
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)

    threads = [threading.Thread(target=fetch, args=(url,)) for url in urls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def test_pages_opened_at_the_same_moment_are_all_served(live_server, learner):
    load_library()
    course = CoursePage.objects.get(slug="needs-magnifier")
    enrol(user=learner, course=course)
    client = Client()
    client.force_login(learner)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    # Each lesson opened moves the learner's "where you stopped" on: a write in a
    # transaction, the kind that interleaved.
    urls = [live_server.url + lesson.url for lesson in course.live_lessons()] * 3

    assert fetch_together(urls, cookie) == [200] * len(urls)
