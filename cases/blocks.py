"""The blocks a case is told in: the shared stream plus the parts every case has
(background, the challenge, the seven-step analysis, what was done, the outcome in
figures, the lessons, questions for team discussion, attachments). Editors put them in
the order the story needs; each renders with its own heading, so a case reads the same
whoever wrote it."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock

from core.blocks import RICH_TEXT_FEATURES, BaseStreamBlock, OptionalCharBlock, OptionalTextBlock
from core.taxonomy import Outcome

# The deck's seven-step problem frame (问题解决七步法), in order.
FRAME_STEPS = (
    ("noticed", _("Notice the problem")),
    ("stated", _("State the problem")),
    ("clarified", _("Clarify the problem")),
    ("causes", _("Find the causes")),
    ("goal", _("Set the decision goal")),
    ("plan", _("Draft the action plan")),
    ("decision", _("Evaluate the options and decide")),
)


class NarrativeBlock(blocks.StructBlock):
    """A part of the story in prose, headed by the part's name (背景, 挑战…)."""

    text = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "doc-full"
        template = "cases/blocks/narrative_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["heading"] = self.label
        return context


class FrameAnalysisBlock(blocks.StructBlock):
    """The case analysed along the seven steps; a step left empty is not shown."""

    class Meta:
        icon = "list-ol"
        template = "cases/blocks/frame_analysis_block.html"
        help_text = _("Fill in the steps this case teaches; empty steps are left out.")

    def __init__(self, local_blocks=None, **kwargs):
        steps = [(name, OptionalTextBlock(label=label, required=False, rows=2)) for name, label in FRAME_STEPS]
        super().__init__(local_blocks=steps + list(local_blocks or []), **kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not any((value.get(name) or "").strip() for name, _label in FRAME_STEPS):
            raise StructBlockValidationError(
                block_errors={FRAME_STEPS[0][0]: ValidationError(_("Fill in at least one of the seven steps."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["steps"] = [
            (number, label, value.get(name)) for number, (name, label) in enumerate(FRAME_STEPS, 1) if value.get(name)
        ]
        return context


class FigureBlock(blocks.StructBlock):
    value = blocks.CharBlock(label=_("Figure"), max_length=40, help_text=_("For example 320万元 or 18个月."))
    label = blocks.CharBlock(label=_("What it measures"), max_length=60, help_text=_("For example 年合同额."))


class OutcomeBlock(blocks.StructBlock):
    """How it ended, with the figures that prove it."""

    result = blocks.ChoiceBlock(label=_("Result"), choices=Outcome.choices)
    figures = blocks.ListBlock(FigureBlock(), label=_("Figures"), min_num=0, default=[])
    summary = OptionalTextBlock(label=pgettext_lazy("case outcome", "Summary"), required=False)

    class Meta:
        icon = "pick"
        template = "cases/blocks/outcome_block.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["result_label"] = dict(Outcome.choices).get(value.get("result"), "")
        return context


class LessonsBlock(blocks.StructBlock):
    """What a colleague should take from the case, one point at a time."""

    points = blocks.ListBlock(
        blocks.CharBlock(max_length=200, label=pgettext_lazy("case lesson", "Point")),
        label=pgettext_lazy("key points of a lesson", "Points"),
        min_num=1,
    )

    class Meta:
        icon = "tick-inverse"
        template = "cases/blocks/lessons_block.html"


class DiscussionQuestionsBlock(blocks.StructBlock):
    """Questions a team works through together when it studies the case."""

    intro = OptionalCharBlock(label=_("Introduction"), required=False, max_length=200)
    questions = blocks.ListBlock(blocks.TextBlock(label=_("Question"), rows=2), label=_("Questions"), min_num=1)

    class Meta:
        icon = "help"
        template = "cases/blocks/discussion_questions_block.html"


class AttachmentsBlock(blocks.StructBlock):
    """Files that go with the case: the proposal, the relationship map, the figures."""

    documents = blocks.ListBlock(DocumentChooserBlock(label=_("Document")), label=_("Documents"), min_num=1)

    class Meta:
        icon = "doc-full-inverse"
        template = "cases/blocks/attachments_block.html"


class CaseStreamBlock(BaseStreamBlock):
    background = NarrativeBlock(label=_("Background"))
    challenge = NarrativeBlock(label=_("The challenge"))
    analysis = FrameAnalysisBlock(label=_("Analysis along the seven steps"))
    actions = NarrativeBlock(label=_("What was done"))
    outcome = OutcomeBlock(label=_("Outcome"))
    lessons = LessonsBlock(label=pgettext_lazy("lessons learned", "Lessons"))
    discussion_questions = DiscussionQuestionsBlock(label=_("Questions for team discussion"))
    attachments = AttachmentsBlock(label=_("Attachments"))
