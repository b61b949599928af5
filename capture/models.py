"""Experience capture (经验固化): a manager's field experience, written along the deck's
seven-step problem frame, goes through editorial review and is published as a lesson
in the lesson library (经验库).

`Experience` is the contributor's own record (a plain model with drafts and a review
state); `ExperienceLessonPage` is the published, edited lesson (a Wagtail page, so it has
revisions, previews and, when configured, a workflow). Both share the frame's fields.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import SectionPage
from core.taxonomy import BuyingRole, Outcome, SalesStage
from core.tree import RestrictedOnlyWhereRestrictionsExist


class ExperienceFrame(models.Model):
    """The seven-step problem frame and its context, shared by a submission and the
    lesson published from it."""

    problem = models.CharField(_("the problem in one sentence"), max_length=300, blank=True)
    noticed = models.TextField(_("what made you notice the problem"), max_length=3000, blank=True)
    customer_need = models.TextField(_("what the customer really needed"), max_length=3000, blank=True)
    goal = models.TextField(_("the goal you set"), max_length=2000, blank=True)
    actions = models.TextField(_("the actions you took"), max_length=5000, blank=True)
    decision = models.TextField(_("how you weighed the options and decided"), max_length=3000, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    outcome_details = models.TextField(_("the outcome in figures"), max_length=2000, blank=True)
    lesson = models.TextField(_("the lesson others should take"), max_length=3000, blank=True)
    dos = models.TextField(_("do"), max_length=2000, blank=True, help_text=_("One recommendation per line."))
    donts = models.TextField(_("don't"), max_length=2000, blank=True, help_text=_("One recommendation per line."))
    pitfalls = models.TextField(_("pitfalls on the way"), max_length=3000, blank=True)
    rule_of_thumb = models.CharField(_("rule of thumb"), max_length=120, blank=True)
    boundaries = models.TextField(_("when it does not apply"), max_length=2000, blank=True)
    industry = models.ForeignKey(
        "core.Industry",
        verbose_name=_("industry / customer segment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sales_stage = models.CharField(_("sales stage"), max_length=16, choices=SalesStage.choices, blank=True)
    buying_role = models.CharField(
        _("the contact's buying role"), max_length=16, choices=BuyingRole.choices, blank=True
    )
    competencies = ParentalManyToManyField(
        "competencies.Competency", verbose_name=_("competencies involved"), blank=True, related_name="+"
    )
    products = ParentalManyToManyField("core.Product", verbose_name=_("products"), blank=True, related_name="+")

    # The free-text fields, in frame order: what editors anonymise and lessons copy.
    TEXT_FIELDS = (
        "problem",
        "noticed",
        "customer_need",
        "goal",
        "actions",
        "decision",
        "outcome_details",
        "lesson",
        "dos",
        "donts",
        "pitfalls",
        "rule_of_thumb",
        "boundaries",
    )

    frame_panels = [
        MultiFieldPanel(
            [FieldPanel("noticed"), FieldPanel("problem"), FieldPanel("customer_need")],
            heading=_("1–3 Notice, state and clarify the problem"),
        ),
        InlinePanel("causes", heading=_("4 Causes you identified"), label=_("Cause")),
        MultiFieldPanel([FieldPanel("goal"), FieldPanel("actions")], heading=_("5–6 Goal and actions")),
        InlinePanel("options", heading=_("7 Options you weighed"), label=_("Option")),
        FieldPanel("decision"),
        MultiFieldPanel([FieldPanel("outcome"), FieldPanel("outcome_details")], heading=_("Outcome")),
        MultiFieldPanel(
            [
                FieldPanel("lesson"),
                FieldRowPanel([FieldPanel("dos"), FieldPanel("donts")]),
                FieldPanel("pitfalls"),
                FieldPanel("rule_of_thumb"),
                FieldPanel("boundaries"),
            ],
            heading=_("What others should take away"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("industry"), FieldPanel("sales_stage"), FieldPanel("buying_role")]),
                FieldPanel("competencies"),
                FieldPanel("products"),
                FieldPanel("tags"),
            ],
            heading=_("Context"),
        ),
    ]

    class Meta:
        abstract = True


class CauseFields(models.Model):
    cause = models.TextField(_("cause"), max_length=1000, blank=True)
    evidence = models.TextField(_("what showed it"), max_length=1000, blank=True)

    panels = [FieldPanel("cause"), FieldPanel("evidence")]

    class Meta:
        abstract = True

    def __str__(self):
        return self.cause[:60]


class OptionFields(models.Model):
    option = models.TextField(_("option"), max_length=1000, blank=True)
    pros = models.TextField(_("pros"), max_length=1000, blank=True)
    cons = models.TextField(_("cons"), max_length=1000, blank=True)
    chosen = models.BooleanField(_("the option you chose"), default=False)

    panels = [FieldPanel("option"), FieldRowPanel([FieldPanel("pros"), FieldPanel("cons")]), FieldPanel("chosen")]

    class Meta:
        abstract = True

    def __str__(self):
        return self.option[:60]


class LessonLibraryPage(SectionPage):
    """The lesson library (经验库): every published lesson, with facets and sorting."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = SectionPage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["capture.ExperienceLessonPage"]
    max_count = 1

    class Meta:
        verbose_name = _("lesson library")

    def get_context(self, request, *args, **kwargs):
        from capture.selectors import lesson_library

        context = super().get_context(request, *args, **kwargs)
        context["library"] = lesson_library(self, request.GET, user=request.user)
        return context


class ExperienceLessonTag(TaggedItemBase):
    content_object = ParentalKey("capture.ExperienceLessonPage", on_delete=models.CASCADE, related_name="tagged_items")


class ExperienceLessonPage(RestrictedOnlyWhereRestrictionsExist, ExperienceFrame, Page):
    """A lesson from the field (经验), published from a reviewed experience. Named so it
    is never confused with a course's LessonPage."""

    # A learning plan can hold it (competencies.plans reads these flags).
    plannable = True

    contributor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contributor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributed_lessons",
    )
    tags = ClusterTaggableManager(through=ExperienceLessonTag, blank=True, verbose_name=_("tags"))

    accepts_engagement = True
    # An owner and a review date keep it true (core.freshness); readers record
    # applying it and how it went (knowledge).
    has_review_date = True

    content_panels = Page.content_panels + [
        HelpPanel(template="capture/admin/submission_link_panel.html", heading=_("Contribution")),
        FieldPanel("contributor", read_only=True),
        *ExperienceFrame.frame_panels,
    ]
    search_fields = Page.search_fields + [
        *(index.SearchField(name) for name in ExperienceFrame.TEXT_FIELDS),
        index.FilterField("sales_stage"),
        index.FilterField("industry"),
        index.RelatedFields("tags", [index.SearchField("name")]),
        index.RelatedFields("causes", [index.SearchField("cause"), index.SearchField("evidence")]),
        index.RelatedFields("options", [index.SearchField("option")]),
    ]
    parent_page_types = ["capture.LessonLibraryPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson from experience")
        verbose_name_plural = _("lessons from experience")

    def __str__(self):
        return self.title

    def add_counter_experience(self, text):
        """A reader's counter-experience joins "when it does not apply" (knowledge
        saves the result as a draft revision for an editor to check)."""
        self.boundaries = f"{self.boundaries.rstrip()}\n{text}".strip()

    def get_context(self, request, *args, **kwargs):
        from capture.selectors import lesson_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_detail(self, user=request.user, preview=getattr(request, "is_preview", False)))
        return context


class LessonCause(Orderable, CauseFields):
    page = ParentalKey(ExperienceLessonPage, on_delete=models.CASCADE, related_name="causes")


class LessonOption(Orderable, OptionFields):
    page = ParentalKey(ExperienceLessonPage, on_delete=models.CASCADE, related_name="options")


class ExperienceTag(TaggedItemBase):
    content_object = ParentalKey("capture.Experience", on_delete=models.CASCADE, related_name="tagged_items")


class Experience(ExperienceFrame, ClusterableModel):
    """One person's shared experience, from first draft to review decision."""

    class State(models.TextChoices):
        # A context keeps "Approved" apart from a certification sign-off's.
        DRAFT = "draft", pgettext_lazy("experience state", "Draft")
        SUBMITTED = "submitted", pgettext_lazy("experience state", "Awaiting review")
        CHANGES_REQUESTED = "changes_requested", pgettext_lazy("experience state", "Changes requested")
        REJECTED = "rejected", pgettext_lazy("experience state", "Not accepted")
        APPROVED = "approved", pgettext_lazy("experience state", "Approved")

    # States in which the author may still edit and (re)submit.
    EDITABLE_STATES = (State.DRAFT, State.CHANGES_REQUESTED)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("contributor"), on_delete=models.CASCADE, related_name="experiences"
    )
    title = models.CharField(
        _("title"), max_length=120, blank=True, help_text=_("Optional; the problem statement is used when empty.")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    tags = ClusterTaggableManager(through=ExperienceTag, blank=True, verbose_name=_("tags"))
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lesson_page = models.OneToOneField(
        ExperienceLessonPage,
        verbose_name=_("published lesson"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="source_experience",
    )

    panels = [FieldPanel("title"), *ExperienceFrame.frame_panels]

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("shared experience")
        verbose_name_plural = _("shared experiences")
        permissions = [("review_experience", _("Can review shared experiences"))]
        indexes = [
            models.Index(fields=["author", "-updated_at"], name="experiences_by_author"),
            models.Index(fields=["state", "-submitted_at"], name="experiences_by_state"),
        ]

    def __str__(self):
        return self.display_title

    @property
    def display_title(self):
        return self.title or self.problem or _("Untitled experience")

    @property
    def is_editable(self):
        return self.state in self.EDITABLE_STATES


class ExperienceCause(Orderable, CauseFields):
    experience = ParentalKey(Experience, on_delete=models.CASCADE, related_name="causes")


class ExperienceOption(Orderable, OptionFields):
    experience = ParentalKey(Experience, on_delete=models.CASCADE, related_name="options")


class ExperienceEvent(models.Model):
    """A step in a submission's review: who moved it to which state, and what they said.
    The contributor sees these as the reviewer's comments."""

    experience = models.ForeignKey(Experience, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("state"), max_length=20, choices=Experience.State.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=3000)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")

    def __str__(self):
        return f"{self.experience_id} → {self.state}"


class TeamRecommendation(models.Model):
    """A director recommends a lesson to a team they lead (组长推荐)."""

    team = models.ForeignKey("accounts.Team", on_delete=models.CASCADE, related_name="recommended_lessons")
    lesson = models.ForeignKey(ExperienceLessonPage, on_delete=models.CASCADE, related_name="recommendations")
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("why read it"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("recommended at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("team recommendation")
        verbose_name_plural = _("team recommendations")
        constraints = [
            models.UniqueConstraint(fields=["team", "lesson"], name="one_recommendation_per_team_and_lesson")
        ]

    def __str__(self):
        return f"{self.team} · {self.lesson}"
