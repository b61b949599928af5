"""The competency model (胜任力模型) and the evidence ledger.

Editors maintain the model in the admin: competencies and what each looks like at each
proficiency level, the levels themselves, and the job grades with the level each grade
requires. Evidence (quiz results, assessor ratings, self-assessments) is written only by
`competencies.services.record_evidence`; levels and gaps are computed from it.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from core.models import SectionPage
from core.taxonomy import SalesStage
from core.translation import TranslatedField


class ProficiencyLevel(models.Model):
    """One of the deck's three skill levels: 1 指导下运用, 2 独立运用, 3 能手级."""

    number = models.PositiveSmallIntegerField(
        _("level"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    name = models.CharField(_("name"), max_length=40)
    name_en = models.CharField(_("English name"), max_length=40, blank=True)
    definition = models.TextField(_("definition"), help_text=_("What a person at this level can do."))

    display_name = TranslatedField("name", "name_en")

    panels = [FieldPanel("number"), FieldPanel("name"), FieldPanel("name_en"), FieldPanel("definition")]

    class Meta:
        ordering = ["number"]
        verbose_name = _("proficiency level")
        verbose_name_plural = _("proficiency levels")

    def __str__(self):
        return f"{self.number} · {self.display_name}"


class Competency(ClusterableModel):
    """A skill the job needs, with what it looks like at each proficiency level."""

    class Kind(models.TextChoices):
        KEY_SKILL = "key_skill", _("Key skill")
        SUPPORTING = "supporting", _("Supporting capability")

    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.KEY_SKILL)
    description = models.TextField(_("description"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    display_name = TranslatedField("name", "name_en")

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("code"),
        FieldPanel("kind"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
        InlinePanel("level_descriptions", heading=_("At each level"), label=_("Level description")),
    ]

    class Meta:
        ordering = ["kind", "sort_order", "name"]
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")

    def __str__(self):
        return self.display_name


class CompetencyLevelDescription(models.Model):
    """What one competency looks like at one proficiency level."""

    competency = ParentalKey(Competency, on_delete=models.CASCADE, related_name="level_descriptions")
    level = models.ForeignKey(ProficiencyLevel, verbose_name=_("level"), on_delete=models.CASCADE, related_name="+")
    description = models.TextField(_("behaviour at this level"))

    panels = [FieldPanel("level"), FieldPanel("description")]

    class Meta:
        ordering = ["level__number"]
        constraints = [
            models.UniqueConstraint(fields=["competency", "level"], name="one_description_per_competency_level")
        ]

    def __str__(self):
        return f"{self.competency} · {self.level}"


class JobGrade(ClusterableModel):
    """A job grade (岗位层级) and what it asks for: the required level of each
    competency and the grade's responsibilities at each sales stage."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    name_en = models.CharField(_("English name"), max_length=40, blank=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    rank = models.PositiveSmallIntegerField(
        _("rank"), unique=True, help_text=_("1 for the entry grade; higher grades have higher numbers.")
    )
    summary = models.TextField(_("summary"), blank=True)

    display_name = TranslatedField("name", "name_en")

    panels = [
        FieldPanel("name"),
        FieldPanel("name_en"),
        FieldPanel("code"),
        FieldPanel("rank"),
        FieldPanel("summary"),
        InlinePanel("requirements", heading=_("Required levels"), label=_("Requirement")),
        InlinePanel("responsibilities", heading=_("Responsibilities by sales stage"), label=_("Responsibility")),
    ]

    class Meta:
        ordering = ["rank"]
        verbose_name = _("job grade")
        verbose_name_plural = _("job grades")

    def __str__(self):
        return self.display_name


class GradeRequirement(models.Model):
    """The level of one competency that one grade requires: a cell of the job matrix."""

    grade = ParentalKey(JobGrade, on_delete=models.CASCADE, related_name="requirements")
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.CASCADE, related_name="requirements"
    )
    level = models.ForeignKey(
        ProficiencyLevel, verbose_name=_("required level"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldPanel("competency"), FieldPanel("level")]

    class Meta:
        constraints = [models.UniqueConstraint(fields=["grade", "competency"], name="one_requirement_per_cell")]

    def __str__(self):
        return f"{self.grade} · {self.competency} · {self.level}"


class GradeResponsibility(Orderable):
    """What a grade is responsible for at one sales stage."""

    grade = ParentalKey(JobGrade, on_delete=models.CASCADE, related_name="responsibilities")
    stage = models.CharField(_("sales stage"), max_length=20, choices=SalesStage.choices)
    text = models.TextField(_("responsibility"))

    panels = [FieldPanel("stage"), FieldPanel("text")]


class PersonGrade(models.Model):
    """A person's current job grade, set by administrators."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="job_grade"
    )
    grade = models.ForeignKey(JobGrade, verbose_name=_("job grade"), on_delete=models.PROTECT, related_name="people")
    since = models.DateField(_("since"), auto_now_add=True)

    panels = [FieldPanel("user"), FieldPanel("grade")]

    class Meta:
        verbose_name = _("person's job grade")
        verbose_name_plural = _("people's job grades")

    def __str__(self):
        return f"{self.user} · {self.grade}"


class Evidence(models.Model):
    """One entry of the evidence ledger: something that says how well a person masters a
    competency. Append-only; written by `services.record_evidence`."""

    class Source(models.TextChoices):
        QUIZ = "quiz", _("Quiz result")
        ASSESSOR = "assessor", _("Assessor rating")
        SELF = "self", _("Self-assessment")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="evidence"
    )
    competency = models.ForeignKey(
        Competency, verbose_name=_("competency"), on_delete=models.CASCADE, related_name="evidence"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    level = models.ForeignKey(
        ProficiencyLevel, verbose_name=_("level"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    score = models.DecimalField(
        _("score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    reference = models.CharField(_("from"), max_length=200, blank=True, help_text=_("What produced it, e.g. a quiz."))
    page = models.ForeignKey(
        Page, verbose_name=_("page"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the evidence arose (an attempt's submission), which may precede the write.
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-recorded_at", "-pk"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        indexes = [
            models.Index(fields=["user", "competency", "-recorded_at"], name="evidence_by_person"),
            # Everything competencies.ledger sums, so a person's levels are read from
            # the index alone.
            models.Index(fields=["user", "competency", "source", "level", "recorded_at"], name="evidence_levels"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__isnull=False) | models.Q(score__isnull=False),
                name="evidence_has_level_or_score",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.competency} · {self.get_source_display()}"


class CompetencyModelPage(SectionPage):
    """The public page that shows the whole job model at a glance: which level each
    grade requires of each competency, what the levels mean, and who does what at each
    sales stage. Its content comes from the model that editors maintain as snippets."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = SectionPage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("competency model page")

    def get_context(self, request, *args, **kwargs):
        from competencies.selectors import job_matrix_markup

        context = super().get_context(request, *args, **kwargs)
        context["matrix_markup"] = job_matrix_markup()
        return context


class Assignment(models.Model):
    """Learning a director (or an administrator) set for one person or a whole team, with
    a due date. Each member gets it as an item of their plan; the assignment remembers
    who set it so the team dashboard can count completion."""

    page = models.ForeignKey(Page, verbose_name=_("learning"), on_delete=models.CASCADE, related_name="+")
    team = models.ForeignKey(
        "accounts.Team",
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    due_on = models.DateField(_("due on"))
    note = models.CharField(_("why"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(team__isnull=False, person__isnull=True)
                | models.Q(team__isnull=True, person__isnull=False),
                name="assignment_for_a_team_or_a_person",
            )
        ]

    def __str__(self):
        return f"{self.page} → {self.team or self.person}"


class PlanItem(models.Model):
    """One piece of learning in a person's plan (定制培训): suggested for a gap, chosen by
    the person, or assigned by their director. Dropped items stay, hidden, so a new
    suggestion round does not bring them back."""

    class Origin(models.TextChoices):
        SUGGESTED = "suggested", _("Suggested for a gap")
        CHOSEN = "chosen", _("Added by you")
        ASSIGNED = "assigned", _("Assigned")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="plan_items"
    )
    page = models.ForeignKey(Page, verbose_name=_("learning"), on_delete=models.CASCADE, related_name="+")
    origin = models.CharField(_("origin"), max_length=12, choices=Origin.choices)
    competency = models.ForeignKey(
        Competency,
        verbose_name=_("for the gap in"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name=_("assignment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="items",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    dropped_at = models.DateTimeField(_("dropped"), null=True, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        constraints = [models.UniqueConstraint(fields=["user", "page"], name="one_plan_item_per_page")]
        indexes = [models.Index(fields=["user", "dropped_at", "position"], name="plan_items_in_order")]

    def __str__(self):
        return f"{self.user} · {self.page}"

    def is_overdue(self, today):
        return self.completed_at is None and self.due_on is not None and self.due_on < today
