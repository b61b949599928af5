"""One entry point for importing a question file of any supported format."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from quizzes.gift import parse_gift
from quizzes.question_io import ImportFileError, parse_rows, read_table, save_questions

GIFT_SUFFIXES = (".gift", ".txt")


def parse_upload(upload, defaults):
    """(parsed questions, [(row or line, message)]) for an uploaded file."""
    if (upload.name or "").lower().endswith(GIFT_SUFFIXES):
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("A GIFT file must be saved as UTF-8 text.")) from error
        return parse_gift(text, defaults)
    return parse_rows(read_table(upload), defaults)


@transaction.atomic
def import_questions(*, user, upload, defaults):
    """Import every question of the file, or none: returns (created, errors)."""
    if not user.has_perm("quizzes.add_question"):
        raise PermissionDenied
    parsed, errors = parse_upload(upload, defaults)
    if errors:
        return [], errors
    if not parsed:
        return [], [(0, _("The file holds no questions."))]
    return save_questions(parsed, user=user), []
