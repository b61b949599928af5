"""One production stack for the whole run: PostgreSQL (a fresh database on the
machine's server), its own Redis, two gunicorn app servers and a task worker, loaded
with the demo and sending learning records to a learning record store (ralph). Started
once; the tests that stop a part start it again."""

import pytest

from tests.production import admin
from tests.production.client import SiteClient
from tests.production.stack import Stack
from tests.xapi import lrs as lrs_account


@pytest.fixture(scope="session")
def stack(tmp_path_factory, learning_record_store):
    lrs = {
        "XAPI_LRS_ENDPOINT": learning_record_store.endpoint,
        "XAPI_LRS_USERNAME": lrs_account.USERNAME,
        "XAPI_LRS_PASSWORD": lrs_account.PASSWORD,
        # Retries a second after a failure (30 s out of the box), so a test of the LRS
        # coming back waits seconds.
        "XAPI_RETRY_SECONDS": "1",
    }
    stack = Stack(tmp_path_factory.mktemp("production-stack"), task_backlog_max_age=8, extra_env=lrs)
    stack.prepare()
    stack.start()
    yield stack
    stack.shutdown()
    stack.drop_database()


@pytest.fixture
def visitor(stack):
    return SiteClient(stack.urls[0])


@pytest.fixture
def signed_in(stack):
    """A browser signed in as `username` on the first app server."""

    def sign_in(username, language="zh-CN"):
        return admin.signed_in(stack.urls[0], username, language)

    return sign_in
