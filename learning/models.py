"""The custom course library (定制培训): CourseIndexPage → CoursePage → LessonPage, and
each learner's enrolments and completed lessons.

A course is complete when every live lesson is done and every completion check that
other apps register (for example a final quiz) passes; never by time spent.
"""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.models import SectionPage
from core.tree import children_of
from learning.blocks import LessonStreamBlock


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


class CoursePage(Page):
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

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("cover_image"),
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
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
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
        context.update(course_detail(self, user=request.user))
        return context

    def live_lessons(self):
        return children_of(LessonPage.objects.live(), self).order_by("path")


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


class LessonPage(Page):
    """One lesson (课时) of a course, in tree order."""

    estimated_minutes = models.PositiveSmallIntegerField(
        _("estimated minutes"), default=15, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    body = StreamField(LessonStreamBlock(), verbose_name=_("lesson"))

    content_panels = Page.content_panels + [FieldPanel("estimated_minutes"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]
    parent_page_types = ["learning.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def get_course(self):
        """The course this lesson belongs to, in one query (its parent in the tree)."""
        return CoursePage.objects.get(path=self.path[: -self.steplen])

    def serve(self, request, *args, **kwargs):
        # Remember where the learner is, for "continue"; previews do not pass here.
        if request.user.is_authenticated:
            from learning.services import open_lesson

            open_lesson(user=request.user, lesson=self)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from learning.selectors import lesson_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_detail(self, user=request.user))
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
