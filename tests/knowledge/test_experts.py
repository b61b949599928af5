"""The expert directory: who knows what, from what they published and how it helped;
opting out; asking a question that reaches them and getting the answer."""

import pytest
from django.core import mail
from django.urls import reverse

from competencies.models import Competency
from core.engagement import mark_helpful
from core.models import Notification
from knowledge.models import ExpertQuestion, KnowledgePreferences
from knowledge.selectors import experts
from knowledge.services import record_application, report_outcome
from tests.factories import LearnerFactory
from tests.knowledge.conftest import publish_lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def needs_analysis(taxonomy):
    return Competency.objects.get(code="needs-analysis")


@pytest.fixture
def expert_lessons(colleague, editor, taxonomy, lesson_library, needs_analysis, learner):
    first = publish_lesson(colleague, title="问出客户真正的需求", competencies=[needs_analysis], editor=editor)
    publish_lesson(colleague, title="需求访谈的五个问题", competencies=[needs_analysis], editor=editor)
    other = LearnerFactory(username="sunlei", display_name="孙磊")
    publish_lesson(other, title="对手降价怎么办", tags=["竞争对手"], editor=editor)
    mark_helpful(user=learner, page=first)
    application, _created = record_application(user=learner, page=first, account="某医院", stage="pre_sale")
    report_outcome(user=learner, application=application, result="won", note="问对了问题")
    return other


def test_the_directory_lists_who_has_shown_a_competency_with_the_evidence(
    client, learner, colleague, needs_analysis, expert_lessons
):
    found = experts(competency=needs_analysis)
    assert [expert.user for expert in found] == [colleague]
    assert (found[0].lessons, found[0].helpful, found[0].wins) == (2, 1, 1)

    client.force_login(learner)
    html = client.get(reverse("knowledge:experts"), {"competency": "needs-analysis"}).content.decode()
    assert "刘洋" in html and "孙磊" not in html
    assert "2 条经验" in html and "1 个“有用”" in html and "被应用后赢单 1 次" in html
    everyone = client.get(reverse("knowledge:experts")).content.decode()
    assert "刘洋" in everyone and "孙磊" in everyone


def test_someone_who_opts_out_is_not_listed_and_cannot_be_asked(client, learner, colleague, expert_lessons):
    client.force_login(colleague)
    client.post(reverse("knowledge:following"), {"digest": "off"})  # the box unticked
    assert KnowledgePreferences.objects.get(user=colleague).listed_as_expert is False

    client.force_login(learner)
    assert "刘洋" not in client.get(reverse("knowledge:experts")).content.decode()
    assert client.get(reverse("knowledge:ask", args=[colleague.pk])).status_code == 404
    client.post(reverse("knowledge:ask", args=[colleague.pk]), {"question": "你好"})
    assert not ExpertQuestion.objects.exists()


def test_a_question_reaches_the_expert_and_the_answer_comes_back(
    client, learner, colleague, expert_lessons, django_capture_on_commit_callbacks
):
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("knowledge:ask", args=[colleague.pk]),
            {"topic": "需求挖掘", "question": "信息科主任只谈设备，怎样问到院长真正关心的事？"},
        )
    question = ExpertQuestion.objects.get()
    assert Notification.objects.filter(recipient=colleague, message__contains="陈晓 向你提问").exists()
    assert mail.outbox[-1].to == [colleague.email]

    client.force_login(colleague)
    assert "1 个同事的提问等你回答" in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("knowledge:answer", args=[question.pk]), {"answer": "先问他院长今年的考核指标。"})
    assert Notification.objects.filter(recipient=learner, message__contains="刘洋 回答了你的问题").exists()

    client.force_login(learner)
    html = client.get(reverse("knowledge:questions")).content.decode()
    assert "先问他院长今年的考核指标。" in html
    assert client.post(reverse("knowledge:answer", args=[question.pk]), {"answer": "冒充"}).status_code == 404


def test_an_empty_question_is_refused_beside_the_box(client, learner, colleague, expert_lessons):
    client.force_login(learner)
    response = client.post(reverse("knowledge:ask", args=[colleague.pk]), {"topic": "需求挖掘", "question": "  "})
    assert response.status_code == 400
    assert 'id="id_question_errors"' in response.content.decode()
    assert 'value="需求挖掘"' in response.content.decode()
