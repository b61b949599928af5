"""Shared records every feature app builds on: the editable parts of the taxonomy
(industries, products), engagement with pages (helpful votes and comments), the
in-site notifications people receive, and the words search knows (the editors' part
of the dictionary, synonyms).

Engagement and notifications point at Wagtail's `Page` and the user model only, so any
app's pages can accept votes and comments without core knowing the app.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from core.translation import TranslatedField
from core.tree import RestrictedOnlyWhereRestrictionsExist


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


class PageStewardship(models.Model):
    """Who keeps a page true, and until when it is trusted without a fresh look.

    Kept outside the page, like its engagement totals, so that publishing a revision
    never resets a review. Search ranks obsolete pages last through the rank key
    their index entries carry (`core.search.rank_keys`). An obsolete page stays
    readable, marked as such, and can be made current again."""

    page = models.OneToOneField(Page, primary_key=True, on_delete=models.CASCADE, related_name="stewardship")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stewarded_pages",
    )
    review_by = models.DateField(_("review by"), null=True, blank=True)
    review_reason = models.CharField(
        _("why it needs a review"),
        max_length=200,
        blank=True,
        help_text=_("For example: the new tariffs of 1 January change the figures."),
    )
    reviewed_at = models.DateTimeField(_("last confirmed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    obsolete_at = models.DateTimeField(_("marked obsolete"), null=True, blank=True)
    obsolete_note = models.CharField(
        _("why it is obsolete"),
        max_length=300,
        blank=True,
        help_text=_("Readers see this above the content, for example what replaced it."),
    )

    class Meta:
        verbose_name = _("content review")
        verbose_name_plural = _("content reviews")
        permissions = [("steward_content", _("Can confirm, flag and retire lessons and cases"))]
        indexes = [
            models.Index(fields=["review_by"], condition=Q(obsolete_at__isnull=True), name="reviews_due"),
            models.Index(fields=["page"], condition=Q(obsolete_at__isnull=False), name="obsolete_pages"),
        ]

    def __str__(self):
        return str(self.page_id)

    @property
    def is_obsolete(self):
        return self.obsolete_at is not None


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
    """A reader's comment on a page, or a reply to one (one level deep: a reply to a
    reply joins the same thread).

    Moderators hide a comment, which they can undo; its author deletes it, which they
    cannot. Either way the row stays as the record of what happened."""

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="comments_from_readers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="page_comments")
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    body = models.TextField(_("comment"), max_length=2000)
    created_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted by its author at"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("hidden by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.CharField(_("why it is hidden"), max_length=200, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can hide and restore other people's comments"))]
        indexes = [
            models.Index(fields=["page", "parent", "created_at"], name="comments_by_thread"),
        ]

    def __str__(self):
        return self.body[:40]

    @property
    def is_visible(self):
        return self.hidden_at is None and self.deleted_at is None


class CommentReport(models.Model):
    """A reader tells moderators a comment should not be there. Open until a moderator
    hides the comment or dismisses the reports."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Advertising or spam")
        OFFENSIVE = "offensive", _("Rude or offensive")
        CONFIDENTIAL = "confidential", _("Names a customer or reveals confidential figures")
        WRONG = "wrong", _("Misleading or against policy")
        OTHER = "other", _("Something else")

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=16, choices=Reason.choices)
    details = models.CharField(_("details"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("reported at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment report")
        verbose_name_plural = _("comment reports")
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="one_report_per_person")]
        indexes = [
            models.Index(fields=["comment"], condition=Q(resolved_at__isnull=True), name="open_comment_reports")
        ]

    def __str__(self):
        return f"{self.comment_id} · {self.get_reason_display()}"


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

    @property
    def link(self):
        """The link, if it is a path on this site or a web address; anything else (a
        `javascript:` URL, say) is not offered as a link at all."""
        if SAFE_LINK.match(self.url) and self.url.isprintable():
            return self.url
        return ""


SAFE_LINK = re.compile(r"^(/(?![/\\])|https?://)", re.IGNORECASE)
TERM_SEPARATORS = re.compile(r"[,，、;；\n]+")
WORD_CHARACTERS = re.compile(r"[^\W_]")


def validate_search_term(value):
    if not WORD_CHARACTERS.search(value):
        raise ValidationError(_("A term needs at least one letter, digit or Chinese character."))


class SearchTerm(models.Model):
    """A word search should keep whole (天翼云, 5G专网, 决策链), added by editors to the
    dictionary shipped in `core/search/dictionary.txt`."""

    term = models.CharField(
        _("term"),
        max_length=30,
        unique=True,
        validators=[validate_search_term],
        help_text=_("One word or product name, as people write it, e.g. 5G专网 or 天翼云."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    panels = [FieldPanel("term"), FieldPanel("note")]

    class Meta:
        ordering = ["term"]
        verbose_name = _("search dictionary term")
        verbose_name_plural = _("search dictionary")

    def __str__(self):
        return self.term

    def clean(self):
        self.term = self.term.strip()


class SynonymGroup(models.Model):
    """Words that mean the same thing to our users (集客, 集团客户, 政企客户). Searching
    for any of them finds pages that use any other."""

    terms = models.TextField(
        _("words"),
        help_text=_("Two or more words separated by commas, e.g. 宽带, broadband, 光宽带."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        ordering = ["pk"]
        verbose_name = _("synonyms")
        verbose_name_plural = _("synonyms")

    def __str__(self):
        return " = ".join(self.term_list())

    def term_list(self):
        """The group's words, trimmed, without blanks or repeats, in the editor's order."""
        words = (word.strip() for word in TERM_SEPARATORS.split(self.terms))
        return list(dict.fromkeys(word for word in words if word))

    def clean(self):
        words = self.term_list()
        if len(words) < 2:
            raise ValidationError({"terms": _("Enter at least two words, separated by commas.")})
        too_long = [word for word in words if len(word) > 30]
        if too_long:
            raise ValidationError({"terms": _("Each word can have at most 30 characters.")})
        for word in words:
            validate_search_term(word)
        self.terms = ", ".join(words)


class SectionPage(RestrictedOnlyWhereRestrictionsExist, Page):
    """A section of the site (course library, assessment, cases, lessons, competency
    model): its title is a menu entry, so it has an English title for English pages."""

    english_title = models.CharField(
        _("English title"),
        max_length=100,
        blank=True,
        help_text=_("Shown in the menu and on the page when the site is in English."),
    )

    display_title = TranslatedField("title", "english_title")

    content_panels = Page.content_panels + [FieldPanel("english_title")]

    class Meta:
        abstract = True
