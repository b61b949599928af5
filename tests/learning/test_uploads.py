"""What editors upload for lessons is what its name says and within the limits; each
refusal says why in Chinese, keeps what was typed and stores nothing."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.images.models import Image

from learning.models import LessonMedia
from learning.uploads import check_media_file, webvtt_cues

pytestmark = pytest.mark.django_db

MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 64
VTT = (
    "WEBVTT\n\n1\n00:00:00.000 --> 00:00:02.500\n先察觉问题。\n\n"
    "2\n00:00:02.500 --> 00:00:05.000\n<b>再</b>陈述问题。\n"
)


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def add_video(client, **files):
    data = {"title": "七步法讲解", "collection": "1", "tags": "", "duration": "0", **files}
    return client.post(reverse("wagtailmedia:add", args=["video"]), data)


def test_a_real_video_with_captions_is_stored(editor_client):
    response = add_video(
        editor_client,
        file=SimpleUploadedFile("steps.mp4", MP4_HEAD, content_type="video/mp4"),
        captions=SimpleUploadedFile("steps.vtt", VTT.encode(), content_type="text/vtt"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    media = LessonMedia.objects.get(title="七步法讲解")
    assert media.transcript_text == "先察觉问题。\n再陈述问题。"


def test_a_file_that_is_not_a_video_is_refused_and_the_title_kept(editor_client):
    response = add_video(editor_client, file=SimpleUploadedFile("steps.mp4", b"just text", content_type="video/mp4"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "这个文件不是可以播放的 MP4 文件" in html and 'value="七步法讲解"' in html
    assert not LessonMedia.objects.exists()


def test_captions_that_are_not_webvtt_are_refused(editor_client):
    response = add_video(
        editor_client,
        file=SimpleUploadedFile("steps.mp4", MP4_HEAD, content_type="video/mp4"),
        captions=SimpleUploadedFile("steps.vtt", b"1\n00:00:01,000 --> 00:00:02,000\nSRT, not VTT\n"),
    )
    assert "这不是 WebVTT 字幕文件" in response.content.decode()
    assert not LessonMedia.objects.exists()


def test_a_two_gigabyte_video_is_refused_with_the_limit():
    upload = SimpleUploadedFile("huge.mp4", MP4_HEAD, content_type="video/mp4")
    upload.size = 2 * 1024**3
    with pytest.raises(ValidationError) as refused:
        check_media_file(upload)
    assert "2.0\xa0GB" in refused.value.messages[0] and "500.0\xa0MB" in refused.value.messages[0]


def test_a_pdf_that_is_not_a_pdf_is_refused(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "讲义", "collection": "1", "file": SimpleUploadedFile("deck.pdf", b"<html>not a pdf</html>")},
    )
    assert "内容不是真正的 PDF 文件" in response.content.decode()
    assert not Document.objects.filter(title="讲义").exists()


def test_a_real_pdf_is_accepted(editor_client):
    response = editor_client.post(
        reverse("wagtaildocs:add"),
        {"title": "讲义", "collection": "1", "file": SimpleUploadedFile("deck.pdf", b"%PDF-1.4\n%%EOF\n")},
    )
    assert response.status_code == 302
    assert Document.objects.filter(title="讲义").exists()


def test_an_svg_with_a_script_is_refused_as_an_image(editor_client):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    response = editor_client.post(
        reverse("wagtailimages:add"),
        {"title": "图", "collection": "1", "file": SimpleUploadedFile("chart.svg", svg, content_type="image/svg+xml")},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "不支持" in html
    assert not Image.objects.filter(title="图").exists()


def test_webvtt_cues_keep_their_start_and_drop_markup():
    cues = webvtt_cues(VTT)
    assert [(cue.start, cue.text, cue.clock) for cue in cues] == [
        (0, "先察觉问题。", "0:00"),
        (2.5, "再陈述问题。", "0:02"),
    ]


def test_recordings_are_served_in_byte_ranges_for_seeking(client, editor_client):
    add_video(editor_client, file=SimpleUploadedFile("steps.mp4", MP4_HEAD, content_type="video/mp4"))
    media = LessonMedia.objects.get()
    response = client.get(media.play_url, HTTP_RANGE="bytes=4-11")
    assert response.status_code == 206
    assert b"".join(response.streaming_content) == b"ftypmp42"
    assert response["Content-Range"] == f"bytes 4-11/{len(MP4_HEAD)}"
    assert response["Accept-Ranges"] == "bytes" and response["Content-Type"] == "video/mp4"
    assert client.get(media.play_url, HTTP_RANGE="bytes=9999-").status_code == 416
    assert client.get(media.play_url.replace("steps", "other")).status_code == 404
