"""The case exchange (实际案例交流): editors publish real, anonymised cases; teams read
them, discuss them in comments and take them up as topics for team study.

A case is a Wagtail page, so drafts, previews, revisions, scheduled publishing and the
case approval workflow come from Wagtail. `TeamDiscussion` is a director's decision to
study a case with their team on a given day.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from cases.blocks import CaseStreamBlock
from core.models import SectionPage
from core.page_permissions import may_edit_as_owner, may_write_below
from core.taxonomy import Outcome, SalesStage
from core.tree import RestrictedOnlyWhereRestrictionsExist


class CustomerSegment(models.TextChoices):
    """The deck's customer groups an enterprise account manager serves."""

    KEY_ACCOUNT = "key_account", _("Key group account")
    SECTOR = "sector", _("Sector customer")
    SME = "sme", _("Small or medium business")
    PUBLIC = "public", _("Public sector")


class CustomerSize(models.TextChoices):
    SMALL = "small", _("Under 100 staff")
    MEDIUM = "medium", _("100–999 staff")
    LARGE = "large", _("1,000–9,999 staff")
    VERY_LARGE = "very_large", _("10,000 staff or more")


class CaseIndexPage(SectionPage):
    """The case exchange (案例交流): every published case, with facets and sorting, and
    the topics a reader's team has scheduled."""

    intro = models.TextField(_("introduction"), blank=True, max_length=1000)

    content_panels = SectionPage.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["cases.CaseStudyPage"]
    max_count = 1

    class Meta:
        verbose_name = _("case exchange")

    def get_context(self, request, *args, **kwargs):
        from cases.selectors import case_library, upcoming_discussions_for

        context = super().get_context(request, *args, **kwargs)
        context["library"] = case_library(request.GET)
        context["team_topics"] = upcoming_discussions_for(request.user)
        context["write_case_url"] = self.write_case_url(request.user)
        return context

    def write_case_url(self, user):
        """Where someone who may write cases starts one, or None: the admin's form for a
        new case here, which saves a draft for the editors' review."""
        if not may_write_below(user, self):
            return None
        return reverse("wagtailadmin_pages:add", args=("cases", "casestudypage", self.pk))


class CaseStudyTag(TaggedItemBase):
    content_object = ParentalKey("cases.CaseStudyPage", on_delete=models.CASCADE, related_name="tagged_items")


class CaseStudyPage(RestrictedOnlyWhereRestrictionsExist, Page):
    """A real case (案例), anonymised: who the customer was, what happened, how the team
    analysed and handled it, how it ended and what to learn from it."""

    # A learning plan can hold it (competencies.plans reads these flags).
    plannable = True

    summary = models.TextField(
        _("summary"), max_length=500, help_text=_("Two or three sentences: the situation and how it ended.")
    )
    customer = models.CharField(
        _("customer (anonymised)"),
        max_length=80,
        help_text=_("Describe, never name: for example 某市三甲医院 or 某股份制银行分行."),
    )
    industry = models.ForeignKey(
        "core.Industry", verbose_name=_("industry"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    segment = models.CharField(_("customer segment"), max_length=16, choices=CustomerSegment.choices, blank=True)
    size = models.CharField(_("customer size"), max_length=16, choices=CustomerSize.choices, blank=True)
    region = models.ForeignKey(
        "accounts.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sales_stage = models.CharField(_("sales stage"), max_length=16, choices=SalesStage.choices, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)
    competencies = ParentalManyToManyField(
        "competencies.Competency", verbose_name=_("competencies it teaches"), blank=True, related_name="+"
    )
    products = ParentalManyToManyField("core.Product", verbose_name=_("products"), blank=True, related_name="+")
    tags = ClusterTaggableManager(through=CaseStudyTag, blank=True, verbose_name=_("tags"))
    body = StreamField(CaseStreamBlock(), verbose_name=_("the case"), use_json_field=True)

    accepts_engagement = True
    # An owner and a review date keep it true (core.freshness); readers record
    # applying it and how it went (knowledge).
    has_review_date = True

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldPanel("customer"),
                FieldRowPanel([FieldPanel("industry"), FieldPanel("segment"), FieldPanel("size")]),
                FieldPanel("region"),
            ],
            heading=_("Customer profile"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("sales_stage"), FieldPanel("outcome")]),
                FieldPanel("competencies"),
                FieldPanel("products"),
                FieldPanel("tags"),
            ],
            heading=_("Context"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("customer"),
        index.SearchField("body"),
        index.FilterField("sales_stage"),
        index.FilterField("industry"),
        index.RelatedFields("tags", [index.SearchField("name")]),
    ]
    parent_page_types = ["cases.CaseIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("case study")
        verbose_name_plural = _("case studies")

    def __str__(self):
        return self.title

    def add_counter_experience(self, text):
        """A reader's counter-experience becomes one more point under the case's
        lessons (knowledge saves the result as a draft revision for an editor)."""
        for block in self.body:
            if block.block_type == "lessons":
                block.value["points"].append(text[:200])
                return
        self.body.append(("lessons", {"points": [text[:200]]}))

    def get_context(self, request, *args, **kwargs):
        from cases.forms import DISCUSSION_DRAFT_KEY
        from cases.selectors import case_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(case_detail(self, user=request.user, preview=getattr(request, "is_preview", False)))
        if may_edit_as_owner(request.user, self):
            context["edit_own_url"] = reverse("wagtailadmin_pages:edit", args=(self.pk,))
        if context["led_teams"]:
            context["discussion_draft"] = request.session.pop(DISCUSSION_DRAFT_KEY.format(case_id=self.pk), None)
        return context


class TeamDiscussion(models.Model):
    """A director puts a case on their team's agenda for a day (团队学习): members see
    it on the case, in the case exchange and in their notifications."""

    team = models.ForeignKey(
        "accounts.Team", verbose_name=_("team"), on_delete=models.CASCADE, related_name="case_discussions"
    )
    case = models.ForeignKey(
        CaseStudyPage, verbose_name=_("case"), on_delete=models.CASCADE, related_name="team_discussions"
    )
    discuss_on = models.DateField(_("discussion date"))
    note = models.CharField(_("what to prepare"), max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assigned by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        ordering = ["discuss_on", "pk"]
        verbose_name = _("team discussion")
        verbose_name_plural = _("team discussions")
        constraints = [models.UniqueConstraint(fields=["team", "case"], name="one_discussion_per_team_and_case")]
        indexes = [models.Index(fields=["team", "discuss_on"], name="discussions_by_team_and_date")]

    def __str__(self):
        return f"{self.team} · {self.case} · {self.discuss_on}"
