"""Bringing a question file into the bank: read, check, preview, then import.

Nothing silently changes: every question of the file is shown with its type, key and
grades before anything is written, with each problem named by its line. A question
that cannot be carried as it is (an unsupported type, a text too long) is skipped only
when the editor says so, and questions already in the bank (the same ID number, or the
same text and answers on the same shelf) are skipped, updated or added as the editor
chooses. The import itself is one transaction in a background task.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from competencies.models import Competency, ProficiencyLevel
from quizzes.exchange import read_upload
from quizzes.exchange.errors import ImportFileError
from quizzes.exchange.neutral import Item, check_lengths, from_question, validate
from quizzes.models import Choice, Question, QuestionCategory, QuestionImport

MAX_BYTES = 5 * 1024 * 1024
PROGRESS_KEY = "question-import-progress-{pk}"


class Lookups:
    """Competencies and levels by every name a file may use for them, loaded once."""

    def __init__(self):
        self.competencies = {}
        for competency in Competency.objects.all():
            self.competencies[competency.code.casefold()] = competency
            self.competencies[competency.name.casefold()] = competency
        self.levels = {level.number: level for level in ProficiencyLevel.objects.all()}

    def competency(self, value):
        return self.competencies.get(str(value).strip().casefold())

    def level(self, value):
        text = str(value).strip().upper().removeprefix("L").removeprefix("第").removesuffix("级")
        return self.levels.get(int(text)) if text.isdigit() else None


@dataclass
class Planned:
    """One question of the file as it will be imported."""

    item: Item
    competency: Competency | None = None
    level: ProficiencyLevel | None = None
    duplicate: Question | None = None
    duplicate_in_file: int | None = None


def can_import(user):
    return user.is_authenticated and user.is_active and user.has_perm("quizzes.add_question")


@transaction.atomic
def start_import(*, user, upload, defaults):
    """Keep the upload for its preview; the file must at least be readable."""
    if not can_import(user):
        raise PermissionDenied
    if upload.size > MAX_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    items = read_upload(upload)
    if not items:
        raise ImportFileError(_("The file holds no questions."))
    upload.seek(0)
    return QuestionImport.objects.create(
        file=upload,
        original_name=(upload.name or "")[:255],
        created_by=user,
        default_category=defaults.get("category"),
        default_competency=defaults.get("competency"),
        default_level=defaults.get("level"),
        total=len(items),
    )


def own_import(*, user, pk):
    """The import, if this person uploaded it (or may import and is a superuser)."""
    if not can_import(user):
        raise PermissionDenied
    record = QuestionImport.objects.filter(pk=pk).first()
    if record is None or (record.created_by_id != user.pk and not user.is_superuser):
        raise PermissionDenied
    return record


def plan(record):
    """[Planned] for every question of the stored file, checked and matched."""
    with record.file.open("rb") as stored:
        stored.name = record.original_name
        items = read_upload(stored)
    lookups = Lookups()
    planned = [_resolve(item, record, lookups) for item in items]
    _find_duplicates(planned)
    return planned


def _resolve(item, record, lookups):
    check_lengths(item)
    if not item.category and record.default_category_id:
        item.category = record.default_category.name
    if not item.category:
        item.note(_("no category (add a $CATEGORY line or column, or choose a default)"), blocking=True)
    if len(item.category) > 255 or any(len(part) > 80 for part in item.category.split("/")):
        item.note(_("the category name is too long (at most 80 characters a level)"), blocking=True)
    entry = Planned(item=item)
    entry.competency = lookups.competency(item.competency) if item.competency else record.default_competency
    if entry.competency is None:
        item.note(
            _("unknown competency “%(value)s”") % {"value": item.competency}
            if item.competency
            else _("no competency (name one in the file, or choose a default)"),
            blocking=True,
        )
    entry.level = lookups.level(item.level) if item.level else record.default_level
    if entry.level is None:
        item.note(
            _("unknown level “%(value)s”") % {"value": item.level}
            if item.level
            else _("no level (give 1–3 in the file, or choose a default)"),
            blocking=True,
        )
    if item.points is None:
        item.points = 0 if item.kind == "description" else 1
    for problem in validate(item) if item.kind else ():
        item.note(problem, blocking=True)
    return entry


def _find_duplicates(planned):
    categories = {entry.item.category for entry in planned}
    ids = {entry.item.external_id for entry in planned if entry.item.external_id}
    existing = (
        Question.objects.filter(category__name__in=categories)
        .select_related("category", "competency", "level")
        .prefetch_related("choices", "tags")
    )
    by_fingerprint, by_id = {}, {}
    for question in existing:
        by_fingerprint.setdefault(from_question(question).fingerprint(), question)
    for question in Question.objects.filter(external_id__in=ids).order_by("pk"):
        by_id.setdefault(question.external_id, question)
    seen = {}
    for entry in planned:
        item = entry.item
        entry.duplicate = by_id.get(item.external_id) if item.external_id else None
        entry.duplicate = entry.duplicate or by_fingerprint.get(item.fingerprint())
        first = seen.setdefault(item.fingerprint(), item.line)
        if first != item.line:
            entry.duplicate_in_file = first
            item.note(_("the same question as on line %(line)s of this file") % {"line": first})


@transaction.atomic
def confirm_import(*, user, record, duplicates, skip_blocked):
    """Queue the import once, however often the button is pressed."""
    record = QuestionImport.objects.select_for_update().get(pk=own_import(user=user, pk=record.pk).pk)
    if record.state != QuestionImport.State.PREVIEW:
        return record
    planned = plan(record)
    blocked = [entry for entry in planned if entry.item.blocked]
    if blocked and not skip_blocked:
        raise ValidationError(_("Some questions cannot be imported as they are: skip them, or fix the file."))
    if len(blocked) == len(planned):
        raise ValidationError(_("No question of this file can be imported."))
    record.duplicates = duplicates
    record.state = QuestionImport.State.QUEUED
    record.save(update_fields=["duplicates", "state"])
    transaction.on_commit(lambda: run_question_import.enqueue(record.pk))
    return record


@transaction.atomic
def cancel_import(*, user, record):
    record = QuestionImport.objects.select_for_update().get(pk=own_import(user=user, pk=record.pk).pk)
    if record.state == QuestionImport.State.PREVIEW:
        record.state = QuestionImport.State.CANCELLED
        record.save(update_fields=["state"])
        record.file.delete(save=False)
    return record


def progress(record):
    """(questions done, of how many) while the task runs."""
    return cache.get(PROGRESS_KEY.format(pk=record.pk), 0), record.total


@task()
def run_question_import(import_pk):
    record = QuestionImport.objects.get(pk=import_pk)
    if record.state != QuestionImport.State.QUEUED:
        return record.state
    QuestionImport.objects.filter(pk=import_pk).update(state=QuestionImport.State.RUNNING)
    try:
        counts = _write(record)
    except Exception as error:
        QuestionImport.objects.filter(pk=import_pk).update(
            state=QuestionImport.State.FAILED, error=str(error)[:2000], finished_at=timezone.now()
        )
        raise
    QuestionImport.objects.filter(pk=import_pk).update(
        state=QuestionImport.State.DONE, finished_at=timezone.now(), **counts
    )
    record.file.delete(save=False)
    return QuestionImport.State.DONE


@transaction.atomic
def _write(record):
    """All or nothing: one transaction for the whole file."""
    planned = plan(record)
    categories = {category.name: category for category in QuestionCategory.objects.all()}
    counts = {"created_count": 0, "updated_count": 0, "skipped_count": 0}
    key = PROGRESS_KEY.format(pk=record.pk)
    for done, entry in enumerate(planned, start=1):
        if (
            entry.item.blocked
            or (entry.duplicate and record.duplicates == QuestionImport.Duplicates.SKIP)
            # A question twice in one file goes in once, unless every copy was asked for.
            or (entry.duplicate_in_file and record.duplicates != QuestionImport.Duplicates.NEW)
        ):
            counts["skipped_count"] += 1
        else:
            target = entry.duplicate if record.duplicates == QuestionImport.Duplicates.UPDATE else None
            save_item(entry, categories=categories, user=record.created_by, question=target)
            counts["updated_count" if target else "created_count"] += 1
        if done % 20 == 0:
            cache.set(key, done, 3600)
    cache.set(key, len(planned), 3600)
    return counts


def category_named(path, categories):
    """The shelf at `path`, creating it and every shelf above it as needed."""
    parts = path.split("/")
    category = None
    for depth in range(1, len(parts) + 1):
        name = "/".join(parts[:depth])
        category = categories.get(name)
        if category is None:
            category = categories[name] = QuestionCategory.objects.create(name=name)
    return category


def save_item(entry, *, categories, user=None, question=None):
    """Create the question (or update `question`) from a planned item, with a revision."""
    item = entry.item
    question = question or Question()
    question.category = category_named(item.category, categories)
    for field in ("kind", "name", "text", "text_format", "points", "feedback_true", "feedback_false"):
        setattr(question, field, getattr(item, field))
    for field in ("case_sensitive", "explanation", "rubric", "external_id"):
        setattr(question, field, getattr(item, field))
    question.competency = entry.competency
    question.level = entry.level
    question.correct_is_true = item.correct_is_true if item.kind == "true_false" else None
    question.choices = [
        Choice(
            text=answer.text,
            weight=answer.weight,
            feedback=answer.feedback,
            tolerance=answer.tolerance,
            match=answer.match,
            sort_order=index,
        )
        for index, answer in enumerate(item.answers)
    ]
    question.tags.set(item.tags)
    question.save()
    question.save_revision(user=user, log_action=True)
    return question


def import_items(items, *, user=None, defaults=None):
    """Write already-read items straight away (the demo and tests), refusing any with a
    blocking problem: returns the new questions."""
    record = QuestionImport(
        default_category=(defaults or {}).get("category"),
        default_competency=(defaults or {}).get("competency"),
        default_level=(defaults or {}).get("level"),
    )
    lookups = Lookups()
    planned = [_resolve(item, record, lookups) for item in items]
    problems = [(entry.item.line, note.message) for entry in planned for note in entry.item.notes if note.blocking]
    if problems:
        raise ValidationError([f"{line}: {message}" for line, message in problems])
    categories = {category.name: category for category in QuestionCategory.objects.all()}
    with transaction.atomic():
        return [save_item(entry, categories=categories, user=user) for entry in planned]
