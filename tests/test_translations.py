"""Both catalogues are complete for the strings that exist, and compiled."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
LOCALES = ("zh_Hans", "en")


def catalogue(locale):
    return polib.pofile(str(PROJECT_DIR / "locale" / locale / "LC_MESSAGES" / "django.po"))


def translations(entries):
    return {
        (entry.msgctxt, entry.msgid): entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
        for entry in entries
        if not entry.obsolete
    }


@pytest.mark.parametrize("locale", LOCALES)
def test_every_string_is_translated(locale):
    po = catalogue(locale)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_the_source(locale):
    mo_path = PROJECT_DIR / "locale" / locale / "LC_MESSAGES" / "django.mo"
    assert translations(polib.mofile(str(mo_path))) == translations(catalogue(locale))


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="needs GNU gettext (make test installs it)")
def test_catalogues_hold_exactly_the_strings_in_the_code(tmp_path):
    """Extract strings from a copy of the code; a string added without running
    `make messages`, or a stale one left behind, fails here."""
    copy = tmp_path / "project"
    shutil.copytree(
        PROJECT_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "tests", "node_modules", "*.sqlite3*", "media", "staticfiles"),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "zh_Hans", "--no-obsolete", "--ignore=.venv"],
        cwd=copy,
        capture_output=True,
        text=True,
        env={"DJANGO_SETTINGS_MODULE": "config.settings.test", "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    in_code = {(entry.msgctxt, entry.msgid) for entry in fresh}
    in_catalogue = {(entry.msgctxt, entry.msgid) for entry in catalogue("zh_Hans") if not entry.obsolete}
    assert sorted(in_code - in_catalogue) == [], "strings missing from the catalogue: run `make messages`"
    assert sorted(in_catalogue - in_code) == [], "stale strings in the catalogue: run `make messages`"


def test_english_catalogue_repeats_the_english_source():
    wrong = [
        entry.msgid
        for entry in catalogue("en")
        if entry.msgstr != entry.msgid
        and not (entry.msgid_plural and entry.msgstr_plural.get(1) == entry.msgid_plural)
    ]
    assert wrong == []


def _chinese_strings():
    for entry in catalogue("zh_Hans"):
        if not entry.obsolete:
            yield from [entry.msgstr, *entry.msgstr_plural.values()]


def test_the_chinese_interface_speaks_in_one_register():
    """你 throughout, never 您: the site talks to colleagues, not to customers."""
    assert [text for text in _chinese_strings() if "您" in text] == []


def test_chinese_sentences_use_full_width_punctuation():
    import re

    # A colon, semicolon, question or exclamation mark right after a Chinese character is
    # the full-width one; numbers inside Chinese are set off by spaces (第 1 步).
    half_width = re.compile(r"[\u4e00-\u9fff][;?!]|[\u4e00-\u9fff]: |第\d|\d[步级项]")
    assert [text for text in _chinese_strings() if half_width.search(text)] == []
