"""The site root and what hangs directly off it, and the searches that found nothing."""

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock
from core.tree import RestrictedOnlyWhereRestrictionsExist


class HomePage(RestrictedOnlyWhereRestrictionsExist, Page):
    """The front door: what the academy is for, then whatever editors put in the body.

    The section index pages (course library, cases, lessons…) are its children; those
    flagged "show in menus" form the site's main menu.
    """

    hero_heading = models.CharField(_("headline"), max_length=120, blank=True)
    hero_text = models.TextField(_("introduction"), blank=True, max_length=600)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_text")], heading=_("Welcome banner")),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_heading"),
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    # Section index pages join this list as their apps arrive.
    subpage_types = [
        "competencies.CompetencyModelPage",
        "learning.CourseIndexPage",
        "quizzes.AssessmentIndexPage",
        "capture.LessonLibraryPage",
        "cases.CaseIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if request.user.is_authenticated:
            from home.dashboards.personal import personal_dashboard

            context["dashboard"] = personal_dashboard(request.user, request=request)
        return context


class UnansweredSearch(models.Model):
    """A search that found nothing, kept until content answers it: the list editors
    read to decide which lessons to commission. Every search, answered or not, is also
    counted in Wagtail's query log (`wagtailsearchpromotions.Query`)."""

    query = models.OneToOneField(
        "wagtailsearchpromotions.Query", on_delete=models.CASCADE, related_name="unanswered", verbose_name=_("search")
    )
    misses = models.PositiveIntegerField(_("searches without results"), default=0)
    first_missed_at = models.DateTimeField(_("first searched"), auto_now_add=True)
    last_missed_at = models.DateTimeField(_("last searched"), auto_now=True)

    class Meta:
        ordering = ["-misses", "-last_missed_at"]
        verbose_name = _("unanswered search")
        verbose_name_plural = _("unanswered searches")

    def __str__(self):
        return self.query.query_string

    @classmethod
    def record_miss(cls, query):
        entry, _created = cls.objects.get_or_create(query=query)
        cls.objects.filter(pk=entry.pk).update(misses=F("misses") + 1, last_missed_at=timezone.now())


class SearchFacetValue(models.Model):
    """One value of one search facet on one page: its type, a competency it develops,
    its sales stage, its industry or a tag. Copied from the page's own fields whenever
    the page is indexed for search (`home.search.facet_values`), so a search counts
    the facets of its thousand results in one query instead of one per facet and page
    type. Ids, not names or slugs, so renaming a tag or a competency never leaves a
    stale value behind."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+", db_index=False)
    facet = models.CharField(max_length=20)
    value = models.CharField(max_length=100)

    class Meta:
        constraints = [
            # Also the index a search's count reads, without touching the table.
            models.UniqueConstraint(fields=["page", "facet", "value"], name="home_facet_value_unique"),
        ]
        # Narrowing results to one value.
        indexes = [models.Index(fields=["facet", "value", "page"], name="home_facet_value_pages")]

    def __str__(self):
        return f"{self.page_id} {self.facet}={self.value}"
