import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test import TestCase
from wagtail.models import Site

from accounts.models import TeamMembership
from tests.factories import PASSWORD, DirectorFactory, EditorFactory, LearnerFactory, TeamFactory


def pytest_addoption(parser):
    parser.addoption(
        "--production-stack",
        action="store_true",
        help="run only the tests that start the production stack (gunicorn, workers, Redis, PostgreSQL)",
    )


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgresql` exercise concurrent writers, which SQLite serialises;
    they are deselected on SQLite so CI's "nothing skipped" rule keeps meaning something,
    and `.ci/run` runs them in its PostgreSQL pass. Tests marked `production_stack`
    start real servers; they run alone, with --production-stack, in CI's production
    stage."""
    on_postgresql = "postgresql" in settings.DATABASES["default"]["ENGINE"]
    stack_run = config.getoption("--production-stack")
    # The permission matrix asks who may do what, and axe-core what the markup says,
    # which no database changes; they run in the SQLite pass only, to keep CI short
    # (PostgreSQL still renders the pages: the other tests, the production crawl).
    # So do the tests that open no database at all (parsers, scoring, settings, the
    # catalogues): a second run would check the same thing again.

    def wanted(item):
        if bool(item.get_closest_marker("production_stack")) != stack_run:
            return False
        if on_postgresql and (
            item.get_closest_marker("permission_matrix")
            or item.get_closest_marker("accessibility")
            or django_order(item) == WITHOUT_A_DATABASE
        ):
            return False
        return on_postgresql or stack_run or not item.get_closest_marker("postgresql")

    deselected = [item for item in items if not wanted(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if wanted(item)]
    # The matrix, the sweep and the XSS corpus take a minute or more each and would be
    # collected last (top-level modules sort after the app folders); started last, they
    # keep one core busy while the other waits. Started first, pytest-xdist fills the
    # other core with the short tests. "First" within pytest-django's order (tests in a
    # transaction, then tests that commit, then the rest): a test that commits and
    # flushes before the others would leave them without the rows migrations made.
    items.sort(key=lambda item: (django_order(item), not item.get_closest_marker("permission_matrix")))


def pytest_sessionfinish(session):
    """Each test process has a media folder of its own (config/settings/test.py)."""
    if Path(settings.MEDIA_ROOT).name == str(os.getpid()):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


WITHOUT_A_DATABASE = 2


def django_order(item):
    """pytest-django's (and Django's) order: 0 for tests rolled back in a transaction,
    1 for tests that commit (transactional, live server), 2 for tests without a database."""
    marker = item.get_closest_marker("django_db")
    commits = bool(marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")))
    commits = commits or bool({"transactional_db", "live_server"} & set(item.fixturenames))
    uses_db = bool(marker) or "db" in item.fixturenames
    return 1 if commits else 0 if uses_db else WITHOUT_A_DATABASE


@pytest.fixture(scope="session", autouse=True)
def live_server_on_one_connection_takes_turns():
    """See tests/live_server.py. Autouse, so it is in place before pytest-django starts
    its (session-wide) live server."""
    from django.test.testcases import LiveServerThread

    from tests.live_server import OneViewAtATimeWSGIServer

    stock = LiveServerThread.server_class
    LiveServerThread.server_class = OneViewAtATimeWSGIServer
    yield
    LiveServerThread.server_class = stock


@pytest.fixture(scope="session")
def live_server(django_db_setup, live_server):
    """pytest-django's live server, started once the test database exists. Started
    before (as a test that names `live_server` before `db` did), it found no database in
    memory to share, and each request opened a connection of its own to it."""
    return live_server


@pytest.fixture(autouse=True)
def search_index(request):
    """Pages are indexed as they are saved only in tests marked `search_index`."""
    if not request.node.get_closest_marker("search_index"):
        yield
        return
    settings = request.getfixturevalue("settings")
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]
    settings.WAGTAILSEARCH_BACKENDS = {"default": {**backend, "AUTO_UPDATE": True}}
    yield


@pytest.fixture(scope="session", autouse=True)
def reference_index_off():
    """Wagtail's reference index ("used in N places" in the admin) is updated on every
    save of a page or snippet, a quarter of the time the demo takes to load; no test
    reads it. Off for the tests' own code (this thread), as search indexing is; the live
    server's threads, the demo loaded by `make run` and the production stack keep it."""
    from wagtail.signal_handlers import disable_reference_index_auto_update

    with disable_reference_index_auto_update():
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """The local-memory cache outlives each test's database; start every test without
    the totals, tag facets and related content an earlier test's pages left there."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """A request in English leaves English active in the thread; start every test in
    the site's default language, as a fresh worker would."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@contextmanager
def shared_by_the_module(django_db_blocker, build):
    """What `build()` returns, built once for a module's tests and rolled back after
    the last of them, as Django's TestCase.setUpTestData does. Each test still runs in
    its own savepoint (the `db` fixture), so what one test changes the next never sees.
    Callbacks waiting for a commit (certificates issued, notifications sent) run at
    once, since this transaction never commits."""
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            built = build()
        yield built
        transaction.set_rollback(True)


def fresh(instance):
    """A shared row read again, so what one test changed in memory the next never sees."""
    return type(instance).objects.get(pk=instance.pk)


@pytest.fixture(scope="module")
def shared_world(django_db_setup, django_db_blocker):
    """tests.world's academy (the demo plus one of every private object), built once
    for the module that asks for it: the permission matrix and the bad-input sweep."""
    from tests.world import build_world

    with shared_by_the_module(django_db_blocker, build_world) as world:
        yield world


@pytest.fixture
def world(db, shared_world):
    return shared_world


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, and on PostgreSQL the quick way back to it between the tests
    that commit (tests/pristine.py)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return
    from tests import pristine

    with django_db_blocker.unblock():
        uninstall = pristine.install(pristine.take_snapshot())
    yield
    uninstall()


@pytest.fixture(scope="session")
def pristine_database_contents(django_db_setup, django_db_blocker):
    """The database as migrations left it (the home page, the role groups), for tests
    that commit data and must put the database back: the browser tests and the races."""
    from django.db import connection

    with django_db_blocker.unblock():
        return getattr(connection, "_test_serialized_contents", None) or connection.creation.serialize_db_to_string()


ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


@pytest.fixture
def home_page(db):
    return Site.objects.get(is_default_site=True).root_page.specific


@pytest.fixture
def learner(db):
    return LearnerFactory(username="chenxiao", display_name="陈晓")


@pytest.fixture
def director(db):
    return DirectorFactory(username="zhangwei", display_name="张伟")


@pytest.fixture
def editor(db):
    return EditorFactory(username="wangxy", display_name="王晓燕")


@pytest.fixture
def team(director, learner):
    team = TeamFactory(name="城东集客一组", director=director)
    TeamMembership.objects.create(team=team, user=learner)
    return team


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def learner_client(client, learner):
    client.force_login(learner)
    return client


def load_taxonomy():
    from competencies import demo as competencies_demo
    from core import demo as core_demo

    competencies_demo.load()
    core_demo.load()


@pytest.fixture
def taxonomy(db, home_page):
    """The competency model and the editable taxonomy (industries, products)."""
    load_taxonomy()


@pytest.fixture
def lesson_library(home_page):
    from capture.models import LessonLibraryPage

    library = LessonLibraryPage(title="经验库", slug="lessons", show_in_menus=True)
    home_page.add_child(instance=library)
    library.save_revision().publish()
    return library


@pytest.fixture(scope="session")
def learning_record_store(tmp_path_factory):
    """A real LRS (ralph) on loopback, for the xAPI tests and the production stack."""
    from tests.xapi.lrs import LearningRecordStore

    store = LearningRecordStore(tmp_path_factory.mktemp("lrs"))
    store.start()
    yield store
    store.stop()
