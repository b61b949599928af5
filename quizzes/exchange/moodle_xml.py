"""Moodle XML (https://docs.moodle.org/en/Moodle_XML_format), the format Moodle users
most often export, read and written.

Read with defusedxml and element by element, so a hostile or huge file is refused
early. What Moodle XML has no element for (competency, level) travels in elements
Moodle's importer skips: `<competency>` and `<level>`.
"""

from decimal import Decimal, InvalidOperation
from xml.etree import ElementTree

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.utils.translation import gettext as _

from core.html import clean_html, has_formatting, html_to_text
from quizzes.exchange.errors import ImportFileError
from quizzes.exchange.gift import category_path
from quizzes.exchange.neutral import HUNDRED, Answer, Item, shown_weight, weight
from quizzes.scoring import plain_number

SUFFIXES = (".xml",)
MAX_QUESTIONS = 5000
KINDS = {
    "multichoice": None,  # single or multiple, by <single>
    "truefalse": "true_false",
    "shortanswer": "short_answer",
    "numerical": "numerical",
    "matching": "matching",
    "essay": "essay",
    "description": "description",
    "ordering": "ordering",
}
KIND_TYPES = {kind: moodle for moodle, kind in KINDS.items() if kind} | {
    "single": "multichoice",
    "multiple": "multichoice",
}


def read(stream):
    """The Items of a Moodle XML file (a binary stream)."""
    items, category = [], ""
    try:
        for _event, element in iterparse(stream, events=("end",), forbid_dtd=True):
            if element.tag != "question":
                continue
            kind = element.get("type", "")
            if kind == "category":
                category = category_path(_text(element, "category"))
            else:
                if len(items) >= MAX_QUESTIONS:
                    raise ImportFileError(_("At most %(count)s questions per file.") % {"count": MAX_QUESTIONS})
                item = _read_question(element, kind)
                item.category = category
                # The XML parser gives no line numbers: a question is named by its place.
                item.line = len(items) + 1
                items.append(item)
            element.clear()
    except (ElementTree.ParseError, DefusedXmlException) as error:
        raise ImportFileError(_("This is not a readable Moodle XML file: %(error)s") % {"error": error}) from error
    return items


def _text(element, path):
    found = element.find(path + "/text") if path else element.find("text")
    return (found.text or "") if found is not None else ""


def _formatted(element, path, item, *, plain=True):
    """The text at `path`; as plain text unless `plain` is False and it is HTML."""
    node = element.find(path)
    if node is None:
        return "", "plain"
    value = _text(node, "")
    text_format = node.get("format", "html")
    if node.find("file") is not None:
        item.note(_("embedded files (pictures) are not carried; the text is kept"))
    if text_format == "markdown":
        import markdown

        value, text_format = markdown.markdown(value), "html"
    if text_format != "html":
        return value.strip(), "plain"
    if plain:
        return html_to_text(value), "plain"
    cleaned = clean_html(value)
    if ("@@PLUGINFILE@@" in value or "<img" in value.lower()) and node.find("file") is None:
        item.note(_("pictures in the text are not carried; the words are kept"))
    return cleaned, "html"


def _read_question(element, moodle_type):
    item = Item(kind="", text="")
    if moodle_type not in KINDS:
        # Shown under Moodle's own name in the preview, and never imported.
        item.kind = moodle_type or "?"
        item.text = html_to_text(_text(element, "questiontext"))
        item.note(_("Moodle's “%(type)s” questions are not supported here") % {"type": moodle_type}, blocking=True)
        return item
    item.name = _text(element, "name").strip()
    item.text, item.text_format = _formatted(element, "questiontext", item, plain=False)
    if item.text_format == "html" and not has_formatting(item.text):
        item.text, item.text_format = html_to_text(item.text), "plain"
    item.explanation = _formatted(element, "generalfeedback", item)[0]
    item.external_id = (element.findtext("idnumber") or "").strip()
    item.tags = [(tag.findtext("text") or "").strip() for tag in element.findall("tags/tag")]
    item.tags = [tag for tag in item.tags if tag]
    item.competency = (element.findtext("competency") or "").strip()
    item.level = (element.findtext("level") or "").strip()
    item.points = _decimal(element.findtext("defaultgrade"), item)
    if item.points is not None:
        item.points = item.points.quantize(Decimal("0.01"))
    kind = KINDS[moodle_type]
    if moodle_type == "multichoice":
        kind = "single" if (element.findtext("single") or "true").strip().lower() in ("true", "1") else "multiple"
    item.kind = kind
    if kind == "true_false":
        for answer in element.findall("answer"):
            value = _text(answer, "").strip().lower()
            feedback = _formatted(answer, "feedback", item)[0]
            is_right = (_decimal(answer.get("fraction"), item) or 0) > 0
            if value == "true":
                item.feedback_true = feedback
                item.correct_is_true = is_right if item.correct_is_true is None else item.correct_is_true
            elif value == "false":
                item.feedback_false = feedback
                if is_right:
                    item.correct_is_true = False
    elif kind == "matching":
        for sub in element.findall("subquestion"):
            prompt = _formatted(sub, ".", item)[0] if sub.find("text") is not None else ""
            match = (sub.findtext("answer/text") or "").strip()
            if not prompt:
                item.note(_("the extra answer “%(text)s” (with no item) is left out") % {"text": match[:40]})
                continue
            item.answers.append(Answer(text=prompt, weight=HUNDRED, match=match))
    elif kind in ("single", "multiple", "short_answer", "numerical", "ordering"):
        for answer in element.findall("answer"):
            share = _decimal(answer.get("fraction"), item) or Decimal(0)
            text = _formatted(answer, ".", item)[0] if answer.get("format") else _text(answer, "").strip()
            tolerance = None
            if kind == "numerical":
                tolerance = abs(_decimal(answer.findtext("tolerance") or "0", item) or Decimal(0))
            item.answers.append(
                Answer(
                    text=text,
                    weight=weight(share),
                    feedback=_formatted(answer, "feedback", item)[0],
                    tolerance=tolerance,
                )
            )
        if kind == "ordering":
            for answer in item.answers:
                answer.weight = Decimal(0)
        item.case_sensitive = (element.findtext("usecase") or "0").strip() == "1"
        if kind == "numerical" and element.find("units/unit") is not None:
            item.note(_("units are not supported: answers are compared as plain numbers"))
    elif kind == "essay":
        item.rubric = _formatted(element, "graderinfo", item)[0]
    if kind == "description":
        item.points = Decimal(0)
    return item


def _decimal(value, item):
    if value is None or not str(value).strip():
        return None
    try:
        return Decimal(str(value).strip())
    except InvalidOperation:
        item.note(_("“%(value)s” is not a number") % {"value": value}, blocking=True)
        return None


# ---------------------------------------------------------------- writing


def write(items):
    """A Moodle XML document of the items (bytes, UTF-8)."""
    quiz = ElementTree.Element("quiz")
    category = None
    for item in items:
        if item.category != category:
            category = item.category
            node = ElementTree.SubElement(quiz, "question", type="category")
            _text_node(node, "category", f"$course$/top/{category}", text_format=None)
        quiz.append(_question(item))
    ElementTree.indent(quiz)
    return ElementTree.tostring(quiz, encoding="utf-8", xml_declaration=True) + b"\n"


def _text_node(parent, tag, value, *, text_format="plain_text"):
    node = ElementTree.SubElement(parent, tag)
    if text_format:
        node.set("format", text_format)
    ElementTree.SubElement(node, "text").text = value or ""
    return node


def _question(item):
    node = ElementTree.Element("question", type=KIND_TYPES[item.kind])
    _text_node(node, "name", item.name, text_format=None)
    _text_node(node, "questiontext", item.text, text_format="html" if item.text_format == "html" else "plain_text")
    _text_node(node, "generalfeedback", item.explanation)
    points = Decimal(0) if item.kind == "description" else (item.points or Decimal(1))
    ElementTree.SubElement(node, "defaultgrade").text = plain_number(points)
    ElementTree.SubElement(node, "penalty").text = "0"
    ElementTree.SubElement(node, "hidden").text = "0"
    ElementTree.SubElement(node, "idnumber").text = item.external_id
    ElementTree.SubElement(node, "competency").text = item.competency
    ElementTree.SubElement(node, "level").text = str(item.level)
    if item.kind in ("single", "multiple"):
        ElementTree.SubElement(node, "single").text = "true" if item.kind == "single" else "false"
        ElementTree.SubElement(node, "shuffleanswers").text = "true"
        ElementTree.SubElement(node, "answernumbering").text = "abc"
    if item.kind == "short_answer":
        ElementTree.SubElement(node, "usecase").text = "1" if item.case_sensitive else "0"
    if item.kind == "true_false":
        for value, feedback in (("true", item.feedback_true), ("false", item.feedback_false)):
            right = item.correct_is_true == (value == "true")
            answer = _text_node(node, "answer", value, text_format=None)
            answer.set("fraction", "100" if right else "0")
            _text_node(answer, "feedback", feedback)
    elif item.kind == "matching":
        ElementTree.SubElement(node, "shuffleanswers").text = "true"
        for pair in item.answers:
            sub = _text_node(node, "subquestion", pair.text)
            ElementTree.SubElement(ElementTree.SubElement(sub, "answer"), "text").text = pair.match
    elif item.kind == "essay":
        ElementTree.SubElement(node, "responseformat").text = "editor"
        _text_node(node, "graderinfo", item.rubric)
    else:
        for choice in item.answers:
            answer = _text_node(node, "answer", choice.text)
            answer.set("fraction", "100" if item.kind == "ordering" else shown_weight(choice.weight))
            _text_node(answer, "feedback", choice.feedback)
            if item.kind == "numerical":
                ElementTree.SubElement(answer, "tolerance").text = plain_number(choice.tolerance or 0)
    for tag in item.tags:
        tags = node.find("tags")
        if tags is None:
            tags = ElementTree.SubElement(node, "tags")
        ElementTree.SubElement(ElementTree.SubElement(tags, "tag"), "text").text = tag
    return node
