"""Knowledge that stays alive: whether the lessons and cases people publish are used and
whether they work, who knows what, and who hears of new content.

- `Application`: a reader is trying a lesson or case on one of their accounts; weeks
  later they say how it went (won, lost, stalled, not applicable).
- `FieldNote`: a structured counter-experience ("this did not work with state-owned
  enterprises"), which an editor can fold into a new revision of the lesson.
- `Follow`, `KnowledgePreferences` and `DigestDelivery`: who follows what, whether they
  want an e-mail digest, and the record that makes each digest go out once.
- `ExpertQuestion`: a question put to a colleague found in the expert directory.
- `PageUseDay`: how often a lesson or case was read, and reached from search, per day.
- `KnowledgeSettings`: how long each kind of content is trusted, when to ask for an
  outcome, and when a lesson counts as failing.

Every record points at Wagtail's `Page`, so lessons and cases share one mechanism;
the page types that take part say so with `has_review_date = True`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.models import Page

from cases.models import CaseStudyPage
from core.taxonomy import SalesStage


@register_setting(icon="calendar")
class KnowledgeSettings(BaseGenericSetting):
    """How the knowledge base keeps itself true, per kind of content (lessons from
    experience, cases): editors change these in Settings → 知识维护."""

    lesson_review_months = models.PositiveSmallIntegerField(
        _("lessons: review after (months)"), default=12, help_text=_("A published lesson's first review date.")
    )
    case_review_months = models.PositiveSmallIntegerField(_("cases: review after (months)"), default=18)
    lesson_follow_up_weeks = models.PositiveSmallIntegerField(
        _("lessons: ask for the outcome after (weeks)"),
        default=4,
        help_text=_("How long after someone starts applying a lesson they are asked how it went."),
    )
    case_follow_up_weeks = models.PositiveSmallIntegerField(_("cases: ask for the outcome after (weeks)"), default=6)
    failing_after_outcomes = models.PositiveSmallIntegerField(
        _("flag a lesson after this many outcomes"),
        default=3,
        help_text=_("A lesson is flagged to editors once this many outcomes are in and most of them went badly."),
    )
    failing_share_percent = models.PositiveSmallIntegerField(
        _("share of lost or stalled outcomes that flags it (%)"), default=60
    )

    panels = [
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("lesson_review_months"), FieldPanel("case_review_months")])],
            heading=_("Review dates"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("lesson_follow_up_weeks"), FieldPanel("case_follow_up_weeks")])],
            heading=_("Asking for outcomes"),
        ),
        MultiFieldPanel(
            [FieldRowPanel([FieldPanel("failing_after_outcomes"), FieldPanel("failing_share_percent")])],
            heading=_("Lessons that keep failing"),
        ),
    ]

    class Meta:
        verbose_name = _("knowledge upkeep")

    def review_months_for(self, page):
        return self.case_review_months if _is_case(page) else self.lesson_review_months

    def follow_up_weeks_for(self, page):
        return self.case_follow_up_weeks if _is_case(page) else self.lesson_follow_up_weeks


def _is_case(page):
    return issubclass(page.specific_class, CaseStudyPage)


class Result(models.TextChoices):
    """How applying a lesson on an account went. A context keeps these apart from a
    case's outcome, which reads as a whole story."""

    WON = "won", pgettext_lazy("result of applying a lesson", "Won")
    LOST = "lost", pgettext_lazy("result of applying a lesson", "Lost")
    STALLED = "stalled", pgettext_lazy("result of applying a lesson", "Stalled")
    NOT_APPLICABLE = "not_applicable", pgettext_lazy("result of applying a lesson", "Did not fit after all")


class Application(models.Model):
    """Someone is trying a lesson or case on one of their accounts (我在用), and later
    says how it went."""

    page = models.ForeignKey(Page, verbose_name=_("lesson or case"), on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("applied by"), on_delete=models.CASCADE, related_name="applications"
    )
    account = models.CharField(
        _("account"), max_length=80, help_text=_("The customer you are trying it on, as your team calls it.")
    )
    stage = models.CharField(_("sales stage"), max_length=16, choices=SalesStage.choices)
    note = models.CharField(_("what you are trying"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    follow_up_on = models.DateField(_("ask how it went on"))
    prompted_at = models.DateTimeField(_("asked by e-mail"), null=True, blank=True)
    result = models.CharField(_("how it went"), max_length=16, choices=Result.choices, blank=True)
    result_note = models.CharField(_("why"), max_length=300, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["page", "user", "account"], name="one_application_per_account"),
        ]
        indexes = [
            models.Index(fields=["user", "follow_up_on"], condition=Q(reported_at__isnull=True), name="outcomes_due"),
            models.Index(fields=["follow_up_on"], condition=Q(prompted_at__isnull=True), name="outcome_prompts_due"),
            models.Index(fields=["page", "result"], name="applications_by_page"),
        ]

    def __str__(self):
        return f"{self.page_id} · {self.account}"


class FieldNote(models.Model):
    """Where a lesson or case did not hold, in a form an editor can act on: under
    which conditions, what happened instead, what to do then."""

    class State(models.TextChoices):
        OPEN = "open", _("Waiting for an editor")
        PROMOTED = "promoted", _("Added to the lesson")
        DISMISSED = "dismissed", _("Kept as a note")

    page = models.ForeignKey(Page, verbose_name=_("lesson or case"), on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.CASCADE, related_name="field_notes"
    )
    condition = models.CharField(
        _("when it does not work"), max_length=120, help_text=_("For example: state-owned enterprises, tenders.")
    )
    what_happened = models.TextField(_("what happened instead"), max_length=1000)
    advice = models.TextField(_("what to do in that case"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handled by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("counter-experience")
        verbose_name_plural = _("counter-experiences")
        indexes = [models.Index(fields=["page", "-created_at"], name="field_notes_by_page")]

    def __str__(self):
        return self.condition


class Follow(models.Model):
    """A person follows one thing: a tag, a competency, an industry or a colleague."""

    class Kind(models.TextChoices):
        TAG = "tag", _("Tag")
        COMPETENCY = "competency", _("Competency")
        INDUSTRY = "industry", _("Industry")
        COLLEAGUE = "colleague", _("Colleague")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    tag = models.ForeignKey("taggit.Tag", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    competency = models.ForeignKey(
        "competencies.Competency", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    industry = models.ForeignKey("core.Industry", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    colleague = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="followers"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    TARGETS = ("tag", "competency", "industry", "colleague")

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(tag__isnull=False, competency__isnull=True, industry__isnull=True, colleague__isnull=True)
                    | Q(tag__isnull=True, competency__isnull=False, industry__isnull=True, colleague__isnull=True)
                    | Q(tag__isnull=True, competency__isnull=True, industry__isnull=False, colleague__isnull=True)
                    | Q(tag__isnull=True, competency__isnull=True, industry__isnull=True, colleague__isnull=False)
                ),
                name="follow_exactly_one_thing",
            ),
            *(
                models.UniqueConstraint(
                    fields=["user", target], condition=Q(**{f"{target}__isnull": False}), name=f"follow_{target}_once"
                )
                for target in ("tag", "competency", "industry", "colleague")
            ),
        ]

    def __str__(self):
        return f"{self.user_id} → {self.kind}"

    @property
    def kind(self):
        return next(target for target in self.TARGETS if getattr(self, f"{target}_id"))

    @property
    def target(self):
        return getattr(self, self.kind)

    @property
    def kind_label(self):
        return self.Kind(self.kind).label

    @property
    def target_name(self):
        target = self.target
        if self.kind == "colleague":
            return target.get_display_name()
        if self.kind == "competency":
            return target.display_name
        return str(target)


class KnowledgePreferences(models.Model):
    """A person's choices about digests and the expert directory. Without a row: no
    digest, and listed."""

    class Frequency(models.TextChoices):
        OFF = "off", _("No e-mail")
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly (Mondays)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="knowledge_preferences"
    )
    digest = models.CharField(_("e-mail digest"), max_length=8, choices=Frequency.choices, default=Frequency.OFF)
    listed_as_expert = models.BooleanField(
        _("list me in the expert directory"),
        default=True,
        help_text=_("Colleagues find you by what you have shared and can ask you a question."),
    )

    class Meta:
        verbose_name = _("knowledge preferences")
        verbose_name_plural = _("knowledge preferences")
        indexes = [models.Index(fields=["digest"], condition=~Q(digest="off"), name="digest_subscribers")]

    def __str__(self):
        return str(self.user_id)


class DigestDelivery(models.Model):
    """One person's digest for one period. Claimed before the e-mail goes out, so two
    workers running the same digest send it once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(max_length=8, choices=KnowledgePreferences.Frequency.choices)
    period_start = models.DateField()
    items = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)
    # Which run claimed the row: the one that sends it.
    claim = models.UUIDField(null=True, editable=False)

    class Meta:
        verbose_name = _("digest sent")
        verbose_name_plural = _("digests sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "frequency", "period_start"], name="one_digest_per_period")
        ]

    def __str__(self):
        return f"{self.user_id} · {self.frequency} · {self.period_start}"


class ExpertQuestion(models.Model):
    """A question put to a colleague from the expert directory, and their answer."""

    asker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.CASCADE, related_name="questions_asked"
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked"), on_delete=models.CASCADE, related_name="questions_received"
    )
    topic = models.CharField(_("about"), max_length=80, blank=True)
    question = models.TextField(_("question"), max_length=1500)
    asked_at = models.DateTimeField(_("asked"), auto_now_add=True)
    answer = models.TextField(_("answer"), max_length=3000, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        ordering = ["-asked_at", "-pk"]
        verbose_name = _("question to an expert")
        verbose_name_plural = _("questions to experts")
        indexes = [models.Index(fields=["expert", "-asked_at"], name="questions_by_expert")]

    def __str__(self):
        return self.question[:40]


class PageUseDay(models.Model):
    """How often signed-in people opened a lesson or case on one day, and how many of
    those came from a search."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    views = models.PositiveIntegerField(default=0)
    from_search = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("daily reads")
        verbose_name_plural = _("daily reads")
        constraints = [models.UniqueConstraint(fields=["page", "day"], name="one_use_row_per_page_and_day")]
        indexes = [models.Index(fields=["day"], name="page_use_by_day")]

    def __str__(self):
        return f"{self.page_id} · {self.day}"
