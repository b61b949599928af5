"""How tag text typed anywhere (the admin's tag widget, front-end forms, imports) becomes
tag names, so near-duplicates never appear: 客户 流失, 客户流失 and ＦＭＣ / fmc are the
same tag. Installed as TAGGIT_TAGS_FROM_STRING; TAGGIT_CASE_INSENSITIVE matches names
that differ only in case to the tag that already exists."""

import re
import unicodedata

MAX_TAG_LENGTH = 40
# Chinese and Japanese list separators, which Chinese keyboards type in place of commas.
_SEPARATORS = re.compile(r"[,，、；;\n]")
_SPACES = re.compile(r"\s+")
# Whitespace next to a CJK character is never meaningful in a tag (客户 流失).
_SPACE_BY_CJK = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\ufaff])\s+|\s+(?=[\u2e80-\u9fff\uf900-\ufaff])")


def normalise_tag(name):
    """One tag name in its canonical spelling, or "" when nothing is left."""
    name = unicodedata.normalize("NFKC", name or "").strip().strip("#＃\"'")
    name = _SPACE_BY_CJK.sub("", name)
    return _SPACES.sub(" ", name).strip()[:MAX_TAG_LENGTH]


def parse_tags(tag_string):
    """Tag names from text separated by commas (either width), 、 or semicolons. Spaces
    never separate: "客户 流失" is one tag, 客户流失, and so is "key account"."""
    tag_string = unicodedata.normalize("NFKC", tag_string or "")
    names = []
    seen = set()
    for raw in _SEPARATORS.split(tag_string):
        name = normalise_tag(raw)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return sorted(names)


def edit_string_for_tags(tags):
    """Tags as the text a form shows, which `parse_tags` reads back unchanged."""
    return ", ".join(sorted(tag.name for tag in tags))
