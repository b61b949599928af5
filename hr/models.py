"""People from HR: each import of the HR system's staff list, and what it changed.

The staff list itself is never kept as a file: it holds personal data, and the media
folder is served as it is. The rows are kept, as read, in the import's record until it
is applied or cancelled.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class PeopleImport(models.Model):
    """One upload of HR's staff list: read and checked into a preview first, applied
    as one transaction by a background task only once an administrator confirms."""

    class State(models.TextChoices):
        CHECKING = "checking", _("Checking the file")
        PREVIEW = "preview", _("Waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    original_name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    create_missing = models.BooleanField(
        _("create regions and teams the file names"),
        default=False,
        help_text=_("Off: a region or team that does not exist yet is an error, so a typo cannot create one."),
    )
    full_roster = models.BooleanField(
        _("the file lists everyone"),
        default=False,
        help_text=_("On: people with an employee number who are missing from the file have left and are deactivated."),
    )
    # The uploader's language: the background task words the preview in it.
    language = models.CharField(max_length=16, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.CHECKING)
    # The upload as it came, then the rows as read (header-mapped, trimmed); both are
    # emptied once the import is applied or cancelled.
    upload = models.BinaryField(default=b"")
    rows = models.JSONField(default=list)
    total = models.PositiveIntegerField(_("people in the file"), default=0)
    # {kind of change: how many}: what the preview foresees, then what the import did.
    counts = models.JSONField(default=dict)
    # [[line, column, message], …]: every problem that stops the import.
    problems = models.JSONField(default=list)
    # Non-blocking notes ("team X will have no director"), as sentences.
    warnings = models.JSONField(default=list)
    # {kind of change: [the first rows of that kind, as shown in the preview]}
    samples = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import of people from HR")
        verbose_name_plural = _("imports of people from HR")

    def __str__(self):
        return self.original_name


class StaffChange(models.Model):
    """One change an import made to one person: their history of joining, moving
    between teams, changing grade and leaving. Team and grade are kept as names, so
    the history still reads right after a team is renamed or removed."""

    class Kind(models.TextChoices):
        JOINED = "joined", _("Joined")
        UPDATED = "updated", _("Details updated")
        MOVED = "moved", _("Moved to another team")
        GRADE = "grade", _("Job grade changed")
        LEFT = "left", _("Left")
        RETURNED = "returned", _("Returned")

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="staff_changes"
    )
    people_import = models.ForeignKey(
        PeopleImport, verbose_name=_("import"), on_delete=models.CASCADE, related_name="changes"
    )
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    before = models.CharField(_("before"), max_length=200, blank=True)
    after = models.CharField(_("after"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("staff change")
        verbose_name_plural = _("staff changes")
        indexes = [models.Index(fields=["person", "-created_at"], name="hr_change_person_recent")]

    def __str__(self):
        return f"{self.person} · {self.get_kind_display()}"
