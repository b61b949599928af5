"""Moodle's GIFT format (https://docs.moodle.org/en/GIFT_format), read and written as
Moodle reads and writes it.

Types are told apart as Moodle's own parser does: no braces is a description, empty
braces an essay, `{#…}` numerical, a `~` multiple choice (single when one answer
starts with `=`, multiple answers otherwise), `=… -> …` matching, T/F true-or-false,
anything else short answer. Grades (`%50%`), answer feedback (`#…`), general feedback
(`####…`), names (`::…::`), text formats (`[html]`, `[markdown]`, `[plain]`,
`[moodle]`), `$CATEGORY:` paths and Moodle 4's `// [id:…]` and `// [tag:…]` comments
are kept. What GIFT has no syntax for travels in comments Moodle ignores:
`// [competency:needs-analysis] [level:2] [points:2] [case:sensitive]` and
`// rubric: …`. A comment
block separated from its question by a blank line still belongs to it.
"""

import re
from decimal import Decimal, InvalidOperation

import markdown
from django.utils.translation import gettext as _

from core.html import clean_html, has_formatting, html_to_text
from quizzes.exchange.errors import ImportFileError
from quizzes.exchange.neutral import HUNDRED, Answer, Item, numerical_answer, shown_weight, weight
from quizzes.scoring import plain_number

SUFFIXES = (".gift", ".txt")
MAX_QUESTIONS = 5000
SPECIAL = "~=#{}:"
FORMATS = ("html", "markdown", "plain", "moodle")
_FORMAT = re.compile(r"^\[(html|markdown|plain|moodle)\]", re.IGNORECASE)
_META = re.compile(r"\[(\w+):([^\]]*)\]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
# Moodle puts these context markers in front of a category path.
_CONTEXT = re.compile(r"^\$(course|system|module|cat\d*)\$/?")


def escape(text):
    escaped = "".join("\\" + char if char in SPECIAL else char for char in str(text))
    return escaped.replace("\r\n", "\n").replace("\n", "\\n")


def unescape(text):
    out, index = [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            following = text[index + 1]
            out.append("\n" if following == "n" else following)
            index += 2
            continue
        out.append(char)
        index += 1
    return "".join(out).strip()


def _find(text, char, start=0):
    """The index of the first unescaped `char` (a string of one or more characters)."""
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(char, index):
            return index
        index += 1
    return -1


def _split(text, separators):
    """Split before each unescaped separator character, keeping it on its token."""
    tokens, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char in separators and "".join(current).strip():
            tokens.append("".join(current))
            current = []
        current.append(char)
        index += 1
    if "".join(current).strip():
        tokens.append("".join(current))
    return [token.strip() for token in tokens]


def category_path(value):
    """ "$course$/top/A/基础" as the bank names it: "A/基础" (Moodle's "//" is a slash
    inside one name, which becomes a full-width ／ here)."""
    path = _CONTEXT.sub("", value.strip()).replace("//", "\uff0f")
    parts = [part.strip() for part in path.split("/") if part.strip()]
    if parts and parts[0].lower() == "top":
        parts = parts[1:]
    return "/".join(parts)


def _blocks(text):
    """(first line number, lines) of each run of non-blank lines."""
    block, start = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            if block:
                yield start, block
            block, start = [], None
            continue
        if start is None:
            start = number
        block.append(line)
    if block:
        yield start, block


def read(text):
    """The Items of a GIFT document, each carrying its notes."""
    items = []
    category = ""
    pending = {"meta": {}, "rubric": "", "line": None}
    for line, lines in _blocks(text.lstrip("\ufeff")):
        body = []
        for raw in lines:
            stripped = raw.strip()
            if stripped.startswith("$CATEGORY:"):
                category = category_path(stripped.split(":", 1)[1])
            elif stripped.startswith("//"):
                comment = stripped[2:].strip()
                if comment.startswith("rubric:"):
                    pending["rubric"] = unescape(comment[len("rubric:") :])
                for key, value in _META.findall(comment):
                    pending["meta"].setdefault(key.lower(), []).append(value.strip())
                pending["line"] = pending["line"] or line
            else:
                body.append(raw)
        if not body:
            continue
        if len(items) >= MAX_QUESTIONS:
            raise ImportFileError(_("At most %(count)s questions per file.") % {"count": MAX_QUESTIONS})
        item = _read_question("\n".join(body))
        item.line = pending["line"] or line
        item.category = category
        item.rubric = item.rubric or pending["rubric"]
        meta = pending["meta"]
        item.tags = meta.get("tag", [])
        item.external_id = (meta.get("id") or [""])[0]
        item.competency = (meta.get("competency") or [""])[0]
        item.level = (meta.get("level") or [""])[0]
        item.points = _points(item, (meta.get("points") or [""])[0])
        item.case_sensitive = (meta.get("case") or [""])[0].lower() == "sensitive"
        items.append(item)
        pending = {"meta": {}, "rubric": "", "line": None}
    return items


def _points(item, value):
    if not value:
        return None
    try:
        return Decimal(value.replace("，", ".")).quantize(Decimal("0.01"))
    except InvalidOperation:
        item.note(_("points “%(value)s” is not a number") % {"value": value}, blocking=True)
        return None


def _read_question(body):
    text = body.strip()
    item = Item(kind="", text="")
    if text.startswith("::"):
        end = _find(text, "::", 2)
        if end == -1:
            item.note(_("the title is not closed with ::"), blocking=True)
            return item
        item.name = unescape(text[2:end])
        text = text[end + 2 :].strip()
    text_format = "moodle"
    found = _FORMAT.match(text)
    if found:
        text_format = found.group(1).lower()
        text = text[found.end() :].lstrip()
    opening = _find(text, "{")
    closing = _find(text, "}", opening + 1) if opening != -1 else -1
    if opening == -1:
        item.kind = "description"
        item.points = Decimal(0)
        _set_text(item, unescape(text), text_format)
        return item
    if closing == -1:
        item.note(_("the answer section is not closed with }"), blocking=True)
        item.kind = "essay"
        return item
    before, answer_text, after = text[:opening], text[opening + 1 : closing], text[closing + 1 :]
    stem = unescape(before) + (" _____ " + unescape(after) if unescape(after) else "")
    _set_text(item, stem.strip(), text_format)
    if not item.text.strip():
        item.note(_("the question text is empty"), blocking=True)
    feedback_at = _find(answer_text, "####")
    if feedback_at != -1:
        item.explanation = _plain(unescape(answer_text[feedback_at + 4 :]), text_format, item)
        answer_text = answer_text[:feedback_at]
    answer_text = answer_text.strip()
    if not answer_text:
        item.kind = "essay"
    elif answer_text.startswith("#"):
        item.kind = "numerical"
        _read_numerical(item, answer_text[1:], text_format)
    elif _find(answer_text, "~") != -1:
        item.kind = "single" if _find(answer_text, "=") != -1 else "multiple"
        _read_choices(item, answer_text, text_format)
    elif _find(answer_text, "=") != -1 and _find(answer_text, "->") != -1:
        item.kind = "matching"
        _read_matching(item, answer_text, text_format)
    elif _split(answer_text, "#")[0].upper() in ("T", "TRUE", "F", "FALSE"):
        item.kind = "true_false"
        _read_true_false(item, answer_text, text_format)
    else:
        item.kind = "short_answer"
        _read_choices(item, answer_text, text_format)
    return item


def _set_text(item, text, text_format):
    if text_format == "html":
        item.text_format = "html"
        item.text = clean_html(text)
        if _markup_removed(text, item.text):
            item.note(_("unsafe HTML (scripts, styles, images or frames) was removed from the question text"))
    elif text_format == "markdown":
        item.text_format = "html"
        item.text = clean_html(markdown.markdown(text))
        item.note(_("Markdown text was turned into formatted text"))
    else:
        item.text = text


def _markup_removed(original, cleaned):
    def words(html):
        return " ".join(html_to_text(html).split())

    return bool(re.search(r"<\s*(script|style|img|iframe|object|embed|form|input)", original, re.IGNORECASE)) or (
        words(original) != words(cleaned)
    )


def _plain(text, text_format, item):
    """Answers and feedback are plain text here: formatted ones lose their tags, and
    the editor is told when that dropped more than paragraphs and line breaks."""
    found = _FORMAT.match(text)
    if found:
        text_format = found.group(1).lower()
        text = text[found.end() :].lstrip()
    if text_format != "html":
        return text
    plain = html_to_text(text)
    if has_formatting(text):
        item.note(_("formatting was removed from “%(text)s”") % {"text": plain[:40]})
    return plain


def _answer_parts(token):
    """(marker, grade or None, text, feedback) of one `=…` or `~…` answer."""
    marker, rest = token[0], token[1:].strip()
    share = None
    found = _WEIGHT.match(rest)
    if found:
        share = Decimal(found.group(1))
        rest = rest[found.end() :]
    feedback = ""
    feedback_at = _find(rest, "#")
    if feedback_at != -1:
        feedback = rest[feedback_at + 1 :]
        rest = rest[:feedback_at]
    return marker, share, rest, feedback


def _read_choices(item, answer_text, text_format):
    for token in _split(answer_text, "=~"):
        if token[0] not in "=~":
            item.note(_("“%(text)s” does not start with = or ~") % {"text": token[:40]}, blocking=True)
            continue
        marker, share, text, feedback = _answer_parts(token)
        if share is None:
            share = HUNDRED if marker == "=" else Decimal(0)
        if not -HUNDRED <= share <= HUNDRED:
            item.note(_("the grade %(weight)s%% is outside -100%%…100%%") % {"weight": share}, blocking=True)
        item.answers.append(
            Answer(
                text=_plain(unescape(text), text_format, item),
                weight=weight(share),
                feedback=_plain(unescape(feedback), text_format, item),
            )
        )


def _read_true_false(item, answer_text, text_format):
    parts = _split(answer_text, "#")
    item.correct_is_true = parts[0].upper().startswith("T")
    feedbacks = [_plain(unescape(part[1:]), text_format, item) for part in parts[1:3]]
    wrong, right = (feedbacks + ["", ""])[:2]
    # GIFT gives the feedback for a wrong answer first, then for a right one.
    if item.correct_is_true:
        item.feedback_true, item.feedback_false = right, wrong
    else:
        item.feedback_true, item.feedback_false = wrong, right


def _read_matching(item, answer_text, text_format):
    for token in _split(answer_text, "="):
        pair = token[1:]
        arrow = _find(pair, "->")
        if token[0] != "=" or arrow == -1:
            item.note(_("“%(text)s” is not a pair written = item -> answer") % {"text": token[:40]}, blocking=True)
            continue
        prompt = _plain(unescape(pair[:arrow]), text_format, item)
        answer = _plain(unescape(pair[arrow + 2 :]), text_format, item)
        if not prompt:
            item.note(_("the extra answer “%(text)s” (with no item) is left out") % {"text": answer[:40]})
            continue
        item.answers.append(Answer(text=prompt, weight=HUNDRED, match=answer))


def _read_numerical(item, answer_text, text_format):
    answer_text = answer_text.strip()
    tokens = _split(answer_text, "=~") if answer_text[:1] in "=~" else ["=" + answer_text]
    for token in tokens:
        marker, share, value, feedback = _answer_parts(token)
        if marker == "~":
            # Moodle's "any other number" with its feedback.
            value, share = "*", share or Decimal(0)
        number, tolerance = _number_and_tolerance(unescape(value), item)
        item.answers.append(
            Answer(
                text=number,
                weight=weight(HUNDRED if share is None else share),
                tolerance=tolerance,
                feedback=_plain(unescape(feedback), text_format, item),
            )
        )


def _number_and_tolerance(value, item):
    parsed = numerical_answer(value)
    if parsed is None:
        item.note(_("“%(value)s” is not a number, number:tolerance or low..high") % {"value": value}, blocking=True)
        return value.strip(), None
    return parsed


# ---------------------------------------------------------------- writing


def write(items):
    """A GIFT document of the items, grouped under $CATEGORY lines; returns (text,
    [notes on what GIFT could not carry])."""
    out = ["// 效能学院 question bank export (GIFT)."]
    category = None
    left_out = []
    for item in items:
        if item.kind == "ordering":
            left_out.append(item)
            continue
        if item.category != category:
            category = item.category
            out += ["", f"$CATEGORY: $course$/top/{category}"]
        meta = []
        if item.external_id:
            meta.append(f"[id:{item.external_id}]")
        meta += [f"[tag:{tag}]" for tag in item.tags]
        meta += [f"[competency:{item.competency}]", f"[level:{item.level}]"]
        if item.points is not None:
            meta.append(f"[points:{plain_number(item.points)}]")
        if item.case_sensitive:
            meta.append("[case:sensitive]")
        out += ["", "// " + " ".join(meta)]
        if item.rubric:
            out.append("// rubric: " + escape(item.rubric))
        head = f"::{escape(item.name)}::" if item.name else ""
        head += "[html]" if item.text_format == "html" else ("[plain]" if _FORMAT.match(item.text) else "")
        if item.kind == "description":
            out.append(head + escape(item.text))
        else:
            out.append(f"{head}{escape(item.text)} {{{_answer_section(item)}}}")
    if left_out:
        out += ["", f"// {len(left_out)} ordering question(s) left out: GIFT has no ordering type."]
    return "\n".join(out) + "\n"


def _feedback(text):
    return f"#{escape(text)}" if text else ""


def _answer_section(item):
    general = f"####{escape(item.explanation)}" if item.explanation else ""
    if item.kind == "essay":
        return general
    if item.kind == "true_false":
        if item.correct_is_true:
            word, wrong, right = "TRUE", item.feedback_false, item.feedback_true
        else:
            word, wrong, right = "FALSE", item.feedback_true, item.feedback_false
        feedback = f"#{escape(wrong)}#{escape(right)}" if wrong or right else ""
        return word + feedback + general
    if item.kind == "matching":
        return " ".join(f"={escape(answer.text)} -> {escape(answer.match)}" for answer in item.answers) + general
    if item.kind == "numerical":
        parts = []
        for answer in item.answers:
            value = answer.text if answer.tolerance is None else f"{answer.text}:{plain_number(answer.tolerance)}"
            parts.append(f"={_grade(answer.weight, full='')}{value}{_feedback(answer.feedback)}")
        return "#" + " ".join(parts) + general
    parts, marked_right = [], False
    for answer in item.answers:
        if item.kind == "short_answer":
            marker = "=" + _grade(answer.weight, full="")
        elif item.kind == "single" and Decimal(answer.weight) == HUNDRED and not marked_right:
            # One "=" makes Moodle read a single choice; a second full-credit answer is
            # written with its grade so the question is not read as a short answer.
            marker, marked_right = "=", True
        else:
            marker = "~" + _grade(answer.weight, full=None)
        parts.append(f"{marker}{escape(answer.text)}{_feedback(answer.feedback)}")
    return " ".join(parts) + general


def _grade(value, *, full):
    """ "%50%" for a grade; `full` is what 100 % is written as (None: written out)."""
    value = Decimal(value)
    if value == HUNDRED and full is not None:
        return full
    if value == 0 and full is None:
        return ""
    return f"%{shown_weight(value)}%"
