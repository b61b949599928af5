"""Courseware for the demo: course covers and outcomes, callouts in the deck's courses,
and a fourth course (七步法) whose lessons hold a narrated video with captions, a PDF
deck shown page by page, a picture, and the project's own SCORM 1.2 and SCORM 2004
packages. The media files come from demo_media/files (built by demo_media/build.py).

Idempotent like the other demo loaders: files are added once, found by title.
"""

from pathlib import Path

from django.core.files import File
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from competencies.models import Competency, JobGrade, ProficiencyLevel
from learning.demo_scorm import PACKAGES, package_zip
from learning.models import (
    CourseCompetency,
    CourseIndexPage,
    CoursePage,
    LessonMedia,
    LessonPage,
    ScormPackage,
    courseware_storage,
)
from learning.scorm.package import check_package, install

FILES = Path(__file__).resolve().parent / "demo_media" / "files"

OUTCOMES = {
    "market-analysis": "\n".join(
        (
            "判断客户正在使用哪家运营商的哪些业务",
            "拆开对手的方案，逐项对比我们的产品和服务",
            "说清我们在客户处的两点差异，而不是只谈资费",
        )
    ),
    "needs-magnifier": "\n".join(
        ("分清客户的决策者、影响者和使用者", "用三层需求整理一次拜访的记录", "把客户需求归到场景，对应到整合方案")
    ),
    "attack-and-defend": "\n".join(
        ("识别客户流失的早期信号", "为只用一项业务的客户设计下一项", "把一次投诉处理成建立信任的机会")
    ),
    "seven-steps": "\n".join(
        (
            "用七步法拆解一次客户流失或停滞",
            "在原因识别一步说出对手给了什么、客户为何接受",
            "为一个客户问题准备两个行动方案并做出决策",
        )
    ),
}
CALLOUTS = {
    ("market-analysis", "lesson-1"): ("mnemonic", "三问对手", "对手给了什么？优惠了什么？客户为什么接受？"),
    ("attack-and-defend", "lesson-1"): (
        "pitfall",
        "只看价格",
        "客户流失时第一反应是降价，往往正中对手下怀。先弄清客户在意的是价格、服务还是关系。",
    ),
}


def _stored(model, title, filename):
    """A Wagtail image or document made from a demo file, once."""
    found = model.objects.filter(title=title).first()
    if found is None:
        with open(FILES / filename, "rb") as handle:
            found = model(title=title, file=File(handle, name=filename))
            found.save()
    return found


def _image(title, filename):
    return _stored(get_image_model(), title, filename)


def _document(title, filename):
    return _stored(get_document_model(), title, filename)


def _video():
    media = LessonMedia.objects.filter(title="七步法全貌（讲解视频）").first()
    if media is None:
        media = LessonMedia(title="七步法全貌（讲解视频）", type="video", duration=77, width=960, height=540)
        with (
            open(FILES / "seven-steps.mp4", "rb") as video,
            open(FILES / "seven-steps.vtt", "rb") as captions,
            open(FILES / "seven-steps-poster.jpg", "rb") as poster,
        ):
            media.file.save("seven-steps.mp4", File(video), save=False)
            media.captions.save("seven-steps.vtt", File(captions), save=False)
            media.thumbnail.save("seven-steps-poster.jpg", File(poster), save=False)
            media.save()
    return media


def _package(name):
    package = ScormPackage.objects.filter(title=PACKAGES[name]).first()
    if package is None:
        upload = package_zip(name)
        package = install(
            package=ScormPackage(title=PACKAGES[name]),
            upload=upload,
            checked=check_package(upload),
            storage=courseware_storage(),
        )
    return package


def _dress_up_deck_courses():
    for course in CoursePage.objects.filter(slug__in=OUTCOMES):
        changed = False
        if course.cover_image_id is None:
            course.cover_image = _image(f"{course.title}（封面）", f"cover-{course.slug}.jpg")
            changed = True
        if not course.outcomes:
            course.outcomes = OUTCOMES[course.slug]
            changed = True
        if changed:
            course.save_revision().publish()
    for (course_slug, lesson_slug), (kind, title, text) in CALLOUTS.items():
        lesson = LessonPage.objects.filter(slug=lesson_slug, url_path__contains=f"/{course_slug}/").first()
        if lesson is None or "callout" in lesson.body_block_types:
            continue
        lesson.body.insert(1, ("callout", {"kind": kind, "title": title, "text": text}))
        lesson.save_revision().publish()


def _seven_steps_course(library):
    if CoursePage.objects.filter(slug="seven-steps").exists():
        return
    video, deck = _video(), _document("集团客户需求放大镜（讲义）", "needs-magnifier-deck.pdf")
    stages = _image("售前、售中、售后的分工", "sales-stages.jpg")
    scorm12, scorm2004 = _package("scorm12"), _package("scorm2004")
    course = CoursePage(
        title="七步法：把客户问题想清楚",
        slug="seven-steps",
        summary="看一段视频、翻一份讲义、做两套互动自测：用七步法拆解客户流失、引荐受阻这类真问题。",
        estimated_hours="1.5",
        outcomes=OUTCOMES["seven-steps"],
        required_watch_percent=50,
        cover_image=_image("七步法：把客户问题想清楚（封面）", "cover-seven-steps.jpg"),
    )
    course.target_grades.set(list(JobGrade.objects.filter(code__in=["junior", "intermediate", "senior"])))
    course.tags.add("七步法", "问题解决")
    for index, (code, level) in enumerate([("needs-analysis", 2), ("analytical-thinking", 2)]):
        competency = Competency.objects.filter(code=code).first()
        if competency is not None:
            course.developed_competencies.add(
                CourseCompetency(
                    competency=competency, level=ProficiencyLevel.objects.get(number=level), sort_order=index
                )
            )
    library.add_child(instance=course)
    course.save_revision().publish()
    lessons = [
        (
            "看视频：七步法全貌",
            10,
            [
                ("video", {"media": video, "title": ""}),
                (
                    "callout",
                    {
                        "kind": "mnemonic",
                        "title": "七步口诀",
                        "text": "察、述、理、因、标、案、决：先看清，再找因，后决策。",
                    },
                ),
                (
                    "check_question",
                    {
                        "question": "客户突然减少了专线业务。按七步法，你应该先做什么？",
                        "options": [
                            {"text": "马上给客户报一个更低的价格", "correct": False},
                            {"text": "察觉并陈述问题：写清客户减少了什么、从什么时候开始", "correct": True},
                            {"text": "直接制定三个行动方案", "correct": False},
                        ],
                        "explanation": "先察觉、陈述问题，才知道要解决的是什么；一上来就降价，常常解决错了问题。",
                    },
                ),
            ],
        ),
        (
            "讲义：看清客户真正的需求",
            20,
            [
                ("paragraph", "<p>翻阅讲义，留意“谁决策、谁影响、谁使用”和“需求的三层”两页。</p>"),
                ("slides", {"document": deck, "title": ""}),
                (
                    "image",
                    {
                        "image": {
                            "image": stages,
                            "alt_text": "售前由集团客户经理牵头，售中由业务支撑部门牵头，售后由市县客户经理牵头",
                            "decorative": False,
                        },
                        "caption": "售前、售中、售后各由谁牵头",
                    },
                ),
                (
                    "callout",
                    {
                        "kind": "pitfall",
                        "title": "只问决策者",
                        "text": "只找拍板的人，往往忽略了每天使用业务的员工，他们的抱怨才是流失的前兆。",
                    },
                ),
                (
                    "practical_task",
                    {
                        "task": "选一家重点客户，写出它的决策者、影响者和使用者各一位，以及你准备问每个人的一个问题。",
                        "hint": "写职务即可，不必写姓名。",
                    },
                ),
            ],
        ),
        ("互动自测：七步法（SCORM 1.2）", 10, [("courseware", {"package": scorm12})]),
        ("互动课件：售前售中售后谁牵头（SCORM 2004）", 15, [("courseware", {"package": scorm2004})]),
    ]
    for number, (title, minutes, body) in enumerate(lessons, start=1):
        lesson = course.add_child(
            instance=LessonPage(title=title, slug=f"lesson-{number}", estimated_minutes=minutes, body=body)
        )
        lesson.save_revision().publish()


def load(stdout=None):
    library = CourseIndexPage.objects.first()
    if library is None:
        return
    with transaction.atomic():
        _dress_up_deck_courses()
        _seven_steps_course(library)
