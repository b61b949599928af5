"""Editors anonymise customer names before a lesson is published: each line of the
review form's "replace" box reads `原文 => 替换`, e.g. `华东某银行 => 某股份制银行`."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ARROW = re.compile(r"\s*(?:=>|＝＞|->|→)\s*")
MAX_RULES = 50


def parse_replacements(text):
    """[(original, replacement), ...], longest original first so a longer name is
    replaced before a shorter one it contains. Refuses a line it cannot read."""
    rules = []
    errors = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = ARROW.split(line.strip(), maxsplit=1)
        if len(parts) != 2 or not parts[0].strip():
            errors.append(_("Line %(number)s: write it as “original => replacement”.") % {"number": number})
            continue
        rules.append((parts[0].strip(), parts[1].strip()))
    if len(rules) > MAX_RULES:
        errors.append(_("At most %(limit)s replacements at a time.") % {"limit": MAX_RULES})
    if errors:
        raise ValidationError(errors)
    return sorted(rules, key=lambda rule: len(rule[0]), reverse=True)


def anonymised(text, rules):
    for original, replacement in rules:
        text = text.replace(original, replacement)
    return text
