"""Assessment (评测结合) and grading certification (定级认证).

The question bank is a set of snippets; quizzes are pages placed in the assessment
section or inside a course. Every question measures one competency at one proficiency
level, so a single attempt yields a score per competency. An attempt keeps a snapshot of
each question as it was asked: editing a question later never rewrites a result.
"""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.models import Orderable, Page, PreviewableMixin, RevisionMixin
from wagtail.search import index

from core.html import clean_html
from core.models import SectionPage
from core.tree import RestrictedOnlyWhereRestrictionsExist

# Moodle allows long question texts; 20,000 characters covers every real one we met
# while keeping a runaway paste out.
TEXT_MAX = 20000
CHOICE_MAX = 1000


class QuestionCategory(models.Model):
    """A shelf of the question bank (题库分类), for example one per key skill.

    Shelves nest as Moodle's categories do; the name is the whole path ("销售/基础"),
    so two shelves called 基础 under different parents stay apart, and listing a shelf
    with everything under it is one prefix match rather than a walk up a tree."""

    SEPARATOR = "/"

    name = models.CharField(
        _("name"),
        max_length=255,
        unique=True,
        help_text=_("Use / for a shelf inside another, e.g. 需求理解/基础."),
    )
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")

    def __str__(self):
        return " / ".join(self.path)

    @property
    def path(self):
        return [part for part in self.name.split(self.SEPARATOR) if part]

    @classmethod
    def with_descendants(cls, category):
        """The shelf and every shelf inside it."""
        return cls.objects.filter(models.Q(pk=category.pk) | models.Q(name__startswith=category.name + cls.SEPARATOR))


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey("quizzes.Question", on_delete=models.CASCADE, related_name="tagged_items")


class Question(PreviewableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    """One question of the bank, tagged with the competency and level it measures."""

    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "true_false", _("True or false")
        SHORT_ANSWER = "short_answer", _("Short answer")
        ORDERING = "ordering", _("Ordering")
        NUMERICAL = "numerical", _("Numerical")
        MATCHING = "matching", _("Matching")
        ESSAY = "essay", _("Scenario / essay (assessor-graded)")
        DESCRIPTION = "description", _("Description (text between questions, not scored)")

    class Pool(models.TextChoices):
        EXAM = "exam", _("Exams: drawn for quizzes, never shown in practice")
        PRACTICE = "practice", _("Practice: shown in practice, never drawn for quizzes")

    class TextFormat(models.TextChoices):
        PLAIN = "plain", _("Plain text")
        HTML = "html", _("Formatted (HTML)")

    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.SINGLE)
    # Exam items stay out of practice, so a certification quiz never asks a question a
    # candidate could have rehearsed with its key shown.
    pool = models.CharField(_("pool"), max_length=10, choices=Pool.choices, default=Pool.EXAM)
    name = models.CharField(
        _("name"), max_length=255, blank=True, help_text=_("A short name editors know the question by (optional).")
    )
    text = models.TextField(_("question"), max_length=TEXT_MAX)
    text_format = models.CharField(
        _("text format"),
        max_length=10,
        choices=TextFormat.choices,
        default=TextFormat.PLAIN,
        help_text=_("Formatted text is cleaned of anything but safe formatting when saved."),
    )
    competency = models.ForeignKey(
        "competencies.Competency", verbose_name=_("competency"), on_delete=models.PROTECT, related_name="questions"
    )
    level = models.ForeignKey(
        "competencies.ProficiencyLevel", verbose_name=_("level"), on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(
        _("points"),
        max_digits=5,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0), MaxValueValidator(999)],
        help_text=_("At least 0.5; a description carries none."),
    )
    correct_is_true = models.BooleanField(
        _("the statement is true"),
        null=True,
        blank=True,
        help_text=_("True-or-false questions only."),
    )
    feedback_true = models.TextField(
        _("feedback for the answer “true”"),
        blank=True,
        max_length=TEXT_MAX,
        help_text=_("True-or-false questions only."),
    )
    feedback_false = models.TextField(
        _("feedback for the answer “false”"),
        blank=True,
        max_length=TEXT_MAX,
        help_text=_("True-or-false questions only."),
    )
    case_sensitive = models.BooleanField(
        _("case matters"), default=False, help_text=_("Short answers only: “CRM” is then not “crm”.")
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        max_length=TEXT_MAX,
        help_text=_("General feedback: shown after answering, whatever the answer, if the quiz allows."),
    )
    rubric = models.TextField(
        _("rubric"),
        blank=True,
        max_length=TEXT_MAX,
        help_text=_("Essay questions: what the assessor looks for, and how points are given."),
    )
    tags = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    # Moodle 4's question id number ("// [id:…]" in GIFT, <idnumber> in Moodle XML):
    # kept so that a re-import can recognise the question it brought in before.
    external_id = models.CharField(_("ID number"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="question")

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("category"), FieldPanel("pool")]),
        FieldPanel("name"),
        FieldPanel("text"),
        FieldPanel("text_format"),
        FieldRowPanel([FieldPanel("competency"), FieldPanel("level"), FieldPanel("points")]),
        InlinePanel(
            "choices",
            heading=_("Choices, accepted answers, numbers, pairs or items in order"),
            label=_("Answer"),
            help_text=_(
                "Grade (%): 100 for a right answer, 0 for a wrong one; partial credit in between, and a "
                "negative grade costs points. Single choice: one answer at 100. Multiple answers: the right "
                "ones add up to 100. Short answer: each accepted answer with its grade; * matches anything. "
                "Numerical: the number and its tolerance. Matching: an item and the answer it goes with. "
                "Ordering: the items in the right order."
            ),
        ),
        FieldRowPanel([FieldPanel("correct_is_true"), FieldPanel("case_sensitive")]),
        FieldRowPanel([FieldPanel("feedback_true"), FieldPanel("feedback_false")]),
        FieldPanel("explanation"),
        FieldPanel("rubric"),
        FieldRowPanel([FieldPanel("tags"), FieldPanel("external_id")]),
    ]
    search_fields = [
        index.SearchField("text"),
        index.SearchField("name"),
        index.AutocompleteField("text"),
        index.FilterField("kind"),
        index.FilterField("pool"),
        index.FilterField("category_id"),
        index.FilterField("competency_id"),
    ]

    class Meta:
        ordering = ["category", "competency", "level", "pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return Truncator(self.text).chars(60)

    @property
    def revisions(self):
        return self._revisions

    def save(self, *args, **kwargs):
        if self.text_format == self.TextFormat.HTML:
            self.text = clean_html(self.text)
        super().save(*args, **kwargs)

    def snapshot(self):
        """The question as an attempt records it: enough to show and score it forever."""
        return {
            "id": self.pk,
            "kind": self.kind,
            "text": self.text,
            "format": self.text_format,
            "points": str(self.points),
            "competency": self.competency_id,
            "level": self.level.number if self.level_id else None,
            "true": self.correct_is_true,
            "feedback_true": self.feedback_true,
            "feedback_false": self.feedback_false,
            "case_sensitive": self.case_sensitive,
            "explanation": self.explanation,
            "rubric": self.rubric,
            "choices": [choice.snapshot() for choice in self.choices.all()],
        }

    def get_preview_template(self, request, mode_name):
        return "quizzes/question_preview.html"

    def get_preview_context(self, request, mode_name):
        from quizzes.selectors import question_preview

        context = super().get_preview_context(request, mode_name)
        context.update(question_preview(self))
        return context


class Choice(Orderable):
    """One answer of a question, with the share of the points it earns (Moodle's
    "grade"): a choice, an accepted short answer, an accepted number with its
    tolerance, an item and its match, or an item to put in order."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("text"), max_length=CHOICE_MAX)
    weight = models.DecimalField(
        _("grade (%)"),
        max_digits=8,
        decimal_places=5,
        default=0,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
    )
    tolerance = models.DecimalField(
        _("± tolerance"),
        max_digits=20,
        decimal_places=10,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Numerical questions only."),
    )
    match = models.CharField(
        _("matches"), max_length=CHOICE_MAX, blank=True, help_text=_("Matching questions only: the right answer.")
    )
    feedback = models.TextField(
        _("feedback"), blank=True, max_length=TEXT_MAX, help_text=_("Shown to a learner who gave this answer.")
    )

    panels = [
        FieldRowPanel([FieldPanel("text"), FieldPanel("weight")]),
        FieldRowPanel([FieldPanel("match"), FieldPanel("tolerance")]),
        FieldPanel("feedback"),
    ]

    def __str__(self):
        return self.text

    @property
    def is_correct(self):
        return self.weight > 0

    def snapshot(self):
        return {
            "id": self.pk,
            "text": self.text,
            "weight": str(self.weight),
            "correct": self.weight > 0,
            "tolerance": None if self.tolerance is None else str(self.tolerance),
            "match": self.match,
            "feedback": self.feedback,
        }


class AssessmentIndexPage(SectionPage):
    """测评认证: the quizzes for each key skill and the certification scheme."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = SectionPage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["quizzes.QuizPage", "quizzes.PracticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("assessment section")

    def get_context(self, request, *args, **kwargs):
        from quizzes.selectors import assessment_overview

        context = super().get_context(request, *args, **kwargs)
        context.update(assessment_overview(self, user=request.user, preview=getattr(request, "is_preview", False)))
        return context


class QuizPage(RestrictedOnlyWhereRestrictionsExist, Page):
    """A quiz: fixed questions and/or random draws from the bank, with its rules."""

    # A learning plan can hold it (competencies.plans reads these flags).
    plannable = True
    completes_plan_item = True

    class GradingMethod(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LAST = "last", _("Last attempt")
        AVERAGE = "average", _("Average of attempts")

    class Navigation(models.TextChoices):
        ONE_PAGE = "one_page", _("All questions on one page")
        PAGED = "paged", _("One question per page")

    class Review(models.TextChoices):
        SCORE = "score", _("Score only")
        ANSWERS = "answers", _("Score and the learner's own answers")
        FULL = "full", _("Answers, correct answers and explanations")

    intro = models.TextField(_("introduction"), blank=True, max_length=2000)
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"), default=60, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(600)],
        help_text=_("Leave empty for no limit."),
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Leave empty for unlimited attempts."),
    )
    grading_method = models.CharField(
        _("grade across attempts"), max_length=10, choices=GradingMethod.choices, default=GradingMethod.HIGHEST
    )
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    navigation = models.CharField(_("layout"), max_length=10, choices=Navigation.choices, default=Navigation.ONE_PAGE)
    shuffle_choices = models.BooleanField(_("shuffle choices"), default=True)
    review = models.CharField(
        _("after submitting, learners see"), max_length=10, choices=Review.choices, default=Review.FULL
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                InlinePanel("fixed_questions", label=_("Question")),
                InlinePanel("random_draws", label=_("Random draw")),
            ],
            heading=_("Questions"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("time_limit_minutes")]),
                FieldRowPanel([FieldPanel("max_attempts"), FieldPanel("grading_method")]),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("navigation"), FieldPanel("shuffle_choices")]),
                FieldPanel("review"),
            ],
            heading=_("Rules"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    parent_page_types = ["quizzes.AssessmentIndexPage", "learning.CoursePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def clean(self):
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("A quiz must close after it opens.")})
        practice = [
            item.question
            for item in self.fixed_questions.all()
            if item.question_id and item.question.pool == Question.Pool.PRACTICE
        ]
        if practice:
            raise ValidationError(
                _("“%(question)s” is a practice question: learners may have seen its key. Choose an exam question.")
                % {"question": practice[0]}
            )

    def is_open(self, now=None):
        now = now or timezone.now()
        return (self.opens_at is None or self.opens_at <= now) and (self.closes_at is None or now < self.closes_at)

    def get_context(self, request, *args, **kwargs):
        from quizzes.selectors import quiz_overview
        from quizzes.services import close_overdue

        context = super().get_context(request, *args, **kwargs)
        preview = getattr(request, "is_preview", False)
        overview = quiz_overview(self, user=request.user, preview=preview)
        # An attempt whose time ran out while the learner was away is closed before the
        # page reports on it; the open one is always among the latest read.
        if close_overdue(attempts=overview.get("attempts", [])):
            overview = quiz_overview(self, user=request.user, preview=preview)
        context.update(overview)
        return context


class PracticePage(RestrictedOnlyWhereRestrictionsExist, Page):
    """练习: practice on one competency's practice pool, with the answer and explanation
    straight after each question, and the learner's mistakes to practise again. No
    grade, and nothing here counts as evidence for certification."""

    plannable = True

    competency = models.ForeignKey(
        "competencies.Competency", verbose_name=_("competency"), on_delete=models.PROTECT, related_name="+"
    )
    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = Page.content_panels + [FieldPanel("competency"), FieldPanel("intro")]
    parent_page_types = ["quizzes.AssessmentIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practice pages")

    def serve(self, request, *args, **kwargs):
        from quizzes.views import serve_practice

        return serve_practice(request, self)


class PracticeAnswer(models.Model):
    """One practice answer: what was asked and answered, and how right it was."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_answers")
    question = models.ForeignKey(Question, null=True, on_delete=models.SET_NULL, related_name="practice_answers")
    competency = models.ForeignKey("competencies.Competency", null=True, on_delete=models.SET_NULL, related_name="+")
    # The form shown carries this token; a double click sends it twice and is answered once.
    token = models.CharField(max_length=32)
    snapshot = models.JSONField()
    response = models.JSONField(null=True, blank=True)
    fraction = models.DecimalField(max_digits=6, decimal_places=5)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-answered_at"]
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="one_practice_answer_per_form")]

    def __str__(self):
        return f"{self.user} · {self.answered_at:%Y-%m-%d %H:%M}"

    @property
    def right(self):
        return self.fraction >= 1


class Mistake(models.Model):
    """错题本: a question the learner got wrong in a quiz or in practice, kept until it
    has been answered right twice in a row in practice."""

    RIGHT_TIMES_TO_CLEAR = 2

    class Source(models.TextChoices):
        QUIZ = "quiz", _("Quiz")
        PRACTICE = "practice", _("Practice")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mistakes")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="mistakes")
    competency = models.ForeignKey("competencies.Competency", on_delete=models.CASCADE, related_name="+")
    level = models.PositiveSmallIntegerField()
    source = models.CharField(_("where"), max_length=10, choices=Source.choices)
    quiz = models.ForeignKey(QuizPage, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    wrong_count = models.PositiveSmallIntegerField(default=1)
    right_streak = models.PositiveSmallIntegerField(default=0)
    last_wrong_at = models.DateTimeField(default=timezone.now)
    cleared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-last_wrong_at"]
        constraints = [models.UniqueConstraint(fields=["user", "question"], name="one_mistake_per_question")]
        indexes = [models.Index(fields=["user", "competency", "cleared_at"], name="open_mistakes")]

    def __str__(self):
        return f"{self.user} · {self.question}"


class QuizQuestion(Orderable):
    """A question every attempt of the quiz asks."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="fixed_questions")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("question")]


class RandomDraw(Orderable):
    """N questions drawn at random for each attempt, questions the learner has not
    seen before first. Empty filters match every question."""

    quiz = ParentalKey(QuizPage, on_delete=models.CASCADE, related_name="random_draws")
    count = models.PositiveSmallIntegerField(
        _("number of questions"), default=5, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    category = models.ForeignKey(
        QuestionCategory,
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    competency = models.ForeignKey(
        "competencies.Competency",
        verbose_name=_("competency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    level = models.ForeignKey(
        "competencies.ProficiencyLevel",
        verbose_name=_("level"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tag = models.CharField(_("tag"), max_length=100, blank=True)

    panels = [
        FieldRowPanel([FieldPanel("count"), FieldPanel("category")]),
        FieldRowPanel([FieldPanel("competency"), FieldPanel("level"), FieldPanel("tag")]),
    ]


class QuizOverride(models.Model):
    """An accommodation: more time or more attempts for one person on one quiz."""

    quiz = models.ForeignKey(QuizPage, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="overrides")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="quiz_overrides"
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1440)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts allowed"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    panels = [
        PageChooserPanel("quiz", page_type="quizzes.QuizPage"),
        FieldPanel("user"),
        FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("max_attempts")]),
        FieldPanel("reason"),
    ]

    class Meta:
        verbose_name = _("accommodation")
        verbose_name_plural = _("accommodations")
        constraints = [models.UniqueConstraint(fields=["quiz", "user"], name="one_override_per_quiz_person")]

    def __str__(self):
        return f"{self.user} · {self.quiz}"


class Attempt(models.Model):
    """One sitting of a quiz by one learner."""

    class State(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        AWAITING_GRADING = "awaiting_grading", _("Awaiting grading")
        FINISHED = "finished", _("Finished")

    quiz = models.ForeignKey(QuizPage, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt"))
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.IN_PROGRESS)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("out of"), max_digits=7, decimal_places=2, default=0)
    percent = models.DecimalField(_("percent"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        permissions = [("grade_attempt", "Can grade open answers")]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="attempt_numbers_unique"),
            # Two tabs pressing "start" at once still get one attempt to share.
            models.UniqueConstraint(
                fields=["quiz", "user"], condition=models.Q(state="in_progress"), name="one_open_attempt_per_quiz"
            ),
        ]
        indexes = [models.Index(fields=["user", "quiz", "state"], name="attempt_by_learner")]

    def __str__(self):
        return f"{self.user} · {self.quiz} #{self.number}"

    @property
    def in_progress(self):
        return self.state == self.State.IN_PROGRESS


class AttemptAnswer(models.Model):
    """One question of an attempt: the snapshot asked, the answer given, the score."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="answers")
    position = models.PositiveSmallIntegerField()
    question = models.ForeignKey(Question, null=True, on_delete=models.SET_NULL, related_name="answers")
    competency = models.ForeignKey(
        "competencies.Competency", null=True, on_delete=models.SET_NULL, related_name="quiz_answers"
    )
    kind = models.CharField(max_length=20, choices=Question.Kind.choices)
    level = models.PositiveSmallIntegerField()
    points = models.DecimalField(max_digits=5, decimal_places=2)
    snapshot = models.JSONField()
    response = models.JSONField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    graded_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(_("feedback"), blank=True, max_length=4000)

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "position"], name="one_answer_per_position")]
        indexes = [
            models.Index(fields=["question", "attempt"], name="answer_by_question"),
            models.Index(
                fields=["attempt"], condition=models.Q(kind="essay", score__isnull=True), name="essay_to_grade"
            ),
        ]

    def __str__(self):
        return f"{self.attempt} · Q{self.position}"

    @property
    def needs_grading(self):
        return self.kind == Question.Kind.ESSAY and self.score is None


class Certification(ClusterableModel):
    """A grade's certification (定级认证): what a person must show to be certified at it."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    grade = models.ForeignKey(
        "competencies.JobGrade", verbose_name=_("job grade"), on_delete=models.PROTECT, related_name="certifications"
    )
    description = models.TextField(_("description"), blank=True)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("Leave empty for a certificate that does not expire."),
    )
    requires_assessor_signoff = models.BooleanField(_("needs an assessor's sign-off"), default=False)
    requires_director_signoff = models.BooleanField(_("needs the director's sign-off"), default=False)
    requires_contribution = models.BooleanField(
        _("needs a contributed experience or case"),
        default=False,
        help_text=_("Met once the person has a published experience lesson or case to their name."),
    )
    is_active = models.BooleanField(_("open for certification"), default=True)

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("grade")]),
        FieldPanel("description"),
        InlinePanel("required_quizzes", heading=_("Quizzes to pass"), label=_("Quiz")),
        InlinePanel("required_levels", heading=_("Competency levels to reach"), label=_("Level")),
        MultiFieldPanel(
            [
                FieldPanel("requires_assessor_signoff"),
                FieldPanel("requires_director_signoff"),
                FieldPanel("requires_contribution"),
                FieldPanel("validity_months"),
                FieldPanel("is_active"),
            ],
            heading=_("Procedure"),
        ),
    ]

    class Meta:
        ordering = ["grade__rank", "name"]
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self):
        return self.name


class CertificationQuiz(Orderable):
    certification = ParentalKey(Certification, on_delete=models.CASCADE, related_name="required_quizzes")
    quiz = models.ForeignKey(QuizPage, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("quiz", page_type="quizzes.QuizPage")]


class CertificationLevel(Orderable):
    certification = ParentalKey(Certification, on_delete=models.CASCADE, related_name="required_levels")
    competency = models.ForeignKey(
        "competencies.Competency", verbose_name=_("competency"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.ForeignKey(
        "competencies.ProficiencyLevel", verbose_name=_("at least"), on_delete=models.PROTECT, related_name="+"
    )

    panels = [FieldRowPanel([FieldPanel("competency"), FieldPanel("level")])]


class SignOff(models.Model):
    """A request for, and then the decision of, an assessor's or director's sign-off.

    Requested automatically once a candidate meets every other requirement."""

    class Role(models.TextChoices):
        ASSESSOR = "assessor", _("Assessor")
        DIRECTOR = "director", _("Director")

    class State(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    certification = models.ForeignKey(Certification, on_delete=models.CASCADE, related_name="sign_offs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certification_sign_offs"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.REQUESTED)
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        ordering = ["requested_at"]
        verbose_name = _("sign-off")
        verbose_name_plural = _("sign-offs")
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "user", "role"],
                condition=models.Q(state="requested"),
                name="one_open_sign_off_request",
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.certification} · {self.get_role_display()}"


def _verification_code():
    # No 0/O or 1/I: people read codes aloud and type them from paper.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(models.Model):
    """A certification granted to a person, verifiable by its code."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("holder"), on_delete=models.CASCADE, related_name="certificates"
    )
    certification = models.ForeignKey(
        Certification, verbose_name=_("certification"), on_delete=models.PROTECT, related_name="certificates"
    )
    # Fixed when issued: what the holder later calls themselves must not change whom
    # the public verify page says the certificate belongs to.
    holder_name = models.CharField(_("name on the certificate"), max_length=60, blank=True)
    code = models.CharField(_("verification code"), max_length=20, unique=True, default=_verification_code)
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    expires_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revocation_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)
    # Set on the old certificate when a recertification replaces it.
    superseded = models.BooleanField(_("replaced by a newer certificate"), default=False)

    panels = [FieldPanel("revoked_at"), FieldPanel("revocation_reason")]

    class Meta:
        ordering = ["-issued_at"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [("sign_off_certification", "Can sign off certifications as an assessor")]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "certification"], condition=models.Q(superseded=False), name="one_current_certificate"
            )
        ]

    def __str__(self):
        return f"{self.certification} · {self.holder_name or self.user} · {self.code}"

    def save(self, *args, **kwargs):
        if not self.holder_name:
            self.holder_name = self.user.official_name
        super().save(*args, **kwargs)

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    def status(self, now=None):
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at and self.expires_at <= (now or timezone.now()):
            return self.Status.EXPIRED
        return self.Status.VALID

    @cached_property
    def status_label(self):
        return self.Status(self.status()).label


class QuestionImport(models.Model):
    """An uploaded question file on its way into the bank: previewed first, imported
    only once the editor confirms, then run as a background task."""

    class State(models.TextChoices):
        PREVIEW = "preview", _("Waiting for confirmation")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    class Duplicates(models.TextChoices):
        SKIP = "skip", _("Skip them: keep the bank's questions as they are")
        UPDATE = "update", _("Update the bank's questions from the file")
        NEW = "new", _("Import them as new questions")

    file = models.FileField(_("file"), upload_to="question-imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    default_category = models.ForeignKey(
        QuestionCategory, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_competency = models.ForeignKey(
        "competencies.Competency", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    default_level = models.ForeignKey(
        "competencies.ProficiencyLevel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PREVIEW)
    duplicates = models.CharField(max_length=10, choices=Duplicates.choices, default=Duplicates.SKIP)
    total = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    skipped_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")

    def __str__(self):
        return self.original_name
