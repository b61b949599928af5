import csv
import io

import pytest
from django.urls import reverse

from learning.services import complete_lesson, enrol
from tests.factories import LearnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(course, lessons):
    finisher, starter = LearnerFactory(), LearnerFactory()
    for lesson in lessons:
        complete_lesson(user=finisher, lesson=lesson)
    enrol(user=starter, course=course)


def test_editors_see_enrolment_and_completion_counts(client, editor, activity):
    client.force_login(editor)
    response = client.get(reverse("course_enrolment_report"))
    assert response.status_code == 200
    rows = {course.title: course for course in response.context["object_list"]}
    magnifier = rows["集团客户需求放大镜"]
    assert (magnifier.enrolled, magnifier.in_progress, magnifier.completed, magnifier.completion_rate) == (
        2,
        1,
        1,
        50.0,
    )


def test_report_exports_to_csv_and_excel(client, editor, activity):
    client.force_login(editor)
    response = client.get(reverse("course_enrolment_report"), {"export": "csv"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["课程", "报名人数", "学习中", "已完成", "完成率（%）"]
    (magnifier,) = [row for row in rows if row[0] == "集团客户需求放大镜"]
    assert magnifier[1:4] == ["2", "1", "1"]
    assert float(magnifier[4]) == 50.0
    assert ["通信市场分析", "0", "0", "0", ""] in rows
    xlsx = client.get(reverse("course_enrolment_report"), {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_learners_cannot_see_the_report(learner_client):
    assert learner_client.get(reverse("course_enrolment_report")).status_code in (302, 403)
