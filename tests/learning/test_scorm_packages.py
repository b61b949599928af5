"""Uploading SCORM packages: what is refused, with the sentence the editor sees, and
that a refused zip leaves nothing stored."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learning.demo_scorm import package_zip
from learning.models import LessonPage, ScormPackage, courseware_storage
from learning.scorm.package import check_package, install

pytestmark = pytest.mark.django_db

MANIFEST_12 = """<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
          xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>Part</title></item>
  </organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="{href}"/></resources>
</manifest>"""


def zip_of(files, name="package.zip"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in files.items():
            archive.writestr(path, data)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def refusal(upload):
    with pytest.raises(ValidationError) as raised:
        check_package(upload)
    return " ".join(raised.value.messages)


def test_the_demo_packages_are_read_with_their_parts():
    scorm12 = check_package(package_zip("scorm12")).manifest
    scorm2004 = check_package(package_zip("scorm2004")).manifest
    assert (scorm12.version, [sco.identifier for sco in scorm12.scos]) == ("1.2", ["check"])
    assert scorm12.scos[0].mastery_score == 75
    assert scorm2004.version == "2004"
    assert [(sco.title, sco.href) for sco in scorm2004.scos] == [
        ("导读：三个阶段", "read.html"),
        ("阶段分工自测", "index.html"),
    ]


def test_a_zip_that_is_not_scorm_is_refused_in_words():
    assert "没有 imsmanifest.xml" in refusal(zip_of({"index.html": "<p>hi</p>"}))
    assert "不是 zip 压缩包" in refusal(SimpleUploadedFile("x.zip", b"not a zip at all"))


def test_a_cmi5_package_is_named_as_unsupported():
    assert "cmi5" in refusal(zip_of({"cmi5.xml": "<courseStructure/>", "index.html": ""}))


def test_bad_xml_names_the_problem():
    message = refusal(zip_of({"imsmanifest.xml": "<manifest><unclosed></manifest>", "index.html": ""}))
    assert "imsmanifest.xml 不是有效的 XML" in message


def test_a_missing_launch_file_is_named():
    message = refusal(zip_of({"imsmanifest.xml": MANIFEST_12.format(href="start.html"), "index.html": ""}))
    assert "start.html" in message and "缺少" in message


@pytest.mark.parametrize("href", ["../outside.html", "http://example.com/course.html", "/etc/passwd"])
def test_a_manifest_pointing_outside_the_package_is_refused(href):
    message = refusal(zip_of({"imsmanifest.xml": MANIFEST_12.format(href=href), "index.html": ""}))
    assert "包外" in message


def test_entries_that_would_escape_the_folder_are_refused():
    upload = zip_of({"imsmanifest.xml": MANIFEST_12.format(href="index.html"), "index.html": "", "../../evil.py": "x"})
    assert "../../evil.py" in refusal(upload)


def test_a_zip_bomb_is_refused_before_anything_is_written():
    upload = zip_of(
        {
            "imsmanifest.xml": MANIFEST_12.format(href="index.html"),
            "index.html": "",
            "big.txt": "0" * (30 * 1024 * 1024),
        }
    )
    assert "zip 炸弹" in refusal(upload)


def test_unsupported_sequencing_is_named():
    files = {
        "imsmanifest.xml": """<?xml version="1.0"?>
<manifest identifier="m" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
          xmlns:imsss="http://www.imsglobal.org/xsd/imsss">
  <metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>
  <organizations default="o"><organization identifier="o"><title>T</title>
    <item identifier="i" identifierref="r"><title>Part</title>
      <imsss:sequencing><imsss:sequencingRules><imsss:preConditionRule/></imsss:sequencingRules>
      <imsss:rollupRules/></imsss:sequencing></item>
  </organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormType="sco" href="index.html"/></resources>
</manifest>""",
        "index.html": "",
    }
    message = refusal(zip_of(files))
    assert "imsss:sequencingRules" in message and "imsss:rollupRules" in message


def test_cmi5_and_unknown_versions_say_what_is_supported():
    manifest = MANIFEST_12.format(href="index.html").replace(
        "<schemaversion>1.2</schemaversion>", "<schemaversion>CAM 9</schemaversion>"
    )
    manifest = manifest.replace("adlcp_rootv1p2", "adlcp_unknown")
    message = refusal(zip_of({"imsmanifest.xml": manifest, "index.html": ""}))
    assert "SCORM 1.2" in message and "cmi5" in message


def test_installing_stores_every_file_and_replacing_removes_the_old_ones(django_capture_on_commit_callbacks):
    storage = courseware_storage()
    upload = package_zip("scorm12")
    package = install(
        package=ScormPackage(title="七步法"), upload=upload, checked=check_package(upload), storage=storage
    )
    first_folder = str(package.folder)
    assert storage.exists(f"{first_folder}/index.html") and package.file_count == 6
    upload = package_zip("scorm2004")
    with django_capture_on_commit_callbacks(execute=True):
        install(package=package, upload=upload, checked=check_package(upload), storage=storage)
    assert package.version == "2004" and len(package.items) == 2
    assert storage.exists(f"{package.folder}/read.html")
    assert not storage.exists(f"{first_folder}/index.html")


def test_an_editor_uploads_a_package_and_gets_a_draft_lesson(client, editor, library):
    client.force_login(editor)
    course = library.get_children().specific().first()
    response = client.post(
        reverse("wagtailsnippets_learning_scormpackage:add"),
        {"title": "七步法自测", "package_file": package_zip("scorm12"), "add_to_course": course.pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    package = ScormPackage.objects.get(title="七步法自测")
    lesson = LessonPage.objects.child_of(course).get(title="七步法自测")
    assert not lesson.live and lesson.kind == "courseware"
    assert lesson.body[0].value["package"] == package


def test_an_editor_sees_why_a_zip_was_refused_and_nothing_is_stored(client, editor):
    client.force_login(editor)
    before = set(courseware_storage().listdir("")[0]) if courseware_storage().exists("") else set()
    response = client.post(
        reverse("wagtailsnippets_learning_scormpackage:add"),
        {"title": "坏包", "package_file": zip_of({"index.html": "<p>no manifest</p>"})},
    )
    assert response.status_code == 200
    assert "没有 imsmanifest.xml" in response.content.decode()
    assert 'value="坏包"' in response.content.decode()
    assert not ScormPackage.objects.exists()
    after = set(courseware_storage().listdir("")[0]) if courseware_storage().exists("") else set()
    assert after == before


def test_deleting_a_package_removes_its_files(django_capture_on_commit_callbacks):
    storage = courseware_storage()
    upload = package_zip("scorm12")
    package = install(
        package=ScormPackage(title="七步法"), upload=upload, checked=check_package(upload), storage=storage
    )
    folder = str(package.folder)
    with django_capture_on_commit_callbacks(execute=True):
        package.delete()
    assert not storage.exists(f"{folder}/index.html")
