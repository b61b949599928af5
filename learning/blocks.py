"""Blocks for lessons: the shared stream plus the two that make a lesson stick."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks

from core.blocks import BaseStreamBlock, OptionalCharBlock


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


class ReflectionPromptBlock(blocks.StructBlock):
    """A question that turns the lesson to the learner's own accounts."""

    prompt = blocks.TextBlock(label=_("Question"))
    hint = OptionalCharBlock(label=_("Hint"), required=False, max_length=200)

    class Meta:
        icon = "help"
        label = _("Reflect on your own accounts")
        template = "learning/blocks/reflection_prompt_block.html"


class LessonStreamBlock(BaseStreamBlock):
    key_takeaways = KeyTakeawaysBlock()
    reflection = ReflectionPromptBlock()
