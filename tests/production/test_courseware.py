"""Courseware under the production configuration, over real HTTP: lessons with a video,
a PDF and SCORM packages open; the libraries they load come from the hashed static
files; a recording answers byte ranges; a SCORM launch is served sandboxed; a commit
lands on any app server."""

import json
import re

import pytest

from tests.production.client import static_urls_in

pytestmark = pytest.mark.production_stack

LESSONS = [f"/courses/seven-steps/lesson-{number}/" for number in range(1, 5)]


def test_every_courseware_lesson_and_its_libraries_load(signed_in):
    client = signed_in("learner")
    for path in LESSONS:
        response = client.get(path)
        assert response.status_code == 200, path
        for asset in static_urls_in(response.text):
            assert client.get(asset).status_code == 200, asset
    slides = client.get(LESSONS[1]).text
    module = re.search(r'data-module="([^"]+)"', slides).group(1)
    worker = re.search(r'data-worker="([^"]+)"', slides).group(1)
    cmaps = re.search(r'data-cmaps="([^"]+)"', slides).group(1)
    for url in (module, worker):
        response = client.get(url)
        assert response.status_code == 200 and "javascript" in response.headers["Content-Type"], url
    assert client.get(f"{cmaps}Adobe-GB1-UCS2.bcmap").status_code == 200


def test_a_recording_answers_a_byte_range(signed_in):
    client = signed_in("learner")
    html = client.get(LESSONS[0]).text
    source = re.search(r'<source src="([^"]+)" type="video/mp4">', html).group(1)
    response = client.get(source, headers={"Range": "bytes=0-99"})
    assert response.status_code == 206
    assert len(response.content) == 100 and response.content[4:8] == b"ftyp"


def test_scorm_is_served_sandboxed_and_a_commit_lands_on_the_other_app_server(stack, signed_in):
    client = signed_in("learner")
    html = client.get(LESSONS[2]).text
    config = json.loads(re.search(r'type="application/json">(\{"version".*?)</script>', html).group(1))
    launch = client.get(config["parts"][0]["url"])
    assert launch.status_code == 200
    assert launch.headers["Content-Security-Policy"].startswith("sandbox allow-scripts")
    assert "cross-frame-api" in launch.text
    other = client.on(stack.urls[1])
    response = other.session.post(
        other.url(config["commitUrl"]),
        data=json.dumps({"part": "check", "cmi": {"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "80"}}),
        headers={
            "Content-Type": "application/json",
            "X-CSRFToken": client.csrf_token(),
            "Referer": other.url(LESSONS[2]),
        },
        timeout=30,
    )
    assert response.status_code == 200 and response.json()["lesson_done"] is True
