"""Blocks for lessons: the shared stream plus what makes a lesson teach and stick —
video and audio with captions, slide decks shown page by page, callouts, SCORM
courseware, and the checks that complete a lesson (a question, a reflection, a task on
one of the learner's own accounts)."""

from django.core.exceptions import ValidationError
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtailmedia.blocks import AbstractMediaChooserBlock

from core.blocks import BaseStreamBlock, OptionalCharBlock, OptionalTextBlock


class KeyTakeawaysBlock(blocks.StructBlock):
    """The few points a busy manager should remember from the lesson."""

    heading = OptionalCharBlock(label=_("Heading"), required=False, max_length=80)
    points = blocks.ListBlock(
        blocks.CharBlock(max_length=200), label=pgettext_lazy("key points of a lesson", "Points"), min_num=1
    )

    class Meta:
        icon = "tick-inverse"
        label = _("Key takeaways")
        template = "learning/blocks/key_takeaways_block.html"


class CalloutBlock(blocks.StructBlock):
    """A boxed aside: a mnemonic (口诀) to remember, a pitfall to avoid, or something to
    try on one of the learner's accounts this week."""

    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[
            ("mnemonic", _("Mnemonic")),
            ("pitfall", _("Pitfall")),
            ("try", _("Try it on your account")),
        ],
        default="mnemonic",
    )
    title = OptionalCharBlock(label=_("Title"), required=False, max_length=80)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "learning/blocks/callout_block.html"


class MediaChooserBlock(AbstractMediaChooserBlock):
    def render_basic(self, value, context=None):
        return format_html("{}", value.title) if value else ""


class MediaBlock(blocks.StructBlock):
    """A video or audio recording, played by the browser's own player with captions, a
    speed control and a transcript beside it; the learner resumes where they stopped."""

    media = MediaChooserBlock(label=_("Video or audio"))
    title = OptionalCharBlock(
        label=_("Title"), required=False, max_length=120, help_text=_("Leave empty to use the recording's title.")
    )

    class Meta:
        icon = "media"
        label = _("Video or audio")
        template = "learning/blocks/media_block.html"

    def get_searchable_content(self, value):
        media = value.get("media")
        if not media:
            return []
        return [value.get("title") or media.title, media.transcript_text]


class SlidesBlock(blocks.StructBlock):
    """A PDF (a slide deck, a handout) shown page by page in the lesson, with download."""

    document = DocumentChooserBlock(label=_("PDF document"))
    title = OptionalCharBlock(
        label=_("Title"), required=False, max_length=120, help_text=_("Leave empty to use the document's title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Slides (PDF)")
        template = "learning/blocks/slides_block.html"

    def clean(self, value):
        value = super().clean(value)
        document = value.get("document")
        if document is not None and document.file_extension.lower() != "pdf":
            raise StructBlockValidationError(
                block_errors={
                    "document": ValidationError(_("Choose a PDF document: only PDFs can be shown page by page."))
                }
            )
        return value


class CoursewareBlock(blocks.StructBlock):
    """A SCORM package, played in the lesson; its own test completes the lesson."""

    package = SnippetChooserBlock("learning.ScormPackage", label=_("SCORM package"))

    class Meta:
        icon = "desktop"
        label = _("SCORM courseware")
        template = "learning/blocks/courseware_block.html"

    def get_searchable_content(self, value):
        package = value.get("package")
        if not package:
            return []
        return [package.title, *(item["title"] for item in package.items)]


class ReflectionPromptBlock(blocks.StructBlock):
    """A question that turns the lesson to the learner's own accounts; answering it in
    a few sentences is the lesson's check."""

    prompt = blocks.TextBlock(label=_("Question"))
    hint = OptionalCharBlock(label=_("Hint"), required=False, max_length=200)

    class Meta:
        icon = "help"
        label = _("Reflect on your own accounts")
        template = "learning/blocks/reflection_prompt_block.html"


class ChoiceOptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Option"), max_length=200)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)


class CheckQuestionBlock(blocks.StructBlock):
    """A single-choice question the learner must answer correctly to finish the lesson;
    the explanation shows once they have answered."""

    question = blocks.TextBlock(label=_("Question"))
    options = blocks.ListBlock(ChoiceOptionBlock(), label=_("Options"), min_num=2, max_num=6)
    explanation = OptionalTextBlock(label=_("Explanation"), required=False)

    class Meta:
        icon = "list-ul"
        label = _("Check question")
        template = "learning/blocks/check_question_block.html"

    def clean(self, value):
        value = super().clean(value)
        if sum(bool(option["correct"]) for option in value["options"]) != 1:
            raise StructBlockValidationError(
                block_errors={"options": ValidationError(_("Mark exactly one option as correct."))}
            )
        return value


class PracticalTaskBlock(blocks.StructBlock):
    """A task to do on one of the learner's real accounts; they name the account and
    say what they did and found."""

    task = blocks.TextBlock(label=_("Task"))
    hint = OptionalCharBlock(label=_("Hint"), required=False, max_length=200)

    class Meta:
        icon = "tasks"
        label = _("Task on your own account")
        template = "learning/blocks/practical_task_block.html"


# The blocks a learner answers; a lesson with any of them is done when all are.
CHECK_BLOCKS = ("reflection", "check_question", "practical_task")
# With a SCORM package, what completes a lesson rather than the learner saying so.
COMPLETING_BLOCKS = (*CHECK_BLOCKS, "courseware")


class LessonStreamBlock(BaseStreamBlock):
    key_takeaways = KeyTakeawaysBlock()
    callout = CalloutBlock()
    video = MediaBlock()
    slides = SlidesBlock()
    courseware = CoursewareBlock()
    reflection = ReflectionPromptBlock()
    check_question = CheckQuestionBlock()
    practical_task = PracticalTaskBlock()


def lesson_kind(body):
    """What a lesson mainly is, for the outline: courseware, else video, audio, slides,
    else reading. Reads block types and the chosen media's type only."""
    types = [block.block_type for block in body]
    if "courseware" in types:
        return "courseware"
    for block in body:
        if block.block_type == "video" and block.value.get("media") is not None:
            return "audio" if block.value["media"].type == "audio" else "video"
    if "slides" in types:
        return "document"
    return "text"


def check_blocks(body):
    return [block for block in body if block.block_type in CHECK_BLOCKS]


def has_checks(body):
    """Whether the lesson is done by its checks (or courseware) instead of by a click."""
    return any(block["type"] in COMPLETING_BLOCKS for block in body.raw_data)


def chosen_ids(body, block_type, field):
    """The ids that a body's blocks of one type have chosen (a recording, a package),
    read from the stored data without loading the objects."""
    return {
        block["value"].get(field)
        for block in body.raw_data
        if block["type"] == block_type and isinstance(block.get("value"), dict)
    }
