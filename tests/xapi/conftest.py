import uuid

import pytest

from tests.xapi.lrs import PASSWORD, USERNAME


@pytest.fixture
def lrs(learning_record_store, settings):
    """The site configured to send its learning records to the running LRS."""
    settings.XAPI_LRS_ENDPOINT = learning_record_store.endpoint
    settings.XAPI_LRS_USERNAME = USERNAME
    settings.XAPI_LRS_PASSWORD = PASSWORD
    settings.XAPI_LRS_TIMEOUT = 5
    # The LRS outlives each test's rolled-back database: a site address of its own per
    # test keeps one test's statements and activities apart from the next one's.
    settings.XAPI_IRI_BASE = f"http://academy.test/{uuid.uuid4().hex[:8]}/xapi/"
    if learning_record_store.process is None:
        learning_record_store.start()
    return learning_record_store
