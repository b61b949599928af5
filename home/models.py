"""The site root and what hangs directly off it."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.blocks import BaseStreamBlock


class HomePage(Page):
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
