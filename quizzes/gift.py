"""Moodle's GIFT format (https://docs.moodle.org/en/GIFT_format), both ways.

Supported: multiple choice with one answer (``{=right ~wrong}``), with several
(``{~%50%a ~%50%b ~%-100%c}``), true/false (``{T}``), short answer (``{=a =b}``) and
essay (``{}``); general feedback (``####``) becomes the explanation; ``$CATEGORY:``
lines set the category. Matching and numerical questions are refused with a clear
message. What GIFT has no syntax for travels in a comment line before the question,
which Moodle ignores: ``// [competency:needs-analysis] [level:2] [points:2]
[tag:竞争]``; an essay's rubric in ``// rubric: …``. Ordering questions have no GIFT
form, so export leaves them out and says so in a comment.
"""

import re
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes.question_io import Lookups, ParsedQuestion, parse_points, resolve_model_fields, validate_question
from quizzes.scoring import plain_number

SPECIAL = "~=#{}:"
GIFT_HINTS = (
    gettext_lazy("no competency (add [competency:code], or choose a default)"),
    gettext_lazy("no level (add [level:1–3], or choose a default)"),
)
_META = re.compile(r"\[(\w+):([^\]]*)\]")
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


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


def _split_unescaped(text, separators):
    """Split before each unescaped separator character, keeping it on its token."""
    tokens, current, index = [], [], 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text):
            current.append(text[index : index + 2])
            index += 2
            continue
        if char in separators and current and "".join(current).strip():
            tokens.append("".join(current))
            current = []
        current.append(char)
        index += 1
    if "".join(current).strip():
        tokens.append("".join(current))
    return [token.strip() for token in tokens]


def _find_unescaped(text, char, start=0):
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == char:
            return index
        index += 1
    return -1


def _blocks(text):
    """(first line number, lines) of each question, with $CATEGORY lines as their own."""
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


def parse_gift(text, defaults):
    """ParsedQuestions and [(line, message)] errors for a GIFT document."""
    lookups = Lookups()
    parsed, errors = [], []
    category = defaults.category.name if defaults.category else ""
    for line, lines in _blocks(text.lstrip("\ufeff")):
        meta, rubric, body = {}, "", []
        for raw in lines:
            stripped = raw.strip()
            if stripped.startswith("$CATEGORY:"):
                category = stripped.split(":", 1)[1].strip().rstrip("/").split("/")[-1]
            elif stripped.startswith("//"):
                comment = stripped[2:].strip()
                if comment.startswith("rubric:"):
                    rubric = unescape(comment[len("rubric:") :])
                for key, value in _META.findall(comment):
                    meta.setdefault(key.lower(), []).append(value.strip())
            else:
                body.append(raw)
        if not body:
            continue
        problems = []
        question = _parse_question("\n".join(body), problems)
        if question is not None:
            question.row = line
            question.category = category
            question.rubric = rubric
            question.tags = meta.get("tag", [])
            competency = (meta.get("competency") or [""])[0]
            level = (meta.get("level") or [""])[0]
            resolve_model_fields(
                question, competency, level, lookups=lookups, defaults=defaults, problems=problems, hints=GIFT_HINTS
            )
            question.points = parse_points((meta.get("points") or [""])[0], problems)
            if not question.category:
                problems.append(_("no category (add a $CATEGORY line, or choose a default)"))
            problems.extend(validate_question(question))
        if problems:
            errors.extend((line, problem) for problem in problems)
        else:
            parsed.append(question)
    return parsed, errors


def _parse_question(body, problems):
    text = body.strip()
    if text.startswith("::"):
        end = text.find("::", 2)
        if end == -1:
            problems.append(_("the title is not closed with ::"))
            return None
        text = text[end + 2 :].strip()
    if text.startswith("[") and "]" in text:
        # A text format marker such as [html] or [markdown]; the text is kept as typed.
        text = text[text.index("]") + 1 :].strip()
    opening = _find_unescaped(text, "{")
    closing = _find_unescaped(text, "}", opening + 1) if opening != -1 else -1
    if opening == -1 or closing == -1:
        problems.append(_("no answer section in braces { }"))
        return None
    before, answer_text, after = text[:opening], text[opening + 1 : closing], text[closing + 1 :]
    stem = unescape(before) + (" ____ " + unescape(after) if unescape(after) else "")
    if not stem.strip():
        problems.append(_("the question text is empty"))
        return None
    explanation = ""
    feedback_at = answer_text.find("####")
    if feedback_at != -1:
        explanation = unescape(answer_text[feedback_at + 4 :])
        answer_text = answer_text[:feedback_at]
    answer_text = answer_text.strip()
    question = ParsedQuestion(row=0, kind="", text=stem.strip()[:4000], explanation=explanation[:4000])
    if not answer_text:
        question.kind = "essay"
        return question
    word = answer_text.split("#", 1)[0].strip().upper()
    if word in ("T", "TRUE", "F", "FALSE"):
        question.kind = "true_false"
        question.correct_is_true = word.startswith("T")
        return question
    if answer_text.startswith("#"):
        problems.append(_("numerical questions are not supported"))
        return None
    tokens = _split_unescaped(answer_text, "=~")
    if any("->" in token for token in tokens):
        problems.append(_("matching questions are not supported"))
        return None
    answers = []
    for token in tokens:
        marker, rest = token[0], token[1:].strip()
        weight = None
        found = _WEIGHT.match(rest)
        if found:
            weight = Decimal(found.group(1))
            rest = rest[found.end() :]
        feedback_at = _find_unescaped(rest, "#")
        if feedback_at != -1:
            rest = rest[:feedback_at]
        answers.append((marker, weight, unescape(rest)))
    if all(marker == "=" for marker, _weight, _text in answers):
        question.kind = "short_answer"
        question.choices = [(text, True) for _marker, _weight, text in answers]
    elif any(weight is not None for _marker, weight, _text in answers):
        question.kind = "multiple"
        question.choices = [(text, bool(weight and weight > 0)) for _marker, weight, text in answers]
    else:
        question.kind = "single"
        question.choices = [(text, marker == "=") for marker, _weight, text in answers]
    return question


def export_gift(questions):
    """A GIFT document of the questions, grouped under $CATEGORY lines."""
    out = ["// 效能学院 question bank export (GIFT)."]
    category = None
    skipped = 0
    for question in questions:
        if question.kind == "ordering":
            skipped += 1
            continue
        if question.category.name != category:
            category = question.category.name
            out += ["", f"$CATEGORY: {category}"]
        meta = [f"[competency:{question.competency.code}]", f"[level:{question.level.number}]"]
        meta.append(f"[points:{plain_number(question.points)}]")
        meta += [f"[tag:{tag.name}]" for tag in question.tags.all()]
        out += ["", "// " + " ".join(meta)]
        if question.rubric:
            out.append("// rubric: " + escape(question.rubric))
        out.append(f"{escape(question.text)} {{{_answer_section(question)}}}")
    if skipped:
        out += ["", f"// {skipped} ordering question(s) left out: GIFT has no ordering type."]
    return "\n".join(out) + "\n"


def _answer_section(question):
    choices = list(question.choices.all())
    feedback = f"####{escape(question.explanation)}" if question.explanation else ""
    if question.kind == "essay":
        return feedback
    if question.kind == "true_false":
        return ("TRUE" if question.correct_is_true else "FALSE") + feedback
    if question.kind == "short_answer":
        return " ".join(f"={escape(choice.text)}" for choice in choices) + feedback
    if question.kind == "multiple":
        right = [choice for choice in choices if choice.is_correct]
        wrong = [choice for choice in choices if not choice.is_correct]
        parts = [f"~%{_weight(100, len(right))}%{escape(choice.text)}" for choice in right]
        parts += [f"~%-{_weight(100, len(wrong))}%{escape(choice.text)}" for choice in wrong]
        return " ".join(parts) + feedback
    return " ".join(("=" if choice.is_correct else "~") + escape(choice.text) for choice in choices) + feedback


def _weight(total, count):
    return plain_number((Decimal(total) / count).quantize(Decimal("0.00001")))
