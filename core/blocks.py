"""StreamField blocks every content type builds on (like bakerydemo's base/blocks.py).

Page types compose `BaseStreamBlock` and add their own blocks next to it, so a heading
or a quote looks and behaves the same on a course, a case and the home page.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = ["h3", "h4", "bold", "ol", "ul", "link", "document-link", "hr"]


class OptionalTextSearch:
    """For optional text blocks: an empty value adds nothing to the search index.
    Stored values lacking the key come back as None, which Wagtail would index as the
    word "None"."""

    def get_searchable_content(self, value):
        return super().get_searchable_content(value) if value else []


class OptionalCharBlock(OptionalTextSearch, blocks.CharBlock):
    pass


class OptionalTextBlock(OptionalTextSearch, blocks.TextBlock):
    pass


class HeadingBlock(blocks.StructBlock):
    """A section heading; h2 by default, h3 for sub-sections."""

    text = blocks.CharBlock(label=_("Heading"), max_length=120)
    size = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (h2)")), ("h3", _("Sub-section (h3)"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        template = "core/blocks/heading_block.html"


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its alt text (Wagtail's ImageBlock) and an optional caption."""

    image = ImageBlock(label=_("Image"))
    caption = OptionalCharBlock(label=_("Caption"), required=False, max_length=200)

    class Meta:
        icon = "image"
        template = "core/blocks/image_block.html"


class QuoteBlock(blocks.StructBlock):
    """A remark worth remembering, attributed to a colleague or the source."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = OptionalCharBlock(label=_("Attribution"), required=False, max_length=120)

    class Meta:
        icon = "openquote"
        template = "core/blocks/quote_block.html"


class DocumentBlock(blocks.StructBlock):
    """A downloadable file (slides, templates, checklists)."""

    document = DocumentChooserBlock(label=_("Document"))
    title = OptionalCharBlock(
        label=_("Link text"), required=False, max_length=120, help_text=_("Leave empty to use the document's title.")
    )

    class Meta:
        icon = "doc-full"
        template = "core/blocks/document_block.html"


class CardBlock(blocks.StructBlock):
    """One card of a card grid: a short title, a sentence or two, an optional link."""

    title = blocks.CharBlock(label=_("Title"), max_length=80)
    text = OptionalTextBlock(label=_("Text"), required=False)
    page = blocks.PageChooserBlock(label=_("Link to page"), required=False)


class CardGridBlock(blocks.StructBlock):
    """Several short items side by side on a laptop, stacked on a phone."""

    heading = OptionalCharBlock(label=_("Heading"), required=False, max_length=120)
    cards = blocks.ListBlock(CardBlock(), label=_("Cards"), min_num=1)

    class Meta:
        icon = "table"
        template = "core/blocks/card_grid_block.html"


class BaseStreamBlock(blocks.StreamBlock):
    """The shared body stream: the blocks any page's body may use."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, icon="pilcrow", template="core/blocks/paragraph_block.html"
    )
    image = CaptionedImageBlock(label=_("Image"))
    quote = QuoteBlock(label=_("Quote"))
    cards = CardGridBlock(label=_("Card grid"))
    document = DocumentBlock(label=_("Document"))
    embed = EmbedBlock(
        label=_("Embedded media"),
        help_text=_("A link to a video or other media, for example https://v.qq.com/…"),
        icon="media",
        template="core/blocks/embed_block.html",
    )
