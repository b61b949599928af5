"""The custom course library (定制培训): CourseIndexPage → CoursePage → LessonPage, and
each learner's enrolments and completed lessons.

A course is complete when every live lesson is done and every completion check that
other apps register (for example a final quiz) passes; never by time spent.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtailmedia.models import AbstractMedia

from core.blocks import BaseStreamBlock
from core.models import SectionPage
from core.tree import RestrictedOnlyWhereRestrictionsExist, children_of
from learning.blocks import LessonStreamBlock, lesson_kind


class CourseIndexPage(SectionPage):
    """The course library (课程库): every course, filterable by competency, job grade,
    level and tag through plain GET parameters."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = SectionPage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["learning.CoursePage"]
    max_count = 1

    class Meta:
        verbose_name = _("course library")

    def get_context(self, request, *args, **kwargs):
        from learning.selectors import course_library

        context = super().get_context(request, *args, **kwargs)
        context["library"] = course_library(self, request.GET, user=request.user)
        return context


class CourseTag(TaggedItemBase):
    content_object = ParentalKey("learning.CoursePage", on_delete=models.CASCADE, related_name="tagged_items")


class CoursePage(RestrictedOnlyWhereRestrictionsExist, Page):
    """A course designed around the competency model: what it develops and to which
    level, whom it is for, and its ordered lessons (the child pages)."""

    # A learning plan can hold it (competencies.plans reads these flags).
    plannable = True
    completes_plan_item = True

    summary = models.TextField(_("summary"), max_length=500)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    estimated_hours = models.DecimalField(
        _("estimated hours"),
        max_digits=4,
        decimal_places=1,
        default=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(200)],
    )
    target_grades = ParentalManyToManyField(
        "competencies.JobGrade", verbose_name=_("for job grades"), blank=True, related_name="courses"
    )
    tags = ClusterTaggableManager(through=CourseTag, blank=True, verbose_name=_("tags"))
    body = StreamField(BaseStreamBlock(), verbose_name=_("about this course"), blank=True)
    outcomes = models.TextField(
        _("what learners will be able to do"),
        blank=True,
        max_length=2000,
        help_text=_("One outcome per line, each starting with a verb, e.g. 用七步法拆解一次客户流失."),
    )
    required_watch_percent = models.PositiveSmallIntegerField(
        _("share of each video to watch"),
        default=0,
        validators=[MaxValueValidator(100)],
        help_text=_(
            "0 to leave watching free. Above 0, a lesson's check counts only after the learner "
            "has seen this percentage of each of its videos."
        ),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
        FieldPanel("outcomes"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                InlinePanel("developed_competencies", label=_("Competency"), min_num=1),
                FieldPanel("target_grades", widget=forms.CheckboxSelectMultiple),
                FieldPanel("estimated_hours"),
                FieldPanel("tags"),
            ],
            heading=_("Competency model"),
        ),
        FieldPanel("required_watch_percent"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("outcomes"),
        index.SearchField("body"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["learning.CourseIndexPage"]
    # A quiz placed in a course must be passed for the course to be complete.
    subpage_types = ["learning.LessonPage", "quizzes.QuizPage"]

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def get_context(self, request, *args, **kwargs):
        from learning.selectors import course_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(course_detail(self, user=request.user, preview=getattr(request, "is_preview", False)))
        return context

    def live_lessons(self):
        return children_of(LessonPage.objects.live(), self).order_by("path")

    def outcome_list(self):
        return [line.strip(" -•·") for line in self.outcomes.splitlines() if line.strip(" -•·")]


class CourseCompetency(Orderable):
    """A competency the course develops, and the level it takes a learner to."""

    course = ParentalKey(CoursePage, on_delete=models.CASCADE, related_name="developed_competencies")
    competency = models.ForeignKey(
        "competencies.Competency", verbose_name=_("competency"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.ForeignKey(
        "competencies.ProficiencyLevel", verbose_name=_("to level"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("competency"), FieldPanel("level")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(fields=["course", "competency"], name="one_level_per_course_competency")
        ]

    def __str__(self):
        return f"{self.competency} → {self.level}"


class LessonPage(RestrictedOnlyWhereRestrictionsExist, Page):
    """One lesson (课时) of a course, in tree order. Done by its check (a question, a
    reflection, a task on the learner's own accounts, or a SCORM package's own test),
    or, when it has none, by the learner saying so; never by time on the page."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Reading")
        VIDEO = "video", _("Video")
        AUDIO = "audio", _("Audio")
        DOCUMENT = "document", _("Slides")
        COURSEWARE = "courseware", _("Interactive courseware")

    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=15, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("lesson"))
    # Read from the body on every save, so the course outline can show each lesson's
    # kind without loading every lesson's body.
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.TEXT, editable=False)

    content_panels = Page.content_panels + [FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["learning.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def save(self, *args, **kwargs):
        self.kind = lesson_kind(self.body)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "kind"}
        return super().save(*args, **kwargs)

    @cached_property
    def body_block_types(self):
        return {block.block_type for block in self.body}

    def get_course(self):
        """The course this lesson belongs to, in one query (its parent in the tree)."""
        return CoursePage.objects.get(path=self.path[: -self.steplen])

    def enrolment_of(self, user):
        """The person's enrolment in this lesson's course (the course itself not read:
        the lesson page has it kept); None when they are not enrolled."""
        course_path = self.path[: -self.steplen]
        return Enrolment.objects.filter(user=user, course__path=course_path).first()

    def serve(self, request, *args, **kwargs):
        # Remember where the learner is, for "continue"; previews do not pass here.
        if request.user.is_authenticated:
            from learning.services import open_lesson

            kwargs["enrolment"] = open_lesson(user=request.user, lesson=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, check_errors=None, check_drafts=None, **kwargs):
        from learning.selectors import courseware_players, lesson_detail

        # serve() has read the reader's enrolment already; a preview or a refused answer
        # has not.
        already_read = {"enrolment": kwargs.pop("enrolment")} if "enrolment" in kwargs else {}
        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_detail(self, user=request.user, **already_read))
        context["players"] = courseware_players(self, context["requirements"], request=request)
        context["courseware_versions"] = {player["version"] for player in context["players"].values()}
        # After a refused answer: the message per check, and what the learner typed.
        context["check_errors"] = check_errors or {}
        context["check_drafts"] = check_drafts or {}
        return context


class Enrolment(models.Model):
    """A learner taking a course: where they are, and when they completed it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(CoursePage, on_delete=models.CASCADE, related_name="enrolments")
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    last_lesson = models.ForeignKey(LessonPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_course")]
        indexes = [models.Index(fields=["user", "completed_at"], name="enrolment_by_learner")]

    def __str__(self):
        return f"{self.user} · {self.course}"


class LessonCompletion(models.Model):
    """A learner marked a lesson done. Idempotent: one row per learner and lesson."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_completions")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("completed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("completed lesson")
        verbose_name_plural = _("completed lessons")
        constraints = [models.UniqueConstraint(fields=["user", "lesson"], name="one_completion_per_lesson")]

    def __str__(self):
        return f"{self.user} · {self.lesson}"


class LessonMedia(AbstractMedia):
    """A video or audio recording for lessons (wagtailmedia's model), with WebVTT
    captions and a transcript that is shown beside the player and searched."""

    captions = models.FileField(
        _("captions (WebVTT)"),
        upload_to="media_captions",
        blank=True,
        help_text=_("A .vtt file. Its text becomes the transcript when the transcript is left empty."),
    )
    transcript = models.TextField(_("transcript"), blank=True)

    admin_form_fields = (*AbstractMedia.admin_form_fields, "captions", "transcript")
    search_fields = AbstractMedia.search_fields + [index.SearchField("transcript")]

    class Meta(AbstractMedia.Meta):
        verbose_name = _("video or audio")
        verbose_name_plural = _("videos and audio")

    @property
    def play_url(self):
        """Where the player fetches the recording: a view that answers byte ranges, so
        seeking and resuming work wherever the site runs."""
        from django.urls import reverse

        return reverse("learning:media_file", args=[self.pk, self.filename])

    @cached_property
    def transcript_cues(self):
        """The captions' cues, with their start times, when no transcript was typed:
        the transcript then follows the video and each line seeks to its moment."""
        if self.transcript.strip() or not self.captions:
            return []
        from learning.uploads import webvtt_cues

        try:
            with self.captions.open("rb") as captions:
                return webvtt_cues(captions.read().decode("utf-8", errors="replace"))
        except OSError:
            return []

    @property
    def transcript_text(self):
        """The transcript as typed, or else the captions' text without timings."""
        if self.transcript.strip():
            return self.transcript
        return "\n".join(cue.text for cue in self.transcript_cues)


class MediaProgress(models.Model):
    """How much of one video or recording a learner has seen in a lesson, and where they
    stopped. Seen spans are merged, so watching the same minute twice counts once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="media_progress")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="media_progress")
    media = models.ForeignKey(LessonMedia, on_delete=models.CASCADE, related_name="progress")
    position = models.FloatField(_("stopped at (seconds)"), default=0)
    seen = models.JSONField(_("seen spans"), default=list)
    seen_seconds = models.FloatField(_("seconds seen"), default=0)
    duration = models.FloatField(_("duration"), default=0)
    # The player's page load and its report number, so a report overtaken by a later
    # one (start, then pause a second after) cannot move the stopping point back.
    run = models.CharField(max_length=40, blank=True, editable=False)
    report_sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("viewing record")
        verbose_name_plural = _("viewing records")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson", "media"], name="one_viewing_record_per_lesson_media")
        ]

    def __str__(self):
        return f"{self.user} · {self.media}"

    @property
    def percent_seen(self):
        return min(100, round(100 * self.seen_seconds / self.duration)) if self.duration else 0


class LessonResponse(models.Model):
    """A learner's answer to one check in a lesson (a question, a reflection, a task on
    one of their accounts), keyed by the stream block it answers."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lesson_responses")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="responses")
    block_id = models.CharField(max_length=64)
    answer = models.TextField(_("answer"), max_length=4000)
    account = models.CharField(_("account"), max_length=120, blank=True)
    correct = models.BooleanField(_("correct"), null=True)
    answered_at = models.DateTimeField(_("answered at"), auto_now=True)

    class Meta:
        verbose_name = _("lesson answer")
        verbose_name_plural = _("lesson answers")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson", "block_id"], name="one_response_per_lesson_check")
        ]

    def __str__(self):
        return f"{self.user} · {self.lesson}"

    @property
    def satisfies(self):
        return self.correct is not False


def courseware_storage():
    return storages["courseware"]


class ScormPackage(models.Model):
    """A SCORM 1.2 or 2004 package an editor uploaded: validated, unpacked into its own
    folder of the courseware storage, and played in a sandboxed frame by scorm-again."""

    class Version(models.TextChoices):
        SCORM_12 = "1.2", "SCORM 1.2"
        SCORM_2004 = "2004", "SCORM 2004"

    title = models.CharField(_("title"), max_length=255)
    version = models.CharField(_("SCORM version"), max_length=4, choices=Version.choices, editable=False)
    folder = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The manifest's SCOs in table-of-contents order: identifier, title, href, depth,
    # mastery score and launch data (learning/scorm/manifest.py).
    items = models.JSONField(default=list, editable=False)
    file_count = models.PositiveIntegerField(_("files"), default=0, editable=False)
    unpacked_bytes = models.PositiveBigIntegerField(_("size unpacked"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    class Meta:
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")

    def __str__(self):
        return self.title

    @property
    def is_multi_sco(self):
        return len(self.items) > 1

    def item(self, identifier):
        return next((item for item in self.items if item["identifier"] == identifier), None)


class ScormAttempt(models.Model):
    """A learner's run data (CMI) for one SCO of a package in a lesson: what resumes
    them, and the status and score that count toward progress and evidence."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_attempts")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="scorm_attempts")
    package = models.ForeignKey(ScormPackage, on_delete=models.CASCADE, related_name="attempts")
    sco = models.CharField(max_length=255)
    cmi = models.JSONField(default=dict)
    completion_status = models.CharField(_("completion"), max_length=20, default="not attempted")
    success_status = models.CharField(_("success"), max_length=20, default="unknown")
    score_percent = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True)
    recorded_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, editable=False)
    # The player numbers its commits within one run (one launch of the part); a
    # commit numbered no higher than the last kept from the same run arrived late.
    run = models.CharField(max_length=40, blank=True, editable=False)
    commit_sequence = models.PositiveIntegerField(default=0, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SCORM attempt")
        verbose_name_plural = _("SCORM attempts")
        constraints = [
            models.UniqueConstraint(fields=["user", "lesson", "package", "sco"], name="one_scorm_attempt_per_sco")
        ]

    def __str__(self):
        return f"{self.user} · {self.package} · {self.sco}"

    @property
    def finished(self):
        """Done by the package's own check: completed, and not failed."""
        return self.completion_status == "completed" and self.success_status != "failed"
