"""The e-mail digest: what is in it, sent once per period however often (or however
concurrently) it runs, and a one-click unsubscribe that needs no sign-in."""

import re
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from competencies.models import Competency
from knowledge.digests import Frequency, period_of, send_digests, unsubscribe_token, user_for_unsubscribe
from knowledge.models import DigestDelivery, KnowledgePreferences
from knowledge.services import follow
from tests.concurrency import run_together
from tests.factories import LearnerFactory
from tests.knowledge.conftest import publish_lesson

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 11, 30)


def published_last_week(page, days_before_monday=3):
    day = MONDAY - timedelta(days=days_before_monday)
    moment = timezone.make_aware(datetime(day.year, day.month, day.day, 10))
    Page.objects.filter(pk=page.pk).update(first_published_at=moment)


@pytest.fixture
def weekly_reader(learner, colleague):
    KnowledgePreferences.objects.create(user=learner, digest=Frequency.WEEKLY)
    follow(user=learner, kind="colleague", target=colleague)
    return learner


@pytest.fixture
def new_lessons(colleague, learner, editor, taxonomy, lesson_library):
    followed = publish_lesson(colleague, title="联络人不肯引荐决策者", tags=["联络人"], editor=editor)
    by_topic = publish_lesson(
        LearnerFactory(username="sunlei", display_name="孙磊"),
        title="问出客户真正的需求",
        competencies=[Competency.objects.get(code="needs-analysis")],
        editor=editor,
    )
    own = publish_lesson(learner, title="我自己的经验", tags=["联络人"], editor=editor)
    old = publish_lesson(colleague, title="上个月的经验", editor=editor)
    for page in (followed, by_topic, own):
        published_last_week(page)
    published_last_week(old, days_before_monday=30)
    return followed, by_topic, own, old


def test_the_week_before_is_the_weekly_period():
    assert period_of(Frequency.WEEKLY, MONDAY) == (date(2026, 11, 23), MONDAY)
    assert period_of(Frequency.WEEKLY, date(2026, 12, 2)) == (date(2026, 11, 23), MONDAY)
    assert period_of(Frequency.DAILY, MONDAY) == (date(2026, 11, 29), MONDAY)


def test_the_digest_holds_the_new_pages_in_what_the_person_follows(weekly_reader, new_lessons):
    follow(user=weekly_reader, kind="competency", target=Competency.objects.get(code="needs-analysis"))
    followed, by_topic, own, old = new_lessons
    run = send_digests(Frequency.WEEKLY, MONDAY)
    assert run.sent == 1
    [message] = mail.outbox
    assert message.to == [weekly_reader.email]
    body = message.body
    assert followed.title in body and by_topic.title in body
    assert own.title not in body and old.title not in body
    assert "因为你关注了 刘洋" in body and "因为你关注了 需求理解与分析" in body
    assert settings.WAGTAILADMIN_BASE_URL.rstrip("/") + followed.url in body
    # The token carries the second it was signed, so it is read back from the mail
    # rather than signed again here (a run that crossed a second failed once).
    [token] = re.findall(r"/knowledge/unsubscribe/([^/\s]+)/", body)
    assert user_for_unsubscribe(token) == weekly_reader.pk
    unsubscribe = reverse("knowledge:unsubscribe", args=[token])
    assert unsubscribe in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert followed.title in html and unsubscribe in html


def test_people_who_chose_no_digest_or_follow_nothing_new_get_nothing(learner, colleague, new_lessons):
    follow(user=learner, kind="colleague", target=colleague)  # but no digest chosen
    uninterested = LearnerFactory(username="zhengkai")
    KnowledgePreferences.objects.create(user=uninterested, digest=Frequency.WEEKLY)
    assert send_digests(Frequency.WEEKLY, MONDAY).sent == 0
    assert mail.outbox == []


def test_a_period_is_sent_once_however_often_the_task_runs(weekly_reader, new_lessons):
    assert send_digests(Frequency.WEEKLY, MONDAY).sent == 1
    again = send_digests(Frequency.WEEKLY, MONDAY)
    assert (again.sent, again.considered) == (0, 0)
    assert len(mail.outbox) == 1
    assert DigestDelivery.objects.get().period_start == date(2026, 11, 23)


def test_unsubscribing_needs_no_sign_in(client, weekly_reader):
    url = reverse("knowledge:unsubscribe", args=[unsubscribe_token(weekly_reader.pk)])
    response = client.get(url)
    assert response.status_code == 200 and "已退订" in response.content.decode()
    assert KnowledgePreferences.objects.get(user=weekly_reader).digest == Frequency.OFF

    client.post(url, {"action": "resubscribe", "frequency": "weekly"})
    assert KnowledgePreferences.objects.get(user=weekly_reader).digest == Frequency.WEEKLY
    # A mail client's one-click POST (RFC 8058), without cookies or CSRF token.
    assert client.post(url, {"List-Unsubscribe": "One-Click"}).status_code == 204
    assert KnowledgePreferences.objects.get(user=weekly_reader).digest == Frequency.OFF


def test_an_altered_unsubscribe_link_changes_nothing(client, weekly_reader):
    token = unsubscribe_token(weekly_reader.pk)
    response = client.get(reverse("knowledge:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400 and "这个链接无效" in response.content.decode()
    assert KnowledgePreferences.objects.get(user=weekly_reader).digest == Frequency.WEEKLY


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_running_the_same_digest_at_once_send_it_once(weekly_reader, new_lessons):
    readers = [LearnerFactory(username=f"reader{index}") for index in range(20)]
    for reader in readers:
        KnowledgePreferences.objects.create(user=reader, digest=Frequency.WEEKLY)
        follow(user=reader, kind="tag", target=new_lessons[0].tags.first())
    runs = []
    errors = run_together(lambda: runs.append(send_digests(Frequency.WEEKLY, MONDAY)), times=2)
    assert errors == []
    assert sum(run.sent for run in runs) == 21
    digests = [message for message in mail.outbox if "List-Unsubscribe" in message.extra_headers]
    assert sorted(message.to[0] for message in digests) == sorted(
        [weekly_reader.email, *(reader.email for reader in readers)]
    )
    assert DigestDelivery.objects.count() == 21
