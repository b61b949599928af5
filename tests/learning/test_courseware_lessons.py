"""Lessons with video, slides, checks and SCORM courseware, from the learner's side:
a lesson is done by its check, never by time on the page; SCORM run data becomes
progress, resume state and competency evidence."""

import json
import re

import pytest
from django.urls import reverse

from competencies.models import Evidence
from learning import demo_courseware
from learning.models import CoursePage, LessonCompletion, LessonResponse, MediaProgress, ScormAttempt
from learning.scorm.serving import CONTENT_POLICY
from tests.conftest import fresh, shared_by_the_module
from tests.learning.conftest import load_library

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def shared_course(django_db_setup, django_db_blocker):
    """The demo library with its courseware, built once: importing the SCORM packages
    was most of each test's time."""

    def build():
        load_library()
        demo_courseware.load()
        return CoursePage.objects.get(slug="seven-steps")

    with shared_by_the_module(django_db_blocker, build) as course:
        yield course


@pytest.fixture
def course(db, shared_course):
    return fresh(shared_course)


@pytest.fixture
def lessons(course):
    return list(course.live_lessons())


def check_id(lesson, block_type):
    return next(block.id for block in lesson.body if block.block_type == block_type)


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def watch(client, lesson, seconds):
    media = next(block.value["media"] for block in lesson.body if block.block_type == "video")
    url = reverse("learning:media_viewing", args=[lesson.pk, media.pk])
    return post_json(client, url, {"position": seconds, "duration": 77, "spans": [[0, seconds]]})


def test_the_course_page_shows_cover_outcomes_and_each_lessons_kind(client, course):
    html = client.get(course.url).content.decode()
    assert 'class="course__cover"' in html
    assert "用七步法拆解一次客户流失或停滞" in html
    kinds = re.findall(r'kind kind--(\w+) kind--small">([^<]+)<', html)
    assert kinds == [("video", "视频"), ("document", "讲义"), ("courseware", "互动课件"), ("courseware", "互动课件")]
    assert "看过其中视频的 50%" in html


def test_a_lesson_with_a_check_cannot_be_marked_done_by_saying_so(learner_client, learner, lessons):
    response = learner_client.post(reverse("learning:complete_lesson", args=[lessons[0].pk]), follow=True)
    assert "回答本课的检验题后，本课即完成" in response.content.decode()
    assert not LessonCompletion.objects.filter(user=learner).exists()


def test_a_wrong_answer_does_not_complete_and_a_right_one_waits_for_watching(learner_client, learner, lessons):
    lesson = lessons[0]
    url = reverse("learning:answer_check", args=[lesson.pk, check_id(lesson, "check_question")])
    response = learner_client.post(url, {"choice": "0"}, follow=True)
    assert "还不对" in response.content.decode()
    learner_client.post(url, {"choice": "1"})
    assert LessonResponse.objects.get(user=learner).correct is True
    # The course asks for half of each video to be seen before the check counts.
    html = learner_client.get(lesson.url).content.decode()
    assert "至少看完“七步法全貌（讲解视频）”的 50%（已看 0%）" in html
    assert not LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()
    watch(learner_client, lesson, 30)
    assert not LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()
    watch(learner_client, lesson, 45)
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()


def test_watching_alone_never_completes_a_lesson(learner_client, learner, lessons):
    watch(learner_client, lessons[0], 77)
    record = MediaProgress.objects.get(user=learner)
    assert (record.percent_seen, record.position) == (100, 77)
    assert not LessonCompletion.objects.filter(user=learner).exists()


def test_seen_spans_merge_so_rewatching_counts_once(learner_client, learner, lessons):
    for _ in range(3):
        watch(learner_client, lessons[0], 20)
    assert MediaProgress.objects.get(user=learner).seen_seconds == 20


def test_an_older_viewing_report_arriving_late_keeps_the_newer_resume_point(learner_client, learner, lessons):
    """The player reports when playing starts and again on pause, often within a
    second; the server may take them in either order. The stopping point must be the
    pause's, and what either report saw still counts."""
    lesson = lessons[0]
    media = next(block.value["media"] for block in lesson.body if block.block_type == "video")
    url = reverse("learning:media_viewing", args=[lesson.pk, media.pk])

    def report(run, sequence, position, spans):
        data = {"position": position, "duration": 77, "spans": spans, "run": run, "sequence": sequence}
        return post_json(learner_client, url, data)

    assert report("tab-a", 2, 31, [[10, 31]]).status_code == 200
    assert report("tab-a", 1, 0.01, [[0, 10]]).status_code == 200
    record = MediaProgress.objects.get(user=learner)
    assert (record.position, record.seen_seconds) == (31, 31)
    # Opening the lesson again starts a new run whose numbering starts again.
    assert report("tab-b", 1, 12, [[31, 40]]).json()["position"] == 12
    record.refresh_from_db()
    assert (record.position, record.seen_seconds) == (12, 40)
    assert report("tab-b", "soon", 50, []).status_code == 400
    assert report("x" * 100, 3, 50, []).status_code == 400
    assert report(["tab-b"], 3, 50, []).status_code == 400
    record.refresh_from_db()
    assert record.position == 12


def test_a_too_short_task_report_keeps_what_was_typed(learner_client, learner, lessons):
    lesson = lessons[1]
    url = reverse("learning:answer_check", args=[lesson.pk, check_id(lesson, "practical_task")])
    response = learner_client.post(url, {"account": "", "answer": "太短"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "请写明你在哪个客户上做了尝试" in html and "至少写 10 个字" in html
    assert ">太短</textarea>" in html
    response = learner_client.post(
        url, {"account": "某市政务中心", "answer": "决策者是信息中心主任，影响者是财务处，使用者是窗口人员。"}
    )
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()


def test_the_video_lesson_shows_player_captions_and_a_transcript_that_seeks(client, lessons):
    html = client.get(lessons[0].url).content.decode()
    assert '<track kind="captions"' in html and 'src="/media/media_captions/seven-steps' in html
    assert 'data-seek="0.0"' in html or 'data-seek="0"' in html
    assert "遇到客户问题，先别急着给方案。" in html


def test_the_slides_lesson_offers_the_pdf_and_the_viewer(client, lessons):
    html = client.get(lessons[1].url).content.decode()
    assert "data-slides" in html and "下载 PDF" in html
    assert "pdf.worker.min.mjs" in html


def commit(client, lesson, package, part, cmi):
    url = reverse("learning:courseware_commit", args=[lesson.pk, package.pk])
    return post_json(client, url, {"part": part, "cmi": cmi})


def package_of(lesson):
    return lesson.body[0].value["package"]


def test_a_scorm_12_score_becomes_progress_and_evidence(learner_client, learner, lessons):
    lesson = lessons[2]
    package = package_of(lesson)
    response = commit(
        learner_client,
        lesson,
        package,
        "check",
        {"cmi.core.lesson_status": "incomplete", "cmi.suspend_data": '{"q0":1}'},
    )
    assert response.json()["part_status"]["label"] == "学习中"
    assert not LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()
    response = commit(
        learner_client,
        lesson,
        package,
        "check",
        {
            "cmi.core.lesson_status": "passed",
            "cmi.core.score.raw": "75",
            "cmi.core.score.max": "100",
            "cmi.core.score.min": "0",
        },
    )
    body = response.json()
    assert body["lesson_done"] is True and body["part_status"] == {"label": "已通过 · 75%", "finished": True}
    evidence = Evidence.objects.filter(user=learner, page=lesson)
    assert {row.competency.code for row in evidence} == {"needs-analysis", "analytical-thinking"}
    assert {(row.score, row.level.number) for row in evidence} == {(75, 2)}
    # The same score committed again (autocommit, a second tab) adds no evidence.
    commit(learner_client, lesson, package, "check", {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "75"})
    assert evidence.count() == 2


def test_a_failed_scorm_check_does_not_complete_the_lesson(learner_client, learner, lessons):
    lesson = lessons[2]
    commit(
        learner_client,
        lesson,
        package_of(lesson),
        "check",
        {"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "25"},
    )
    assert not LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()
    levels = {row.level.number if row.level else 0 for row in Evidence.objects.filter(user=learner, page=lesson)}
    assert levels == {1}


def test_a_finished_part_is_not_undone_by_reopening_it(learner_client, learner, lessons):
    lesson = lessons[2]
    package = package_of(lesson)
    commit(learner_client, lesson, package, "check", {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "100"})
    commit(
        learner_client,
        lesson,
        package,
        "check",
        {"cmi.core.lesson_status": "incomplete", "cmi.core.lesson_location": "q2"},
    )
    attempt = ScormAttempt.objects.get(user=learner)
    assert attempt.finished and attempt.score_percent == 100
    assert attempt.cmi["cmi.core.lesson_location"] == "q2"


def test_an_older_commit_arriving_late_does_not_undo_a_newer_answer(learner_client, learner, lessons):
    """Two answers in quick succession send two commits at once; the server may take
    them in either order, and the learner's second answer must survive."""
    lesson = lessons[2]
    url = reverse("learning:courseware_commit", args=[lesson.pk, package_of(lesson).pk])

    def send(run, sequence, answers):
        cmi = {"cmi.core.lesson_status": "incomplete", "cmi.suspend_data": json.dumps(answers)}
        return post_json(learner_client, url, {"part": "check", "cmi": cmi, "run": run, "sequence": sequence})

    assert send("tab-a", 2, {"q0": 1, "q1": 1}).json()["result"] is True
    assert send("tab-a", 1, {"q0": 1}).json()["result"] is True
    attempt = ScormAttempt.objects.get(user=learner)
    assert json.loads(attempt.cmi["cmi.suspend_data"]) == {"q0": 1, "q1": 1}
    # Reopening the lesson starts a new run whose numbering starts again.
    send("tab-b", 1, {"q0": 1, "q1": 1, "q2": 0})
    attempt.refresh_from_db()
    assert json.loads(attempt.cmi["cmi.suspend_data"]) == {"q0": 1, "q1": 1, "q2": 0}
    assert send("tab-b", "soon", {}).status_code == 400
    assert send("x" * 100, 3, {}).status_code == 400


def test_a_multi_part_scorm_2004_lesson_completes_when_every_part_is(learner_client, learner, lessons):
    lesson = lessons[3]
    package = package_of(lesson)
    commit(learner_client, lesson, package, "read", {"cmi.completion_status": "completed"})
    assert not LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()
    html = learner_client.get(lesson.url).content.decode()
    assert "完成课件中的“阶段分工自测”" in html and "完成课件中的“导读：三个阶段”" not in html
    commit(
        learner_client,
        lesson,
        package,
        "check",
        {"cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": "0.75"},
    )
    assert LessonCompletion.objects.filter(user=learner, lesson=lesson).exists()
    assert {row.score for row in Evidence.objects.filter(user=learner, page=lesson)} == {75}


def test_commits_for_an_unknown_part_another_lessons_package_or_junk_are_refused(learner_client, learner, lessons):
    lesson = lessons[2]
    assert commit(learner_client, lesson, package_of(lesson), "nope", {}).status_code == 400
    passed = {"cmi.completion_status": "completed", "cmi.success_status": "passed", "cmi.score.scaled": "1"}
    assert commit(learner_client, lesson, package_of(lessons[3]), "check", passed).status_code == 400
    assert not ScormAttempt.objects.filter(user=learner).exists()
    recording = next(block.value["media"] for block in lessons[0].body if block.block_type == "video")
    url = reverse("learning:media_viewing", args=[lesson.pk, recording.pk])
    assert post_json(learner_client, url, {"position": 5, "spans": [[0, 5]]}).status_code == 400
    url = reverse("learning:courseware_commit", args=[lesson.pk, package_of(lesson).pk])
    assert learner_client.post(url, "{not json", content_type="application/json").status_code == 400


def launch_url(client, lesson):
    html = client.get(lesson.url).content.decode()
    config = json.loads(
        re.search(r'<script id="courseware-config-[^"]+" type="application/json">(.*?)</script>', html).group(1)
    )
    return config, config["parts"][0]["url"]


def test_courseware_is_served_sandboxed_with_the_bridge_and_saved_state(learner_client, client, learner, lessons):
    lesson = lessons[2]
    commit(
        learner_client,
        lesson,
        package_of(lesson),
        "check",
        {"cmi.core.lesson_status": "incomplete", "cmi.suspend_data": '{"q0":1}', "cmi.core.exit": "suspend"},
    )
    config, url = launch_url(learner_client, lesson)
    assert config["parts"][0]["state"]["cmi.core.entry"] == "resume"
    # The frame carries no cookie: the signed address alone opens it.
    response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_POLICY
    assert CONTENT_POLICY.startswith("sandbox allow-scripts") and "allow-same-origin" not in CONTENT_POLICY
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "cross-frame-api.min.js" in html
    assert '<script id="academy-scorm-state" type="application/json">' in html
    assert '"cmi.core.entry": "resume"' in html and "cmi.suspend_data" in html
    style = client.get(url.replace("index.html", "style.css"))
    assert style.status_code == 200 and style["Content-Security-Policy"] == CONTENT_POLICY
    assert client.get(url.replace("index.html", "../../etc/passwd")).status_code == 404
    assert client.get(url.replace("index.html", "missing.html")).status_code == 404
    tampered = url.replace("/courseware/", "/courseware/x")
    assert client.get(tampered).status_code == 404


@pytest.mark.search_index
def test_what_is_said_in_a_video_is_found_by_search(course):
    from django.core.management import call_command

    from home.search.results import search

    call_command("update_index", verbosity=0)
    titles = [result.page.title for result in search(query="先别急着给方案", params={}).results]
    assert "看视频：七步法全貌" in titles


def test_courseware_lesson_pages_run_a_bounded_number_of_queries(
    learner_client, learner, lessons, django_assert_max_num_queries
):
    commit(learner_client, lessons[3], package_of(lessons[3]), "read", {"cmi.completion_status": "completed"})
    watch(learner_client, lessons[0], 10)
    # The lesson page's 26, plus the answers, viewing records, SCORM attempts and each
    # chosen recording, document or package: a fixed number per block, whatever the
    # library holds.
    for lesson in lessons:
        with django_assert_max_num_queries(34):
            assert learner_client.get(lesson.url).status_code == 200


def test_a_draft_lessons_preview_plays_no_courseware(rf, learner, lessons):
    from learning.selectors import courseware_players, lesson_requirements

    lesson = lessons[2]
    lesson.unpublish()
    request = rf.get(lesson.url)
    request.user = learner
    assert courseware_players(lesson, lesson_requirements(lesson, user=learner), request=request) == {}
