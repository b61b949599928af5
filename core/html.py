"""Formatted text that came from outside (a Moodle question bank, say): kept to an
allow-list of harmless formatting, so it can be shown as HTML without trusting where
it came from."""

import re

import nh3

ALLOWED_TAGS = {
    "a",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "del",
    "em",
    "h3",
    "h4",
    "i",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}


def clean_html(html):
    """The text with every tag, attribute and URL scheme outside the allow-list gone
    (scripts and styles with their contents). Idempotent: cleaning twice changes
    nothing more."""
    return nh3.clean(
        str(html or ""),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        clean_content_tags={"script", "style"},
    ).strip()


# A tag other than <p> and <br>: formatting that plain text would lose.
_FORMATTING = re.compile(r"<(?!/?(p|br)\b)[a-z]", re.IGNORECASE)


def has_formatting(html):
    """Whether the HTML holds more than paragraphs and line breaks."""
    return bool(_FORMATTING.search(str(html or "")))


def html_to_text(html):
    """The words of an HTML fragment, for places that show plain text only."""
    import html as html_module

    stripped = nh3.clean(str(html or "").replace("<br", "\n<br").replace("</p>", "</p>\n"), tags=set())
    return html_module.unescape(stripped).strip()
