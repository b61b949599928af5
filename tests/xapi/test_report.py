"""Admin → Reports → Learning records: an administrator sees whether statements reach
the LRS, and sends refused ones again; nobody else sees it."""

import uuid
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import EditorFactory, LearnerFactory, UserFactory
from xapi.models import OutboxStatement

REPORT = reverse("xapi_learning_records")


def statement(verb, name, person, employee_number):
    return {
        "actor": {
            "objectType": "Agent",
            "name": person,
            "account": {"homePage": "https://x", "name": employee_number},
        },
        "verb": {"id": f"http://adlnet.gov/expapi/verbs/{verb}", "display": {"en-US": verb, "zh-CN": "完成了"}},
        "object": {"objectType": "Activity", "id": "https://x/pages/1", "definition": {"name": {"zh-CN": name}}},
    }


@pytest.fixture
def outbox(db):
    rows = {}
    for state, name in [("sent", "集团客户需求放大镜"), ("waiting", "方案设计测评"), ("rejected", "七步法")]:
        rows[state] = OutboxStatement.objects.create(
            id=uuid.uuid4(),
            verb="completed",
            statement=statement("completed", name, "陈晓", "E3001"),
            state=state,
            attempts=0 if state == "sent" else 3,
            last_error='422: {"detail": "bad"}' if state == "rejected" else "",
        )
    OutboxStatement.objects.filter(pk=rows["waiting"].pk).update(created_at=timezone.now() - timedelta(hours=3))
    return rows


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(username="root", is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_an_administrator_sees_what_waits_and_what_was_refused(admin_client, outbox, settings, language):
    settings.XAPI_LRS_ENDPOINT = "http://127.0.0.1:9/xAPI/"
    admin_client.cookies["django_language"] = language
    page = admin_client.get(REPORT, headers={"accept-language": language}).content.decode()
    assert "陈晓 · E3001" in page and "方案设计测评" in page and "422" in page
    if language == "en":
        assert "1</strong> waiting to be sent" in page and "recorded 3\xa0hours ago." in page
        assert "Send the refused statements again" in page
    else:
        assert "1</strong> 条等待发送" in page and "完成了" in page


def test_without_an_lrs_the_report_says_nothing_is_recorded(admin_client, settings):
    settings.XAPI_LRS_ENDPOINT = ""
    page = admin_client.get(REPORT).content.decode()
    assert "XAPI_LRS_ENDPOINT" in page


def test_refused_statements_are_sent_again_on_request(
    admin_client, outbox, settings, django_capture_on_commit_callbacks
):
    settings.XAPI_LRS_ENDPOINT = ""  # nowhere to send: they stay waiting
    response = admin_client.post(reverse("xapi_retry"))
    assert response.status_code == 302
    refused = outbox["rejected"]
    refused.refresh_from_db()
    assert refused.state == OutboxStatement.State.WAITING and refused.next_attempt_at is None
    assert admin_client.get(reverse("xapi_retry")).status_code == 405


@pytest.mark.parametrize("make", [LearnerFactory, EditorFactory])
def test_learners_and_editors_cannot_see_or_retry(client, outbox, make):
    client.force_login(make())
    assert client.get(REPORT).status_code in (302, 403)
    assert client.post(reverse("xapi_retry")).status_code in (302, 403)
    outbox["rejected"].refresh_from_db()
    assert outbox["rejected"].state == OutboxStatement.State.REJECTED
