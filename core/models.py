"""Shared records every feature app builds on: the editable parts of the taxonomy
(industries, products), engagement with pages (helpful votes and comments), and the
in-site notifications people receive.

Engagement and notifications point at Wagtail's `Page` and the user model only, so any
app's pages can accept votes and comments without core knowing the app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class TaxonomyTerm(models.Model):
    """An entry of a list editors keep, shown in their chosen order."""

    name = models.CharField(_("name"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Industry(TaxonomyTerm):
    """An industry or customer segment (行业 / 客户类型) that lessons and cases tag."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("industry")
        verbose_name_plural = _("industries")


class Product(TaxonomyTerm):
    """A product or service the operator sells to enterprise customers."""

    class Meta(TaxonomyTerm.Meta):
        verbose_name = _("product")
        verbose_name_plural = _("products")


class PageEngagement(models.Model):
    """Running totals of a page's helpful votes and visible comments.

    Kept outside the page so publishing a revision never overwrites them, and so a
    listing can sort by helpfulness without counting votes for every page."""

    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE, related_name="engagement")
    helpful_count = models.PositiveIntegerField(_("helpful votes"), default=0, db_index=True)
    comment_count = models.PositiveIntegerField(_("comments"), default=0)

    class Meta:
        verbose_name = _("page engagement")
        verbose_name_plural = _("page engagement")

    def __str__(self):
        return str(self.page_id)


class HelpfulVote(models.Model):
    """One person found one page helpful. Counted once per person."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="helpful_votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="helpful_votes")
    created_at = models.DateTimeField(_("voted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("helpful vote")
        verbose_name_plural = _("helpful votes")
        constraints = [models.UniqueConstraint(fields=["page", "user"], name="one_helpful_vote_per_person")]

    def __str__(self):
        return f"{self.user} · {self.page_id}"


class Comment(models.Model):
    """A reader's comment on a page. Removed comments stay as a record of moderation."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="comments_from_readers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="page_comments")
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can remove other people's comments"))]
        indexes = [
            models.Index(
                fields=["page", "created_at"], condition=Q(removed_at__isnull=True), name="visible_comments_by_page"
            )
        ]

    def __str__(self):
        return self.body[:40]


class Notification(models.Model):
    """Something that happened to a person's work, shown in the site until read."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notifications_by_recipient")]

    def __str__(self):
        return self.message
